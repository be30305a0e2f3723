// One column's sense logic: bitline counts P/N, zero detector, comparator with muxed reference.
`default_nettype none

// The column is counted as P + N (driven cells with a non-zero weight) and N (driven cells
// with weight -1): P + N is needed anyway by the zero detector and the event counter, and
// A = P - N = (P + N) - 2N then costs one subtractor.
//
// The column has one comparator (spec section 9.1): it compares A with the threshold T for a
// threshold evaluation and with the search reference during a multi-level operation.
module tnam_column #(
  parameter ROWS = 64,
  parameter VW   = 10  // clog2(ROWS+1) + 3, from the top
) (
  input  wire [ROWS-1:0]           wl_i,       // word lines of the sense stage
  input  wire [ROWS-1:0]           mag_i,      // this column's cells, bit r = row r
  input  wire [ROWS-1:0]           sign_i,
  input  wire [VW-1:0]             thr_i,      // T, two's complement
  input  wire                      off_i,      // gated whatever it holds (q4, no neuron)
  input  wire                      search_i,   // compare with sar_ref_i instead of T
  input  wire [VW-1:0]             sar_ref_i,  // search reference, two's complement
  output wire [$clog2(ROWS+1)-1:0] nz_o,       // P + N
  output wire [VW-1:0]             mac_o,      // A, two's complement (0 when gated)
  output wire                      gate_o,     // G: no driven non-zero cell, or off
  output wire                      dec_o,      // D against T
  output wire                      cmp_o       // A > reference (meaningless when gated)
);

  localparam CW = $clog2(ROWS + 1);

  // Driven cells with magnitude 1 pull a bitline: PBL if sign 0, NBL if sign 1.
  wire [ROWS-1:0] drv_nz;
  wire [ROWS-1:0] drv_neg;

  assign drv_nz = wl_i & mag_i;
  assign drv_neg = drv_nz & sign_i;

  wire [CW-1:0] nz_cnt;   // P + N
  wire [CW-1:0] neg_cnt;  // N

  tnam_popcount #(
    .N     (ROWS)
  ) u_cnt_nz (
    .vec_i (drv_nz),
    .cnt_o (nz_cnt)
  );

  tnam_popcount #(
    .N     (ROWS)
  ) u_cnt_neg (
    .vec_i (drv_neg),
    .cnt_o (neg_cnt)
  );

  wire signed [VW-1:0] a_val;
  wire signed [VW-1:0] ref_val;
  wire                 a_gt_ref;

  // A = (P + N) - 2N; |A| <= ROWS fits VW bits with room to spare.
  assign a_val = {{(VW-CW){1'b0}}, nz_cnt} - {{(VW-CW-1){1'b0}}, neg_cnt, 1'b0};

  // Zero detector: both bitlines idle. A column switched off by the q4 mode is gated too.
  assign gate_o = off_i || (nz_cnt == {CW{1'b0}});

  // Comparator against the replica reference, signed.
  assign ref_val = search_i ? sar_ref_i : thr_i;
  assign a_gt_ref = (a_val > ref_val);
  assign cmp_o = a_gt_ref;

  // A gated column's comparator is off: its decision is the known result for A = 0,
  // 0 > T, which is T's sign bit.
  assign dec_o = gate_o ? thr_i[VW-1] : a_gt_ref;

  // A gated column reports 0. Gated by its cells, A is already 0 (P = N = 0); a column
  // switched off may hold driven cells, so only off_i needs the multiplexer.
  assign mac_o = off_i ? {VW{1'b0}} : a_val;

  assign nz_o = nz_cnt;

endmodule

`default_nettype wire
