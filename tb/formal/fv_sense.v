// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Proof wrapper: the sense stage of every column (rtl/tnam_sense.v, spec section 3).
`default_nettype none

// A reference computed row by row in integers, as spec section 3 defines it:
// A = (P + D*Pd) - (N + D*Nd) + o - trim, G = (P + N == 0 and not test) or a q4 spare column,
// a gated column reports 0 and its decision is the known result 0 > T; an ungated one decides
// A > T (or A > the search reference while searching). In a search step after the READ only
// the comparison of the held value is made: that shortcut exists only in the Verilated form
// (TNAM_SIM_GUARDS, docs/decisions.md D29); the synthesis form computes the whole stage
// whatever hold_i says. Every input is free.
module fv_sense #(
  parameter ROWS = 4,
  parameter COLS = 3,
  parameter VW   = $clog2(ROWS + 1) + 3,
  parameter OW   = VW - 2
) (
  input wire                  sense_i,
  input wire                  hold_i,
  input wire [COLS*VW-1:0]    held_mac_i,
  input wire [ROWS-1:0]       wl_i,
  input wire [COLS*ROWS-1:0]  mag_i,
  input wire [COLS*ROWS-1:0]  sign_i,
  input wire [COLS*ROWS-1:0]  def_i,
  input wire [1:0]            excess_i,
  input wire [COLS*OW-1:0]    offset_i,
  input wire [COLS*OW-1:0]    trim_i,
  input wire [COLS*VW-1:0]    thr_i,
  input wire                  test_i,
  input wire [COLS-1:0]       spare_i,
  input wire                  search_i,
  input wire [COLS*VW-1:0]    sar_ref_i
);

  localparam NSW = $clog2(ROWS * COLS + 1);

  wire [NSW-1:0]     nz_sum;
  wire [COLS*VW-1:0] mac;
  wire [COLS-1:0]    gate;
  wire [COLS-1:0]    dec;
  wire [COLS-1:0]    cmp;

  tnam_sense #(
    .ROWS       (ROWS),
    .COLS       (COLS),
    .VW         (VW)
  ) u_sense (
    .sense_i    (sense_i),
    .hold_i     (hold_i),
    .held_mac_i (held_mac_i),
    .wl_i       (wl_i),
    .mag_i      (mag_i),
    .sign_i     (sign_i),
    .def_i      (def_i),
    .excess_i   (excess_i),
    .offset_i   (offset_i),
    .trim_i     (trim_i),
    .thr_i      (thr_i),
    .test_i     (test_i),
    .spare_i    (spare_i),
    .search_i   (search_i),
    .sar_ref_i  (sar_ref_i),
    .nz_sum_o   (nz_sum),
    .mac_o      (mac),
    .gate_o     (gate),
    .dec_o      (dec),
    .cmp_o      (cmp)
  );

`ifdef TNAM_SIM_GUARDS
  localparam GUARDED = 1;
`else
  localparam GUARDED = 0;
`endif
  wire full = sense_i && (!hold_i || !GUARDED);  // the whole stage is computed

  integer c, r;
  reg signed [15:0] p, n, pd, nd, d, a, t, rf, sum;
  reg               g;
  always @(*) begin
    sum = 0;
    for (c = 0; c < COLS; c = c + 1) begin
      p = 0; n = 0; pd = 0; nd = 0;
      for (r = 0; r < ROWS; r = r + 1) begin
        if (wl_i[r] && mag_i[c*ROWS + r]) begin
          if (sign_i[c*ROWS + r]) begin
            n  = n + 1;
            nd = nd + def_i[c*ROWS + r];
          end else begin
            p  = p + 1;
            pd = pd + def_i[c*ROWS + r];
          end
        end
      end
      d   = $signed(excess_i);
      a   = (p + d * pd) - (n + d * nd)
            + $signed(offset_i[c*OW +: OW]) - $signed(trim_i[c*OW +: OW]);
      t   = $signed(thr_i[c*VW +: VW]);
      rf  = search_i ? $signed(sar_ref_i[c*VW +: VW]) : t;
      g   = spare_i[c] || (p + n == 0 && !test_i);
      sum = sum + p + n;
      if (full) begin
        assert (gate[c] == g);
        assert (mac[c*VW +: VW] == (g ? {VW{1'b0}} : a[VW-1:0]));
        assert (dec[c] == (g ? (t < 0) : (a > rf)));  // rf is T outside a search
        if (!g) begin
          assert (cmp[c] == (a > rf));
        end
      end
      if (sense_i && hold_i && GUARDED) begin
        assert (cmp[c] == ($signed(held_mac_i[c*VW +: VW]) > $signed(sar_ref_i[c*VW +: VW])));
      end
    end
    if (full) begin
      assert (nz_sum == sum[NSW-1:0]);
    end
  end

endmodule

`default_nettype wire
