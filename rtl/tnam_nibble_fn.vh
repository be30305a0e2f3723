// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// One bit of every 4-bit activation, gathered into a row vector; for a module with ROWS.

// Included inside a module (no include guard: each module gets its own copy). Row r's
// activation is act[4r +: 4]; nibble_bits(act, sel) returns at bit r: bit sel of it for
// sel = 0 .. 3 (the multi-level sequencer's bit planes), or for NIBBLE_ANY whether any of
// its bits is set (the rows that a q4 evaluation drives, for the chip's selection).
//
// Why not a loop over the rows: a simulator such as Verilator evaluates one operation per
// row and bit. Here every 64-bit word of act gives 16 rows in five mask-and-shift steps that
// close up the gaps (bits 4k -> 2k -> k in pairs, fours, eights, sixteens). The work is done
// a 64-bit word at a time: a simulator then needs no temporaries as wide as act. For
// synthesis the masks and shifts are constants: the gathering is wiring.
localparam       NIBBLE_GROUPS = (ROWS + 15) / 16;  // 64-bit words of 16 rows
localparam [2:0] NIBBLE_ANY    = 3'd4;

function [ROWS-1:0] nibble_bits;
  input [4*ROWS-1:0] act;
  input [2:0]        sel;
  reg [64*NIBBLE_GROUPS-1:0] padded;
  reg [16*NIBBLE_GROUPS-1:0] rows;
  reg [63:0]                 w;
  integer g;
  begin
    padded = {(64*NIBBLE_GROUPS){1'b0}};
    padded[4*ROWS-1:0] = act;
    rows = {(16*NIBBLE_GROUPS){1'b0}};
    for (g = 0; g < NIBBLE_GROUPS; g = g + 1) begin
      w = padded[64*g +: 64];
      w = (sel == NIBBLE_ANY) ? (w | (w >> 1) | (w >> 2) | (w >> 3)) : (w >> sel[1:0]);
      w = w & 64'h1111111111111111;
      w = (w | (w >> 3))  & 64'h0303030303030303;
      w = (w | (w >> 6))  & 64'h000F000F000F000F;
      w = (w | (w >> 12)) & 64'h000000FF000000FF;
      w = (w | (w >> 24)) & 64'h000000000000FFFF;
      rows[16*g +: 16] = w[15:0];
    end
    nibble_bits = rows[ROWS-1:0];
  end
endfunction
