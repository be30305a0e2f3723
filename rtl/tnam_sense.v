// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// The sense stage of every column: bitline counts, variation terms, zero detector, comparator.
`default_nettype none
`include "rtl/tnam_params.vh"

// Column c is counted as P + N (driven cells with a non-zero weight) and N (driven cells with
// weight -1): P + N is needed anyway by the zero detector and the event counter (which
// takes the sum over the columns, added here as the columns are counted), and
// P - N = (P + N) - 2N then costs one subtractor. The defective cells among them are counted
// the same way, Pd - Nd = (Pd + Nd) - 2Nd, so that (spec section 3)
//   A = (P - N) + D * (Pd - Nd) + o - trim.
// With D in -2 .. 1 the product is a negation and a doubling, no multiplier.
//
// Each column has one comparator (spec section 9.1): it compares A with the threshold T for
// a threshold evaluation and with the search reference during a multi-level operation.
//
// All columns are one loop in one block, rather than one instance each, so that a Verilated
// model writes every column's results straight into the packed vectors, and skips the whole
// stage when sense_i is 0 (`TNAM_SIM_GUARD, docs/decisions.md D29): sense_i says that a
// reader of the outputs is waiting (the word lines hold an evaluation); when it is 0 nobody
// reads them. Within the stage an idle column (no driven non-zero cell) is not counted: its
// counts are 0 without the levels. And in the steps of a search after its plane's READ
// (hold_i) only the comparators are evaluated, on the A that the READ left in the mac
// register: the word lines, cells and variation terms cannot change while the macro is busy,
// so A is the READ's (a gated column's comparison, against 0 there, is used by nobody).
module tnam_sense #(
  parameter ROWS = 64,
  parameter COLS = 16,
  parameter VW   = `TNAM_VW(ROWS)  // from the top
) (
  input  wire                           sense_i,    // the outputs are read this cycle
  input  wire                           hold_i,     // a search step after its plane's READ
  input  wire [COLS*VW-1:0]             held_mac_i, // mac of that READ (the mac register)
  input  wire [ROWS-1:0]                wl_i,       // word lines of the sense stage
  input  wire [COLS*ROWS-1:0]           mag_i,      // column c, row r at [c*ROWS + r]
  input  wire [COLS*ROWS-1:0]           sign_i,
  input  wire [COLS*ROWS-1:0]           def_i,      // injected defect flags, same layout
  input  wire [1:0]                     excess_i,   // D, two's complement
  input  wire [COLS*`TNAM_OW(VW)-1:0]   offset_i,   // o of column c at [c*OW +: OW]
  input  wire [COLS*`TNAM_OW(VW)-1:0]   trim_i,     // trims, same layout
  input  wire [COLS*VW-1:0]             thr_i,      // T of column c at [c*VW +: VW]
  input  wire                           test_i,     // test mode: zero detector bypassed
  input  wire [COLS-1:0]                spare_i,    // gated whatever they hold (q4, no neuron)
  input  wire                           search_i,   // compare with sar_ref_i instead of T
  input  wire [COLS*VW-1:0]             sar_ref_i,  // search references, same layout as T
  output reg  [$clog2(ROWS*COLS+1)-1:0] nz_sum_o,   // P + N summed over the columns
  output reg  [COLS*VW-1:0]             mac_o,      // A (0 when gated), two's complement
  output reg  [COLS-1:0]                gate_o,     // G: no driven non-zero cell, or spare
  output reg  [COLS-1:0]                dec_o,      // D against T
  output reg  [COLS-1:0]                cmp_o       // A > reference (meaningless when gated)
);

  localparam CW  = `TNAM_CW(ROWS);
  localparam NSW = $clog2(ROWS * COLS + 1);  // driven non-zero cells over all columns
  localparam OW = `TNAM_OW(VW);

  localparam POPCOUNT_N = ROWS;
  `include "rtl/tnam_popcount_fn.vh"

  // One column's intermediate values (the loop below reuses them for every column).
  reg [ROWS-1:0] drv_nz;       // driven cells with magnitude 1 pull a bitline:
  reg [ROWS-1:0] drv_neg;      //   PBL if sign 0, NBL if sign 1
  reg [CW-1:0]   nz_cnt;       // P + N
  reg [CW-1:0]   neg_cnt;      // N
  reg [CW-1:0]   nz_def_cnt;   // Pd + Nd
  reg [CW-1:0]   neg_def_cnt;  // Nd
  reg [VW-1:0]   ideal;        // P - N
  reg [VW-1:0]   def_diff;     // Pd - Nd
  reg [VW-1:0]   excess_term;  // D * (Pd - Nd); |.| <= 2 ROWS
  reg [VW-1:0]   offset_diff;  // o - trim, both sign-extended; |.| < 2^(VW-2)
  reg [VW-1:0]   a_val;        // A, two's complement
  reg [VW-1:0]   ref_val;      // the comparator's reference
  reg            gate;
  reg            a_gt_ref;
  // The outputs are assembled in these and written once at the end: a Verilated model would
  // otherwise read back and rewrite an output's word in memory for every column.
  reg [NSW-1:0]     nz_sum;
  reg [COLS*VW-1:0] mac;
  reg [COLS-1:0]    gates;
  reg [COLS-1:0]    decs;
  reg [COLS-1:0]    cmps;

  localparam TEMPS_W = 2 * ROWS + 4 * CW + 6 * VW + 2;  // the intermediates above, together
  localparam OUTS_W  = NSW + COLS * VW + 3 * COLS;      // the assembled outputs, together

  integer c;
  always @(*) begin
    // Every intermediate is written first, outside any branch: Verilator then keeps them as
    // local variables of the evaluation, which the C++ compiler holds in registers; written
    // only under the guards below, each would be a member of the model, stored at every use.
    {drv_nz, drv_neg, nz_cnt, neg_cnt, nz_def_cnt, neg_def_cnt, ideal, def_diff, excess_term,
     offset_diff, a_val, ref_val, gate, a_gt_ref} = {TEMPS_W{1'b0}};
    {nz_sum, mac, gates, decs, cmps} = {OUTS_W{1'b0}};
    if (`TNAM_SIM_GUARD(sense_i)) begin
      for (c = 0; c < COLS; c = c + 1) begin
        if (`TNAM_SIM_GUARD(!hold_i)) begin
          drv_nz      = wl_i & mag_i[c*ROWS +: ROWS];
          drv_neg     = drv_nz & sign_i[c*ROWS +: ROWS];
          nz_cnt      = {CW{1'b0}};
          neg_cnt     = {CW{1'b0}};
          nz_def_cnt  = {CW{1'b0}};
          neg_def_cnt = {CW{1'b0}};
          if (`TNAM_SIM_GUARD(drv_nz != {ROWS{1'b0}})) begin
            nz_cnt  = popcount(drv_nz);
            neg_cnt = popcount(drv_neg);
            // The defective cells' counts matter only when D is not 0.
            if (excess_i != 2'b00) begin
              nz_def_cnt  = popcount(drv_nz & def_i[c*ROWS +: ROWS]);
              neg_def_cnt = popcount(drv_neg & def_i[c*ROWS +: ROWS]);
            end
          end
          // (all) - 2 (neg) as VW-bit two's complement values; both counts are at most ROWS.
          ideal       = {{(VW-CW){1'b0}}, nz_cnt} - {{(VW-CW-1){1'b0}}, neg_cnt, 1'b0};
          // D * (Pd - Nd) for D = 1, 0, -1, -2: 0 for D = 0 without computing it.
          def_diff    = {VW{1'b0}};
          excess_term = {VW{1'b0}};
          if (`TNAM_SIM_GUARD(excess_i != 2'b00)) begin
            def_diff = {{(VW-CW){1'b0}}, nz_def_cnt} - {{(VW-CW-1){1'b0}}, neg_def_cnt, 1'b0};
            case (excess_i)
              2'b01:   excess_term = def_diff;
              2'b11:   excess_term = -def_diff;
              2'b10:   excess_term = -{def_diff[VW-2:0], 1'b0};
              default: excess_term = {VW{1'b0}};
            endcase
          end
          offset_diff = {{2{offset_i[c*OW+OW-1]}}, offset_i[c*OW +: OW]}
                      - {{2{trim_i[c*OW+OW-1]}}, trim_i[c*OW +: OW]};
          // The modulo-2^VW sum is exact: |A| < 2^(VW-1) (spec section 1).
          a_val = ideal + excess_term + offset_diff;
          // Zero detector: both bitlines idle, unless test mode bypasses it. A spare column
          // switched off by the q4 mode is gated in test mode too.
          gate = spare_i[c] || ((nz_cnt == {CW{1'b0}}) && !test_i);
          // Comparator against the replica reference, signed.
          ref_val  = search_i ? sar_ref_i[c*VW +: VW] : thr_i[c*VW +: VW];
          a_gt_ref = $signed(a_val) > $signed(ref_val);
          nz_sum          = nz_sum + {{(NSW-CW){1'b0}}, nz_cnt};
          // A gated column reports 0: an idle column's A is o - trim, which is not sensed.
          mac[c*VW +: VW] = gate ? {VW{1'b0}} : a_val;
          gates[c]        = gate;
          // A gated column's comparator is off: its decision is the known result for A = 0,
          // 0 > T, which is T's sign bit.
          decs[c]         = gate ? thr_i[c*VW+VW-1] : a_gt_ref;
          cmps[c]         = a_gt_ref;
        end else begin
          // A search step after the READ: only the comparison with the new reference.
          cmps[c] = $signed(held_mac_i[c*VW +: VW]) > $signed(sar_ref_i[c*VW +: VW]);
        end
      end
    end
    nz_sum_o = nz_sum;
    mac_o    = mac;
    gate_o   = gates;
    dec_o    = decs;
    cmp_o    = cmps;
  end

endmodule

`default_nettype wire
