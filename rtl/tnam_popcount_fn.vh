// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// The population count as a function, for the body of a module that defines POPCOUNT_N.

// Included inside a module (no include guard: each module gets its own copy), after a
// `localparam POPCOUNT_N` that gives the vector's width. One text serves tnam_popcount and
// every module that counts inside a loop (tnam_sense), where an instance cannot go.
//
// SWAR: the vector is padded with zeros to P = 2^L bits and counted in fields that double
// in width, every field's count computed in parallel with word-wide operations:
//   2-bit fields:  x - ((x >> 1) & 0101..)         (a 2-bit field ab holds ab - a = a + b)
//   4-bit fields:  (x & 0011..) + ((x >> 2) & 0011..)
//   8-bit fields:  (x + (x >> 4)) & 00001111..     (4 + 4 fits a 4-bit field: no mask first)
//   then          x + (x >> 8), x + (x >> 16), ...  (the low byte collects every byte; a
//                                                     count <= 256 never carries out of it,
//                                                     and what the upper bytes hold is unused)
// A simulator such as Verilator evaluates a level as two to four word-wide operations,
// whatever the width (a loop over the bits, or a tree of bit-wide adders, costs one or more
// operations per bit). For synthesis the masks are constants, so every adder bit whose
// operands are both masked to 0 is trimmed, and the adders of the last levels are trimmed to
// the count's width.
localparam POPCOUNT_W  = $clog2(POPCOUNT_N + 1);         // count width
localparam POPCOUNT_L  = $clog2(POPCOUNT_N);             // levels
localparam POPCOUNT_P  = 1 << POPCOUNT_L;                // padded width

// Bit b of mask s (s = 1, 2, 3: fields of 2, 4 and 8 bits) is set when b is in the low half
// of its 2^s-bit field.
function [POPCOUNT_P-1:0] popcount_mask;
  input integer s;
  integer b;
  begin
    for (b = 0; b < POPCOUNT_P; b = b + 1) begin
      popcount_mask[b] = ((b >> (s - 1)) % 2) == 0;
    end
  end
endfunction

localparam [POPCOUNT_P-1:0] POPCOUNT_M1 = popcount_mask(1);
localparam [POPCOUNT_P-1:0] POPCOUNT_M2 = popcount_mask(2);
localparam [POPCOUNT_P-1:0] POPCOUNT_M3 = popcount_mask(3);

function [POPCOUNT_W-1:0] popcount;
  input [POPCOUNT_N-1:0] vec;
  reg   [POPCOUNT_P-1:0] x;
  integer s;
  begin
    x = {POPCOUNT_P{1'b0}};
    x[POPCOUNT_N-1:0] = vec;
    if (POPCOUNT_L >= 1) x = x - ((x >> 1) & POPCOUNT_M1);
    if (POPCOUNT_L >= 2) x = (x & POPCOUNT_M2) + ((x >> 2) & POPCOUNT_M2);
    if (POPCOUNT_L >= 3) x = (x + (x >> 4)) & POPCOUNT_M3;
    for (s = 4; s <= POPCOUNT_L; s = s + 1) begin
      x = x + (x >> (1 << (s - 1)));
    end
    popcount = x[POPCOUNT_W-1:0];
  end
endfunction
