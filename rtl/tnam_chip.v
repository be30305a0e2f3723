// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// TNAM chip: MACROS macros, tile map, per-tile selection, power gating, macro-active counters.
`default_nettype none
`include "rtl/tnam_params.vh"

// Spec: docs/architecture.md section 11. A layer's weights are cut into TILES tiles, each
// with its own word-line input; every macro holds one tile or none (the tile map), and the
// extra copies of a tile are spares. At each evaluation the selection (tnam_select, one per
// tile) picks the copy that runs each tile; every other macro gets no evaluation (it is
// power-gated, and its word-line and activation inputs are held at 0). The write ports reach
// the macros that mask_i selects; the configuration is broadcast, and the chip keeps its own
// copy of the mode (for the driven rows of a q4 evaluation) and of the select bit.
//
// Outputs: every macro output except hazard_o, concatenated by macro with macro 0 least
// significant, and the chip's own registers. chip_busy_o and chip_done_o are functions of
// the macros' registers; every other output is a register.
//
// The ports are declared in the body (Verilog-2005 non-ANSI style) so that their widths can
// use the spec's derived widths, localparams declared in the body (tnam_params.vh).
module tnam_chip (
  clk_i, rst_ni, ce_i,
  mask_i,
  wr_en_i, wr_row_i, wr_mag_i, wr_sign_i,
  thr_en_i, thr_col_i, thr_i,
  cfg_en_i, cfg_mode_i, cfg_shift_i, cfg_test_i, cfg_select_i,
  bias_en_i, bias_idx_i, bias_i,
  trim_en_i, trim_col_i, trim_i,
  health_en_i, health_row_i, health_i,
  var_en_i, var_sel_i, var_addr_i, var_data_i,
  eval_i, x_i, act_i,
  map_en_i, map_macro_i, map_valid_i, map_tile_i,
  resid_en_i, resid_macro_i, resid_i,
  wl_valid_o, wl_o,
  res_valid_o, mac_o, gate_o, dec_o,
  cnt_eval_o, cnt_dec_o, cnt_gated_o, cnt_nzdrv_o, cnt_wr_o, cnt_step_o,
  busy_o, done_o,
  sar_step_o, sar_bit_o, sar_ref_o, sar_q_o, sar_code_o,
  acc_o, out_o,
  chip_busy_o, chip_done_o,
  sel_o, sel_valid_o,
  men_o, cnt_active_o,
  map_valid_o, map_tile_o, resid_o
);

  parameter ROWS   = 64;  // word lines per macro, 2 .. 256
  parameter COLS   = 16;  // columns per macro, 3 .. 64
  parameter MACROS = 1;   // macros, 1 .. 8
  parameter TILES  = 1;   // tiles, 1 .. min(MACROS, 4)

  // Spec section 1's ranges, checked at elaboration (docs/decisions.md D25): an illegal value
  // instantiates a module that does not exist, and every tool stops naming it. Every macro
  // checks ROWS and COLS.
  generate
    if (MACROS < 1 || MACROS > 8) begin : g_macros_range
      tnam_error_MACROS_out_of_range_1_to_8 u_error ();
    end
    if (TILES < 1 || TILES > MACROS || TILES > 4) begin : g_tiles_range
      tnam_error_TILES_out_of_range_1_to_min_MACROS_4 u_error ();
    end
  endgenerate

  `TNAM_MACRO_WIDTHS
  `TNAM_CHIP_WIDTHS
  localparam HZW  = `TNAM_CW(ROWS);  // hazard count, 0 .. ROWS
  localparam KW   = HZW + RSW;       // selection key {hz, resid}
  localparam M    = MACROS;
  localparam T    = TILES;

  input  wire                 clk_i;
  input  wire                 rst_ni;
  input  wire                 ce_i;  // clock enable: 0 = no register changes (spec 11.1)
  // Macros addressed by this cycle's wr, thr, bias, trim, health and var writes.
  input  wire [M-1:0]         mask_i;
  // Ports of every macro (spec section 4).
  input  wire                 wr_en_i;
  input  wire [RAW-1:0]       wr_row_i;
  input  wire [COLS-1:0]      wr_mag_i;
  input  wire [COLS-1:0]      wr_sign_i;
  input  wire                 thr_en_i;
  input  wire [CAW-1:0]       thr_col_i;
  input  wire [VW-1:0]        thr_i;
  input  wire                 cfg_en_i;
  input  wire [1:0]           cfg_mode_i;
  input  wire [4:0]           cfg_shift_i;
  input  wire                 cfg_test_i;
  input  wire                 cfg_select_i;  // the chip's: variation-aware selection
  input  wire                 bias_en_i;
  input  wire [NAW-1:0]       bias_idx_i;
  input  wire [BW-1:0]        bias_i;
  input  wire                 trim_en_i;
  input  wire [CAW-1:0]       trim_col_i;
  input  wire [OW-1:0]        trim_i;
  input  wire                 health_en_i;
  input  wire [RAW-1:0]       health_row_i;
  input  wire [COLS-1:0]      health_i;
  input  wire                 var_en_i;
  input  wire [1:0]           var_sel_i;
  input  wire [VAW-1:0]       var_addr_i;
  input  wire [VDW-1:0]       var_data_i;
  // Evaluation of every tile.
  input  wire                 eval_i;
  input  wire [T*ROWS-1:0]    x_i;        // tile t at [t*ROWS +: ROWS]
  input  wire [T*4*ROWS-1:0]  act_i;      // tile t at [t*4*ROWS +: 4*ROWS]
  // Tile map and residual offsets.
  input  wire                 map_en_i;
  input  wire [MW-1:0]        map_macro_i;
  input  wire                 map_valid_i;
  input  wire [TW-1:0]        map_tile_i;
  input  wire                 resid_en_i;
  input  wire [MW-1:0]        resid_macro_i;
  input  wire [RSW-1:0]       resid_i;
  // Every macro's outputs, macro m's at [m*W +: W] for a W-bit macro port.
  output wire [M-1:0]         wl_valid_o;
  output wire [M*ROWS-1:0]    wl_o;
  output wire [M-1:0]         res_valid_o;
  output wire [M*COLS*VW-1:0] mac_o;
  output wire [M*COLS-1:0]    gate_o;
  output wire [M*COLS-1:0]    dec_o;
  output wire [M*CNTW-1:0]    cnt_eval_o;
  output wire [M*CNTW-1:0]    cnt_dec_o;
  output wire [M*CNTW-1:0]    cnt_gated_o;
  output wire [M*CNTW-1:0]    cnt_nzdrv_o;
  output wire [M*CNTW-1:0]    cnt_wr_o;
  output wire [M*CNTW-1:0]    cnt_step_o;
  output wire [M-1:0]         busy_o;
  output wire [M-1:0]         done_o;
  output wire [M-1:0]         sar_step_o;
  output wire [M*SBW-1:0]     sar_bit_o;
  output wire [M*COLS*VW-1:0] sar_ref_o;
  output wire [M*COLS-1:0]    sar_q_o;
  output wire [M*COLS*VW-1:0] sar_code_o;
  output wire [M*NN*AW-1:0]   acc_o;
  output wire [M*NN*4-1:0]    out_o;
  // The chip's own.
  output wire                 chip_busy_o;
  output wire                 chip_done_o;
  output wire [T*MW-1:0]      sel_o;         // tile t's chosen macro at [t*MW +: MW]
  output wire [T-1:0]         sel_valid_o;
  output wire [M-1:0]         men_o;
  output wire [M*CNTW-1:0]    cnt_active_o;  // macro m's at [m*32 +: 32]
  output wire [M-1:0]         map_valid_o;
  output wire [M*TW-1:0]      map_tile_o;
  output wire [M*RSW-1:0]     resid_o;

  // While some macro is busy the chip ignores every input but the reset (spec 11.2, item 1):
  // a macro that is not running, a power-gated spare, takes no write meant for nobody.
  wire busy = |busy_o;
  wire idle = !busy;

  // ---------------------------------------------------------------------------------------
  // The chip's copy of the configuration: mode and select.
  // ---------------------------------------------------------------------------------------
  reg  [1:0] mode_q;
  reg        select_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mode_q   <= `TNAM_MODE_THRESH;
      select_q <= 1'b0;
    end else if (ce_i && cfg_en_i && idle && (cfg_mode_i != `TNAM_MODE_NONE)) begin
      mode_q   <= cfg_mode_i;
      select_q <= cfg_select_i;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Tile map and residual offsets.
  // ---------------------------------------------------------------------------------------
  wire [M-1:0]     map_valid;
  wire [M*TW-1:0]  map_tile;
  wire [M*RSW-1:0] resid;

  tnam_tile_map #(
    .MACROS        (M),
    .TILES         (T),
    .MW            (MW),
    .TW            (TW),
    .RSW           (RSW)
  ) u_map (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .ce_i          (ce_i),
    .map_en_i      (map_en_i && idle),
    .map_macro_i   (map_macro_i),
    .map_valid_i   (map_valid_i),
    .map_tile_i    (map_tile_i),
    .resid_en_i    (resid_en_i && idle),
    .resid_macro_i (resid_macro_i),
    .resid_i       (resid_i),
    .map_valid_o   (map_valid),
    .map_tile_o    (map_tile),
    .resid_o       (resid)
  );

  // ---------------------------------------------------------------------------------------
  // Driven rows of each tile: its word lines, or in q4 mode the rows with a non-zero
  // activation (driven in at least one bit plane).
  // ---------------------------------------------------------------------------------------
  `include "rtl/tnam_nibble_fn.vh"

  wire [T*ROWS-1:0] driven;  // tile t at [t*ROWS +: ROWS]
  wire [T-1:0]      active;  // tile t has a driven row
  wire              q4_mode = (mode_q == `TNAM_MODE_Q4);

  genvar t;
  generate
    for (t = 0; t < T; t = t + 1) begin : g_tile
      reg  [ROWS-1:0]   rows;

      // Only an evaluation uses them: a simulator gathers the activations for that alone.
      always @(*) begin
        rows = {ROWS{1'b0}};
        if (!q4_mode) begin
          rows = x_i[t*ROWS +: ROWS];
        end else if (eval_i) begin
          rows = nibble_bits(act_i[t*4*ROWS +: 4*ROWS], NIBBLE_ANY);
        end
      end

      assign driven[t*ROWS +: ROWS] = rows;
      assign active[t] = |rows;
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Selection keys: macro m's hazard count on the driven rows of the tile it holds, then its
  // residual offset.
  // ---------------------------------------------------------------------------------------
  wire [M*ROWS-1:0] hazard;  // macro m's hazard rows at [m*ROWS +: ROWS]
  wire [M*KW-1:0]   key;

  genvar m;
  generate
    for (m = 0; m < M; m = m + 1) begin : g_key
      wire [TW-1:0]  tile = map_tile[m*TW +: TW];
      reg [ROWS-1:0] tile_rows;
      wire [HZW-1:0] hz;

      integer i;
      always @(*) begin
        tile_rows = {ROWS{1'b0}};
        for (i = 0; i < T; i = i + 1) begin
          if (map_valid[m] && (tile == i[TW-1:0])) begin
            tile_rows = driven[i*ROWS +: ROWS];
          end
        end
      end

      tnam_popcount #(
        .N     (ROWS)
      ) u_hz (
        .en_i  (select_q),  // static mapping compares no key
        .vec_i (tile_rows & hazard[m*ROWS +: ROWS]),
        .cnt_o (hz)
      );

      assign key[m*KW +: KW] = {hz, resid[m*RSW +: RSW]};
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Selection per tile, and the one chosen copy of each tile that gets the evaluation.
  // ---------------------------------------------------------------------------------------
  wire [T*MW-1:0] chosen;        // tile t's chosen macro
  wire [T-1:0]    chosen_valid;
  wire [T*M-1:0]  pick;          // tile t's one-hot choice at [t*M +: M]
  reg  [M-1:0]    picked;        // bit m: macro m was chosen for its tile

  generate
    for (t = 0; t < T; t = t + 1) begin : g_select
      localparam [TW-1:0] TILE = t;

      wire [M-1:0] copies;
      for (m = 0; m < M; m = m + 1) begin : g_copy
        assign copies[m] = map_valid[m] && (map_tile[m*TW +: TW] == TILE);
      end

      tnam_select #(
        .MACROS   (M),
        .MW       (MW),
        .KW       (KW)
      ) u_select (
        .select_i (select_q),
        .active_i (active[t]),
        .copies_i (copies),
        .key_i    (key),
        .valid_o  (chosen_valid[t]),
        .sel_o    (chosen[t*MW +: MW]),
        .pick_o   (pick[t*M +: M])
      );
    end
  endgenerate

  integer pt;
  always @(*) begin
    picked = {M{1'b0}};
    for (pt = 0; pt < T; pt = pt + 1) begin
      picked = picked | pick[pt*M +: M];
    end
  end

  wire         accept = eval_i && idle;
  wire [M-1:0] eval_m = {M{accept}} & picked;

  // ---------------------------------------------------------------------------------------
  // The macros. A power-gated macro gets no evaluation and no input activity.
  // ---------------------------------------------------------------------------------------
  wire [M-1:0] wr_m = mask_i & {M{idle}};  // the macros this cycle's writes reach

  generate
    for (m = 0; m < M; m = m + 1) begin : g_macro
      wire [TW-1:0]    tile = map_tile[m*TW +: TW];
      reg [ROWS-1:0]   x_m;
      reg [4*ROWS-1:0] act_m;

      integer i;
      always @(*) begin
        x_m   = {ROWS{1'b0}};
        act_m = {(4*ROWS){1'b0}};
        if (eval_m[m]) begin
          for (i = 0; i < T; i = i + 1) begin
            if (tile == i[TW-1:0]) begin
              x_m   = x_i[i*ROWS +: ROWS];
              act_m = act_i[i*4*ROWS +: 4*ROWS];
            end
          end
        end
      end

`ifdef TNAM_ASSERT
      // Spec 11.2 item 4: at an accepted evaluation the chosen macro gets its own tile's
      // inputs, every other macro none.
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
        end else if (ce_i && accept) begin
          // The activations only where a macro reads them, in q4 mode (256 bits a compare).
          if (eval_m[m]) begin
            `TNAM_CHECK(x_m == x_i[tile*ROWS +: ROWS]
                        && (!q4_mode || act_m == act_i[tile*4*ROWS +: 4*ROWS]),
                        ("tnam_chip: macro %0d runs with inputs not of its tile %0d", m, tile))
          end else begin
            `TNAM_CHECK(x_m == {ROWS{1'b0}} && (!q4_mode || act_m == {(4*ROWS){1'b0}}),
                        ("tnam_chip: macro %0d is not chosen but sees input activity", m))
          end
        end
      end
`endif

      tnam_macro #(
        .ROWS         (ROWS),
        .COLS         (COLS)
      ) u_macro (
        .clk_i        (clk_i),
        .rst_ni       (rst_ni),
        .ce_i         (ce_i),
        .wr_en_i      (wr_en_i && wr_m[m]),
        .wr_row_i     (wr_row_i),
        .wr_mag_i     (wr_mag_i),
        .wr_sign_i    (wr_sign_i),
        .thr_en_i     (thr_en_i && wr_m[m]),
        .thr_col_i    (thr_col_i),
        .thr_i        (thr_i),
        .eval_i       (eval_m[m]),
        .x_i          (x_m),
        .act_i        (act_m),
        .cfg_en_i     (cfg_en_i && idle),
        .cfg_mode_i   (cfg_mode_i),
        .cfg_shift_i  (cfg_shift_i),
        .bias_en_i    (bias_en_i && wr_m[m]),
        .bias_idx_i   (bias_idx_i),
        .bias_i       (bias_i),
        .cfg_test_i   (cfg_test_i),
        .trim_en_i    (trim_en_i && wr_m[m]),
        .trim_col_i   (trim_col_i),
        .trim_i       (trim_i),
        .health_en_i  (health_en_i && wr_m[m]),
        .health_row_i (health_row_i),
        .health_i     (health_i),
        .var_en_i     (var_en_i && wr_m[m]),
        .var_sel_i    (var_sel_i),
        .var_addr_i   (var_addr_i),
        .var_data_i   (var_data_i),
        .wl_valid_o   (wl_valid_o[m]),
        .wl_o         (wl_o[m*ROWS +: ROWS]),
        .res_valid_o  (res_valid_o[m]),
        .mac_o        (mac_o[m*COLS*VW +: COLS*VW]),
        .gate_o       (gate_o[m*COLS +: COLS]),
        .dec_o        (dec_o[m*COLS +: COLS]),
        .cnt_eval_o   (cnt_eval_o[m*CNTW +: CNTW]),
        .cnt_dec_o    (cnt_dec_o[m*CNTW +: CNTW]),
        .cnt_gated_o  (cnt_gated_o[m*CNTW +: CNTW]),
        .cnt_nzdrv_o  (cnt_nzdrv_o[m*CNTW +: CNTW]),
        .cnt_wr_o     (cnt_wr_o[m*CNTW +: CNTW]),
        .cnt_step_o   (cnt_step_o[m*CNTW +: CNTW]),
        .busy_o       (busy_o[m]),
        .done_o       (done_o[m]),
        .sar_step_o   (sar_step_o[m]),
        .sar_bit_o    (sar_bit_o[m*SBW +: SBW]),
        .sar_ref_o    (sar_ref_o[m*COLS*VW +: COLS*VW]),
        .sar_q_o      (sar_q_o[m*COLS +: COLS]),
        .sar_code_o   (sar_code_o[m*COLS*VW +: COLS*VW]),
        .acc_o        (acc_o[m*NN*AW +: NN*AW]),
        .out_o        (out_o[m*NN*4 +: NN*4]),
        .hazard_o     (hazard[m*ROWS +: ROWS])
      );
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Selection result, macro enables and macro-active counters. A macro is active when it
  // gets an evaluation or has one in its pipeline (drive stage or multi-level operation).
  // ---------------------------------------------------------------------------------------
  reg [T*MW-1:0]   sel_q;
  reg [T-1:0]      sel_valid_q;
  reg [M-1:0]      men_q;
  reg [M*CNTW-1:0] cnt_active_q;

  wire [M-1:0] active_m = eval_m | wl_valid_o | busy_o;

  integer am;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sel_q        <= {(T*MW){1'b0}};
      sel_valid_q  <= {T{1'b0}};
      men_q        <= {M{1'b0}};
      cnt_active_q <= {(M*CNTW){1'b0}};
    end else if (ce_i) begin
      if (accept) begin
        sel_q       <= chosen;
        sel_valid_q <= chosen_valid;
      end
      men_q <= active_m;
      for (am = 0; am < M; am = am + 1) begin
        cnt_active_q[am*CNTW +: CNTW] <= cnt_active_q[am*CNTW +: CNTW] + {{(CNTW-1){1'b0}}, active_m[am]};
      end
    end
  end

`ifdef TNAM_ASSERT
  // ---------------------------------------------------------------------------------------
  // Checks of spec 11.2 and 11.3 (docs/decisions.md D34), written from the spec's terms
  // rather than from the logic above: a copy's hazard count is taken on its tile's driven
  // rows (not on the rows the logic above routes to it), the best copy is the one no other
  // copy beats, and the enables follow from the chosen index. The count is the RTL's one
  // function (word-wide in a Verilated model; its two forms are proven equal in make lint).
  // ---------------------------------------------------------------------------------------
  localparam POPCOUNT_N = ROWS;
  `include "rtl/tnam_popcount_fn.vh"

  function [HZW-1:0] a_hazard_count;  // driven rows of a tile on which a macro has a hazard
    input [ROWS-1:0] rows;
    input [ROWS-1:0] haz;
    begin
      a_hazard_count = popcount(rows & haz);
    end
  endfunction

  // Copy m is better than copy ch for a tile driving these rows: fewer driven hazard rows,
  // then a lower residual offset, then a lower index.
  function a_better;
    input [ROWS-1:0] rows;
    input [ROWS-1:0] haz_m;
    input [ROWS-1:0] haz_ch;
    input [RSW-1:0]  res_m;
    input [RSW-1:0]  res_ch;
    input [MW-1:0]   idx_m;
    input [MW-1:0]   ch;
    reg   [HZW-1:0]  hz_m;
    reg   [HZW-1:0]  hz_ch;
    begin
      hz_m     = a_hazard_count(rows, haz_m);
      hz_ch    = a_hazard_count(rows, haz_ch);
      a_better = (hz_m < hz_ch)
                 || (hz_m == hz_ch && (res_m < res_ch || (res_m == res_ch && idx_m < ch)));
    end
  endfunction

  localparam integer A_TILES_I = T;
  localparam [TW:0]  A_TILES   = A_TILES_I[TW:0];

  // Bit m: macro m holds tile t.
  function [M-1:0] a_copies;
    input [M-1:0]    valid;
    input [M*TW-1:0] tiles;
    input [TW-1:0]   tile_t;
    integer i;
    begin
      for (i = 0; i < M; i = i + 1) begin
        a_copies[i] = valid[i] && (tiles[i*TW +: TW] == tile_t);
      end
    end
  endfunction

  // Each check sits under the condition that makes it relevant: a Verilated model skips the
  // rest in the cycles without an evaluation. The best-copy check needs two copies: with one
  // macro it is void, and it would make a Verilated model compute the hazard rows in every
  // cycle (160 instructions a cycle on the 64 x 16 chip).
  // The chip's own registers and the tile map hold at an edge with ce_i = 0.
  `TNAM_HOLD_CHECK("tnam_chip", 2 + 1 + T*MW + T + M + M*CNTW + M + M*TW + M*RSW,
                   ({mode_q, select_q, sel_q, sel_valid_q, men_q, cnt_active_q, map_valid,
                    map_tile, resid}))

  integer a_t, a_m;
  always @(posedge clk_i or negedge rst_ni) begin
    if (rst_ni) begin
      if (ce_i) begin
        for (a_m = 0; a_m < M; a_m = a_m + 1) begin
          // The tile map holds only tiles < T, and tile 0 where a macro holds none.
          `TNAM_CHECK(map_valid[a_m] ? ({1'b0, map_tile[a_m*TW +: TW]} < A_TILES)
                                     : (map_tile[a_m*TW +: TW] == {TW{1'b0}}),
                      ("tnam_chip: macro %0d's tile-map entry (valid %b, tile %0d) is impossible",
                       a_m, map_valid[a_m], map_tile[a_m*TW +: TW]))
        end
        if (accept || (|eval_m)) begin
          for (a_m = 0; a_m < M; a_m = a_m + 1) begin
            // Exactly the chosen copy of each tile gets an evaluation, and only when accepted.
            `TNAM_CHECK(eval_m[a_m] == (accept && map_valid[a_m]
                                       && chosen_valid[map_tile[a_m*TW +: TW]]
                                       && chosen[map_tile[a_m*TW +: TW]*MW +: MW] == a_m[MW-1:0]),
                        ("tnam_chip: macro %0d: eval %b, but its tile chose macro %0d (valid %b)",
                         a_m, eval_m[a_m], chosen[map_tile[a_m*TW +: TW]*MW +: MW],
                         chosen_valid[map_tile[a_m*TW +: TW]]))
          end
          for (a_t = 0; a_t < T; a_t = a_t + 1) begin
            // A tile runs when it has a copy, and under selection only when it is active.
            `TNAM_CHECK(chosen_valid[a_t] == ((|a_copies(map_valid, map_tile, a_t[TW-1:0]))
                                              && (!select_q || active[a_t])),
                        ("tnam_chip: tile %0d: chosen_valid %b is wrong (select %b, active %b)",
                         a_t, chosen_valid[a_t], select_q, active[a_t]))
            if (chosen_valid[a_t]) begin
              `TNAM_CHECK(map_valid[chosen[a_t*MW +: MW]]
                          && map_tile[chosen[a_t*MW +: MW]*TW +: TW] == a_t[TW-1:0],
                          ("tnam_chip: tile %0d: the chosen macro %0d does not hold it",
                           a_t, chosen[a_t*MW +: MW]))
              for (a_m = 0; a_m < M; a_m = a_m + 1) begin
                if (map_valid[a_m] && map_tile[a_m*TW +: TW] == a_t[TW-1:0]) begin
                  if (!select_q) begin
                    `TNAM_CHECK(chosen[a_t*MW +: MW] <= a_m[MW-1:0],
                                ("tnam_chip: tile %0d: static mapping chose %0d over the copy %0d",
                                 a_t, chosen[a_t*MW +: MW], a_m))
                  end else if (M > 1) begin
                    `TNAM_CHECK(!a_better(driven[a_t*ROWS +: ROWS], hazard[a_m*ROWS +: ROWS],
                                          hazard[chosen[a_t*MW +: MW]*ROWS +: ROWS],
                                          resid[a_m*RSW +: RSW],
                                          resid[chosen[a_t*MW +: MW]*RSW +: RSW],
                                          a_m[MW-1:0], chosen[a_t*MW +: MW]),
                                ("tnam_chip: tile %0d: copy %0d (hazards %0d, resid %0d) %s %0d %s",
                                 a_t, a_m,
                                 a_hazard_count(driven[a_t*ROWS +: ROWS], hazard[a_m*ROWS +: ROWS]),
                                 resid[a_m*RSW +: RSW], "beats the chosen macro",
                                 chosen[a_t*MW +: MW], "(selection, spec 11.3)"))
                  end
                end
              end
            end
          end
        end
      end
    end
  end
`endif

  assign chip_busy_o  = busy;
  assign chip_done_o  = (|done_o) && !busy;
  assign sel_o        = sel_q;
  assign sel_valid_o  = sel_valid_q;
  assign men_o        = men_q;
  assign cnt_active_o = cnt_active_q;
  assign map_valid_o  = map_valid;
  assign map_tile_o   = map_tile;
  assign resid_o      = resid;

endmodule

`default_nettype wire
