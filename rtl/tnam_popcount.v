// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Population count of an N-bit vector (SWAR: fields of growing width added in parallel).
`default_nettype none
`include "rtl/tnam_params.vh"

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
//
// en_i = 0 gives 0 without counting: the levels sit behind that guard, so a simulator skips
// them for a count whose value does not matter (the defective cells' counts when the defect
// excess is 0). Tied to 1, the guard disappears in synthesis. In Verilator an all-zero vector
// (an idle column, an undriven tile) is not counted either: its count is 0 without the levels
// (`TNAM_SIM_GUARD, docs/decisions.md D29).
module tnam_popcount #(
  parameter N = 64  // bits to count, >= 1
) (
  input  wire                     en_i,
  input  wire [N-1:0]             vec_i,
  output wire [$clog2(N+1)-1:0]   cnt_o
);

  localparam OW = $clog2(N + 1);        // count width
  localparam L  = $clog2(N);            // levels
  localparam P  = 1 << L;               // padded width
  localparam LM = (L > 0) ? L : 1;      // levels with a mask (at least one slot)

  // The masks of all levels, level s (1 .. L) at [(s-1)*P +: P]: bit b of M_s is set when b
  // is in the low half of its 2^s-bit field.
  function [LM*P-1:0] level_masks;
    input integer levels;
    integer s;
    integer b;
    begin
      level_masks = {(LM*P){1'b0}};
      for (s = 1; s <= levels; s = s + 1) begin
        for (b = 0; b < P; b = b + 1) begin
          level_masks[(s-1)*P + b] = ((b >> (s - 1)) % 2) == 0;
        end
      end
    end
  endfunction

  localparam [LM*P-1:0] MASKS = level_masks(L);

  reg [P-1:0] x;

  integer s;
  always @(*) begin
    x = {P{1'b0}};
    if (en_i && `TNAM_SIM_GUARD(vec_i != {N{1'b0}})) begin
      x[N-1:0] = vec_i;
      for (s = 1; s <= L; s = s + 1) begin
        x = (x & MASKS[(s-1)*P +: P]) + ((x >> (1 << (s - 1))) & MASKS[(s-1)*P +: P]);
      end
    end
  end

  assign cnt_o = x[OW-1:0];

  // The bits above the count are always 0.
  generate
    if (P > OW) begin : g_unused
      wire unused_hi = ^x[P-1:OW];
    end
  endgenerate

endmodule

`default_nettype wire
