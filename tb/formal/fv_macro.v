// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Proof wrapper: the multi-level readout of a whole macro (rtl/tnam_macro.v, spec 9.1, 10).
`default_nettype none
`include "rtl/tnam_params.vh"

// Every input of the macro is free (writes, variation, configuration, evaluations in every
// mode), the clock enable held at 1 (fv_ce covers ce_i = 0). The property: whenever done_o
// says an operation finished, every column's search register holds what the spec's search
// ends with after its S steps: the value the READ loaded into mac_o, clamped to the range
// [-2^(S-1), 2^(S-1)-1], and 0 for a column gated at that READ. Variation drives values
// beyond the range, so both clamps are reached. With the RTL's own checks (`ifdef
// TNAM_ASSERT: no step with every column gated, the sequencer's invariants) proven alongside.
// Read once as synthesis builds it and once with the Verilated model's speed guards
// (TNAM_SIM_GUARDS, docs/decisions.md D29).
module fv_macro #(
  parameter ROWS = 2,
  parameter COLS = 4
) (
  input wire                                              clk_i,
  input wire                                              rst_ni,
  input wire                                              ce_i,
  input wire                                              wr_en_i,
  input wire [`TNAM_RAW(ROWS)-1:0]                        wr_row_i,
  input wire [COLS-1:0]                                   wr_mag_i,
  input wire [COLS-1:0]                                   wr_sign_i,
  input wire                                              thr_en_i,
  input wire [`TNAM_CAW(COLS)-1:0]                        thr_col_i,
  input wire [`TNAM_VW(ROWS)-1:0]                         thr_i,
  input wire                                              eval_i,
  input wire [ROWS-1:0]                                   x_i,
  input wire [4*ROWS-1:0]                                 act_i,
  input wire                                              cfg_en_i,
  input wire [1:0]                                        cfg_mode_i,
  input wire [4:0]                                        cfg_shift_i,
  input wire                                              bias_en_i,
  input wire [`TNAM_NAW(`TNAM_NN(COLS))-1:0]              bias_idx_i,
  input wire [`TNAM_BW(`TNAM_VW(ROWS))-1:0]               bias_i,
  input wire                                              cfg_test_i,
  input wire                                              trim_en_i,
  input wire [`TNAM_CAW(COLS)-1:0]                        trim_col_i,
  input wire [`TNAM_OW(`TNAM_VW(ROWS))-1:0]               trim_i,
  input wire                                              health_en_i,
  input wire [`TNAM_RAW(ROWS)-1:0]                        health_row_i,
  input wire [COLS-1:0]                                   health_i,
  input wire                                              var_en_i,
  input wire [1:0]                                        var_sel_i,
  input wire [`TNAM_VAW(`TNAM_RAW(ROWS), `TNAM_CAW(COLS))-1:0] var_addr_i,
  input wire [`TNAM_VDW(COLS, `TNAM_OW(`TNAM_VW(ROWS)))-1:0]  var_data_i
);

  `TNAM_MACRO_WIDTHS

  wire                 wl_valid, res_valid, busy, done, sar_step;
  wire [ROWS-1:0]      wl, hazard;
  wire [COLS*VW-1:0]   mac, sar_ref, sar_code;
  wire [COLS-1:0]      gate, dec, sar_q;
  wire [CNTW-1:0]      cnt_eval, cnt_dec, cnt_gated, cnt_nzdrv, cnt_wr, cnt_step;
  wire [SBW-1:0]       sar_bit;
  wire [NN*AW-1:0]     acc;
  wire [NN*4-1:0]      out;

  tnam_macro #(
    .ROWS         (ROWS),
    .COLS         (COLS)
  ) u_macro (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .ce_i         (ce_i),
    .wr_en_i      (wr_en_i),
    .wr_row_i     (wr_row_i),
    .wr_mag_i     (wr_mag_i),
    .wr_sign_i    (wr_sign_i),
    .thr_en_i     (thr_en_i),
    .thr_col_i    (thr_col_i),
    .thr_i        (thr_i),
    .eval_i       (eval_i),
    .x_i          (x_i),
    .act_i        (act_i),
    .cfg_en_i     (cfg_en_i),
    .cfg_mode_i   (cfg_mode_i),
    .cfg_shift_i  (cfg_shift_i),
    .bias_en_i    (bias_en_i),
    .bias_idx_i   (bias_idx_i),
    .bias_i       (bias_i),
    .cfg_test_i   (cfg_test_i),
    .trim_en_i    (trim_en_i),
    .trim_col_i   (trim_col_i),
    .trim_i       (trim_i),
    .health_en_i  (health_en_i),
    .health_row_i (health_row_i),
    .health_i     (health_i),
    .var_en_i     (var_en_i),
    .var_sel_i    (var_sel_i),
    .var_addr_i   (var_addr_i),
    .var_data_i   (var_data_i),
    .wl_valid_o   (wl_valid),
    .wl_o         (wl),
    .res_valid_o  (res_valid),
    .mac_o        (mac),
    .gate_o       (gate),
    .dec_o        (dec),
    .cnt_eval_o   (cnt_eval),
    .cnt_dec_o    (cnt_dec),
    .cnt_gated_o  (cnt_gated),
    .cnt_nzdrv_o  (cnt_nzdrv),
    .cnt_wr_o     (cnt_wr),
    .cnt_step_o   (cnt_step),
    .busy_o       (busy),
    .done_o       (done),
    .sar_step_o   (sar_step),
    .sar_bit_o    (sar_bit),
    .sar_ref_o    (sar_ref),
    .sar_q_o      (sar_q),
    .sar_code_o   (sar_code),
    .acc_o        (acc),
    .out_o        (out),
    .hazard_o     (hazard)
  );

  always @(*) begin
    assume (ce_i);
  end

  localparam signed [VW-1:0] LO = -(1 <<< (S - 1));
  localparam signed [VW-1:0] HI = (1 <<< (S - 1)) - 1;

  integer c;
  reg signed [VW-1:0] a;
  always @(*) begin
    for (c = 0; c < COLS; c = c + 1) begin
      a = mac[c*VW +: VW];
      if (rst_ni && done) begin
        assert (sar_code[c*VW +: VW] == (gate[c] ? {VW{1'b0}} : (a < LO ? LO : (a > HI ? HI : a))));
      end
    end
  end

endmodule

`default_nettype wire
