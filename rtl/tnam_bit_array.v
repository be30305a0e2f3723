// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// ROWS x COLS one-bit registers written a row at a time and read by columns.
`default_nettype none
`include "rtl/tnam_params.vh"

// One module for every row-written table of the macro: the cells' magnitude and sign planes,
// the injected defect flags and the health table. Storage is column-major: each column is a
// ROWS-bit vector, the form the sense stage and the hazard rows use (an AND with the word
// lines or with another plane). A row write sets bit wr_row_i of every column; an address
// >= ROWS matches no row and writes nothing. The asynchronous reset clears every bit; for the
// cells that is weight 0, so that the RTL and the golden model start from one defined state
// (spec section 5), unlike a real SRAM.
module tnam_bit_array #(
  parameter ROWS = 64,
  parameter COLS = 16,
  parameter AW   = `TNAM_RAW(ROWS)  // row address width, >= clog2(ROWS)
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  input  wire                 ce_i,      // clock enable: 0 = no register changes
  input  wire                 wr_en_i,
  input  wire [AW-1:0]        wr_row_i,
  input  wire [COLS-1:0]      wr_bits_i,  // bit c = column c
  // Column c, row r at [c*ROWS + r]: a column is one contiguous ROWS-bit slice.
  output wire [COLS*ROWS-1:0] bits_o
);

  reg [COLS*ROWS-1:0] bits_q;

  integer r;
  integer c;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      // By column: one replication of the whole array would exceed Verilator's 8k-bit
      // sanity limit at 256 x 64.
      for (c = 0; c < COLS; c = c + 1) begin
        bits_q[c*ROWS +: ROWS] <= {ROWS{1'b0}};
      end
    end else if (ce_i && wr_en_i) begin
      for (r = 0; r < ROWS; r = r + 1) begin
        if (wr_row_i == r[AW-1:0]) begin
          for (c = 0; c < COLS; c = c + 1) begin
            bits_q[c*ROWS + r] <= wr_bits_i[c];
          end
        end
      end
    end
  end

  assign bits_o = bits_q;

endmodule

`default_nettype wire
