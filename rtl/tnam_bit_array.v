// Ternary cell storage: ROWS x COLS two-bit cells (magnitude, sign) with one row write port.
`default_nettype none

// Storage is column-major: each column's magnitudes and signs are a ROWS-bit vector, the
// form the sense stage counts in (it ANDs a column with the word lines). A row write sets
// bit wr_row_i of every column. A row address >= ROWS matches no row and writes nothing.
// The asynchronous reset clears every cell to weight 0 (m = s = 0) so that the RTL and the
// golden model start from one defined state (spec section 5), unlike a real SRAM.
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
  // Column c, row r at [c*ROWS + r]: a column is one contiguous ROWS-bit slice.
  output wire [COLS*ROWS-1:0]    mag_o,
  output wire [COLS*ROWS-1:0]    sign_o
);

  localparam RAW = $clog2(ROWS);

  reg [COLS*ROWS-1:0] mag_q;
  reg [COLS*ROWS-1:0] sign_q;

  integer r;
  integer c;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (c = 0; c < COLS; c = c + 1) begin
        mag_q[c*ROWS +: ROWS]  <= {ROWS{1'b0}};
        sign_q[c*ROWS +: ROWS] <= {ROWS{1'b0}};
      end
    end else if (wr_en_i) begin
      for (r = 0; r < ROWS; r = r + 1) begin
        if (wr_row_i == r[RAW-1:0]) begin
          for (c = 0; c < COLS; c = c + 1) begin
            mag_q[c*ROWS + r]  <= wr_mag_i[c];
            sign_q[c*ROWS + r] <= wr_sign_i[c];
          end
        end
      end
    end
  end

  assign mag_o  = mag_q;
  assign sign_o = sign_q;

endmodule

`default_nettype wire
