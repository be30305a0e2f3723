// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// One W-bit register per column (thresholds, trims, offsets) with one write port.
`default_nettype none
`include "rtl/tnam_params.vh"

// A column address >= COLS matches no register and so writes nothing. Reset clears every
// register to 0.
module tnam_col_regs #(
  parameter COLS = 16,
  parameter W    = 10,  // register width
  parameter AW   = `TNAM_CAW(COLS)  // column address width, >= clog2(COLS)
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  input  wire              ce_i,      // clock enable: 0 = no register changes
  input  wire              wr_en_i,
  input  wire [AW-1:0]     wr_col_i,
  input  wire [W-1:0]      wr_data_i,
  // Column c at [c*W +: W].
  output wire [COLS*W-1:0] regs_o
);

  // One packed vector, written a field at a time: a Verilated model then copies nothing on
  // the cycles without a write (one register per column would be re-packed into regs_o on
  // every edge).
  reg [COLS*W-1:0] regs_q;

  integer c;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      regs_q <= {(COLS*W){1'b0}};
    end else if (ce_i && wr_en_i) begin
      for (c = 0; c < COLS; c = c + 1) begin
        if (wr_col_i == c[AW-1:0]) begin
          regs_q[c*W +: W] <= wr_data_i;
        end
      end
    end
  end

  assign regs_o = regs_q;

endmodule

`default_nettype wire
