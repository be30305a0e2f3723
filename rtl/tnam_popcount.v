// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Population count of an N-bit vector (SWAR: fields of growing width added in parallel).
`default_nettype none
`include "rtl/tnam_params.vh"

// The count itself is tnam_popcount_fn.vh's function, shared with the modules that count
// inside a loop.
//
// en_i = 0 gives 0 without counting: the levels sit behind that guard, so a simulator skips
// them for a count whose value does not matter. Tied to 1, the guard disappears in
// synthesis. In Verilator an all-zero vector is not counted either: its count is 0 without
// the levels (`TNAM_SIM_GUARD, docs/decisions.md D29).
module tnam_popcount #(
  parameter N = 64  // bits to count, >= 1
) (
  input  wire                     en_i,
  input  wire [N-1:0]             vec_i,
  output wire [$clog2(N+1)-1:0]   cnt_o
);

  localparam POPCOUNT_N = N;
  `include "rtl/tnam_popcount_fn.vh"

  reg [POPCOUNT_W-1:0] cnt;

  always @(*) begin
    cnt = {POPCOUNT_W{1'b0}};
    if (en_i && `TNAM_SIM_GUARD(vec_i != {N{1'b0}})) begin
      cnt = popcount(vec_i);
    end
  end

  assign cnt_o = cnt;

endmodule

`default_nettype wire
