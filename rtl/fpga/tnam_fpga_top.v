// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Board top: power-on reset, UART receiver and transmitter, the bridge, and the chip it single-steps.
`default_nettype none
`include "rtl/tnam_params.vh"

// Spec: docs/architecture.md section 13 (decisions D22, D23). The chip's ports are far wider
// than a board's pins, so a host drives them over a UART one chip cycle at a time: the input
// vector (section 13.2) is the chip's input ports in header order, the output vector its
// output ports in header order, each built below by one concatenation, with the chip's derived
// widths (tnam_params.vh). The chip's rst_ni is the vector's bit 0 as the bridge last
// carried it out, ANDed with the power-on reset; its ce_i is the bridge's one-clock pulse.
module tnam_fpga_top #(
  parameter ROWS           = 8,    // the chip's configuration (spec section 1)
  parameter COLS           = 6,
  parameter MACROS         = 2,
  parameter TILES          = 1,
  parameter CLKS_PER_BIT   = 104,  // board clocks per UART bit: 12 MHz / 115200 baud
  parameter LED_ACTIVE_LOW = 0     // 1 on boards whose LEDs light on a low pin (iCEBreaker)
) (
  input  wire       clk_i,
  input  wire       rx_i,
  output wire       tx_o,
  output wire [1:0] led_o   // [0] toggles at every good frame, [1] lit after a frame error
);

  // The chip's derived widths, as in tnam_chip (spec section 1).
  `TNAM_MACRO_WIDTHS
  `TNAM_CHIP_WIDTHS
  localparam M    = MACROS;
  localparam T    = TILES;

  // Vector lengths: the sums of the port widths below, in the same order.
  localparam IN_BITS = 1 + M + (1 + RAW + 2*COLS) + (1 + CAW + VW) + (1 + 2 + 5 + 1 + 1)
                     + (1 + NAW + BW) + (1 + CAW + OW) + (1 + RAW + COLS)
                     + (1 + 2 + VAW + VDW) + (1 + T*ROWS + T*4*ROWS)
                     + (1 + MW + 1 + TW) + (1 + MW + RSW);
  localparam OUT_BITS = M + M*ROWS + M + M*COLS*VW + 2*M*COLS + 6*M*CNTW
                      + 3*M + M*SBW + M*COLS*VW + M*COLS + M*COLS*VW + M*NN*AW + M*NN*4
                      + 2 + T*MW + T + M + M*CNTW + M + M*TW + M*RSW;

  // ---------------------------------------------------------------------------------------
  // Power-on reset: iCE40 flip-flops start at 0 after configuration, so a counter that
  // starts at 0 holds everything in reset until it reaches 16.
  // ---------------------------------------------------------------------------------------
  reg [4:0] por_q = 5'd0;
  always @(posedge clk_i) begin
    if (!por_q[4]) begin
      por_q <= por_q + 1'b1;
    end
  end
  wire rst_n = por_q[4];

  // ---------------------------------------------------------------------------------------
  // UART and bridge.
  // ---------------------------------------------------------------------------------------
  wire       rx_valid;
  wire [7:0] rx_data;
  wire       rx_ferr;
  wire       tx_valid;
  wire       tx_ready;
  wire [7:0] tx_data;

  tnam_uart_rx #(
    .CLKS_PER_BIT (CLKS_PER_BIT)
  ) u_rx (
    .clk_i        (clk_i),
    .rst_ni       (rst_n),
    .rx_i         (rx_i),
    .valid_o      (rx_valid),
    .data_o       (rx_data),
    .ferr_o       (rx_ferr)
  );

  tnam_uart_tx #(
    .CLKS_PER_BIT (CLKS_PER_BIT)
  ) u_tx (
    .clk_i        (clk_i),
    .rst_ni       (rst_n),
    .valid_i      (tx_valid),
    .data_i       (tx_data),
    .ready_o      (tx_ready),
    .tx_o         (tx_o)
  );

  wire [IN_BITS-1:1]  in_vec;     // bit 0, rst_ni, reaches the chip as step_rst_n
  wire [OUT_BITS-1:0] out_vec;
  wire                step_rst_n;
  wire                ce;
  wire [1:0]          led;

  tnam_bridge #(
    .ROWS         (ROWS),
    .COLS         (COLS),
    .MACROS       (MACROS),
    .TILES        (TILES),
    .IN_BITS      (IN_BITS),
    .OUT_BITS     (OUT_BITS),
    .CLKS_PER_BIT (CLKS_PER_BIT)
  ) u_bridge (
    .clk_i        (clk_i),
    .rst_ni       (rst_n),
    .rx_valid_i   (rx_valid),
    .rx_data_i    (rx_data),
    .rx_ferr_i    (rx_ferr),
    .tx_ready_i   (tx_ready),
    .tx_valid_o   (tx_valid),
    .tx_data_o    (tx_data),
    .in_o         (in_vec),
    .rst_no       (step_rst_n),
    .ce_o         (ce),
    .out_i        (out_vec),
    .led_o        (led)
  );

  assign led_o = (LED_ACTIVE_LOW != 0) ? ~led : led;

  // ---------------------------------------------------------------------------------------
  // The input vector, first port at bit 0 (spec 13.2). Its reset bit, bit 0, reaches the chip through
  // the bridge's flip-flop, not from here: the input register changes with every STEP byte.
  // ---------------------------------------------------------------------------------------
  wire [M-1:0]         mask_i;
  wire                 wr_en_i;
  wire [RAW-1:0]       wr_row_i;
  wire [COLS-1:0]      wr_mag_i;
  wire [COLS-1:0]      wr_sign_i;
  wire                 thr_en_i;
  wire [CAW-1:0]       thr_col_i;
  wire [VW-1:0]        thr_i;
  wire                 cfg_en_i;
  wire [1:0]           cfg_mode_i;
  wire [4:0]           cfg_shift_i;
  wire                 cfg_test_i;
  wire                 cfg_select_i;
  wire                 bias_en_i;
  wire [NAW-1:0]       bias_idx_i;
  wire [BW-1:0]        bias_i;
  wire                 trim_en_i;
  wire [CAW-1:0]       trim_col_i;
  wire [OW-1:0]        trim_i;
  wire                 health_en_i;
  wire [RAW-1:0]       health_row_i;
  wire [COLS-1:0]      health_i;
  wire                 var_en_i;
  wire [1:0]           var_sel_i;
  wire [VAW-1:0]       var_addr_i;
  wire [VDW-1:0]       var_data_i;
  wire                 eval_i;
  wire [T*ROWS-1:0]    x_i;
  wire [T*4*ROWS-1:0]  act_i;
  wire                 map_en_i;
  wire [MW-1:0]        map_macro_i;
  wire                 map_valid_i;
  wire [TW-1:0]        map_tile_i;
  wire                 resid_en_i;
  wire [MW-1:0]        resid_macro_i;
  wire [RSW-1:0]       resid_i;

  assign {resid_i, resid_macro_i, resid_en_i,
          map_tile_i, map_valid_i, map_macro_i, map_en_i,
          act_i, x_i, eval_i,
          var_data_i, var_addr_i, var_sel_i, var_en_i,
          health_i, health_row_i, health_en_i,
          trim_i, trim_col_i, trim_en_i,
          bias_i, bias_idx_i, bias_en_i,
          cfg_select_i, cfg_test_i, cfg_shift_i, cfg_mode_i, cfg_en_i,
          thr_i, thr_col_i, thr_en_i,
          wr_sign_i, wr_mag_i, wr_row_i, wr_en_i,
          mask_i} = in_vec;

  // ---------------------------------------------------------------------------------------
  // The output vector, first port at bit 0.
  // ---------------------------------------------------------------------------------------
  wire [M-1:0]         wl_valid_o;
  wire [M*ROWS-1:0]    wl_o;
  wire [M-1:0]         res_valid_o;
  wire [M*COLS*VW-1:0] mac_o;
  wire [M*COLS-1:0]    gate_o;
  wire [M*COLS-1:0]    dec_o;
  wire [M*CNTW-1:0]    cnt_eval_o;
  wire [M*CNTW-1:0]    cnt_dec_o;
  wire [M*CNTW-1:0]    cnt_gated_o;
  wire [M*CNTW-1:0]    cnt_nzdrv_o;
  wire [M*CNTW-1:0]    cnt_wr_o;
  wire [M*CNTW-1:0]    cnt_step_o;
  wire [M-1:0]         busy_o;
  wire [M-1:0]         done_o;
  wire [M-1:0]         sar_step_o;
  wire [M*SBW-1:0]     sar_bit_o;
  wire [M*COLS*VW-1:0] sar_ref_o;
  wire [M*COLS-1:0]    sar_q_o;
  wire [M*COLS*VW-1:0] sar_code_o;
  wire [M*NN*AW-1:0]   acc_o;
  wire [M*NN*4-1:0]    out_o;
  wire                 chip_busy_o;
  wire                 chip_done_o;
  wire [T*MW-1:0]      sel_o;
  wire [T-1:0]         sel_valid_o;
  wire [M-1:0]         men_o;
  wire [M*CNTW-1:0]    cnt_active_o;
  wire [M-1:0]         map_valid_o;
  wire [M*TW-1:0]      map_tile_o;
  wire [M*RSW-1:0]     resid_o;

  assign out_vec = {resid_o, map_tile_o, map_valid_o, cnt_active_o, men_o,
                    sel_valid_o, sel_o, chip_done_o, chip_busy_o,
                    out_o, acc_o, sar_code_o, sar_q_o, sar_ref_o, sar_bit_o, sar_step_o,
                    done_o, busy_o,
                    cnt_step_o, cnt_wr_o, cnt_nzdrv_o, cnt_gated_o, cnt_dec_o, cnt_eval_o,
                    dec_o, gate_o, mac_o, res_valid_o, wl_o, wl_valid_o};

  // ---------------------------------------------------------------------------------------
  // The chip.
  // ---------------------------------------------------------------------------------------
  tnam_chip #(
    .ROWS          (ROWS),
    .COLS          (COLS),
    .MACROS        (MACROS),
    .TILES         (TILES)
  ) u_chip (
    .clk_i         (clk_i),
    .rst_ni        (rst_n && step_rst_n),
    .ce_i          (ce),
    .mask_i        (mask_i),
    .wr_en_i       (wr_en_i),
    .wr_row_i      (wr_row_i),
    .wr_mag_i      (wr_mag_i),
    .wr_sign_i     (wr_sign_i),
    .thr_en_i      (thr_en_i),
    .thr_col_i     (thr_col_i),
    .thr_i         (thr_i),
    .cfg_en_i      (cfg_en_i),
    .cfg_mode_i    (cfg_mode_i),
    .cfg_shift_i   (cfg_shift_i),
    .cfg_test_i    (cfg_test_i),
    .cfg_select_i  (cfg_select_i),
    .bias_en_i     (bias_en_i),
    .bias_idx_i    (bias_idx_i),
    .bias_i        (bias_i),
    .trim_en_i     (trim_en_i),
    .trim_col_i    (trim_col_i),
    .trim_i        (trim_i),
    .health_en_i   (health_en_i),
    .health_row_i  (health_row_i),
    .health_i      (health_i),
    .var_en_i      (var_en_i),
    .var_sel_i     (var_sel_i),
    .var_addr_i    (var_addr_i),
    .var_data_i    (var_data_i),
    .eval_i        (eval_i),
    .x_i           (x_i),
    .act_i         (act_i),
    .map_en_i      (map_en_i),
    .map_macro_i   (map_macro_i),
    .map_valid_i   (map_valid_i),
    .map_tile_i    (map_tile_i),
    .resid_en_i    (resid_en_i),
    .resid_macro_i (resid_macro_i),
    .resid_i       (resid_i),
    .wl_valid_o    (wl_valid_o),
    .wl_o          (wl_o),
    .res_valid_o   (res_valid_o),
    .mac_o         (mac_o),
    .gate_o        (gate_o),
    .dec_o         (dec_o),
    .cnt_eval_o    (cnt_eval_o),
    .cnt_dec_o     (cnt_dec_o),
    .cnt_gated_o   (cnt_gated_o),
    .cnt_nzdrv_o   (cnt_nzdrv_o),
    .cnt_wr_o      (cnt_wr_o),
    .cnt_step_o    (cnt_step_o),
    .busy_o        (busy_o),
    .done_o        (done_o),
    .sar_step_o    (sar_step_o),
    .sar_bit_o     (sar_bit_o),
    .sar_ref_o     (sar_ref_o),
    .sar_q_o       (sar_q_o),
    .sar_code_o    (sar_code_o),
    .acc_o         (acc_o),
    .out_o         (out_o),
    .chip_busy_o   (chip_busy_o),
    .chip_done_o   (chip_done_o),
    .sel_o         (sel_o),
    .sel_valid_o   (sel_valid_o),
    .men_o         (men_o),
    .cnt_active_o  (cnt_active_o),
    .map_valid_o   (map_valid_o),
    .map_tile_o    (map_tile_o),
    .resid_o       (resid_o)
  );

endmodule

`default_nettype wire
