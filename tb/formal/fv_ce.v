// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Proof wrapper: the clock enable of the sequencer and the search registers (spec 4, ce_i).
`default_nettype none

// "A rising edge with ce_i = 0 is not a cycle of the macro (no register changes)." The
// checks are the RTL's own (`ifdef TNAM_ASSERT in rtl/tnam_ml_ctrl.v and rtl/tnam_sar.v:
// every register of the module holds across an edge with ce_i = 0), proven here with every
// input free, the enable included. Only the lockstep's board path drives ce_i = 0 in
// simulation, so this proof is what covers the enable of every register the mutants touch.
module fv_ce #(
  parameter ROWS = 2,
  parameter COLS = 2,
  parameter VW   = $clog2(ROWS + 1) + 3,
  parameter S    = $clog2(ROWS + 1) + 1,
  parameter SBW  = $clog2(S)
) (
  input wire              clk_i,
  input wire              rst_ni,
  input wire              ce_i,
  input wire              eval_i,
  input wire [ROWS-1:0]   x_i,
  input wire [4*ROWS-1:0] act_i,
  input wire              ml_mode_i,
  input wire              q4_mode_i,
  input wire              all_gated_i,
  input wire              search_i,
  input wire              step_i,
  input wire              first_i,
  input wire [COLS-1:0]   gate_i,
  input wire [VW-1:0]     trial_bit_i,
  input wire [VW-1:0]     ref_low_i,
  input wire [COLS-1:0]   q_i
);

  wire              busy, start, read, step, plane_done, finish, wl_valid, sar_step, done;
  wire [1:0]        plane;
  wire [VW-1:0]     trial_bit, ref_low;
  wire [ROWS-1:0]   wl;
  wire [SBW-1:0]    sar_bit;

  tnam_ml_ctrl #(
    .ROWS         (ROWS),
    .VW           (VW),
    .S            (S),
    .SBW          (SBW)
  ) u_ctrl (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .ce_i         (ce_i),
    .eval_i       (eval_i),
    .x_i          (x_i),
    .act_i        (act_i),
    .ml_mode_i    (ml_mode_i),
    .q4_mode_i    (q4_mode_i),
    .all_gated_i  (all_gated_i),
    .busy_o       (busy),
    .start_o      (start),
    .read_o       (read),
    .step_o       (step),
    .plane_done_o (plane_done),
    .plane_o      (plane),
    .finish_o     (finish),
    .trial_bit_o  (trial_bit),
    .ref_low_o    (ref_low),
    .wl_valid_o   (wl_valid),
    .wl_o         (wl),
    .sar_step_o   (sar_step),
    .sar_bit_o    (sar_bit),
    .done_o       (done)
  );

  wire [COLS*VW-1:0] ref, code_d, code, sar_ref;
  wire [COLS-1:0]    sar_q;

  tnam_sar #(
    .COLS        (COLS),
    .VW          (VW),
    .S           (S)
  ) u_sar (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .ce_i        (ce_i),
    .search_i    (search_i),
    .step_i      (step_i),
    .first_i     (first_i),
    .gate_i      (gate_i),
    .trial_bit_i (trial_bit_i),
    .ref_low_i   (ref_low_i),
    .q_i         (q_i),
    .ref_o       (ref),
    .code_d_o    (code_d),
    .code_o      (code),
    .sar_ref_o   (sar_ref),
    .sar_q_o     (sar_q)
  );

endmodule

`default_nettype wire
