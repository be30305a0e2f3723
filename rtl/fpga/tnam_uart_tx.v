// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// UART transmitter: 8N1, LSB first, one byte at a time with a ready/valid handshake.
`default_nettype none

// Spec: docs/architecture.md section 13.1. A byte is taken when valid_i and ready_o are both
// 1; ready_o is a register, low from that edge until the stop bit has been sent for a full
// bit time, so the next byte's start bit follows the stop bit directly.
module tnam_uart_tx #(
  parameter CLKS_PER_BIT = 104  // board clocks per bit
) (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       valid_i,
  input  wire [7:0] data_i,
  output wire       ready_o,
  output wire       tx_o       // serial line, idle high
);

  localparam CW = $clog2(CLKS_PER_BIT);

  // Frame shifted out from bit 0: start bit, eight data bits, stop bit.
  reg [9:0]    shift_q;
  reg [3:0]    left_q;   // bits still to send; 0 = idle
  reg [CW-1:0] cnt_q;    // clocks left in the current bit

  wire idle = (left_q == 4'd0);

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      shift_q <= 10'h3ff;
      left_q  <= 4'd0;
      cnt_q   <= {CW{1'b0}};
    end else if (idle) begin
      if (valid_i) begin
        shift_q <= {1'b1, data_i, 1'b0};
        left_q  <= 4'd10;
        cnt_q   <= CLKS_PER_BIT[CW-1:0] - 1'b1;
      end
    end else if (cnt_q != {CW{1'b0}}) begin
      cnt_q <= cnt_q - 1'b1;
    end else begin
      // Shift in ones: after the stop bit the line stays high.
      shift_q <= {1'b1, shift_q[9:1]};
      left_q  <= left_q - 1'b1;
      cnt_q   <= CLKS_PER_BIT[CW-1:0] - 1'b1;
    end
  end

  assign ready_o = idle;
  assign tx_o    = shift_q[0];

endmodule

`default_nettype wire
