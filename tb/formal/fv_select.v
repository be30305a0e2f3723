// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Proof wrapper: one tile's selection (rtl/tnam_select.v, spec 11.3) for every input.
`default_nettype none

// The key of copy m is {hazard count, residual offset}, as tnam_chip builds it. The checks say
// what the spec says, not how the module scans: a tile runs when it has a copy (and, under
// selection, a driven row); the chosen macro is a copy; static mapping takes the lowest
// copy; under selection no copy has fewer hazard rows, none with as few has a lower residual,
// and none with both equal has a lower index; pick_o is the one-hot of sel_o.
module fv_select #(
  parameter MACROS = 4,
  parameter HZW    = 3,  // hazard count width (ROWS = 4)
  parameter RSW    = 8,  // residual offset width (spec: 8)
  parameter MW     = (MACROS > 1) ? $clog2(MACROS) : 1
) (
  input wire                    select_i,
  input wire                    active_i,
  input wire [MACROS-1:0]       copies_i,
  input wire [MACROS*HZW-1:0]   hz_i,
  input wire [MACROS*RSW-1:0]   resid_i
);

  localparam KW = HZW + RSW;

  wire [MACROS*KW-1:0] key;
  wire                 valid;
  wire [MW-1:0]        sel;
  wire [MACROS-1:0]    pick;

  genvar g;
  generate
    for (g = 0; g < MACROS; g = g + 1) begin : g_key
      assign key[g*KW +: KW] = {hz_i[g*HZW +: HZW], resid_i[g*RSW +: RSW]};
    end
  endgenerate

  tnam_select #(
    .MACROS   (MACROS),
    .MW       (MW),
    .KW       (KW)
  ) u_select (
    .select_i (select_i),
    .active_i (active_i),
    .copies_i (copies_i),
    .key_i    (key),
    .valid_o  (valid),
    .sel_o    (sel),
    .pick_o   (pick)
  );

  wire [HZW-1:0] hz_sel    = hz_i[sel*HZW +: HZW];
  wire [RSW-1:0] resid_sel = resid_i[sel*RSW +: RSW];

  integer m;
  always @(*) begin
    assert (valid == ((|copies_i) && (!select_i || active_i)));
    assert (pick == (valid ? ({{(MACROS-1){1'b0}}, 1'b1} << sel) : {MACROS{1'b0}}));
    if (!valid) begin
      assert (sel == {MW{1'b0}});
    end else begin
      assert (copies_i[sel]);
      for (m = 0; m < MACROS; m = m + 1) begin
        if (copies_i[m]) begin
          if (!select_i) begin
            assert (sel <= m);
          end else begin
            assert (hz_sel <= hz_i[m*HZW +: HZW]);
            if (hz_sel == hz_i[m*HZW +: HZW]) begin
              assert (resid_sel <= resid_i[m*RSW +: RSW]);
              if (resid_sel == resid_i[m*RSW +: RSW]) begin
                assert (sel <= m);
              end
            end
          end
        end
      end
    end
  end

endmodule

`default_nettype wire
