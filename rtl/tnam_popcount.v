// Bit-sliced population count: per lane, the number of set bits among N input vectors.
`default_nettype none

// Counts, for every lane l, how many of the N input vectors have bit l set. All LANES
// counts are built at once with bitwise full adders on LANES-bit vectors ("bit-sliced"), so
// the hardware is one full-adder tree per lane and a simulator evaluates all lanes with a
// few word-wide operations per adder.
//
// The tree is recursive: one input vector is kept as the carry-in of a ripple adder that
// sums the counts of the two halves of the others. A node adding two w-bit counts and a
// carry-in therefore uses only full adders (no half adders wasted), and the whole tree has
// about N full adders per lane, the minimum for a count of N bits.
//
// Layout: input vector n, lane l is in_i[n*LANES + l]; bit k of lane l's count is
// cnt_o[k*LANES + l] (bit planes, each LANES bits wide).
module tnam_popcount #(
  parameter N     = 64, // number of input vectors (>= 1)
  parameter LANES = 16  // independent counts, one per bit of an input vector (>= 1)
) (
  input  wire [N*LANES-1:0]           in_i,
  output wire [$clog2(N+1)*LANES-1:0] cnt_o   // count width clog2(N+1) per lane
);

  generate
    if (N == 1) begin : g_one
      assign cnt_o = in_i;
    end else if (N == 2) begin : g_half
      // Half adder, only reached when the top-level N is 2.
      assign cnt_o[0 +: LANES]     = in_i[0 +: LANES] ^ in_i[LANES +: LANES];
      assign cnt_o[LANES +: LANES] = in_i[0 +: LANES] & in_i[LANES +: LANES];
    end else begin : g_tree
      // N >= 3: the last vector is the carry-in, the other N-1 split into lo and hi.
      localparam NLO  = (N - 1) / 2;
      localparam NHI  = N - 1 - NLO;      // NHI >= NLO
      localparam OWLO = $clog2(NLO + 1);
      localparam OWHI = $clog2(NHI + 1);  // N <= 2*NHI + 1, so OW == OWHI + 1

      wire [OWLO*LANES-1:0] lo_cnt;
      wire [OWHI*LANES-1:0] hi_cnt;
      wire [LANES-1:0]      cin = in_i[(N-1)*LANES +: LANES];

      tnam_popcount #(
        .N     (NLO),
        .LANES (LANES)
      ) u_lo (
        .in_i  (in_i[0 +: NLO*LANES]),
        .cnt_o (lo_cnt)
      );

      tnam_popcount #(
        .N     (NHI),
        .LANES (LANES)
      ) u_hi (
        .in_i  (in_i[NLO*LANES +: NHI*LANES]),
        .cnt_o (hi_cnt)
      );

      // Ripple adder lo + hi + cin, one bit plane per stage. Every stage has its own
      // carry wire (not bits of one shared vector) so that no signal depends on itself,
      // which Verilator would otherwise have to evaluate bit by bit (UNOPTFLAT).
      genvar k;
      for (k = 0; k < OWHI; k = k + 1) begin : g_bit
        wire [LANES-1:0] c_in;
        wire [LANES-1:0] c_out;
        wire [LANES-1:0] b = hi_cnt[k*LANES +: LANES];

        if (k == 0) begin : g_c0
          assign c_in = cin;
        end else begin : g_ck
          assign c_in = g_bit[k-1].c_out;
        end

        if (k < OWLO) begin : g_fa
          wire [LANES-1:0] a   = lo_cnt[k*LANES +: LANES];
          wire [LANES-1:0] axb = a ^ b;
          assign cnt_o[k*LANES +: LANES] = axb ^ c_in;
          assign c_out                    = (a & b) | (c_in & axb);
        end else begin : g_ha
          // lo is narrower: its missing bits are 0.
          assign cnt_o[k*LANES +: LANES] = b ^ c_in;
          assign c_out                    = b & c_in;
        end
      end

      assign cnt_o[OWHI*LANES +: LANES] = g_bit[OWHI-1].c_out;
    end
  endgenerate

endmodule

`default_nettype wire
