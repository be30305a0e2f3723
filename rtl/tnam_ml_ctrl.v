// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Drive stage and multi-level sequencer: word lines, start, READ/STEP/FINISH phases, planes.
`default_nettype none
`include "rtl/tnam_params.vh"

// Spec sections 5 (item 3) and 10. When not busy the drive stage registers the word lines of
// a threshold evaluation, or starts a level or q4 operation. While busy every input is
// ignored and the sequencer owns the word lines: each bit plane is read once (READ, which
// also makes search step S-1 unless every column is gated), then steps S-2 .. 0 (STEP);
// after the last plane the word lines are released and FINISH ends the operation.
//
// The q4 planes are latched at the start: plane p, bit r = bit p of row r's activation.
// Plane 0 goes straight to the word lines, planes 1..3 into a shift register that feeds
// the word lines one plane per READ. A level operation's single plane is x_i.
module tnam_ml_ctrl #(
  parameter ROWS = 64,
  parameter VW   = `TNAM_VW(ROWS),  // value width, from the top
  parameter S    = `TNAM_S(ROWS),   // steps of one search
  parameter SBW  = `TNAM_SBW(S)     // step index width
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  input  wire              ce_i,      // clock enable: 0 = no register changes
  input  wire              eval_i,
  input  wire [ROWS-1:0]   x_i,
  input  wire [4*ROWS-1:0] act_i,       // row r's activation at [4r +: 4]
  input  wire              ml_mode_i,   // mode is level or q4: eval_i starts an operation
  input  wire              q4_mode_i,   // mode is q4: an operation started now has four planes
  input  wire              all_gated_i, // every column of this cycle's read is gated
  output wire              busy_o,
  output wire              start_o,     // an operation starts at this edge
  output wire              read_o,      // READ cycle of a plane
  output wire              step_o,      // a search step is made at this edge
  output wire              plane_done_o,
  output wire [1:0]        plane_o,     // plane being read
  output wire              finish_o,    // FINISH cycle
  output wire [VW-1:0]     trial_bit_o, // 2^k of this cycle's step
  output wire [VW-1:0]     ref_low_o,   // 2^k - 1
  output wire              wl_valid_o,
  output wire [ROWS-1:0]   wl_o,
  output wire              sar_step_o,
  output wire [SBW-1:0]    sar_bit_o,
  output wire              done_o
);

  localparam [1:0]     PH_READ   = 2'd0;
  localparam [1:0]     PH_STEP   = 2'd1;
  localparam [1:0]     PH_FINISH = 2'd2;
  localparam integer   K_FIRST_I  = S - 1;  // step index of READ
  localparam integer   K_SECOND_I = S - 2;  // first step index of STEP
  localparam [SBW-1:0] K_FIRST    = K_FIRST_I[SBW-1:0];
  localparam [SBW-1:0] K_SECOND   = K_SECOND_I[SBW-1:0];

  reg                  busy_q,     busy_d;
  reg  [1:0]           phase_q,    phase_d;
  reg  [1:0]           plane_q,    plane_d;
  reg                  four_q;    // the running operation has four planes (q4)
  reg  [SBW-1:0]       k_q,        k_d;
  reg  [4*ROWS-1:0]    planes;    // all planes of act_i, at a q4 start only
  reg  [3*ROWS-1:0]    planes_q;  // planes 1..3, the next one in the low ROWS bits
  reg                  wl_valid_q, wl_valid_d;
  reg  [ROWS-1:0]      wl_q,       wl_d;
  reg                  sar_step_q;
  reg  [SBW-1:0]       sar_bit_q;
  reg                  done_q;

  wire read       = busy_q && (phase_q == PH_READ);
  wire step_phase = busy_q && (phase_q == PH_STEP);
  wire finish     = busy_q && (phase_q == PH_FINISH);
  wire start      = eval_i && !busy_q && ml_mode_i;
  wire step       = (read && !all_gated_i) || step_phase;
  wire plane_done = (read && all_gated_i) || (step_phase && (k_q == {SBW{1'b0}}));
  // The planes are latched at the start (spec section 10): a configuration write at that
  // same edge changes the mode, not the number of planes of the operation.
  wire last_plane = !four_q || (plane_q == 2'd3);

  wire [SBW-1:0] step_k = read ? K_FIRST : k_q;
  wire [VW-1:0]  trial_bit = {{(VW-1){1'b0}}, 1'b1} << step_k;

  // The bit planes of the activations, plane p at [p*ROWS +: ROWS]: bit r of plane p is
  // bit p of row r's field. Wiring after synthesis; a simulator gathers them only where
  // they are used, at a q4 start.
  `include "rtl/tnam_nibble_fn.vh"

  function [4*ROWS-1:0] act_planes;
    input [4*ROWS-1:0] act;
    begin
      act_planes = {nibble_bits(act, 3'd3), nibble_bits(act, 3'd2),
                    nibble_bits(act, 3'd1), nibble_bits(act, 3'd0)};
    end
  endfunction

  always @(*) begin
    planes     = {(4*ROWS){1'b0}};
    busy_d     = busy_q;
    phase_d    = phase_q;
    plane_d    = plane_q;
    k_d        = k_q;
    wl_valid_d = wl_valid_q;
    wl_d       = wl_q;
    if (!busy_q) begin
      // Word lines are released (0) when there is no evaluation.
      wl_valid_d = eval_i;
      wl_d       = eval_i ? x_i : {ROWS{1'b0}};
      if (start) begin
        busy_d  = 1'b1;
        phase_d = PH_READ;
        plane_d = 2'd0;
        if (q4_mode_i) begin
          planes = act_planes(act_i);
          wl_d   = planes[ROWS-1:0];
        end
      end
    end else begin
      if (read && !all_gated_i) begin
        phase_d = PH_STEP;
        k_d     = K_SECOND;
      end else if (step_phase && !plane_done) begin
        k_d = k_q - 1'b1;
      end
      if (plane_done) begin
        if (last_plane) begin
          phase_d    = PH_FINISH;
          wl_valid_d = 1'b0;
          wl_d       = {ROWS{1'b0}};
        end else begin
          phase_d = PH_READ;
          plane_d = plane_q + 1'b1;
          wl_d    = planes_q[ROWS-1:0];
        end
      end
      if (finish) begin
        busy_d = 1'b0;
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q     <= 1'b0;
      phase_q    <= PH_READ;
      plane_q    <= 2'd0;
      four_q     <= 1'b0;
      k_q        <= {SBW{1'b0}};
      wl_valid_q <= 1'b0;
      wl_q       <= {ROWS{1'b0}};
      sar_step_q <= 1'b0;
      sar_bit_q  <= {SBW{1'b0}};
      done_q     <= 1'b0;
    end else if (ce_i) begin
      busy_q     <= busy_d;
      phase_q    <= phase_d;
      plane_q    <= plane_d;
      if (start) begin
        four_q   <= q4_mode_i;
      end
      k_q        <= k_d;
      wl_valid_q <= wl_valid_d;
      wl_q       <= wl_d;
      sar_step_q <= step;
      if (step) begin
        sar_bit_q <= step_k;
      end
      done_q     <= finish;
    end
  end

  // Planes 1..3 of a q4 operation, the next one in the low ROWS bits. Loaded and shifted
  // only at those edges, so a simulator does no work for them in the other cycles.
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      planes_q <= {(3*ROWS){1'b0}};
    end else if (ce_i && start && q4_mode_i) begin
      planes_q <= planes[4*ROWS-1:ROWS];
    end else if (ce_i && plane_done && !last_plane) begin
      planes_q <= planes_q >> ROWS;
    end
  end

`ifdef TNAM_ASSERT
  // Checks of spec section 10 (docs/decisions.md D34); the state holds at an edge with ce_i = 0.
  `TNAM_HOLD_CHECK("tnam_ml_ctrl", 1 + 2 + 2 + 1 + SBW + 3 * ROWS + 1 + ROWS + 1 + SBW + 1,
                   ({busy_q, phase_q, plane_q, four_q, k_q, planes_q, wl_valid_q, wl_q,
                    sar_step_q, sar_bit_q, done_q}))

  always @(posedge clk_i or negedge rst_ni) begin
    if (rst_ni) begin
      if (ce_i && (busy_q || done_q)) begin
        `TNAM_CHECK(!busy_q || phase_q != 2'd3, ("tnam_ml_ctrl: busy in no phase"))
        `TNAM_CHECK(!step_phase || k_q <= K_SECOND,
                    ("tnam_ml_ctrl: step index %0d above the first STEP's %0d", k_q, K_SECOND))
        `TNAM_CHECK(!done_q || !busy_q, ("tnam_ml_ctrl: done while still busy"))
      end
    end
  end
`endif

  assign busy_o       = busy_q;
  assign start_o      = start;
  assign read_o       = read;
  assign step_o       = step;
  assign plane_done_o = plane_done;
  assign plane_o      = plane_q;
  assign finish_o     = finish;
  assign trial_bit_o  = trial_bit;
  assign ref_low_o    = trial_bit - 1'b1;
  assign wl_valid_o   = wl_valid_q;
  assign wl_o         = wl_q;
  assign sar_step_o   = sar_step_q;
  assign sar_bit_o    = sar_bit_q;
  assign done_o       = done_q;

endmodule

`default_nettype wire
