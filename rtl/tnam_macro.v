// TNAM ternary processing-in-memory SRAM macro: cells, drive stage, sense stage, counters.
`default_nettype none

// Spec: docs/architecture.md. Two pipeline stages: the drive stage registers the word
// lines, the sense stage turns them and the cells into per-column values, gating and
// decisions, which are registered. Every output is a register.
//
// The ports are declared in the body (Verilog-2005 non-ANSI style) so that their widths can
// use the derived localparams VW, RAW and CAW of the spec: Verilog-2005 has no localparam in
// an ANSI header.
module tnam_macro (
  clk_i, rst_ni,
  wr_en_i, wr_row_i, wr_mag_i, wr_sign_i,
  thr_en_i, thr_col_i, thr_i,
  eval_i, x_i,
  wl_valid_o, wl_o,
  res_valid_o, mac_o, gate_o, dec_o,
  cnt_eval_o, cnt_dec_o, cnt_gated_o, cnt_nzdrv_o, cnt_wr_o
);

  parameter ROWS = 64;  // word lines, 2 .. 256
  parameter COLS = 16;  // columns, 2 .. 64

  localparam VW   = $clog2(ROWS + 1) + 3;  // signed column values and thresholds
  localparam RAW  = $clog2(ROWS);          // row address, >= 1 for ROWS >= 2
  localparam CAW  = $clog2(COLS);          // column address, >= 1 for COLS >= 2
  localparam CNTW = 32;                    // event counters
  localparam CW   = $clog2(ROWS + 1);      // one column's bitline count, 0 .. ROWS

  input  wire                 clk_i;
  input  wire                 rst_ni;
  // Write port: one row of cells.
  input  wire                 wr_en_i;
  input  wire [RAW-1:0]       wr_row_i;
  input  wire [COLS-1:0]      wr_mag_i;
  input  wire [COLS-1:0]      wr_sign_i;
  // Threshold port: one column's T.
  input  wire                 thr_en_i;
  input  wire [CAW-1:0]       thr_col_i;
  input  wire [VW-1:0]        thr_i;
  // Evaluation.
  input  wire                 eval_i;
  input  wire [ROWS-1:0]      x_i;
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

  // ---------------------------------------------------------------------------------------
  // Storage: cells and thresholds. Their registers are read by the sense stage below, so a
  // write at an edge is seen only by a sense stage in a later cycle.
  // ---------------------------------------------------------------------------------------
  wire [COLS*ROWS-1:0] cell_mag;   // column c, row r at [c*ROWS + r]
  wire [COLS*ROWS-1:0] cell_sign;
  wire [COLS*VW-1:0]   thr;

  tnam_cell_array #(
    .ROWS      (ROWS),
    .COLS      (COLS)
  ) u_cells (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .wr_en_i   (wr_en_i),
    .wr_row_i  (wr_row_i),
    .wr_mag_i  (wr_mag_i),
    .wr_sign_i (wr_sign_i),
    .mag_o     (cell_mag),
    .sign_o    (cell_sign)
  );

  tnam_thresholds #(
    .COLS      (COLS),
    .VW        (VW)
  ) u_thr (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .thr_en_i  (thr_en_i),
    .thr_col_i (thr_col_i),
    .thr_i     (thr_i),
    .thr_o     (thr)
  );

  // A row address >= ROWS (only possible when ROWS is not a power of two) writes nothing
  // and is not counted.
  wire wr_ok;
  generate
    if (ROWS == (1 << RAW)) begin : g_wr_all
      assign wr_ok = wr_en_i;
    end else begin : g_wr_range
      // ROWS < 2^RAW here, so it fits the address width.
      assign wr_ok = wr_en_i && (wr_row_i < ROWS[RAW-1:0]);
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Drive stage: word lines are released (0) when there is no evaluation.
  // ---------------------------------------------------------------------------------------
  reg             wl_valid_q;
  reg  [ROWS-1:0] wl_q;
  wire [ROWS-1:0] wl_d = eval_i ? x_i : {ROWS{1'b0}};

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wl_valid_q <= 1'b0;
      wl_q       <= {ROWS{1'b0}};
    end else begin
      wl_valid_q <= eval_i;
      wl_q       <= wl_d;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Sense stage: every column counts its driven cells and decides.
  // ---------------------------------------------------------------------------------------
  wire [COLS*CW-1:0] col_nz;  // column c's P + N at [c*CW +: CW]
  wire [COLS*VW-1:0] mac_d;
  wire [COLS-1:0]    gate_d;
  wire [COLS-1:0]    dec_d;

  genvar c;
  generate
    for (c = 0; c < COLS; c = c + 1) begin : g_col
      tnam_column #(
        .ROWS   (ROWS),
        .VW     (VW)
      ) u_col (
        .wl_i   (wl_q),
        .mag_i  (cell_mag[c*ROWS +: ROWS]),
        .sign_i (cell_sign[c*ROWS +: ROWS]),
        .thr_i  (thr[c*VW +: VW]),
        .nz_o   (col_nz[c*CW +: CW]),
        .mac_o  (mac_d[c*VW +: VW]),
        .gate_o (gate_d[c]),
        .dec_o  (dec_d[c])
      );
    end
  endgenerate

  // Result registers hold the latest evaluation's values; res_valid marks a new one.
  reg               res_valid_q;
  reg [COLS*VW-1:0] mac_q;
  reg [COLS-1:0]    gate_q;
  reg [COLS-1:0]    dec_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      res_valid_q <= 1'b0;
      mac_q       <= {(COLS*VW){1'b0}};
      gate_q      <= {COLS{1'b0}};
      dec_q       <= {COLS{1'b0}};
    end else begin
      res_valid_q <= wl_valid_q;
      if (wl_valid_q) begin
        mac_q  <= mac_d;
        gate_q <= gate_d;
        dec_q  <= dec_d;
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Event counters.
  // ---------------------------------------------------------------------------------------
  tnam_counters #(
    .ROWS        (ROWS),
    .COLS        (COLS)
  ) u_counters (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .wr_i        (wr_ok),
    .sense_i     (wl_valid_q),
    .gate_i      (gate_d),
    .nz_i        (col_nz),
    .cnt_eval_o  (cnt_eval_o),
    .cnt_dec_o   (cnt_dec_o),
    .cnt_gated_o (cnt_gated_o),
    .cnt_nzdrv_o (cnt_nzdrv_o),
    .cnt_wr_o    (cnt_wr_o)
  );

  assign wl_valid_o  = wl_valid_q;
  assign wl_o        = wl_q;
  assign res_valid_o = res_valid_q;
  assign mac_o       = mac_q;
  assign gate_o      = gate_q;
  assign dec_o       = dec_q;

endmodule

`default_nettype wire
