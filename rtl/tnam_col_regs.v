// Per-column replica threshold registers T_c (signed, VW bits) with one write port.
`default_nettype none

// A column address >= COLS matches no register and so writes nothing. Reset clears every
// threshold to 0.
module tnam_thresholds #(
  parameter COLS = 16,
  parameter VW   = 10
) (
  input  wire                    clk_i,
  input  wire                    rst_ni,
  input  wire                    thr_en_i,
  input  wire [$clog2(COLS)-1:0] thr_col_i,
  input  wire [VW-1:0]           thr_i,
  // Column c at [c*VW +: VW], two's complement.
  output wire [COLS*VW-1:0]      thr_o
);

  localparam CAW = $clog2(COLS);

  genvar c;
  generate
    for (c = 0; c < COLS; c = c + 1) begin : g_col
      localparam [CAW-1:0] COL_ADDR = c;

      reg  [VW-1:0] thr_q;
      wire          col_we = thr_en_i && (thr_col_i == COL_ADDR);

      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          thr_q <= {VW{1'b0}};
        end else if (col_we) begin
          thr_q <= thr_i;
        end
      end

      assign thr_o[c*VW +: VW] = thr_q;
    end
  endgenerate

endmodule

`default_nettype wire
