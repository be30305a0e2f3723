// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// The derived widths of spec section 1 and the encodings of spec section 4, defined once.

// Macros rather than localparams: an include guard lets this text in once per compilation,
// so it cannot declare localparams in every module that includes it, and Verilog-2005 has no
// packages and no localparam in an ANSI port header. A macro is visible to every file read
// after the first include, in port headers too. Every flow passes -I with the RTL folder.
`ifndef TNAM_PARAMS_VH
`define TNAM_PARAMS_VH

// ---- Derived widths (spec section 1), each from the values the spec derives it from ------
// VW: signed column values and thresholds; three bits above a count of ROWS, so that the
// variation terms cannot overflow.
`define TNAM_VW(rows)      ($clog2((rows) + 1) + 3)
// CW: a count 0 .. ROWS (one column's bitline counts, a macro's driven hazard rows).
`define TNAM_CW(rows)      ($clog2((rows) + 1))
// RAW, CAW: row and column addresses.
`define TNAM_RAW(rows)     ($clog2(rows))
`define TNAM_CAW(cols)     ($clog2(cols))
// CNTW: event counters.
`define TNAM_CNTW          32
// S: steps of one successive-approximation search (VW - 2); SBW: a step index.
`define TNAM_S(rows)       ($clog2((rows) + 1) + 1)
`define TNAM_SBW(s)        ($clog2(s))
// NN: 4-bit neurons of three columns each; NAW: a neuron address, at least 1 bit.
`define TNAM_NN(cols)      ((cols) / 3)
`define TNAM_NAW(nn)       (((nn) > 1) ? $clog2(nn) : 1)
// BW, AW: a 4-bit neuron's bias and accumulator; OW: a column's offset and trim.
`define TNAM_BW(vw)        ((vw) + 5)
`define TNAM_AW(vw)        ((vw) + 6)
`define TNAM_OW(vw)        ((vw) - 2)
// VAW, VDW: address and data of the variation port.
`define TNAM_VAW(raw, caw) (((raw) > (caw)) ? (raw) : (caw))
`define TNAM_VDW(cols, ow) (((cols) > (ow)) ? (cols) : (ow))
// MW, TW: macro and tile indices, at least 1 bit; RSW: a macro's residual offset.
`define TNAM_MW(macros)    (((macros) > 1) ? $clog2(macros) : 1)
`define TNAM_TW(tiles)     (((tiles) > 1) ? $clog2(tiles) : 1)
`define TNAM_RSW           8

// The port widths of a macro (spec section 4), declared as localparams in a module with the
// parameters ROWS and COLS.
`define TNAM_MACRO_WIDTHS \
  localparam VW   = `TNAM_VW(ROWS); \
  localparam RAW  = `TNAM_RAW(ROWS); \
  localparam CAW  = `TNAM_CAW(COLS); \
  localparam CNTW = `TNAM_CNTW; \
  localparam S    = `TNAM_S(ROWS); \
  localparam SBW  = `TNAM_SBW(S); \
  localparam NN   = `TNAM_NN(COLS); \
  localparam NAW  = `TNAM_NAW(NN); \
  localparam BW   = `TNAM_BW(VW); \
  localparam AW   = `TNAM_AW(VW); \
  localparam OW   = `TNAM_OW(VW); \
  localparam VAW  = `TNAM_VAW(RAW, CAW); \
  localparam VDW  = `TNAM_VDW(COLS, OW);

// The chip's own port widths (spec section 11.1), in a module with the parameters MACROS and
// TILES.
`define TNAM_CHIP_WIDTHS \
  localparam MW   = `TNAM_MW(MACROS); \
  localparam TW   = `TNAM_TW(TILES); \
  localparam RSW  = `TNAM_RSW;

// ---- Encodings (spec section 4) ----------------------------------------------------------
// Layer mode, cfg_mode_i: a write of MODE_NONE is ignored.
`define TNAM_MODE_THRESH   2'd0
`define TNAM_MODE_LEVEL    2'd1
`define TNAM_MODE_Q4       2'd2
`define TNAM_MODE_NONE     2'd3
// Variation register, var_sel_i: the offset of a column, the defect flags of a row, the
// excess D; 3 writes nothing.
`define TNAM_VAR_OFFSET    2'd0
`define TNAM_VAR_DEFECT    2'd1
`define TNAM_VAR_EXCESS    2'd2

// ---- Simulation-speed guards (docs/decisions.md D29) -------------------------------------
// A Verilated model evaluates every combinational cone on every clock edge, whether its value is used
// or not. `TNAM_SIM_GUARD(c) lets a cone be skipped when c is 0, in Verilator only: elsewhere
// (synthesis, Icarus) it is 1'b1, so the netlist is the one without the guard. A guard may
// only wrap a cone whose skipped value is the value it would have computed (a count of an
// all-zero vector is 0): then both builds are the same design, and the lockstep regression
// (Verilator) and the board testbench (Icarus) each check one of them.
`ifdef VERILATOR
`define TNAM_SIM_GUARD(c)  (c)
`else
`define TNAM_SIM_GUARD(c)  1'b1
`endif

// ---- Assertions (docs/decisions.md D34) -------------------------------------------------
// The RTL's protocol and invariant checks sit in `ifdef TNAM_ASSERT blocks: synthesis, the
// board builds and the plain lint never see them. `make sim` defines TNAM_ASSERT and builds
// with Verilator's --assert; `make formal` reads the RTL with it into Yosys (read_verilog
// -formal, which defines FORMAL) and proves them. Each check is an immediate assertion in a
// clocked block, the one form Verilator, Yosys and Icarus all take; Yosys has no action
// block, so it gets the bare assertion and the simulators the message (a parenthesised
// $error argument list: `TNAM_CHECK(a == b, ("tnam_x: a %0d is not b", a))).
`ifdef FORMAL
`define TNAM_CHECK(cond, msg) assert (cond);
`else
`define TNAM_CHECK(cond, msg) assert (cond) else $error msg;
`endif
// A module's registers hold at an edge with ce_i = 0: STATE (parenthesised, W bits) is copied
// only at such an edge, so that a Verilated model copies nothing in the cycles the lockstep runs
// with the enable high, and the next edge checks that it held. A macro, not a module: a
// module's port would be assigned the concatenation on every edge (280 instructions a cycle
// on the 64 x 16 chip). Needs clk_i, rst_ni and ce_i; one use per module.
`define TNAM_HOLD_CHECK(NAME, W, STATE) \
  reg [(W)-1:0] a_hold_state_q; \
  reg           a_hold_held_q; \
  always @(posedge clk_i or negedge rst_ni) begin \
    if (!rst_ni) begin \
      a_hold_held_q  <= 1'b0; \
      a_hold_state_q <= {(W){1'b0}}; \
    end else begin \
      a_hold_held_q <= !ce_i; \
      if (!ce_i) begin \
        a_hold_state_q <= STATE; \
      end \
      if (a_hold_held_q) begin \
        `TNAM_CHECK(STATE == a_hold_state_q, \
                    ("%0s: a register changed at an edge with ce_i = 0", NAME)) \
      end \
    end \
  end
// The proofs also run the simulation-speed guards of the Verilated model (above) with
// TNAM_SIM_GUARDS defined, so that a guard that skips a cone a reader needs fails a proof.
`ifdef TNAM_SIM_GUARDS
`undef TNAM_SIM_GUARD
`define TNAM_SIM_GUARD(c)  (c)
`endif

`endif  // TNAM_PARAMS_VH
