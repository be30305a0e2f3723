// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Health table (one bit per cell, 1 = known defective) and the hazard rows it gives (spec 3).
`default_nettype none
`include "rtl/tnam_params.vh"

// Row r is a hazard row when a known-defective cell of it holds a non-zero weight:
// hazard_r = OR_c (h(r, c) and m(r, c)). Both tables are column-major, so that is one
// ROWS-bit AND and OR per column. hazard_o is a function of registers only: the chip's
// selection reads it in the cycle of an evaluation.
module tnam_health #(
  parameter ROWS = 64,
  parameter COLS = 16
) (
  input  wire                    clk_i,
  input  wire                    rst_ni,
  input  wire                    ce_i,      // clock enable: 0 = no register changes
  input  wire                    health_en_i,
  input  wire [`TNAM_RAW(ROWS)-1:0] health_row_i,
  input  wire [COLS-1:0]         health_i,    // bit c = column c
  input  wire [COLS*ROWS-1:0]    mag_i,       // cell magnitudes, column c at [c*ROWS +: ROWS]
  output wire [ROWS-1:0]         hazard_o     // bit r = row r
);

  wire [COLS*ROWS-1:0] health;

  tnam_bit_array #(
    .ROWS      (ROWS),
    .COLS      (COLS),
    .AW        (`TNAM_RAW(ROWS))
  ) u_table (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .ce_i      (ce_i),
    .wr_en_i   (health_en_i),
    .wr_row_i  (health_row_i),
    .wr_bits_i (health_i),
    .bits_o    (health)
  );

  reg [ROWS-1:0] hazard;

  integer c;
  always @(*) begin
    hazard = {ROWS{1'b0}};
    for (c = 0; c < COLS; c = c + 1) begin
      hazard = hazard | (health[c*ROWS +: ROWS] & mag_i[c*ROWS +: ROWS]);
    end
  end

  assign hazard_o = hazard;

endmodule

`default_nettype wire
