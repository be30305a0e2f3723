// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// CRC-16/CCITT-FALSE update by one byte (polynomial 0x1021, MSB first), combinational.
`default_nettype none

// Spec: docs/architecture.md section 13.3. The frame's CRC starts at 0xFFFF and takes the
// bytes in order, no reflection and no final XOR; "123456789" gives 0x29B1. One instance in
// the bridge serves both directions: a frame is received and answered at different times.
module tnam_crc16 (
  input  wire [15:0] crc_i,
  input  wire [7:0]  data_i,
  output reg  [15:0] crc_o
);

  integer i;
  always @(*) begin
    crc_o = crc_i ^ {data_i, 8'h00};
    for (i = 0; i < 8; i = i + 1) begin
      crc_o = crc_o[15] ? ({crc_o[14:0], 1'b0} ^ 16'h1021) : {crc_o[14:0], 1'b0};
    end
  end

endmodule

`default_nettype wire
