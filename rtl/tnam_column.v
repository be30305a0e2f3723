// One column's sense logic: bitline counts P/N, zero detector, comparator against T.
`default_nettype none

// The column is counted as P + N (driven cells with a non-zero weight) and N (driven cells
// with weight -1): P + N is needed anyway by the zero detector and the event counter, and
// A = P - N = (P + N) - 2N then costs one subtractor.
module tnam_column #(
  parameter ROWS = 64,
  parameter VW   = 10  // clog2(ROWS+1) + 3, from the top
) (
  input  wire [ROWS-1:0]           wl_i,    // word lines of the sense stage
  input  wire [ROWS-1:0]           mag_i,   // this column's cells, bit r = row r
  input  wire [ROWS-1:0]           sign_i,
  input  wire [VW-1:0]             thr_i,   // T, two's complement
  output wire [$clog2(ROWS+1)-1:0] nz_o,    // P + N
  output wire [VW-1:0]             mac_o,   // A, two's complement
  output wire                      gate_o,  // G: no driven non-zero cell
  output wire                      dec_o    // D
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
  wire signed [VW-1:0] thr_val;
  wire                 a_gt_t;

  assign thr_val = thr_i;

  // A = (P + N) - 2N; |A| <= ROWS fits VW bits with room to spare.
  assign a_val = {{(VW-CW){1'b0}}, nz_cnt} - {{(VW-CW-1){1'b0}}, neg_cnt, 1'b0};

  // Zero detector: both bitlines idle.
  assign gate_o = (nz_cnt == {CW{1'b0}});

  // Comparator against the replica reference, signed.
  assign a_gt_t = (a_val > thr_val);

  // A gated column's comparator is off: its decision is the known result for A = 0,
  // 0 > T, which is T's sign bit.
  assign dec_o = gate_o ? thr_i[VW-1] : a_gt_t;

  // A gated column reports 0, and A is already 0 then (P = N = 0), so no multiplexer.
  assign mac_o = a_val;

  assign nz_o = nz_cnt;

endmodule

`default_nettype wire
