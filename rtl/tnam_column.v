// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// One column's sense logic: bitline counts, variation terms, zero detector, comparator.
`default_nettype none
`include "rtl/tnam_params.vh"

// The column is counted as P + N (driven cells with a non-zero weight) and N (driven cells
// with weight -1): P + N is needed anyway by the zero detector and the event counter, and
// P - N = (P + N) - 2N then costs one subtractor. The defective cells among them are counted
// the same way, Pd - Nd = (Pd + Nd) - 2Nd, so that (spec section 3)
//   A = (P - N) + D * (Pd - Nd) + o - trim.
// With D in -2 .. 1 the product is a negation and a doubling, no multiplier.
//
// The column has one comparator (spec section 9.1): it compares A with the threshold T for a
// threshold evaluation and with the search reference during a multi-level operation.
//
// sense_i says that a reader of the outputs is waiting this cycle (the word lines hold an
// evaluation). A Verilated build skips the column when it is 0 (`TNAM_SIM_GUARD, D29): every
// reader of the outputs is then idle; the outputs still follow the spec whenever read.
module tnam_column #(
  parameter ROWS = 64,
  parameter VW   = `TNAM_VW(ROWS)  // from the top
) (
  input  wire                      sense_i,    // the outputs are read this cycle
  input  wire [ROWS-1:0]           wl_i,       // word lines of the sense stage
  input  wire [ROWS-1:0]           mag_i,      // this column's cells, bit r = row r
  input  wire [ROWS-1:0]           sign_i,
  input  wire [ROWS-1:0]           def_i,      // injected defect flags, bit r = row r
  input  wire [1:0]                excess_i,   // D, two's complement
  input  wire [`TNAM_OW(VW)-1:0]   offset_i,   // o, two's complement
  input  wire [`TNAM_OW(VW)-1:0]   trim_i,     // trim, two's complement
  input  wire [VW-1:0]             thr_i,      // T, two's complement
  input  wire                      test_i,     // test mode: zero detector bypassed
  input  wire                      spare_i,    // gated whatever it holds (q4, no neuron)
  input  wire                      search_i,   // compare with sar_ref_i instead of T
  input  wire [VW-1:0]             sar_ref_i,  // search reference, two's complement
  output wire [`TNAM_CW(ROWS)-1:0] nz_o,       // P + N
  output wire [VW-1:0]             mac_o,      // A, two's complement (0 when gated)
  output wire                      gate_o,     // G: no driven non-zero cell, or spare
  output wire                      dec_o,      // D against T
  output wire                      cmp_o       // A > reference (meaningless when gated)
);

  localparam CW = `TNAM_CW(ROWS);
  localparam OW = `TNAM_OW(VW);

  // (all) - 2 (neg) as a VW-bit two's complement value; both counts are at most ROWS.
  function [VW-1:0] signed_count;
    input [CW-1:0] all;
    input [CW-1:0] neg;
    begin
      signed_count = {{(VW-CW){1'b0}}, all} - {{(VW-CW-1){1'b0}}, neg, 1'b0};
    end
  endfunction

  // Driven cells with magnitude 1 pull a bitline: PBL if sign 0, NBL if sign 1.
  wire [ROWS-1:0] drv_nz;
  wire [ROWS-1:0] drv_neg;
  wire [ROWS-1:0] drv_nz_def;
  wire [ROWS-1:0] drv_neg_def;

  assign drv_nz = wl_i & mag_i;
  assign drv_neg = drv_nz & sign_i;
  assign drv_nz_def = drv_nz & def_i;
  assign drv_neg_def = drv_neg & def_i;

  wire [CW-1:0] nz_cnt;       // P + N
  wire [CW-1:0] neg_cnt;      // N
  wire [CW-1:0] nz_def_cnt;   // Pd + Nd
  wire [CW-1:0] neg_def_cnt;  // Nd

  // The counts matter only while the outputs are read; the defective cells' counts only when
  // D is not 0 as well.
  wire count_on  = `TNAM_SIM_GUARD(sense_i);
  wire excess_on = count_on && (excess_i != 2'b00);

  tnam_popcount #(
    .N     (ROWS)
  ) u_cnt_nz (
    .en_i  (count_on),
    .vec_i (drv_nz),
    .cnt_o (nz_cnt)
  );

  tnam_popcount #(
    .N     (ROWS)
  ) u_cnt_neg (
    .en_i  (count_on),
    .vec_i (drv_neg),
    .cnt_o (neg_cnt)
  );

  tnam_popcount #(
    .N     (ROWS)
  ) u_cnt_nz_def (
    .en_i  (excess_on),
    .vec_i (drv_nz_def),
    .cnt_o (nz_def_cnt)
  );

  tnam_popcount #(
    .N     (ROWS)
  ) u_cnt_neg_def (
    .en_i  (excess_on),
    .vec_i (drv_neg_def),
    .cnt_o (neg_def_cnt)
  );

  reg [VW-1:0] ideal;        // P - N
  reg [VW-1:0] def_diff;     // Pd - Nd
  reg [VW-1:0] offset_diff;  // o - trim, both sign-extended; |.| < 2^(VW-2)
  reg [VW-1:0] excess_term;  // D * (Pd - Nd) for D = 1, 0, -1, -2; |.| <= 2 ROWS
  reg [VW-1:0] a_val;        // A, two's complement
  reg [VW-1:0] ref_val;      // the comparator's reference
  reg          gate;
  reg          a_gt_ref;

  always @(*) begin
    ideal       = {VW{1'b0}};
    def_diff    = {VW{1'b0}};
    offset_diff = {VW{1'b0}};
    excess_term = {VW{1'b0}};
    a_val       = {VW{1'b0}};
    ref_val     = {VW{1'b0}};
    gate        = 1'b0;
    a_gt_ref    = 1'b0;
    if (count_on) begin
      ideal       = signed_count(nz_cnt, neg_cnt);
      def_diff    = signed_count(nz_def_cnt, neg_def_cnt);
      offset_diff = {{2{offset_i[OW-1]}}, offset_i} - {{2{trim_i[OW-1]}}, trim_i};
      case (excess_i)
        2'b01:   excess_term = def_diff;
        2'b11:   excess_term = -def_diff;
        2'b10:   excess_term = -{def_diff[VW-2:0], 1'b0};
        default: excess_term = {VW{1'b0}};
      endcase
      // The modulo-2^VW sum is exact: |A| < 2^(VW-1) (spec section 1).
      a_val = ideal + excess_term + offset_diff;
      // Zero detector: both bitlines idle, unless test mode bypasses it. A spare column
      // switched off by the q4 mode is gated in test mode too.
      gate = spare_i || ((nz_cnt == {CW{1'b0}}) && !test_i);
      // Comparator against the replica reference, signed.
      ref_val  = search_i ? sar_ref_i : thr_i;
      a_gt_ref = $signed(a_val) > $signed(ref_val);
    end
  end

  assign gate_o = gate;
  assign cmp_o  = a_gt_ref;

  // A gated column's comparator is off: its decision is the known result for A = 0,
  // 0 > T, which is T's sign bit.
  assign dec_o = gate ? thr_i[VW-1] : a_gt_ref;

  // A gated column reports 0: an idle column's A is o - trim, which is not sensed.
  assign mac_o = gate ? {VW{1'b0}} : a_val;

  assign nz_o = nz_cnt;

endmodule

`default_nettype wire
