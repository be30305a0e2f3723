// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Injected variation registers (spec sections 3, 4, 12.1): column offsets, defect flags, excess D.
`default_nettype none
`include "rtl/tnam_params.vh"

// The variation port writes one register per edge, chosen by var_sel_i: 0 = the offset of
// column var_addr_i, 1 = the defect flags of row var_addr_i, 2 = the excess D, 3 = nothing.
// Addresses beyond the array match no register. The terms are registers rather than
// constants so that the same RTL runs on an FPGA with any variation.
module tnam_variation #(
  parameter ROWS = 64,
  parameter COLS = 16,
  parameter OW   = `TNAM_OW(`TNAM_VW(ROWS)),                     // offset width
  parameter VAW  = `TNAM_VAW(`TNAM_RAW(ROWS), `TNAM_CAW(COLS)),  // port address width
  parameter VDW  = `TNAM_VDW(COLS, OW)                           // port data width
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  input  wire                 ce_i,      // clock enable: 0 = no register changes
  input  wire                 var_en_i,
  input  wire [1:0]           var_sel_i,
  input  wire [VAW-1:0]       var_addr_i,
  input  wire [VDW-1:0]       var_data_i,
  output wire [COLS*OW-1:0]   offset_o,   // o_c at [c*OW +: OW], two's complement
  output wire [COLS*ROWS-1:0] defect_o,   // f(r, c) at [c*ROWS + r]
  output wire [1:0]           excess_o    // D, two's complement (-2 .. 1)
);

  tnam_col_regs #(
    .COLS      (COLS),
    .W         (OW),
    .AW        (VAW)
  ) u_offset (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .ce_i      (ce_i),
    .wr_en_i   (var_en_i && (var_sel_i == `TNAM_VAR_OFFSET)),
    .wr_col_i  (var_addr_i),
    .wr_data_i (var_data_i[OW-1:0]),
    .regs_o    (offset_o)
  );

  tnam_bit_array #(
    .ROWS      (ROWS),
    .COLS      (COLS),
    .AW        (VAW)
  ) u_defect (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .ce_i      (ce_i),
    .wr_en_i   (var_en_i && (var_sel_i == `TNAM_VAR_DEFECT)),
    .wr_row_i  (var_addr_i),
    .wr_bits_i (var_data_i[COLS-1:0]),
    .bits_o    (defect_o)
  );

  reg [1:0] excess_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      excess_q <= 2'd0;
    end else if (ce_i && var_en_i && (var_sel_i == `TNAM_VAR_EXCESS)) begin
      excess_q <= var_data_i[1:0];
    end
  end

  assign excess_o = excess_q;

endmodule

`default_nettype wire
