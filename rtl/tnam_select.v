// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// One tile's selection (spec section 11.3): the copy of the tile that runs this evaluation.
`default_nettype none
`include "rtl/tnam_params.vh"

// Static mapping (select_i = 0) takes the lowest-index copy, whether or not the tile is
// active. Variation-aware selection (select_i = 1) runs an inactive tile nowhere and an
// active one on the copy with the smallest key {hz, resid}: fewest driven hazard rows, then
// the smaller residual offset (the concatenation compares in that order). The scan from
// macro 0 keeps the first of equal keys, so the last tie goes to the lower index; static
// mapping is the same scan with no key compared.
module tnam_select #(
  parameter MACROS = 1,
  parameter MW     = `TNAM_MW(MACROS),  // macro index width
  parameter KW     = 15                 // key width
) (
  input  wire                 select_i,  // variation-aware selection
  input  wire                 active_i,  // the tile has a driven row
  input  wire [MACROS-1:0]    copies_i,  // bit m: macro m holds the tile
  input  wire [MACROS*KW-1:0] key_i,     // macro m's key at [m*KW +: KW]
  output wire                 valid_o,   // a copy was chosen
  output wire [MW-1:0]        sel_o,     // the chosen copy (0 if none)
  output wire [MACROS-1:0]    pick_o     // one-hot of the chosen copy (0 if none)
);

  wire [MACROS-1:0] cand = copies_i & {MACROS{!select_i || active_i}};

  reg              found;
  reg [MW-1:0]     sel;
  reg [KW-1:0]     best;
  reg [MACROS-1:0] pick;

  integer m;
  always @(*) begin
    found = 1'b0;
    sel   = {MW{1'b0}};
    best  = {KW{1'b0}};
    pick  = {MACROS{1'b0}};
    for (m = 0; m < MACROS; m = m + 1) begin
      if (cand[m] && (!found || (select_i && (key_i[m*KW +: KW] < best)))) begin
        found   = 1'b1;
        sel     = m[MW-1:0];
        best    = key_i[m*KW +: KW];
        pick    = {MACROS{1'b0}};
        pick[m] = 1'b1;
      end
    end
  end

  assign valid_o = found;
  assign sel_o   = sel;
  assign pick_o  = pick;

endmodule

`default_nettype wire
