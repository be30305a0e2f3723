// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// UART receiver: 8N1, LSB first, two-flop synchroniser, mid-bit sampling, framing error flag.
`default_nettype none

// Spec: docs/architecture.md section 13.1. A byte starts at a falling edge of the synchronised
// line (an edge, not a level: a line held low after a framing error starts nothing). The start
// bit is sampled in its middle and a glitch shorter than half a bit is dropped there; the data
// bits and the stop bit are sampled CLKS_PER_BIT clocks apart from it. valid_o is a one-clock
// pulse after the stop bit's sample, with ferr_o set when that stop bit was 0.
module tnam_uart_rx #(
  parameter CLKS_PER_BIT = 104  // board clocks per bit, at least 4
) (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       rx_i,      // asynchronous serial line, idle high
  output wire       valid_o,   // a byte was received (one clock)
  output wire [7:0] data_o,
  output wire       ferr_o     // with valid_o: its stop bit was 0
);

  localparam CW   = $clog2(CLKS_PER_BIT);
  localparam HALF = CLKS_PER_BIT / 2;

  localparam [1:0] IDLE  = 2'd0;
  localparam [1:0] START = 2'd1;  // half a bit to the middle of the start bit
  localparam [1:0] DATA  = 2'd2;  // eight data bits
  localparam [1:0] STOP  = 2'd3;

  // Two flip-flops against metastability, a third to see the falling edge. All start at 1:
  // the idle line.
  reg [2:0] sync_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q <= 3'b111;
    end else begin
      sync_q <= {sync_q[1:0], rx_i};
    end
  end
  wire line = sync_q[1];
  wire fall = sync_q[2] && !sync_q[1];

  reg [1:0]    state_q;
  reg [CW-1:0] cnt_q;    // clocks to the next sample
  reg [2:0]    bit_q;    // data bit index
  reg [7:0]    data_q;
  reg          valid_q;
  reg          ferr_q;

  wire sample = (cnt_q == {CW{1'b0}});

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= IDLE;
      cnt_q   <= {CW{1'b0}};
      bit_q   <= 3'd0;
      data_q  <= 8'd0;
      valid_q <= 1'b0;
      ferr_q  <= 1'b0;
    end else begin
      valid_q <= 1'b0;
      if (!sample) begin
        cnt_q <= cnt_q - 1'b1;
      end
      case (state_q)
        IDLE: begin
          if (fall) begin
            state_q <= START;
            cnt_q   <= HALF[CW-1:0] - 1'b1;
          end
        end
        START: begin
          if (sample) begin
            // Still low in the middle: a real start bit; high again: a glitch.
            state_q <= line ? IDLE : DATA;
            cnt_q   <= CLKS_PER_BIT[CW-1:0] - 1'b1;
            bit_q   <= 3'd0;
          end
        end
        DATA: begin
          if (sample) begin
            data_q <= {line, data_q[7:1]};
            bit_q  <= bit_q + 1'b1;
            cnt_q  <= CLKS_PER_BIT[CW-1:0] - 1'b1;
            if (bit_q == 3'd7) begin
              state_q <= STOP;
            end
          end
        end
        default: begin  // STOP
          if (sample) begin
            state_q <= IDLE;
            valid_q <= 1'b1;
            ferr_q  <= !line;
          end
        end
      endcase
    end
  end

  assign valid_o = valid_q;
  assign data_o  = data_q;
  assign ferr_o  = ferr_q;

endmodule

`default_nettype wire
