// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// A minimal ternary threshold macro written for Verilator speed: make bench's yardstick.
`default_nettype none
`include "rtl/tnam_params.vh"

// Not part of the chip (tb/bench/README.md): the chip's threshold path and nothing else, so
// that make bench can state every speed as a ratio to what a plain macro of the same size
// costs on the same machine in the same run. It has the chip's write and threshold ports,
// its two registered stages (drive, then sense: the same latency) and the ideal outputs of
// spec section 3 (no variation, trim, test mode, counters or multi-level path).
//
// Written the way Verilator runs fastest: the cells are stored by column (one ROWS-bit word of
// magnitudes and one of signs per column), so that a column's counts are word operations on
// the driven word lines, and a count is a SWAR popcount of 64-bit words.
module tnam_yardstick (
  clk_i, rst_ni,
  wr_en_i, wr_row_i, wr_mag_i, wr_sign_i,
  thr_en_i, thr_col_i, thr_i,
  eval_i, x_i,
  res_valid_o, mac_o, gate_o, dec_o
);

  parameter ROWS = 64;  // word lines
  parameter COLS = 16;  // columns

  localparam VW  = `TNAM_VW(ROWS);
  localparam RAW = `TNAM_RAW(ROWS);
  localparam CAW = `TNAM_CAW(COLS);
  localparam CW  = `TNAM_CW(ROWS);       // a count 0 .. ROWS
  localparam WORDS = (ROWS + 63) / 64;   // 64-bit words of a column
  localparam WCW = (CW < 7) ? CW : 7;    // a count of one word, 0 .. min(ROWS, 64)

  input  wire                 clk_i;
  input  wire                 rst_ni;
  input  wire                 wr_en_i;    // write row wr_row_i at this edge
  input  wire [RAW-1:0]       wr_row_i;
  input  wire [COLS-1:0]      wr_mag_i;   // bit c = column c
  input  wire [COLS-1:0]      wr_sign_i;
  input  wire                 thr_en_i;   // write column thr_col_i's threshold at this edge
  input  wire [CAW-1:0]       thr_col_i;
  input  wire [VW-1:0]        thr_i;      // two's complement
  input  wire                 eval_i;     // evaluate word lines x_i
  input  wire [ROWS-1:0]      x_i;
  output reg                  res_valid_o;
  output wire [COLS*VW-1:0]   mac_o;      // P - N of column c at [c*VW +: VW]
  output wire [COLS-1:0]      gate_o;     // no driven non-zero cell
  output wire [COLS-1:0]      dec_o;      // mac > threshold

  // Ones in a 64-bit word: bit pairs, nibbles, then a multiply that adds the eight byte
  // counts into the top byte.
  function [WCW-1:0] ones64;
    input [63:0] v;
    reg   [63:0] a;
    reg   [63:0] b;
    reg   [63:0] c;
    reg   [63:0] sum;
    begin
      a = v - ((v >> 1) & 64'h5555555555555555);
      b = (a & 64'h3333333333333333) + ((a >> 2) & 64'h3333333333333333);
      c = (b + (b >> 4)) & 64'h0f0f0f0f0f0f0f0f;
      sum = c * 64'h0101010101010101;
      ones64 = sum[56 +: WCW];
    end
  endfunction

  // Ones in a column's ROWS bits, a 64-bit word at a time.
  function [CW-1:0] ones;
    input [ROWS-1:0] v;
    reg   [WORDS*64-1:0] padded;
    integer w;
    begin
      padded = {{(WORDS*64-ROWS){1'b0}}, v};
      ones = {CW{1'b0}};
      for (w = 0; w < WORDS; w = w + 1) begin
        ones = ones + {{(CW-WCW){1'b0}}, ones64(padded[w*64 +: 64])};
      end
    end
  endfunction

  // Drive stage: the word lines of an evaluation, released when there is none.
  reg            wl_valid_q;
  reg [ROWS-1:0] wl_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wl_valid_q <= 1'b0;
      wl_q <= {ROWS{1'b0}};
    end else begin
      wl_valid_q <= eval_i;
      wl_q <= eval_i ? x_i : {ROWS{1'b0}};
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      res_valid_o <= 1'b0;
    end else begin
      res_valid_o <= wl_valid_q;
    end
  end

  // The row a write replaces, as a one-hot word (none when the address is >= ROWS).
  wire [ROWS-1:0] wr_rows = {{(ROWS-1){1'b0}}, wr_en_i} << wr_row_i;

  genvar c;
  generate
    for (c = 0; c < COLS; c = c + 1) begin : g_col
      reg  [ROWS-1:0] mag_q;
      reg  [ROWS-1:0] sign_q;
      reg  [VW-1:0]   thr_q;
      reg  [VW-1:0]   mac_q;
      reg             gate_q;
      reg             dec_q;

      wire [ROWS-1:0] driven_nz = wl_q & mag_q;
      wire [VW-1:0]   value = {{(VW-CW){1'b0}}, ones(driven_nz & ~sign_q)}
                              - {{(VW-CW){1'b0}}, ones(driven_nz & sign_q)};
      wire            thr_here = thr_en_i && (thr_col_i == c);

      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          mag_q <= {ROWS{1'b0}};
          sign_q <= {ROWS{1'b0}};
          thr_q <= {VW{1'b0}};
          mac_q <= {VW{1'b0}};
          gate_q <= 1'b0;
          dec_q <= 1'b0;
        end else begin
          mag_q <= (mag_q & ~wr_rows) | (wr_rows & {ROWS{wr_mag_i[c]}});
          sign_q <= (sign_q & ~wr_rows) | (wr_rows & {ROWS{wr_sign_i[c]}});
          if (thr_here) begin
            thr_q <= thr_i;
          end
          // A gated column has P = N = 0, so its value is already 0 and value > T is the
          // spec's forced decision 0 > T: gating needs no case of its own.
          if (wl_valid_q) begin
            mac_q <= value;
            gate_q <= ~|driven_nz;
            dec_q <= $signed(value) > $signed(thr_q);
          end
        end
      end

      assign mac_o[c*VW +: VW] = mac_q;
      assign gate_o[c] = gate_q;
      assign dec_o[c] = dec_q;
    end
  endgenerate

endmodule

`default_nettype wire
