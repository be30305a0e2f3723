// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// The population count as a function, for the body of a module that defines POPCOUNT_N.

// Included inside a module (no include guard: each module gets its own copy), after a
// `localparam POPCOUNT_N` that gives the vector's width. One text serves tnam_popcount and
// every module that counts inside a loop (tnam_sense), where an instance cannot go.
//
// SWAR: the vector is padded with zeros to P = 2^L bits. Level s adds neighbouring fields of
// 2^(s-1) bits into fields of 2^s bits: x_s = (x_{s-1} & M_s) + ((x_{s-1} >> 2^(s-1)) & M_s),
// where M_s keeps the low half of every 2^s-bit field. After L levels the one remaining
// field is the count. A simulator such as Verilator evaluates a level as four word-wide
// operations, whatever the width (a loop over the bits, or a tree of bit-wide adders, costs
// one or more operations per bit). For synthesis the masks are constants, so every adder bit
// whose operands are both masked to 0 is trimmed, and what is left are narrow per-field
// adders, the same logic as an adder tree. (Fewer operations per level are possible: a
// subtraction at the first level, sums before the mask above it. Yosys cannot trim those
// adders, and the board builds grew by 227 LUTs: docs/harnesses.md "Where the cycles go".)
localparam POPCOUNT_W  = $clog2(POPCOUNT_N + 1);             // count width

// In a Verilated model a 64-bit word is counted in the multiply form instead: pairs and nibbles
// as above, then one multiply adds the eight byte counts into the top byte: 12 operations
// against the masked levels' 24. Synthesis keeps the masked levels, since a 64-bit constant
// multiply costs a board hundreds of LUTs; scripts/popcount_equiv.sh proves the two forms
// equal for every input (make lint).
`ifdef VERILATOR
localparam POPCOUNT_WORDS = (POPCOUNT_N + 63) / 64;

// A word's count is one expression, with no variable of its own between the steps: GCC then
// sees the whole multiply form and, where the CPU has it, compiles it to one POPCNT
// instruction (Makefile VL_ARCH, docs/decisions.md D48). The function's variables are members
// of the Verilated model (the sense stage is evaluated in several of its functions), and with
// a stored value between each two steps GCC kept all twelve operations.
`define TNAM_ONES64_PAIRS(v)   ((v) - (((v) >> 1) & 64'h5555555555555555))
`define TNAM_ONES64_NIBBLES(v) (((v) & 64'h3333333333333333) + (((v) >> 2) & 64'h3333333333333333))
`define TNAM_ONES64_BYTES(v)   (((v) + ((v) >> 4)) & 64'h0f0f0f0f0f0f0f0f)
`define TNAM_ONES64(v) \
  ((`TNAM_ONES64_BYTES(`TNAM_ONES64_NIBBLES(`TNAM_ONES64_PAIRS(v))) * 64'h0101010101010101) >> 56)

function automatic [POPCOUNT_W-1:0] popcount;
  input [POPCOUNT_N-1:0] vec;
  reg   [POPCOUNT_WORDS*64-1:0] padded;
  reg   [63:0] count;
  integer w;
  begin
    padded = {(POPCOUNT_WORDS*64){1'b0}};
    padded[POPCOUNT_N-1:0] = vec;
    count = 64'd0;
    for (w = 0; w < POPCOUNT_WORDS; w = w + 1) begin
      count = count + `TNAM_ONES64(padded[w*64 +: 64]);
    end
    popcount = count[POPCOUNT_W-1:0];
  end
endfunction
`else
localparam POPCOUNT_L  = $clog2(POPCOUNT_N);                 // levels
localparam POPCOUNT_P  = 1 << POPCOUNT_L;                    // padded width
localparam POPCOUNT_LM = (POPCOUNT_L > 0) ? POPCOUNT_L : 1;  // levels with a mask (>= 1 slot)

// The masks of all levels, M_s (s = 1 .. L) at [(s-1)*P +: P]: bit b of M_s is set when b is
// in the low half of its 2^s-bit field.
function [POPCOUNT_LM*POPCOUNT_P-1:0] popcount_masks;
  input integer levels;
  integer s;
  integer b;
  begin
    popcount_masks = {(POPCOUNT_LM*POPCOUNT_P){1'b0}};
    for (s = 1; s <= levels; s = s + 1) begin
      for (b = 0; b < POPCOUNT_P; b = b + 1) begin
        popcount_masks[(s-1)*POPCOUNT_P + b] = ((b >> (s - 1)) % 2) == 0;
      end
    end
  end
endfunction

localparam [POPCOUNT_LM*POPCOUNT_P-1:0] POPCOUNT_MASKS = popcount_masks(POPCOUNT_L);

function automatic [POPCOUNT_W-1:0] popcount;
  input [POPCOUNT_N-1:0] vec;
  reg   [POPCOUNT_P-1:0] x;
  integer s;
  begin
    x = {POPCOUNT_P{1'b0}};
    x[POPCOUNT_N-1:0] = vec;
    for (s = 1; s <= POPCOUNT_L; s = s + 1) begin
      x = (x & POPCOUNT_MASKS[(s-1)*POPCOUNT_P +: POPCOUNT_P])
        + ((x >> (1 << (s - 1))) & POPCOUNT_MASKS[(s-1)*POPCOUNT_P +: POPCOUNT_P]);
    end
    popcount = x[POPCOUNT_W-1:0];
  end
endfunction
`endif
