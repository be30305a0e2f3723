// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// UART bridge: frame parser and answerer that single-steps the chip, one STEP frame per chip cycle.
`default_nettype none

// Spec: docs/architecture.md sections 13.2 and 13.3 (decisions D22, D23). Outside a frame
// every byte but the sync 0xA5 is discarded. Inside one, the type is checked when it arrives
// (unknown: ERROR 3), the length when both of its bytes have arrived (ERROR 2), the CRC after
// its two bytes (ERROR 1); a byte with a framing error ends the frame (ERROR 5), and so does a
// gap of 8192 bit times between two bytes (ERROR 4). A STEP's payload is shifted straight
// into the input register, byte 0 ending at the bottom: no byte-address decoder is needed.
//
// A good STEP is carried out in two clocks: the chip's reset bit is copied from the input
// register into rst_q and ce_o rises for one clock, so the chip's edge comes a full clock
// after any change of its reset. The answer is then sent with the chip standing still, its
// payload read from the chip's output vector through a byte multiplexer (out_i is not
// copied into flip-flops). One CRC unit serves both directions: a frame is received and
// answered at different times. Bytes that arrive while an answer is being sent are dropped:
// the host waits for the answer before it sends the next frame.
module tnam_bridge #(
  parameter ROWS         = 8,
  parameter COLS         = 6,
  parameter MACROS       = 2,
  parameter TILES        = 1,
  parameter IN_BITS      = 140,  // chip input vector, from the top (section 13.2)
  parameter OUT_BITS     = 862,  // chip output vector
  parameter CLKS_PER_BIT = 104   // for the inter-byte timeout
) (
  input  wire                clk_i,
  input  wire                rst_ni,
  // From the UART receiver.
  input  wire                rx_valid_i,
  input  wire [7:0]          rx_data_i,
  input  wire                rx_ferr_i,
  // To the UART transmitter.
  input  wire                tx_ready_i,
  output wire                tx_valid_o,
  output wire [7:0]          tx_data_o,
  // To and from the chip.
  output wire [IN_BITS-1:1]  in_o,       // input register but bit 0 (rst_ni: rst_no)
  output wire                rst_no,     // the chip's reset, changed only by a STEP
  output wire                ce_o,       // one clock per STEP carried out
  input  wire [OUT_BITS-1:0] out_i,
  // Activity (toggles at every good frame) and error (lit from an error to a good frame).
  output wire [1:0]          led_o
);

  localparam IN_BYTES  = (IN_BITS + 7) / 8;
  localparam OUT_BYTES = (OUT_BITS + 7) / 8;
  localparam INFO_LEN  = 14;
  localparam MAXB      = (OUT_BYTES > IN_BYTES) ? OUT_BYTES : IN_BYTES;  // > INFO_LEN
  localparam CNW       = $clog2(MAXB + 1);
  localparam TIMEOUT   = 8192 * CLKS_PER_BIT;  // clocks between two bytes of a frame
  localparam TOW       = $clog2(TIMEOUT);

  localparam [7:0] SYNC_IN  = 8'hA5;
  localparam [7:0] SYNC_OUT = 8'h5A;
  localparam [7:0] T_INFO   = 8'h01;
  localparam [7:0] T_STEP   = 8'h02;
  localparam [7:0] T_ERROR  = 8'hEE;
  localparam [7:0] ANSWER   = 8'h80;  // an answer's type is the request's with bit 7 set

  localparam [7:0] E_CRC    = 8'h01;
  localparam [7:0] E_LEN    = 8'h02;
  localparam [7:0] E_TYPE   = 8'h03;
  localparam [7:0] E_TIME   = 8'h04;
  localparam [7:0] E_FRAME  = 8'h05;

  localparam [3:0] HUNT   = 4'd0;
  localparam [3:0] TYPE   = 4'd1;
  localparam [3:0] SEQ    = 4'd2;
  localparam [3:0] LEN0   = 4'd3;
  localparam [3:0] LEN1   = 4'd4;
  localparam [3:0] PAY    = 4'd5;
  localparam [3:0] CRC0   = 4'd6;
  localparam [3:0] CRC1   = 4'd7;
  localparam [3:0] CLOCK  = 4'd8;   // ce_o = 1: the chip's one edge
  localparam [3:0] TX_HDR = 4'd9;   // answer: sync, type, sequence, length
  localparam [3:0] TX_PAY = 4'd10;
  localparam [3:0] TX_CRC = 4'd11;

  localparam [1:0] A_ERROR = 2'd0;
  localparam [1:0] A_INFO  = 2'd1;
  localparam [1:0] A_OUT   = 2'd2;

  localparam [CNW-1:0] HDR_LAST = 4;  // last header byte of an answer
  localparam [15:0] IN_LEN  = IN_BYTES[15:0];
  localparam [15:0] OUT_LEN = OUT_BYTES[15:0];

  // INFO payload, byte 0 at the bottom: "TNAM", version 1, ROWS, COLS, MACROS, TILES,
  // IN_BYTES, OUT_BYTES (16-bit fields little endian).
  localparam [8*INFO_LEN-1:0] INFO = {OUT_LEN, IN_LEN, TILES[7:0], MACROS[7:0], COLS[7:0], ROWS[15:0],
                                      8'd1, "MANT"};

  reg [3:0]              state_q;
  reg                    step_q;    // the request is a STEP (else INFO)
  reg [7:0]              seq_q;
  reg [7:0]              lo_q;      // low byte of the length, then of the CRC
  reg [CNW-1:0]          cnt_q;     // payload byte, or header/CRC byte of an answer
  reg [15:0]             crc_q;
  reg [1:0]              ans_q;
  reg [7:0]              code_q;    // error code of an ERROR answer
  reg [TOW-1:0]          idle_q;    // clocks since the frame's last byte
  reg [8*IN_BYTES-1:0]   in_q;
  reg                    rst_q;
  reg                    ce_q;
  reg [1:0]              led_q;

  wire in_frame = (state_q >= TYPE) && (state_q <= CRC1);
  wire sending  = (state_q >= TX_HDR);
  wire fire     = sending && tx_ready_i;  // the transmitter takes tx_data_o at this edge

  // ---------------------------------------------------------------------------------------
  // The answer's bytes.
  // ---------------------------------------------------------------------------------------
  wire [8*OUT_BYTES-1:0] out_pad = {{(8*OUT_BYTES-OUT_BITS){1'b0}}, out_i};

  reg [7:0]  ans_type;
  reg [15:0] ans_len;
  reg [7:0]  tx_byte;

  always @(*) begin
    case (ans_q)
      A_INFO:  begin ans_type = T_INFO | ANSWER; ans_len = INFO_LEN; end
      A_OUT:   begin ans_type = T_STEP | ANSWER; ans_len = OUT_LEN;  end
      default: begin ans_type = T_ERROR;         ans_len = 16'd1;    end
    endcase
    tx_byte = SYNC_OUT;
    case (state_q)
      TX_HDR: begin
        case (cnt_q[2:0])
          3'd0:    tx_byte = SYNC_OUT;
          3'd1:    tx_byte = ans_type;
          3'd2:    tx_byte = seq_q;
          3'd3:    tx_byte = ans_len[7:0];
          default: tx_byte = ans_len[15:8];
        endcase
      end
      TX_PAY: begin
        case (ans_q)
          A_INFO:  tx_byte = INFO[8*cnt_q +: 8];
          A_OUT:   tx_byte = out_pad[8*cnt_q +: 8];
          default: tx_byte = code_q;
        endcase
      end
      TX_CRC: tx_byte = cnt_q[0] ? crc_q[15:8] : crc_q[7:0];
      default: tx_byte = SYNC_OUT;
    endcase
  end

  // ---------------------------------------------------------------------------------------
  // CRC of bytes 1 .. 4+L, received or sent.
  // ---------------------------------------------------------------------------------------
  wire [15:0] crc_next;

  tnam_crc16 u_crc (
    .crc_i  (crc_q),
    .data_i (sending ? tx_byte : rx_data_i),
    .crc_o  (crc_next)
  );

  wire [15:0] len_rx  = {rx_data_i, lo_q};
  wire [15:0] len_req = step_q ? IN_LEN : 16'd0;
  wire        last_tx = (cnt_q == ans_len[CNW-1:0] - 1'b1);
  wire        timeout = in_frame && (idle_q == TIMEOUT[TOW-1:0] - 1'b1);

  // The error a received byte (or its absence) causes: 0 = none. A framing error and a
  // timeout end a frame wherever it is; the other checks belong to one field each.
  reg [7:0] err;
  always @(*) begin
    err = 8'd0;
    if (in_frame && rx_valid_i && rx_ferr_i) begin
      err = E_FRAME;
    end else if (timeout) begin
      err = E_TIME;
    end else if (rx_valid_i) begin
      case (state_q)
        TYPE:    if (rx_data_i != T_INFO && rx_data_i != T_STEP) err = E_TYPE;
        LEN1:    if (len_rx != len_req) err = E_LEN;
        CRC1:    if (len_rx != crc_q) err = E_CRC;
        default: err = 8'd0;
      endcase
    end
  end

  // ---------------------------------------------------------------------------------------
  // Frame state machine.
  // ---------------------------------------------------------------------------------------
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= HUNT;
      step_q  <= 1'b0;
      seq_q   <= 8'd0;
      lo_q    <= 8'd0;
      cnt_q   <= {CNW{1'b0}};
      crc_q   <= 16'hFFFF;
      ans_q   <= A_ERROR;
      code_q  <= 8'd0;
      idle_q  <= {TOW{1'b0}};
      in_q    <= {(8*IN_BYTES){1'b0}};
      rst_q   <= 1'b0;
      ce_q    <= 1'b0;
      led_q   <= 2'b00;
    end else begin
      ce_q <= 1'b0;
      if (in_frame && !rx_valid_i) begin
        idle_q <= idle_q + 1'b1;
      end else begin
        idle_q <= {TOW{1'b0}};
      end

      if (err != 8'd0) begin
        state_q  <= TX_HDR;
        ans_q    <= A_ERROR;
        code_q   <= err;
        cnt_q    <= {CNW{1'b0}};
        led_q[1] <= 1'b1;  // lit until the next good frame
      end else begin
        case (state_q)
          HUNT: begin
            if (rx_valid_i && !rx_ferr_i && rx_data_i == SYNC_IN) begin
              state_q <= TYPE;
              seq_q   <= 8'd0;  // an error before the sequence number echoes 0
              crc_q   <= 16'hFFFF;
            end
          end
          TYPE: begin
            if (rx_valid_i) begin
              crc_q   <= crc_next;
              step_q  <= (rx_data_i == T_STEP);
              state_q <= SEQ;
            end
          end
          SEQ: begin
            if (rx_valid_i) begin
              crc_q   <= crc_next;
              seq_q   <= rx_data_i;
              state_q <= LEN0;
            end
          end
          LEN0: begin
            if (rx_valid_i) begin
              crc_q   <= crc_next;
              lo_q    <= rx_data_i;
              state_q <= LEN1;
            end
          end
          LEN1: begin
            if (rx_valid_i) begin
              crc_q   <= crc_next;
              cnt_q   <= {CNW{1'b0}};
              state_q <= step_q ? PAY : CRC0;
            end
          end
          PAY: begin
            if (rx_valid_i) begin
              crc_q <= crc_next;
              in_q  <= {rx_data_i, in_q[8*IN_BYTES-1:8]};
              cnt_q <= cnt_q + 1'b1;
              if (cnt_q == IN_LEN[CNW-1:0] - 1'b1) begin
                state_q <= CRC0;
              end
            end
          end
          CRC0: begin
            if (rx_valid_i) begin
              lo_q    <= rx_data_i;
              state_q <= CRC1;
            end
          end
          CRC1: begin
            if (rx_valid_i) begin
              cnt_q <= {CNW{1'b0}};
              if (step_q) begin
                state_q <= CLOCK;
                ans_q   <= A_OUT;
                rst_q   <= in_q[0];
                ce_q    <= 1'b1;
                led_q   <= {1'b0, !led_q[0]};
              end else begin
                state_q <= TX_HDR;
                ans_q   <= A_INFO;
                led_q   <= {1'b0, !led_q[0]};
              end
            end
          end
          CLOCK: begin
            state_q <= TX_HDR;
          end
          TX_HDR: begin
            if (fire) begin
              if (cnt_q == {CNW{1'b0}}) begin
                crc_q <= 16'hFFFF;  // the sync byte is not in the CRC
              end else begin
                crc_q <= crc_next;
              end
              cnt_q <= cnt_q + 1'b1;
              if (cnt_q == HDR_LAST) begin
                state_q <= TX_PAY;
                cnt_q   <= {CNW{1'b0}};
              end
            end
          end
          TX_PAY: begin
            if (fire) begin
              crc_q <= crc_next;
              cnt_q <= cnt_q + 1'b1;
              if (last_tx) begin
                state_q <= TX_CRC;
                cnt_q   <= {CNW{1'b0}};
              end
            end
          end
          default: begin  // TX_CRC
            if (fire) begin
              cnt_q <= cnt_q + 1'b1;
              if (cnt_q[0]) begin
                state_q <= HUNT;
              end
            end
          end
        endcase
      end

    end
  end

  assign tx_valid_o = sending;
  assign tx_data_o  = tx_byte;
  assign in_o       = in_q[IN_BITS-1:1];
  assign rst_no     = rst_q;
  assign ce_o       = ce_q;
  assign led_o      = led_q;

endmodule

`default_nettype wire
