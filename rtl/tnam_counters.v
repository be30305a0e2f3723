// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Event counters of the macro (evaluations, decisions, gated columns, driven cells, writes, steps).
`default_nettype none
`include "rtl/tnam_params.vh"

// All counters are 32 bits and wrap modulo 2^32 (spec section 5, item 5). They update at
// the same edge as the result registers, from the sense stage's values of this cycle.
// A read (threshold evaluation or the READ of a plane) counts the evaluation, its gated
// columns and its driven cells; every comparator use (threshold evaluation or search step)
// counts one decision per ungated column, with gate_i the gating that use sees.
module tnam_counters #(
  parameter ROWS = 64,
  parameter COLS = 16
) (
  input  wire                          clk_i,
  input  wire                          rst_ni,
  input  wire                          ce_i,      // clock enable: 0 = no register changes
  input  wire                          wr_i,     // a row write is accepted at this edge
  input  wire                          sense_i,  // a read completes at this edge
  input  wire                          dec_i,    // the ungated comparators decide
  input  wire                          step_i,   // a search step is made at this edge
  input  wire [COLS-1:0]               gate_i,   // per-column gating of this edge's use
  input  wire [$clog2(ROWS*COLS+1)-1:0] nz_sum_i, // P + N over the columns (tnam_sense)
  output wire [`TNAM_CNTW-1:0]         cnt_eval_o,
  output wire [`TNAM_CNTW-1:0]         cnt_dec_o,
  output wire [`TNAM_CNTW-1:0]         cnt_gated_o,
  output wire [`TNAM_CNTW-1:0]         cnt_nzdrv_o,
  output wire [`TNAM_CNTW-1:0]         cnt_wr_o,
  output wire [`TNAM_CNTW-1:0]         cnt_step_o
);

  localparam CNTW = `TNAM_CNTW;
  localparam GW   = $clog2(COLS + 1);         // number of gated columns
  localparam TW   = $clog2(ROWS * COLS + 1);  // driven non-zero cells over all columns

  localparam [GW-1:0]   COLS_G = COLS[GW-1:0];
  localparam [CNTW-1:0] COLS_W = COLS[CNTW-1:0];

  // Number of gated columns; the others made a comparator decision.
  // The gated columns and the driven non-zero cells are counted only in a Verilated model's
  // edges that add them (`TNAM_SIM_GUARD, docs/decisions.md D29); the sums are used nowhere
  // else.
  wire [GW-1:0] n_gated;

  tnam_popcount #(
    .N     (COLS)
  ) u_gated (
    .en_i  (`TNAM_SIM_GUARD(sense_i || dec_i)),
    .vec_i (gate_i),
    .cnt_o (n_gated)
  );

  wire [GW-1:0] n_dec = COLS_G - n_gated;

  reg [CNTW-1:0] eval_q,  eval_d;
  reg [CNTW-1:0] dec_q,   dec_d;
  reg [CNTW-1:0] gated_q, gated_d;
  reg [CNTW-1:0] nzdrv_q, nzdrv_d;
  reg [CNTW-1:0] wr_q,    wr_d;
  reg [CNTW-1:0] step_q,  step_d;

  always @(*) begin
    eval_d  = eval_q;
    dec_d   = dec_q;
    gated_d = gated_q;
    nzdrv_d = nzdrv_q;
    wr_d    = wr_q;
    step_d  = step_q;
    if (sense_i) begin
      eval_d  = eval_q  + 1'b1;
      gated_d = gated_q + {{(CNTW-GW){1'b0}}, n_gated};
      nzdrv_d = nzdrv_q + {{(CNTW-TW){1'b0}}, nz_sum_i};
    end
    if (dec_i) begin
      dec_d   = dec_q   + {{(CNTW-GW){1'b0}}, n_dec};
    end
    if (step_i) begin
      step_d  = step_q  + 1'b1;
    end
    if (wr_i) begin
      wr_d = wr_q + COLS_W;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      eval_q  <= {CNTW{1'b0}};
      dec_q   <= {CNTW{1'b0}};
      gated_q <= {CNTW{1'b0}};
      nzdrv_q <= {CNTW{1'b0}};
      wr_q    <= {CNTW{1'b0}};
      step_q  <= {CNTW{1'b0}};
    end else if (ce_i) begin
      eval_q  <= eval_d;
      dec_q   <= dec_d;
      gated_q <= gated_d;
      nzdrv_q <= nzdrv_d;
      wr_q    <= wr_d;
      step_q  <= step_d;
    end
  end

  assign cnt_eval_o  = eval_q;
  assign cnt_dec_o   = dec_q;
  assign cnt_gated_o = gated_q;
  assign cnt_nzdrv_o = nzdrv_q;
  assign cnt_wr_o    = wr_q;
  assign cnt_step_o  = step_q;

endmodule

`default_nettype wire
