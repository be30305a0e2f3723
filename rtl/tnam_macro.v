// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// TNAM ternary processing-in-memory SRAM macro: cells, drive and sense stages, multi-level path.
`default_nettype none
`include "rtl/tnam_params.vh"

// Spec: docs/architecture.md. Two pipeline stages: the drive stage registers the word
// lines, the sense stage turns them and the cells into per-column values, gating and
// decisions, which are registered. A level or q4 operation (spec section 10) takes the
// macro over for several cycles: the sequencer (tnam_ml_ctrl) holds each bit plane on the
// word lines while every column's comparator runs a successive-approximation search
// (tnam_sar), and the q4 neurons (tnam_q4_neuron) accumulate the digitised planes. The
// column values include the injected variation terms (tnam_variation) and the calibration
// trims; the health table (tnam_health) gives the hazard rows. Every output is a register,
// except hazard_o, a function of registers.
//
// The ports are declared in the body (Verilog-2005 non-ANSI style) so that their widths can
// use the spec's derived widths, localparams declared in the body (tnam_params.vh):
// Verilog-2005 has no localparam in an ANSI header.
module tnam_macro (
  clk_i, rst_ni, ce_i,
  wr_en_i, wr_row_i, wr_mag_i, wr_sign_i,
  thr_en_i, thr_col_i, thr_i,
  eval_i, x_i, act_i,
  cfg_en_i, cfg_mode_i, cfg_shift_i,
  bias_en_i, bias_idx_i, bias_i,
  cfg_test_i,
  trim_en_i, trim_col_i, trim_i,
  health_en_i, health_row_i, health_i,
  var_en_i, var_sel_i, var_addr_i, var_data_i,
  wl_valid_o, wl_o,
  res_valid_o, mac_o, gate_o, dec_o,
  cnt_eval_o, cnt_dec_o, cnt_gated_o, cnt_nzdrv_o, cnt_wr_o, cnt_step_o,
  busy_o, done_o,
  sar_step_o, sar_bit_o, sar_ref_o, sar_q_o, sar_code_o,
  acc_o, out_o,
  hazard_o
);

  parameter ROWS = 64;  // word lines, 2 .. 256
  parameter COLS = 16;  // columns, 3 .. 64

  // Spec section 1's ranges, checked at elaboration (docs/decisions.md D25): an illegal value
  // instantiates a module that does not exist, and every tool stops naming it.
  generate
    if (ROWS < 2 || ROWS > 256) begin : g_rows_range
      tnam_error_ROWS_out_of_range_2_to_256 u_error ();
    end
    if (COLS < 3 || COLS > 64) begin : g_cols_range
      tnam_error_COLS_out_of_range_3_to_64 u_error ();
    end
  endgenerate

  `TNAM_MACRO_WIDTHS
  localparam NSW = $clog2(ROWS * COLS + 1);  // driven non-zero cells over all columns

  input  wire                 clk_i;
  input  wire                 rst_ni;
  input  wire                 ce_i;  // clock enable: 0 = no register changes (spec 11.1)
  // Write port: one row of cells.
  input  wire                 wr_en_i;
  input  wire [RAW-1:0]       wr_row_i;
  input  wire [COLS-1:0]      wr_mag_i;
  input  wire [COLS-1:0]      wr_sign_i;
  // Threshold port: one column's T.
  input  wire                 thr_en_i;
  input  wire [CAW-1:0]       thr_col_i;
  input  wire [VW-1:0]        thr_i;
  // Evaluation: word lines (threshold, level) or 4-bit activations (q4).
  input  wire                 eval_i;
  input  wire [ROWS-1:0]      x_i;
  input  wire [4*ROWS-1:0]    act_i;       // row r at [4r +: 4]
  // Layer configuration and q4 biases.
  input  wire                 cfg_en_i;
  input  wire [1:0]           cfg_mode_i;
  input  wire [4:0]           cfg_shift_i;
  input  wire                 bias_en_i;
  input  wire [NAW-1:0]       bias_idx_i;
  input  wire [BW-1:0]        bias_i;
  input  wire                 cfg_test_i;  // written with the mode
  // Trim port: one column's trim.
  input  wire                 trim_en_i;
  input  wire [CAW-1:0]       trim_col_i;
  input  wire [OW-1:0]        trim_i;
  // Health port: one row of the health table.
  input  wire                 health_en_i;
  input  wire [RAW-1:0]       health_row_i;
  input  wire [COLS-1:0]      health_i;
  // Variation port: one offset, one row of defect flags, or the excess D.
  input  wire                 var_en_i;
  input  wire [1:0]           var_sel_i;
  input  wire [VAW-1:0]       var_addr_i;
  input  wire [VDW-1:0]       var_data_i;
  // Drive stage.
  output wire                 wl_valid_o;
  output wire [ROWS-1:0]      wl_o;
  // Results of the latest evaluation.
  output wire                 res_valid_o;
  output wire [COLS*VW-1:0]   mac_o;       // column c at [c*VW +: VW]
  output wire [COLS-1:0]      gate_o;
  output wire [COLS-1:0]      dec_o;
  // Event counters.
  output wire [CNTW-1:0]      cnt_eval_o;
  output wire [CNTW-1:0]      cnt_dec_o;
  output wire [CNTW-1:0]      cnt_gated_o;
  output wire [CNTW-1:0]      cnt_nzdrv_o;
  output wire [CNTW-1:0]      cnt_wr_o;
  output wire [CNTW-1:0]      cnt_step_o;
  // Multi-level path.
  output wire                 busy_o;
  output wire                 done_o;
  output wire                 sar_step_o;
  output wire [SBW-1:0]       sar_bit_o;
  output wire [COLS*VW-1:0]   sar_ref_o;   // column c at [c*VW +: VW]
  output wire [COLS-1:0]      sar_q_o;
  output wire [COLS*VW-1:0]   sar_code_o;  // column c at [c*VW +: VW]
  output wire [NN*AW-1:0]     acc_o;       // neuron j at [j*AW +: AW]
  output wire [NN*4-1:0]      out_o;       // neuron j at [4j +: 4]
  // For the chip's selection.
  output wire [ROWS-1:0]      hazard_o;    // bit r = row r

  // While a multi-level operation runs every input except the reset is ignored.
  wire busy;

  // ---------------------------------------------------------------------------------------
  // Layer configuration: mode, requantisation shift and test mode, written together.
  // ---------------------------------------------------------------------------------------
  reg  [1:0] mode_q;
  reg  [4:0] shift_q;
  reg        test_q;
  wire       cfg_we = cfg_en_i && !busy && (cfg_mode_i != `TNAM_MODE_NONE);

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mode_q  <= `TNAM_MODE_THRESH;
      shift_q <= 5'd0;
      test_q  <= 1'b0;
    end else if (ce_i && cfg_we) begin
      mode_q  <= cfg_mode_i;
      shift_q <= cfg_shift_i;
      test_q  <= cfg_test_i;
    end
  end

  wire q4_mode = (mode_q == `TNAM_MODE_Q4);

  // ---------------------------------------------------------------------------------------
  // Storage: cells, thresholds, trims, variation terms and the health table. Their
  // registers are read by the sense stage below, so a write at an edge is seen only by a
  // sense stage in a later cycle.
  // ---------------------------------------------------------------------------------------
  wire [COLS*ROWS-1:0] cell_mag;   // column c, row r at [c*ROWS + r]
  wire [COLS*ROWS-1:0] cell_sign;
  wire [COLS*VW-1:0]   thr;
  wire [COLS*OW-1:0]   trim;
  wire [COLS*OW-1:0]   offset;
  wire [COLS*ROWS-1:0] defect;
  wire [1:0]           excess;
  wire                 wr_en  = wr_en_i && !busy;

  tnam_bit_array #(
    .ROWS      (ROWS),
    .COLS      (COLS),
    .AW        (RAW)
  ) u_mag (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .ce_i      (ce_i),
    .wr_en_i   (wr_en),
    .wr_row_i  (wr_row_i),
    .wr_bits_i (wr_mag_i),
    .bits_o    (cell_mag)
  );

  tnam_bit_array #(
    .ROWS      (ROWS),
    .COLS      (COLS),
    .AW        (RAW)
  ) u_sign (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .ce_i      (ce_i),
    .wr_en_i   (wr_en),
    .wr_row_i  (wr_row_i),
    .wr_bits_i (wr_sign_i),
    .bits_o    (cell_sign)
  );

  tnam_col_regs #(
    .COLS      (COLS),
    .W         (VW),
    .AW        (CAW)
  ) u_thr (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .ce_i      (ce_i),
    .wr_en_i   (thr_en_i && !busy),
    .wr_col_i  (thr_col_i),
    .wr_data_i (thr_i),
    .regs_o    (thr)
  );

  tnam_col_regs #(
    .COLS      (COLS),
    .W         (OW),
    .AW        (CAW)
  ) u_trim (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .ce_i      (ce_i),
    .wr_en_i   (trim_en_i && !busy),
    .wr_col_i  (trim_col_i),
    .wr_data_i (trim_i),
    .regs_o    (trim)
  );

  tnam_variation #(
    .ROWS       (ROWS),
    .COLS       (COLS),
    .OW         (OW),
    .VAW        (VAW),
    .VDW        (VDW)
  ) u_var (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .ce_i       (ce_i),
    .var_en_i   (var_en_i && !busy),
    .var_sel_i  (var_sel_i),
    .var_addr_i (var_addr_i),
    .var_data_i (var_data_i),
    .offset_o   (offset),
    .defect_o   (defect),
    .excess_o   (excess)
  );

  tnam_health #(
    .ROWS         (ROWS),
    .COLS         (COLS)
  ) u_health (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .ce_i         (ce_i),
    .health_en_i  (health_en_i && !busy),
    .health_row_i (health_row_i),
    .health_i     (health_i),
    .mag_i        (cell_mag),
    .hazard_o     (hazard_o)
  );

  // A row address >= ROWS (only possible when ROWS is not a power of two) writes nothing
  // and is not counted.
  wire wr_ok;
  generate
    if (ROWS == (1 << RAW)) begin : g_wr_all
      assign wr_ok = wr_en;
    end else begin : g_wr_range
      // ROWS < 2^RAW here, so it fits the address width.
      assign wr_ok = wr_en && (wr_row_i < ROWS[RAW-1:0]);
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Drive stage and multi-level sequencer.
  // ---------------------------------------------------------------------------------------
  wire            wl_valid;
  wire [ROWS-1:0] wl;
  wire            all_gated;
  wire            start;
  wire            read;
  wire            step;
  wire            plane_done;
  wire [1:0]      plane;
  wire            finish;
  wire [VW-1:0]   trial_bit;
  wire [VW-1:0]   ref_low;

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
    .ml_mode_i    (mode_q != `TNAM_MODE_THRESH),
    .q4_mode_i    (q4_mode),
    .all_gated_i  (all_gated),
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
    .sar_step_o   (sar_step_o),
    .sar_bit_o    (sar_bit_o),
    .done_o       (done_o)
  );

  // ---------------------------------------------------------------------------------------
  // Sense stage: every column counts its driven cells and compares, with the threshold for
  // a threshold evaluation or with its search register's reference while busy.
  // ---------------------------------------------------------------------------------------
  wire [NSW-1:0]     nz_sum;   // P + N over the columns
  wire [COLS*VW-1:0] mac_d;
  wire [COLS-1:0]    gate_d;
  wire [COLS-1:0]    dec_d;
  wire [COLS-1:0]    col_cmp;
  wire [COLS*VW-1:0] col_ref;  // this step's search reference per column
  wire [COLS*VW-1:0] code_d;   // the search registers' values after this edge
  wire [COLS-1:0]    step_gate;

  reg                res_valid_q;
  reg  [COLS*VW-1:0] mac_q;
  reg  [COLS-1:0]    gate_q;
  reg  [COLS-1:0]    dec_q;

  // A search step sees the gating of its plane's READ: from the sense stage in that cycle,
  // from the gate register (loaded at READ) in the later steps. Outside an operation this
  // is the threshold evaluation's gating, which is what the decision counter needs.
  assign step_gate = (busy && !read) ? gate_q : gate_d;
  assign all_gated = &gate_d;

  // Columns beyond the last neuron belong to none: gated in every q4 read.
  wire [COLS-1:0] col_spare;

  genvar c;
  generate
    for (c = 0; c < COLS; c = c + 1) begin : g_spare
      if (c >= 3 * NN) begin : g_none
        assign col_spare[c] = busy && q4_mode;
      end else begin : g_neuron
        assign col_spare[c] = 1'b0;
      end
    end
  endgenerate

  tnam_sense #(
    .ROWS      (ROWS),
    .COLS      (COLS),
    .VW        (VW)
  ) u_sense (
    .sense_i    (wl_valid),
    .hold_i     (busy && !read),
    .held_mac_i (mac_q),
    .wl_i       (wl),
    .mag_i      (cell_mag),
    .sign_i     (cell_sign),
    .def_i      (defect),
    .excess_i   (excess),
    .offset_i   (offset),
    .trim_i     (trim),
    .thr_i      (thr),
    .test_i     (test_q),
    .spare_i    (col_spare),
    .search_i   (busy),
    .sar_ref_i  (col_ref),
    .nz_sum_o   (nz_sum),
    .mac_o      (mac_d),
    .gate_o     (gate_d),
    .dec_o      (dec_d),
    .cmp_o      (col_cmp)
  );

  // The search registers of every column; each column's comparator decides its steps.
  tnam_sar #(
    .COLS        (COLS),
    .VW          (VW),
    .S           (S)
  ) u_sar (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .ce_i        (ce_i),
    .search_i    (busy),
    .step_i      (step),
    .first_i     (read),
    .gate_i      (step_gate),
    .trial_bit_i (trial_bit),
    .ref_low_i   (ref_low),
    .q_i         (col_cmp),
    .ref_o       (col_ref),
    .code_d_o    (code_d),
    .code_o      (sar_code_o),
    .sar_ref_o   (sar_ref_o),
    .sar_q_o     (sar_q_o)
  );

  // A threshold evaluation completes when its word lines are in the sense stage and the
  // macro is not busy (at a start edge the one issued a cycle before still completes).
  wire sense = wl_valid && !busy;

  // Result registers hold the latest evaluation's values; res_valid marks a new threshold
  // result. The READ of a plane loads mac and gate too (its search uses that gate).
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      res_valid_q <= 1'b0;
      mac_q       <= {(COLS*VW){1'b0}};
      gate_q      <= {COLS{1'b0}};
      dec_q       <= {COLS{1'b0}};
    end else if (ce_i) begin
      res_valid_q <= sense;
      if (sense || read) begin
        mac_q  <= mac_d;
        gate_q <= gate_d;
      end
      if (sense) begin
        dec_q  <= dec_d;
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // 4-bit neurons: neuron j reads the digit columns 3j, 3j+1, 3j+2.
  // ---------------------------------------------------------------------------------------
  wire bias_we = bias_en_i && !busy;
  wire q4_op   = busy && q4_mode;

  genvar j;
  generate
    for (j = 0; j < NN; j = j + 1) begin : g_neuron
      localparam [NAW-1:0] IDX = j;

      tnam_q4_neuron #(
        .VW        (VW),
        .BW        (BW),
        .AW        (AW)
      ) u_neuron (
        .clk_i     (clk_i),
        .rst_ni    (rst_ni),
        .ce_i      (ce_i),
        .bias_we_i (bias_we && (bias_idx_i == IDX)),
        .bias_i    (bias_i),
        .start_i   (start && q4_mode),
        .add_i     (q4_op && plane_done),
        .plane_i   (plane),
        .code_i    (code_d[3*j*VW +: 3*VW]),
        .finish_i  (q4_op && finish),
        .shift_i   (shift_q),
        .acc_o     (acc_o[j*AW +: AW]),
        .out_o     (out_o[4*j +: 4])
      );
    end
  endgenerate

  // The spare columns' new codes feed no neuron.
  generate
    if (COLS > 3 * NN) begin : g_spare_codes
      wire unused_spare_codes = ^code_d[COLS*VW-1:3*NN*VW];
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Event counters.
  // ---------------------------------------------------------------------------------------
  tnam_counters #(
    .ROWS        (ROWS),
    .COLS        (COLS)
  ) u_counters (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .ce_i        (ce_i),
    .wr_i        (wr_ok),
    .sense_i     (sense || read),
    .dec_i       (sense || step),
    .step_i      (step),
    .gate_i      (step_gate),
    .nz_sum_i    (nz_sum),
    .cnt_eval_o  (cnt_eval_o),
    .cnt_dec_o   (cnt_dec_o),
    .cnt_gated_o (cnt_gated_o),
    .cnt_nzdrv_o (cnt_nzdrv_o),
    .cnt_wr_o    (cnt_wr_o),
    .cnt_step_o  (cnt_step_o)
  );

`ifdef TNAM_ASSERT
  // A check of spec sections 9.1 and 10 (docs/decisions.md D34): a search step needs an
  // ungated column (a gated column makes no decision; an all-gated read makes no step). The
  // per-column rules of the sense stage (a gated column reports 0 and decides 0 > T) are
  // proven for every input instead (tb/formal, fv_sense): checked here, they cost a loop
  // over the columns in every sensed cycle of a Verilated model.
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
    end else if (ce_i) begin
      `TNAM_CHECK(!step || !(&step_gate), ("tnam_macro: a search step with every column gated"))
    end
  end
`endif

  assign busy_o      = busy;
  assign wl_valid_o  = wl_valid;
  assign wl_o        = wl;
  assign res_valid_o = res_valid_q;
  assign mac_o       = mac_q;
  assign gate_o      = gate_q;
  assign dec_o       = dec_q;

endmodule

`default_nettype wire
