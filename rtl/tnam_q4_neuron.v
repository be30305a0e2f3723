// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// One 4-bit neuron's digital block: bias register, accumulator, ReLU and requantisation.
`default_nettype none
`include "rtl/tnam_params.vh"

// Spec section 9.2. The accumulator starts at the bias and adds, at the end of bit plane p,
// the three digit columns' digitised values with the weights 2^(k+p):
//   acc += (code0 + 2 code1 + 4 code2) << p.
// AW = VW + 6 bits cannot overflow (spec section 1), so plain modulo-2^AW adders suffice.
// FINISH requantises: out = min(15, max(acc, 0) >> shift), truncating (rounding is folded
// into the bias by whoever quantises the network).
module tnam_q4_neuron #(
  parameter VW = 10,      // column value width
  parameter BW = `TNAM_BW(VW),  // bias width
  parameter AW = `TNAM_AW(VW)   // accumulator width
) (
  input  wire            clk_i,
  input  wire            rst_ni,
  input  wire            ce_i,      // clock enable: 0 = no register changes
  input  wire            bias_we_i,  // write the bias at this edge
  input  wire [BW-1:0]   bias_i,     // two's complement
  input  wire            start_i,    // a q4 operation starts: acc <= bias
  input  wire            add_i,      // a plane is done: acc += its weighted codes
  input  wire [1:0]      plane_i,    // the plane p that is done
  input  wire [3*VW-1:0] code_i,     // new codes of digit columns k = 0..2 at [k*VW +: VW]
  input  wire            finish_i,   // requantise into out
  input  wire [4:0]      shift_i,    // requantisation shift
  output wire [AW-1:0]   acc_o,      // two's complement
  output wire [3:0]      out_o
);

  reg [BW-1:0] bias_q;
  reg [AW-1:0] acc_q;
  reg [3:0]    out_q;

  // Digits sign-extended to the accumulator width; the weighted sum is then exact modulo
  // 2^AW, which holds every reachable value.
  // The plane's weighted codes, summed only in a Verilated model's edges that add them
  // (`TNAM_SIM_GUARD, docs/decisions.md D29).
  reg [AW-1:0] plane_sum;
  always @(*) begin
    plane_sum = {AW{1'b0}};
    if (`TNAM_SIM_GUARD(add_i)) begin
      plane_sum = ({{(AW-VW){code_i[VW-1]}}, code_i[0 +: VW]}
                 + {{(AW-VW-1){code_i[2*VW-1]}}, code_i[VW +: VW], 1'b0}
                 + {{(AW-VW-2){code_i[3*VW-1]}}, code_i[2*VW +: VW], 2'b00}) << plane_i;
    end
  end

  // ReLU, arithmetic shift of a non-negative value (so a logical shift), saturation. Only
  // FINISH uses it: the guard spares the simulator the shifter in every other cycle.
  reg [AW-1:0] acc_shr;
  reg [3:0]    out_d;
  always @(*) begin
    acc_shr = {AW{1'b0}};
    out_d   = 4'h0;
    if (finish_i) begin
      acc_shr = (acc_q[AW-1] ? {AW{1'b0}} : acc_q) >> shift_i;
      out_d   = (|acc_shr[AW-1:4]) ? 4'hf : acc_shr[3:0];
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bias_q <= {BW{1'b0}};
      acc_q  <= {AW{1'b0}};
      out_q  <= 4'h0;
    end else if (ce_i) begin
      if (bias_we_i) begin
        bias_q <= bias_i;
      end
      if (start_i) begin
        acc_q <= {{(AW-BW){bias_q[BW-1]}}, bias_q};
      end else if (add_i) begin
        acc_q <= acc_q + plane_sum;
      end
      if (finish_i) begin
        out_q <= out_d;
      end
    end
  end

  assign acc_o = acc_q;
  assign out_o = out_q;

endmodule

`default_nettype wire
