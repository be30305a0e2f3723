// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Proof wrapper: the event counters of a macro (rtl/tnam_counters.v, spec sections 4, 5, 10).
`default_nettype none

// At every enabled edge each counter grows by exactly what the spec counts, from the inputs
// of that cycle, and by nothing else: a read (sense_i) counts one evaluation, its gated
// columns and its driven non-zero cells; a comparator use (dec_i) one decision per ungated
// column; a step one step; an accepted row write C cells. At an edge with ce_i = 0 nothing
// changes. Every input is free; a counter wraps modulo 2^32.
module fv_counters #(
  parameter ROWS = 4,
  parameter COLS = 3
) (
  input wire                           clk_i,
  input wire                           rst_ni,
  input wire                           ce_i,
  input wire                           wr_i,
  input wire                           sense_i,
  input wire                           dec_i,
  input wire                           step_i,
  input wire [COLS-1:0]                gate_i,
  input wire [$clog2(ROWS*COLS+1)-1:0] nz_sum_i
);

  localparam NSW = $clog2(ROWS * COLS + 1);

  wire [31:0] cnt_eval, cnt_dec, cnt_gated, cnt_nzdrv, cnt_wr, cnt_step;

  tnam_counters #(
    .ROWS        (ROWS),
    .COLS        (COLS)
  ) u_counters (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .ce_i        (ce_i),
    .wr_i        (wr_i),
    .sense_i     (sense_i),
    .dec_i       (dec_i),
    .step_i      (step_i),
    .gate_i      (gate_i),
    .nz_sum_i    (nz_sum_i),
    .cnt_eval_o  (cnt_eval),
    .cnt_dec_o   (cnt_dec),
    .cnt_gated_o (cnt_gated),
    .cnt_nzdrv_o (cnt_nzdrv),
    .cnt_wr_o    (cnt_wr),
    .cnt_step_o  (cnt_step)
  );

  // The previous cycle's counters and inputs.
  reg            past_q = 1'b0;  // a previous cycle out of reset exists
  reg [6*32-1:0] cnt_q;
  reg            ce_q, wr_q, sense_q, dec_q, step_q;
  reg [COLS-1:0] gate_q;
  reg [NSW-1:0]  nz_q;

  always @(posedge clk_i) begin
    past_q  <= rst_ni;
    cnt_q   <= {cnt_eval, cnt_dec, cnt_gated, cnt_nzdrv, cnt_wr, cnt_step};
    ce_q    <= ce_i;
    wr_q    <= wr_i;
    sense_q <= sense_i;
    dec_q   <= dec_i;
    step_q  <= step_i;
    gate_q  <= gate_i;
    nz_q    <= nz_sum_i;
  end

  integer c;
  reg [31:0] gated;
  always @(*) begin
    gated = 32'd0;
    for (c = 0; c < COLS; c = c + 1) begin
      gated = gated + gate_q[c];
    end
    if (!rst_ni) begin
      assert ({cnt_eval, cnt_dec, cnt_gated, cnt_nzdrv, cnt_wr, cnt_step} == {(6*32){1'b0}});
    end else if (past_q) begin
      if (!ce_q) begin
        assert ({cnt_eval, cnt_dec, cnt_gated, cnt_nzdrv, cnt_wr, cnt_step} == cnt_q);
      end else begin
        assert (cnt_eval  == cnt_q[5*32 +: 32] + (sense_q ? 32'd1 : 32'd0));
        assert (cnt_dec   == cnt_q[4*32 +: 32] + (dec_q ? COLS - gated : 32'd0));
        assert (cnt_gated == cnt_q[3*32 +: 32] + (sense_q ? gated : 32'd0));
        assert (cnt_nzdrv == cnt_q[2*32 +: 32] + (sense_q ? {{(32-NSW){1'b0}}, nz_q} : 32'd0));
        assert (cnt_wr    == cnt_q[1*32 +: 32] + (wr_q ? COLS : 32'd0));
        assert (cnt_step  == cnt_q[0*32 +: 32] + (step_q ? 32'd1 : 32'd0));
      end
    end
  end

endmodule

`default_nettype wire
