// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Successive-approximation search registers of all columns: code, last step's reference and decision.
`default_nettype none

// Spec section 9.1. Step k (S-1 first, 0 last) tries trial = code + 2^k with the reference
// ref = trial - 1 and keeps the trial if the column's comparator says A > ref.
//
// No adder is needed: the first step starts from -2^(S-1), so its trial is 0 and its
// reference -1 (constants); after step k every bit of code below k is 0, so for a later
// step trial = code | 2^k and ref = code | (2^k - 1). The masks 2^k and 2^k - 1 come from
// the sequencer and are the same for every column.
//
// The registers are whole vectors (column c at [c*VW +: VW]) rather than one module per
// column, and all next-state logic sits behind the search_i guard: a Verilated model then
// neither rebuilds the wide output ports from per-column registers nor evaluates the search
// in the cycles of threshold evaluations. In hardware the guard is a few gates.
module tnam_sar #(
  parameter COLS = 16,
  parameter VW   = 10,  // value width, from the top
  parameter S    = 8    // steps of one search, VW - 2
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire               ce_i,      // clock enable: 0 = no register changes
  input  wire               search_i,     // a multi-level operation runs (busy)
  input  wire               step_i,       // a step is made at this edge
  input  wire               first_i,      // READ cycle: step S-1, or the all-gated clear
  input  wire [COLS-1:0]    gate_i,       // per column: gated for this step
  input  wire [VW-1:0]      trial_bit_i,  // 2^k
  input  wire [VW-1:0]      ref_low_i,    // 2^k - 1
  input  wire [COLS-1:0]    q_i,          // per column: comparator A > ref_o
  output wire [COLS*VW-1:0] ref_o,        // this step's references, to the comparators
  output wire [COLS*VW-1:0] code_d_o,     // codes after this edge (for the q4 neurons)
  output wire [COLS*VW-1:0] code_o,
  output wire [COLS*VW-1:0] sar_ref_o,
  output wire [COLS-1:0]    sar_q_o
);

  // -2^(S-1): the search's start, below every value of the range.
  localparam [VW-1:0] CODE_LO = {{(VW-S+1){1'b1}}, {(S-1){1'b0}}};

  reg [COLS*VW-1:0] code_q;
  reg [COLS*VW-1:0] sar_ref_q;
  reg [COLS-1:0]    sar_q_q;

  reg [COLS*VW-1:0] ref_d;
  reg [COLS*VW-1:0] trial;
  reg [COLS*VW-1:0] base;
  reg [COLS*VW-1:0] code_d;
  reg [COLS*VW-1:0] sar_ref_d;

  // This step's references, in a block of their own: they feed the comparators, whose
  // decisions (q_i) and gating (gate_i) come back into the block below.
  always @(*) begin
    ref_d = {(COLS*VW){1'b0}};
    if (search_i) begin
      if (first_i) begin
        ref_d = {(COLS*VW){1'b1}};
      end else begin
        ref_d = code_q | {COLS{ref_low_i}};
      end
    end
  end

  integer c;
  always @(*) begin
    trial     = {(COLS*VW){1'b0}};
    base      = {(COLS*VW){1'b0}};
    code_d    = {(COLS*VW){1'b0}};
    sar_ref_d = {(COLS*VW){1'b0}};
    if (search_i) begin
      if (first_i) begin
        base  = {COLS{CODE_LO}};
      end else begin
        trial = code_q | {COLS{trial_bit_i}};
        base  = code_q;
      end
      // A gated column is not searched: its code, reference and decision are those of
      // A = 0, that is 0 (the defaults).
      for (c = 0; c < COLS; c = c + 1) begin
        if (!gate_i[c]) begin
          code_d[c*VW +: VW]    = q_i[c] ? trial[c*VW +: VW] : base[c*VW +: VW];
          sar_ref_d[c*VW +: VW] = ref_d[c*VW +: VW];
        end
      end
    end
  end

  // The READ cycle always writes code: a step, or 0 for every column when all are gated.
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      code_q    <= {(COLS*VW){1'b0}};
      sar_ref_q <= {(COLS*VW){1'b0}};
      sar_q_q   <= {COLS{1'b0}};
    end else if (ce_i) begin
      if (step_i || first_i) begin
        code_q <= code_d;
      end
      if (step_i) begin
        sar_ref_q <= sar_ref_d;
        sar_q_q   <= q_i & ~gate_i;
      end
    end
  end

`ifdef TNAM_ASSERT
  // A clock-enable check (docs/decisions.md D34).
  `TNAM_HOLD_CHECK("tnam_sar", 2 * COLS * VW + COLS,
                   ({code_q, sar_ref_q, sar_q_q}))
`endif

  assign ref_o     = ref_d;
  assign code_d_o  = code_d;
  assign code_o    = code_q;
  assign sar_ref_o = sar_ref_q;
  assign sar_q_o   = sar_q_q;

endmodule

`default_nettype wire
