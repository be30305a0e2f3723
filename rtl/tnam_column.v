// One column's sense logic: value A = P - N, zero detector, comparator against T.
`default_nettype none

// Inputs are the column's bitline counts as (P + N, N): the count of driven non-zero cells
// is needed anyway for the zero detector and the event counter, and A = (P + N) - 2N then
// costs one subtractor instead of two adders.
module tnam_column #(
  parameter ROWS = 64,
  parameter VW   = 10  // clog2(ROWS+1) + 3, from the top
) (
  input  wire [$clog2(ROWS+1)-1:0] nz_i,   // P + N: driven cells with weight +1 or -1
  input  wire [$clog2(ROWS+1)-1:0] neg_i,  // N: driven cells with weight -1
  input  wire [VW-1:0]             thr_i,  // T, two's complement
  output wire [VW-1:0]             mac_o,  // A, two's complement
  output wire                      gate_o, // G: no driven non-zero cell
  output wire                      dec_o   // D
);

  localparam CW = $clog2(ROWS + 1);

  wire signed [VW-1:0] a_val;
  wire signed [VW-1:0] thr_val;
  wire                 a_gt_t;

  assign thr_val = thr_i;

  // A = P - N = (P + N) - 2N; |A| <= ROWS fits VW bits with room to spare.
  assign a_val = {{(VW-CW){1'b0}}, nz_i} - {{(VW-CW-1){1'b0}}, neg_i, 1'b0};

  // Zero detector: both bitlines idle.
  assign gate_o = (nz_i == {CW{1'b0}});

  // Comparator against the replica reference, signed.
  assign a_gt_t = (a_val > thr_val);

  // A gated column's comparator is off: its decision is the known result for A = 0,
  // 0 > T, which is T's sign bit.
  assign dec_o = gate_o ? thr_i[VW-1] : a_gt_t;

  // A gated column reports 0, and A is already 0 then (P = N = 0), so no multiplexer.
  assign mac_o = a_val;

endmodule

`default_nettype wire
