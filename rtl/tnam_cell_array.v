// Ternary cell storage: ROWS x COLS two-bit cells (magnitude, sign) with one row write port.
`default_nettype none

// Each row is a COLS-bit magnitude register and a COLS-bit sign register, written as a
// whole. A row address >= ROWS matches no row and so writes nothing. The asynchronous
// reset clears every cell to weight 0 (m = s = 0) so that the RTL and the golden model
// start from one defined state (spec section 5), unlike a real SRAM.
module tnam_cell_array #(
  parameter ROWS = 64,
  parameter COLS = 16
) (
  input  wire                    clk_i,
  input  wire                    rst_ni,
  input  wire                    wr_en_i,
  input  wire [$clog2(ROWS)-1:0] wr_row_i,
  input  wire [COLS-1:0]         wr_mag_i,
  input  wire [COLS-1:0]         wr_sign_i,
  // Row r, column c at [r*COLS + c]: a row is one contiguous COLS-bit slice.
  output wire [ROWS*COLS-1:0]    mag_o,
  output wire [ROWS*COLS-1:0]    sign_o
);

  localparam RAW = $clog2(ROWS);

  genvar r;
  generate
    for (r = 0; r < ROWS; r = r + 1) begin : g_row
      localparam [RAW-1:0] ROW_ADDR = r;

      reg  [COLS-1:0] mag_q;
      reg  [COLS-1:0] sign_q;
      wire            row_we = wr_en_i && (wr_row_i == ROW_ADDR);

      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          mag_q  <= {COLS{1'b0}};
          sign_q <= {COLS{1'b0}};
        end else if (row_we) begin
          mag_q  <= wr_mag_i;
          sign_q <= wr_sign_i;
        end
      end

      assign mag_o[r*COLS +: COLS]  = mag_q;
      assign sign_o[r*COLS +: COLS] = sign_q;
    end
  endgenerate

endmodule

`default_nettype wire
