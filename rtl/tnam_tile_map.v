// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// The chip's tile map (which tile each macro holds) and residual-offset registers (spec 11).
`default_nettype none
`include "rtl/tnam_params.vh"

// One entry per macro, written by macro index; an index >= MACROS matches no entry. A map
// write that gives a valid tile >= TILES is ignored; one that gives no tile clears the tile
// field too, so a macro that holds no tile always reads tile 0, as after reset. Reset: macro
// m holds tile m for m < TILES, no tile otherwise; every residual offset is 0.
module tnam_tile_map #(
  parameter MACROS = 1,
  parameter TILES  = 1,
  parameter MW     = `TNAM_MW(MACROS),  // macro index width
  parameter TW     = `TNAM_TW(TILES),   // tile index width
  parameter RSW    = `TNAM_RSW          // residual-offset width
) (
  input  wire                  clk_i,
  input  wire                  rst_ni,
  input  wire                  ce_i,      // clock enable: 0 = no register changes
  input  wire                  map_en_i,
  input  wire [MW-1:0]         map_macro_i,
  input  wire                  map_valid_i,
  input  wire [TW-1:0]         map_tile_i,
  input  wire                  resid_en_i,
  input  wire [MW-1:0]         resid_macro_i,
  input  wire [RSW-1:0]        resid_i,
  output wire [MACROS-1:0]     map_valid_o,  // bit m: macro m holds a tile
  output wire [MACROS*TW-1:0]  map_tile_o,   // macro m's tile at [m*TW +: TW]
  output wire [MACROS*RSW-1:0] resid_o       // macro m's residual offset at [m*RSW +: RSW]
);

  // TILES <= 2^TW, so TW+1 bits hold it.
  localparam integer TILES_I = TILES;
  localparam [TW:0]  TILES_W = TILES_I[TW:0];

  wire map_ok = map_en_i && (!map_valid_i || ({1'b0, map_tile_i} < TILES_W));

  genvar m;
  generate
    for (m = 0; m < MACROS; m = m + 1) begin : g_macro
      localparam [MW-1:0] ADDR        = m;
      localparam          HOLDS       = (m < TILES);
      localparam integer  TILE_INIT_I = HOLDS ? m : 0;
      localparam [TW-1:0] TILE_INIT   = TILE_INIT_I[TW-1:0];

      reg           valid_q;
      reg [TW-1:0]  tile_q;
      reg [RSW-1:0] resid_q;

      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          valid_q <= HOLDS;
          tile_q  <= TILE_INIT;
          resid_q <= {RSW{1'b0}};
        end else if (ce_i) begin
          if (map_ok && (map_macro_i == ADDR)) begin
            valid_q <= map_valid_i;
            tile_q  <= map_valid_i ? map_tile_i : {TW{1'b0}};
          end
          if (resid_en_i && (resid_macro_i == ADDR)) begin
            resid_q <= resid_i;
          end
        end
      end

      assign map_valid_o[m]          = valid_q;
      assign map_tile_o[m*TW +: TW]  = tile_q;
      assign resid_o[m*RSW +: RSW]   = resid_q;
    end
  endgenerate

endmodule

`default_nettype wire
