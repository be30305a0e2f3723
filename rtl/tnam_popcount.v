// Population count of an N-bit vector (SWAR: fields of growing width added in parallel).
`default_nettype none

// The vector is padded with zeros to P = 2^L bits. Level s adds neighbouring fields of
// 2^(s-1) bits into fields of 2^s bits: x_s = (x_{s-1} & M_s) + ((x_{s-1} >> 2^(s-1)) & M_s),
// where M_s keeps the low half of every 2^s-bit field. After L levels the one remaining
// field is the count.
//
// Why this form: a simulator such as Verilator evaluates a level as four word-wide
// operations, whatever N is (a loop over the bits, or a tree of bit-wide adders, costs
// one or more operations per bit). For synthesis the masks are constants, so every
// adder bit whose operands are both masked to 0 is trimmed, and what is left are narrow
// per-field adders, the same logic as an adder tree.
module tnam_popcount #(
  parameter N = 64  // bits to count, >= 1
) (
  input  wire [N-1:0]             vec_i,
  output wire [$clog2(N+1)-1:0]   cnt_o
);

  localparam OW = $clog2(N + 1);  // count width
  localparam L  = $clog2(N);      // levels
  localparam P  = 1 << L;         // padded width

  // Mask with the low `half` bits of every (2*half)-bit field set.
  function [P-1:0] field_mask;
    input integer half;
    integer b;
    begin
      for (b = 0; b < P; b = b + 1) begin
        field_mask[b] = ((b / half) % 2) == 0;
      end
    end
  endfunction

  genvar s;
  generate
    for (s = 0; s <= L; s = s + 1) begin : g_lvl
      wire [P-1:0] x;
      if (s == 0) begin : g_in
        if (P > N) begin : g_pad
          assign x = {{(P-N){1'b0}}, vec_i};
        end else begin : g_nopad
          assign x = vec_i;
        end
      end else begin : g_add
        localparam        H = 1 << (s - 1);
        localparam [P-1:0] M = field_mask(H);
        assign x = (g_lvl[s-1].x & M) + ((g_lvl[s-1].x >> H) & M);
      end
    end
  endgenerate

  assign cnt_o = g_lvl[L].x[OW-1:0];

  // The bits above the count are always 0.
  generate
    if (P > OW) begin : g_unused
      wire unused_hi = ^g_lvl[L].x[P-1:OW];
    end
  endgenerate

endmodule

`default_nettype wire
