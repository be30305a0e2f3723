// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Proof wrapper: the chip's selection, power gating and input routing (rtl/tnam_chip.v, spec 11).
`default_nettype none
`include "rtl/tnam_params.vh"

// Every input of the chip is free: writes to cells, health tables and residuals, tile-map
// writes, the select bit, evaluations in every mode, the clock enable and the reset. The
// properties are the chip's own checks (`ifdef TNAM_ASSERT in rtl/tnam_chip.v), which state
// spec 11.2 and 11.3 in the spec's terms: a tile runs on a copy of it, under static mapping
// the lowest, under selection one that no other copy beats on {hazard rows among the tile's
// driven rows, residual offset, index}; exactly the chosen copies get an evaluation, each
// with its own tile's word lines (and activations in q4 mode), and every other macro sees
// none; the tile map holds only tiles < T. scripts/formal.sh makes the macros black boxes
// here (their outputs free in every cycle; fv_macro proves the macro). A chip of 3 macros
// and 2 tiles has a tile with a spare and every kind of tie.
module fv_chip (
  clk_i, rst_ni, ce_i,
  mask_i, wr_en_i, wr_row_i, wr_mag_i, wr_sign_i, thr_en_i, thr_col_i, thr_i, cfg_en_i, cfg_mode_i,
  cfg_shift_i, cfg_test_i, cfg_select_i, bias_en_i, bias_idx_i, bias_i, trim_en_i, trim_col_i,
  trim_i, health_en_i, health_row_i, health_i, var_en_i, var_sel_i, var_addr_i, var_data_i, eval_i,
  x_i, act_i, map_en_i, map_macro_i, map_valid_i, map_tile_i, resid_en_i, resid_macro_i, resid_i
);

  parameter ROWS   = 2;
  parameter COLS   = 3;
  parameter MACROS = 3;
  parameter TILES  = 2;

  `TNAM_MACRO_WIDTHS
  `TNAM_CHIP_WIDTHS
  localparam M = MACROS;
  localparam T = TILES;

  input wire clk_i;
  input wire rst_ni;
  input wire ce_i;
  input wire [M-1:0] mask_i;
  input wire wr_en_i;
  input wire [RAW-1:0] wr_row_i;
  input wire [COLS-1:0] wr_mag_i;
  input wire [COLS-1:0] wr_sign_i;
  input wire thr_en_i;
  input wire [CAW-1:0] thr_col_i;
  input wire [VW-1:0] thr_i;
  input wire cfg_en_i;
  input wire [2-1:0] cfg_mode_i;
  input wire [5-1:0] cfg_shift_i;
  input wire cfg_test_i;
  input wire cfg_select_i;
  input wire bias_en_i;
  input wire [NAW-1:0] bias_idx_i;
  input wire [BW-1:0] bias_i;
  input wire trim_en_i;
  input wire [CAW-1:0] trim_col_i;
  input wire [OW-1:0] trim_i;
  input wire health_en_i;
  input wire [RAW-1:0] health_row_i;
  input wire [COLS-1:0] health_i;
  input wire var_en_i;
  input wire [2-1:0] var_sel_i;
  input wire [VAW-1:0] var_addr_i;
  input wire [VDW-1:0] var_data_i;
  input wire eval_i;
  input wire [T*ROWS-1:0] x_i;
  input wire [T*4*ROWS-1:0] act_i;
  input wire map_en_i;
  input wire [MW-1:0] map_macro_i;
  input wire map_valid_i;
  input wire [TW-1:0] map_tile_i;
  input wire resid_en_i;
  input wire [MW-1:0] resid_macro_i;
  input wire [RSW-1:0] resid_i;

  wire [M-1:0] wl_valid_o;
  wire [M*ROWS-1:0] wl_o;
  wire [M-1:0] res_valid_o;
  wire [M*COLS*VW-1:0] mac_o;
  wire [M*COLS-1:0] gate_o;
  wire [M*COLS-1:0] dec_o;
  wire [M*CNTW-1:0] cnt_eval_o;
  wire [M*CNTW-1:0] cnt_dec_o;
  wire [M*CNTW-1:0] cnt_gated_o;
  wire [M*CNTW-1:0] cnt_nzdrv_o;
  wire [M*CNTW-1:0] cnt_wr_o;
  wire [M*CNTW-1:0] cnt_step_o;
  wire [M-1:0] busy_o;
  wire [M-1:0] done_o;
  wire [M-1:0] sar_step_o;
  wire [M*SBW-1:0] sar_bit_o;
  wire [M*COLS*VW-1:0] sar_ref_o;
  wire [M*COLS-1:0] sar_q_o;
  wire [M*COLS*VW-1:0] sar_code_o;
  wire [M*NN*AW-1:0] acc_o;
  wire [M*NN*4-1:0] out_o;
  wire chip_busy_o;
  wire chip_done_o;
  wire [T*MW-1:0] sel_o;
  wire [T-1:0] sel_valid_o;
  wire [M-1:0] men_o;
  wire [M*CNTW-1:0] cnt_active_o;
  wire [M-1:0] map_valid_o;
  wire [M*TW-1:0] map_tile_o;
  wire [M*RSW-1:0] resid_o;

  tnam_chip #(
    .ROWS   (ROWS),
    .COLS   (COLS),
    .MACROS (MACROS),
    .TILES  (TILES)
  ) u_chip (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .ce_i   (ce_i),
    .mask_i (mask_i),
    .wr_en_i (wr_en_i),
    .wr_row_i (wr_row_i),
    .wr_mag_i (wr_mag_i),
    .wr_sign_i (wr_sign_i),
    .thr_en_i (thr_en_i),
    .thr_col_i (thr_col_i),
    .thr_i (thr_i),
    .cfg_en_i (cfg_en_i),
    .cfg_mode_i (cfg_mode_i),
    .cfg_shift_i (cfg_shift_i),
    .cfg_test_i (cfg_test_i),
    .cfg_select_i (cfg_select_i),
    .bias_en_i (bias_en_i),
    .bias_idx_i (bias_idx_i),
    .bias_i (bias_i),
    .trim_en_i (trim_en_i),
    .trim_col_i (trim_col_i),
    .trim_i (trim_i),
    .health_en_i (health_en_i),
    .health_row_i (health_row_i),
    .health_i (health_i),
    .var_en_i (var_en_i),
    .var_sel_i (var_sel_i),
    .var_addr_i (var_addr_i),
    .var_data_i (var_data_i),
    .eval_i (eval_i),
    .x_i (x_i),
    .act_i (act_i),
    .map_en_i (map_en_i),
    .map_macro_i (map_macro_i),
    .map_valid_i (map_valid_i),
    .map_tile_i (map_tile_i),
    .resid_en_i (resid_en_i),
    .resid_macro_i (resid_macro_i),
    .resid_i (resid_i),
    .wl_valid_o (wl_valid_o),
    .wl_o (wl_o),
    .res_valid_o (res_valid_o),
    .mac_o (mac_o),
    .gate_o (gate_o),
    .dec_o (dec_o),
    .cnt_eval_o (cnt_eval_o),
    .cnt_dec_o (cnt_dec_o),
    .cnt_gated_o (cnt_gated_o),
    .cnt_nzdrv_o (cnt_nzdrv_o),
    .cnt_wr_o (cnt_wr_o),
    .cnt_step_o (cnt_step_o),
    .busy_o (busy_o),
    .done_o (done_o),
    .sar_step_o (sar_step_o),
    .sar_bit_o (sar_bit_o),
    .sar_ref_o (sar_ref_o),
    .sar_q_o (sar_q_o),
    .sar_code_o (sar_code_o),
    .acc_o (acc_o),
    .out_o (out_o),
    .chip_busy_o (chip_busy_o),
    .chip_done_o (chip_done_o),
    .sel_o (sel_o),
    .sel_valid_o (sel_valid_o),
    .men_o (men_o),
    .cnt_active_o (cnt_active_o),
    .map_valid_o (map_valid_o),
    .map_tile_o (map_tile_o),
    .resid_o (resid_o)
  );

endmodule

`default_nettype wire
