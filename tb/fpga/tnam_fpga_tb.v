// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Self-checking testbench of tnam_fpga_top: frames on rx_i, answers decoded from tx_o bit by bit.
`default_nettype none
`timescale 1ns / 1ps

// Spec: docs/architecture.md section 13. Directed checks: the exact INFO answer, a STEP with
// every input 0 (an OUT of the right length with a good CRC), each error code of 13.3 with a
// good INFO after it, the LEDs, and bytes outside a frame. With +record=FILE it then replays a
// record of the host tool (tnam_host --record): $readmemh words, 0XX = a byte host to board,
// 1XX = a byte the board must answer, in order; every answered byte is compared.
// +info_only stops after the first INFO check (the board netlist at full baud rate), and
// +replay_only goes from it straight to the record (to time the replay alone).
//
// The expected INFO payload is computed here from the spec's port list, not taken from the
// RTL, so the top's vector lengths are checked too. Every wait is bounded: a byte that does not
// come ends the run with a message and $fatal. Compile with -DNETLIST to run on a synthesised
// netlist, whose top has its parameters built in (pass the same ones to this testbench).
module tnam_fpga_tb;

  parameter ROWS           = 8;
  parameter COLS           = 6;
  parameter MACROS         = 2;
  parameter TILES          = 1;
  parameter CLKS_PER_BIT   = 4;
  parameter LED_ACTIVE_LOW = 0;
  parameter RECMAX         = 1 << 18;  // bytes in a record file, at most

  // Vector lengths from the port tables of spec 11.1 and section 4.
  localparam VW  = $clog2(ROWS + 1) + 3;
  localparam RAW = $clog2(ROWS);
  localparam CAW = $clog2(COLS);
  localparam NN  = COLS / 3;
  localparam OW  = VW - 2;
  localparam MW  = (MACROS > 1) ? $clog2(MACROS) : 1;
  localparam TW  = (TILES > 1) ? $clog2(TILES) : 1;
  localparam IN_WIDTH = 1 + MACROS                                   // rst_ni, mask_i
    + 1 + RAW + COLS + COLS                                          // wr
    + 1 + CAW + VW                                                   // thr
    + 1 + 2 + 5 + 1 + 1                                              // cfg
    + 1 + ((NN > 1) ? $clog2(NN) : 1) + VW + 5                       // bias
    + 1 + CAW + OW                                                   // trim
    + 1 + RAW + COLS                                                 // health
    + 1 + 2 + ((RAW > CAW) ? RAW : CAW) + ((COLS > OW) ? COLS : OW)  // var
    + 1 + 5 * TILES * ROWS                                           // eval, x, act
    + 1 + MW + 1 + TW + 1 + MW + 8;                                  // map, resid
  localparam OUT_WIDTH = MACROS * (2 + ROWS                         // wl_valid, res_valid, wl
    + 3 * COLS * VW + 3 * COLS                                       // mac, sar_ref, sar_code; gate, dec, sar_q
    + 6 * 32 + 3 + $clog2($clog2(ROWS + 1) + 1)                     // counters; busy, done, sar_step; sar_bit
    + NN * (VW + 6) + NN * 4)                                        // acc, out
    + 2 + TILES * (MW + 1) + MACROS * (1 + 32 + 1 + TW + 8);         // the chip's own
  localparam IN_BYTES  = (IN_WIDTH + 7) / 8;
  localparam OUT_BYTES = (OUT_WIDTH + 7) / 8;
  localparam MAXF      = OUT_BYTES + 16;  // longest frame

  localparam BIT_WAIT = 40 * CLKS_PER_BIT;            // an answer byte is due within this
  localparam TIMEOUT  = 8192 * CLKS_PER_BIT;          // the bridge's inter-byte timeout

  reg        clk_i = 1'b0;
  reg        rx_i  = 1'b1;
  wire       tx_o;
  wire [1:0] led_o;

  always #5 clk_i = ~clk_i;

`ifdef NETLIST
  tnam_fpga_top dut (
`else
  tnam_fpga_top #(
    .ROWS           (ROWS),
    .COLS           (COLS),
    .MACROS         (MACROS),
    .TILES          (TILES),
    .CLKS_PER_BIT   (CLKS_PER_BIT),
    .LED_ACTIVE_LOW (LED_ACTIVE_LOW)
  ) dut (
`endif
    .clk_i          (clk_i),
    .rx_i           (rx_i),
    .tx_o           (tx_o),
    .led_o          (led_o)
  );

  // ---------------------------------------------------------------------------------------
  // Failure and CRC.
  // ---------------------------------------------------------------------------------------
  task fail(input [8*120-1:0] msg);
    begin
      $display("FAIL: %0s (time %0t)", msg, $time);
      $fatal(1, "tnam_fpga_tb failed");
    end
  endtask

  function [15:0] crc16(input [15:0] crc, input [7:0] b);
    integer i;
    begin
      crc16 = crc ^ {b, 8'h00};
      for (i = 0; i < 8; i = i + 1) begin
        crc16 = crc16[15] ? ((crc16 << 1) ^ 16'h1021) : (crc16 << 1);
      end
    end
  endfunction

  // ---------------------------------------------------------------------------------------
  // Decoder of tx_o: every byte the board sends goes into rxq, framing checked.
  // ---------------------------------------------------------------------------------------
  reg [7:0] rxq [0:RECMAX-1];
  integer   rx_wr = 0;  // bytes received
  integer   rx_rd = 0;  // bytes consumed by the checks
  reg       mon_en = 1'b0;

  initial begin : monitor
    reg [7:0] b;
    integer   i;
    wait (mon_en);
    forever begin
      @(posedge clk_i);
      if (tx_o !== 1'b1 && tx_o !== 1'b0) begin
        fail("tx_o is not 0 or 1");
      end
      if (tx_o === 1'b0) begin
        repeat (CLKS_PER_BIT / 2) @(posedge clk_i);
        if (tx_o !== 1'b0) fail("tx_o: start bit shorter than half a bit");
        for (i = 0; i < 8; i = i + 1) begin
          repeat (CLKS_PER_BIT) @(posedge clk_i);
          b[i] = tx_o;
        end
        repeat (CLKS_PER_BIT) @(posedge clk_i);
        if (tx_o !== 1'b1) begin
          $display("FAIL: board byte %0d: stop bit %b", rx_wr, tx_o);
          fail("framing error on tx_o");
        end
        rxq[rx_wr % RECMAX] = b;
        rx_wr = rx_wr + 1;
      end
    end
  end

  // The next byte from the board, waiting at most max_clks clocks for it.
  task recv(output [7:0] b, input integer max_clks);
    integer n;
    begin
      n = 0;
      while (rx_rd == rx_wr && n < max_clks) begin
        @(posedge clk_i);
        n = n + 1;
      end
      if (rx_rd == rx_wr) begin
        $display("FAIL: board byte %0d did not come within %0d clocks", rx_rd, max_clks);
        fail("no answer");
      end
      b = rxq[rx_rd % RECMAX];
      rx_rd = rx_rd + 1;
    end
  endtask

  // ---------------------------------------------------------------------------------------
  // Host side: one byte on rx_i (stop bit 0 for a framing error), frames.
  // ---------------------------------------------------------------------------------------
  task send(input [7:0] b, input stop);
    integer i;
    begin
      rx_i <= 1'b0;
      repeat (CLKS_PER_BIT) @(posedge clk_i);
      for (i = 0; i < 8; i = i + 1) begin
        rx_i <= b[i];
        repeat (CLKS_PER_BIT) @(posedge clk_i);
      end
      rx_i <= stop;
      repeat (CLKS_PER_BIT) @(posedge clk_i);
      if (!stop) begin
        rx_i <= 1'b1;  // back to idle, so that the next start bit is an edge
        repeat (2 * CLKS_PER_BIT) @(posedge clk_i);
      end
      rx_i <= 1'b1;
    end
  endtask

  reg [7:0] frame [0:MAXF-1];  // a frame to send, or the answer expected

  // Header of a frame in `frame`; the payload goes at [5 ..] before seal.
  task header(input [7:0] sync, input [7:0] typ, input [7:0] seq, input [15:0] len);
    begin
      frame[0] = sync;
      frame[1] = typ;
      frame[2] = seq;
      frame[3] = len[7:0];
      frame[4] = len[15:8];
    end
  endtask

  // CRC of bytes 1 .. 4+len appended; `flip` corrupts it.
  task seal(input integer len, input [15:0] flip);
    reg [15:0] crc;
    integer i;
    begin
      crc = 16'hFFFF;
      for (i = 1; i < 5 + len; i = i + 1) crc = crc16(crc, frame[i]);
      crc = crc ^ flip;
      frame[5 + len] = crc[7:0];
      frame[6 + len] = crc[15:8];
    end
  endtask

  task send_frame(input integer n);
    integer i;
    begin
      for (i = 0; i < n; i = i + 1) send(frame[i], 1'b1);
    end
  endtask

  // The answer must be `frame` byte for byte (exact) or, when not exact, have frame's header
  // and a payload of its length with a good CRC.
  task expect_answer(input [8*40-1:0] what, input exact, input integer wait_clks);
    reg [7:0]  b;
    reg [15:0] crc;
    integer    len, i;
    begin
      len = {frame[4], frame[3]};
      crc = 16'hFFFF;
      for (i = 0; i < 7 + len; i = i + 1) begin
        recv(b, (i == 0) ? wait_clks : BIT_WAIT);
        if (i > 0 && i < 5 + len) crc = crc16(crc, b);
        if (i < 5 || exact || i >= 5 + len) begin
          if (!exact && i == 5 + len) frame[i] = crc[7:0];
          if (!exact && i == 6 + len) frame[i] = crc[15:8];
          if (b !== frame[i]) begin
            $display("FAIL: %0s: answer byte %0d (board byte %0d): expected %02h, got %02h",
                     what, i, rx_rd - 1, frame[i], b);
            fail("wrong answer");
          end
        end
      end
      $display("  ok    %0s", what);
    end
  endtask

  // ---------------------------------------------------------------------------------------
  // Directed checks.
  // ---------------------------------------------------------------------------------------
  localparam [7:0] LEDX = (LED_ACTIVE_LOW != 0) ? 8'h03 : 8'h00;

  reg [7:0] seq = 8'h10;

  task info(input [8*40-1:0] what);
    begin
      seq = seq + 1;
      header(8'hA5, 8'h01, seq, 16'd0);
      seal(0, 16'h0000);
      send_frame(7);
      expect_info(what, seq);
    end
  endtask

  // The exact INFO answer with sequence number aseq, then the error LED dark.
  task expect_info(input [8*40-1:0] what, input [7:0] aseq);
    begin
      header(8'h5A, 8'h81, aseq, 16'd14);
      frame[5]  = "T";
      frame[6]  = "N";
      frame[7]  = "A";
      frame[8]  = "M";
      frame[9]  = 8'd1;
      frame[10] = ROWS % 256;
      frame[11] = ROWS / 256;
      frame[12] = COLS;
      frame[13] = MACROS;
      frame[14] = TILES;
      frame[15] = IN_BYTES % 256;
      frame[16] = IN_BYTES / 256;
      frame[17] = OUT_BYTES % 256;
      frame[18] = OUT_BYTES / 256;
      seal(14, 16'h0000);
      expect_answer(what, 1'b1, BIT_WAIT);
      if (led_o[1] !== LEDX[1]) fail("error LED still lit after a good frame");
    end
  endtask

  // The ERROR answer with this code and sequence number, then the error LED.
  task expect_error(input [8*40-1:0] what, input [7:0] code, input [7:0] eseq,
                    input integer wait_clks);
    begin
      header(8'h5A, 8'hEE, eseq, 16'd1);
      frame[5] = code;
      seal(1, 16'h0000);
      expect_answer(what, 1'b1, wait_clks);
      if (led_o[1] === LEDX[1]) fail("error LED not lit after an error");
    end
  endtask

  task step_zero(input [8*40-1:0] what);
    integer i;
    begin
      seq = seq + 1;
      header(8'hA5, 8'h02, seq, IN_BYTES);
      for (i = 0; i < IN_BYTES; i = i + 1) frame[5 + i] = 8'h00;
      seal(IN_BYTES, 16'h0000);
      send_frame(7 + IN_BYTES);
      header(8'h5A, 8'h82, seq, OUT_BYTES);
      expect_answer(what, 1'b0, BIT_WAIT);
    end
  endtask

  task pipelined(input integer gap, input heard, input [8*40-1:0] what);
    integer k;
    begin
      header(8'hA5, 8'h01, 8'h21, 16'd0);
      seal(0, 16'h0000);
      send_frame(7);
      for (k = 0; k < gap; k = k + 1) send(8'h00, 1'b1);
      header(8'hA5, 8'h01, 8'h22, 16'd0);
      seal(0, 16'h0000);
      send_frame(7);
      expect_info(what, 8'h21);
      if (heard) expect_info(what, 8'h22);
      expect_quiet(what);
    end
  endtask

  // Nothing more may have come from the board.
  task expect_quiet(input [8*40-1:0] what);
    begin
      repeat (BIT_WAIT) @(posedge clk_i);
      if (rx_wr != rx_rd) begin
        $display("FAIL: %0s: %0d unexpected board bytes, the first %02h", what,
                 rx_wr - rx_rd, rxq[rx_rd % RECMAX]);
        fail("unexpected bytes");
      end
    end
  endtask

  // ---------------------------------------------------------------------------------------
  // Record replay.
  // ---------------------------------------------------------------------------------------
  reg [11:0] rec [0:RECMAX-1];

  task replay(input [8*256-1:0] file);
    integer   n, i, hosts, boards;
    reg [7:0] b;
    begin
      $readmemh(file, rec);
      if (rec[RECMAX-1] !== 12'bx) fail("record longer than RECMAX bytes");
      n = 0;
      while (n < RECMAX && rec[n] !== 12'bx) n = n + 1;
      if (n == 0) begin
        $display("FAIL: record %0s: no bytes", file);
        fail("empty record");
      end
      hosts = 0;
      boards = 0;
      for (i = 0; i < n; i = i + 1) begin
        if (^rec[i] === 1'bx || rec[i][11:9] != 3'd0) begin
          $display("FAIL: record %0s: word %0d (%03h) is not 0XX or 1XX", file, i, rec[i]);
          fail("bad record");
        end
        if (rec[i][8]) begin
          recv(b, BIT_WAIT);
          if (b !== rec[i][7:0]) begin
            $display("FAIL: record %0s: byte %0d (board byte %0d): expected %02h, got %02h",
                     file, i, boards, rec[i][7:0], b);
            fail("record mismatch");
          end
          boards = boards + 1;
        end else begin
          send(rec[i][7:0], 1'b1);
          hosts = hosts + 1;
        end
      end
      expect_quiet("record replay");
      $display("  ok    record %0s: %0d bytes sent, %0d answered bytes equal", file, hosts, boards);
    end
  endtask

  reg [8*256-1:0] record;
  reg [7:0]       led0;
  integer         i;

  initial begin
    $display("tnam_fpga_tb: rows %0d cols %0d macros %0d tiles %0d, %0d clocks per bit, IN_BYTES %0d OUT_BYTES %0d",
             ROWS, COLS, MACROS, TILES, CLKS_PER_BIT, IN_BYTES, OUT_BYTES);
    repeat (40) @(posedge clk_i);  // power-on reset
    if (tx_o !== 1'b1) fail("tx_o not idle after the power-on reset");
    mon_en = 1'b1;

    info("INFO answer exact");
    if ($test$plusargs("replay_only") && $value$plusargs("record=%s", record)) begin
      replay(record);
      $display("PASS: tnam_fpga_tb (record only)");
      $finish;
    end
    if ($test$plusargs("info_only")) begin
      expect_quiet("INFO only");
      $display("PASS: tnam_fpga_tb (INFO only)");
      $finish;
    end

    // Bytes outside a frame are discarded: no answer, then a good INFO.
    send(8'h00, 1'b1);
    send(8'h5A, 1'b1);
    send(8'hFF, 1'b1);
    expect_quiet("bytes outside a frame discarded");
    led0 = led_o[0];
    info("INFO after discarded bytes");
    if (led_o[0] === led0) fail("activity LED did not toggle at a good frame");

    step_zero("STEP all zero: OUT length and CRC");
    step_zero("second STEP all zero");

    // 1: CRC mismatch, the sequence number echoed.
    seq = seq + 1;
    header(8'hA5, 8'h01, seq, 16'd0);
    seal(0, 16'h0100);
    send_frame(7);
    expect_error("ERROR 1 (CRC)", 8'h01, seq, BIT_WAIT);
    info("INFO after ERROR 1");

    // 2: wrong length, for INFO and for STEP.
    seq = seq + 1;
    header(8'hA5, 8'h01, seq, 16'd1);
    send_frame(5);
    expect_error("ERROR 2 (INFO length 1)", 8'h02, seq, BIT_WAIT);
    info("INFO after ERROR 2");
    seq = seq + 1;
    header(8'hA5, 8'h02, seq, IN_BYTES + 256);
    send_frame(5);
    expect_error("ERROR 2 (STEP length IN_BYTES+256)", 8'h02, seq, BIT_WAIT);
    info("INFO after ERROR 2 (STEP)");

    // 3: unknown type, before the sequence number: it echoes 0.
    send(8'hA5, 1'b1);
    send(8'h82, 1'b1);
    expect_error("ERROR 3 (unknown type)", 8'h03, 8'h00, BIT_WAIT);
    info("INFO after ERROR 3");

    // 4: a frame that stops inside its payload.
    seq = seq + 1;
    header(8'hA5, 8'h02, seq, IN_BYTES);
    frame[5] = 8'h00;
    send_frame(6);
    expect_error("ERROR 4 (timeout)", 8'h04, seq, TIMEOUT + BIT_WAIT);
    info("INFO after ERROR 4");

    // 5: a framing error after the sequence number.
    seq = seq + 1;
    header(8'hA5, 8'h01, seq, 16'd0);
    send_frame(3);
    send(8'h00, 1'b0);
    expect_error("ERROR 5 (framing error)", 8'h05, seq, BIT_WAIT);
    info("INFO after ERROR 5");
    // Bytes that arrive while an answer is sent are dropped (spec 13.3; the C bridge model
    // drops the same, test_tnam_proto): an INFO answer is 21 bytes, so of the bytes sent back
    // to back after an INFO request the first 20 are dropped and the 21st is heard. INFO 0x21,
    // `gap` zero bytes, INFO 0x22 (neither CRC holds a 0xA5).
    pipelined(19, 1'b0, "pipelined INFO after 19 bytes: dropped");
    pipelined(20, 1'b1, "pipelined INFO after 20 bytes: answered");
    step_zero("STEP after the errors");
    expect_quiet("directed checks");

    if ($value$plusargs("record=%s", record)) begin
      replay(record);
    end
    $display("PASS: tnam_fpga_tb");
    $finish;
  end

endmodule

`default_nettype wire
