// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of the TNAM chip model (spec section 11): hand-worked selection cases and an
 * M = T = 1 comparison against a bare macro. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "tnam_chip.h"

/* ---------------------------------------------------------------------------------------
 * Helpers driving the chip one cycle at a time.
 * ------------------------------------------------------------------------------------- */

static tnam_chip_t *new_chip(unsigned rows, unsigned cols, unsigned macros, unsigned tiles) {
  tnam_chip_params_t p;
  assert_true(tnam_chip_params_make(rows, cols, macros, tiles, &p));
  tnam_chip_t *c = tnam_chip_new(&p);
  assert_non_null(c);
  return c;
}

/* No port active; the write ports address every macro. */
static tnam_chip_in_t idle(void) {
  tnam_chip_in_t in = {0};
  in.core.rst_n = true;
  in.mask = 0xFF;
  return in;
}

/* The outputs are copied: a test keeps several cycles' worth. */
static tnam_chip_out_t step(tnam_chip_t *c, tnam_chip_in_t in) { return *tnam_chip_step(c, &in); }

/* Writes `weights` (+ - 0 per column) to `row` of the macros in `mask`. */
static void write_row(tnam_chip_t *c, uint32_t mask, unsigned row, const char *weights) {
  tnam_chip_in_t in = idle();
  in.mask = mask;
  in.core.wr_en = true;
  in.core.wr_row = row;
  for (unsigned col = 0; weights[col] != '\0'; ++col) {
    in.core.wr_mag |= (uint64_t)(weights[col] != '0') << col;
    in.core.wr_sign |= (uint64_t)(weights[col] == '-') << col;
  }
  step(c, in);
}

static void write_health(tnam_chip_t *c, uint32_t mask, unsigned row, uint64_t flags) {
  tnam_chip_in_t in = idle();
  in.mask = mask;
  in.core.health_en = true;
  in.core.health_row = row;
  in.core.health = flags;
  step(c, in);
}

static tnam_chip_in_t map_in(uint32_t macro, bool valid, uint32_t tile) {
  tnam_chip_in_t in = idle();
  in.map_en = true;
  in.map_macro = macro;
  in.map_valid = valid;
  in.map_tile = tile;
  return in;
}

static tnam_chip_in_t resid_in(uint32_t macro, uint32_t value) {
  tnam_chip_in_t in = idle();
  in.resid_en = true;
  in.resid_macro = macro;
  in.resid = value;
  return in;
}

static tnam_chip_in_t cfg_in(uint32_t mode, bool select) {
  tnam_chip_in_t in = idle();
  in.core.cfg_en = true;
  in.core.cfg_mode = mode;
  in.cfg_select = select;
  return in;
}

/* An evaluation with word lines x[t] (row word 0) for tiles 0 .. T-1. */
static tnam_chip_in_t eval_in(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3) {
  tnam_chip_in_t in = idle();
  in.core.eval = true;
  in.x[0][0] = x0;
  in.x[1][0] = x1;
  in.x[2][0] = x2;
  in.x[3][0] = x3;
  return in;
}

/* ---------------------------------------------------------------------------------------
 * Parameters, selection rule.
 * ------------------------------------------------------------------------------------- */

static void test_chip_params(void **state) {
  (void)state;
  /* mw = max(1, clog2(M)), tw = max(1, clog2(T)), by hand. */
  static const unsigned cases[][4] = {{1, 1, 1, 1}, {2, 1, 1, 1}, {2, 2, 1, 1}, {3, 3, 2, 2},
                                      {4, 4, 2, 2}, {5, 2, 3, 1}, {8, 4, 3, 2}, {8, 3, 3, 2},
                                      {6, 1, 3, 1}, {7, 4, 3, 2}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    tnam_chip_params_t p;
    assert_true(tnam_chip_params_make(64, 16, cases[i][0], cases[i][1], &p));
    assert_int_equal(p.macros, cases[i][0]);
    assert_int_equal(p.tiles, cases[i][1]);
    assert_int_equal(p.mw, cases[i][2]);
    assert_int_equal(p.tw, cases[i][3]);
    assert_int_equal(p.core.rows, 64);
    assert_int_equal(p.core.vw, 10);
    assert_int_equal(p.core.ow, 8);
  }
  /* M in 1 .. 8, T in 1 .. min(M, 4), and the macro's own limits. */
  static const unsigned bad[][4] = {{64, 16, 0, 1}, {64, 16, 9, 1}, {64, 16, 2, 3}, {64, 16, 8, 5},
                                    {64, 16, 4, 0}, {1, 16, 1, 1},  {64, 2, 1, 1},  {64, 65, 2, 2}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    tnam_chip_params_t p = {.macros = 77, .mw = 99};
    assert_false(tnam_chip_params_make(bad[i][0], bad[i][1], bad[i][2], bad[i][3], &p));
    assert_int_equal(p.macros, 77);
    assert_int_equal(p.mw, 99);
  }
  assert_null(tnam_chip_new(NULL));
  tnam_chip_params_t p;
  assert_true(tnam_chip_params_make(8, 4, 4, 2, &p));
  p.tw = 2; /* not the derived width */
  assert_null(tnam_chip_new(&p));
  assert_true(tnam_chip_params_make(8, 4, 4, 2, &p));
  tnam_chip_t *c = tnam_chip_new(&p);
  assert_non_null(c);
  assert_memory_equal(tnam_chip_params(c), &p, sizeof p);
  assert_non_null(tnam_chip_macro(c, 3));
  assert_null(tnam_chip_macro(c, 4));
  assert_memory_equal(tnam_model_params(tnam_chip_macro(c, 0)), &p.core, sizeof p.core);
  tnam_chip_free(c);
}

/* Every candidate set of 8 macros with random hazard counts and residuals from small ranges
 * (so that ties are common), against a literal reading: the chosen macro beats every other
 * candidate on (hz, resid, index) in that order. */
static void test_select_copy_rule(void **state) {
  (void)state;
  uint64_t seed = 0x5E1EC7;
  for (unsigned round = 0; round < 40; ++round) {
    uint32_t hz[TNAM_MAX_MACROS], resid[TNAM_MAX_MACROS];
    for (unsigned m = 0; m < TNAM_MAX_MACROS; ++m) {
      seed = seed * 6364136223846793005u + 1442695040888963407u;
      hz[m] = (uint32_t)(seed >> 33) % 3;
      resid[m] = (uint32_t)(seed >> 40) % 3;
    }
    assert_int_equal(tnam_select_copy(0, hz, resid), -1);
    for (uint32_t candidates = 1; candidates < 256; ++candidates) {
      const int chosen = tnam_select_copy(candidates, hz, resid);
      assert_true(chosen >= 0 && chosen < 8);
      assert_true((candidates >> chosen) & 1);
      for (int m = 0; m < 8; ++m) {
        if (m == chosen || !((candidates >> m) & 1)) {
          continue;
        }
        const bool chosen_better =
            hz[chosen] < hz[m] ||
            (hz[chosen] == hz[m] &&
             (resid[chosen] < resid[m] || (resid[chosen] == resid[m] && chosen < m)));
        assert_true(chosen_better);
      }
    }
  }
  /* Hand cases: hazard first, then resid, then index. */
  const uint32_t hz[4] = {2, 0, 0, 1}, resid[4] = {0, 9, 3, 0};
  assert_int_equal(tnam_select_copy(0xF, hz, resid), 2);
  assert_int_equal(tnam_select_copy(0x9, hz, resid), 3);
  assert_int_equal(tnam_select_copy(0x1, hz, resid), 0);
  const uint32_t same[3] = {1, 1, 1};
  assert_int_equal(tnam_select_copy(0x6, same, same), 1);
}

/* ---------------------------------------------------------------------------------------
 * M = T = 1: the chip is one macro.
 * ------------------------------------------------------------------------------------- */

/* The observables of spec section 6, field by field (columns < C, neurons < NN). */
static void assert_same_outputs(const tnam_out_t *a, const tnam_out_t *b, const tnam_params_t *p,
                                unsigned cycle) {
  bool same = a->wl_valid == b->wl_valid && a->res_valid == b->res_valid && a->gate == b->gate &&
              a->dec == b->dec && a->cnt_eval == b->cnt_eval && a->cnt_dec == b->cnt_dec &&
              a->cnt_gated == b->cnt_gated && a->cnt_nzdrv == b->cnt_nzdrv &&
              a->cnt_wr == b->cnt_wr && a->cnt_step == b->cnt_step && a->busy == b->busy &&
              a->done == b->done && a->sar_step == b->sar_step && a->sar_bit == b->sar_bit &&
              a->sar_q == b->sar_q;
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    same = same && a->wl[w] == b->wl[w];
  }
  for (unsigned c = 0; c < p->cols; ++c) {
    same = same && a->mac[c] == b->mac[c] && a->sar_ref[c] == b->sar_ref[c] &&
           a->sar_code[c] == b->sar_code[c];
  }
  for (unsigned j = 0; j < p->nn; ++j) {
    same = same && a->acc[j] == b->acc[j] && a->out[j] == b->out[j];
  }
  if (!same) {
    fail_msg("cycle %u: the chip's macro 0 differs from the bare macro", cycle);
  }
}

static uint64_t next_random(uint64_t *seed) {
  uint64_t z = (*seed += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static unsigned below(uint64_t *seed, unsigned n) { return (unsigned)(next_random(seed) % n); }

/* Random stimulus over every port, static selection (the reset state). */
static tnam_chip_in_t random_chip_input(uint64_t *seed, const tnam_params_t *p) {
  tnam_chip_in_t in = idle();
  tnam_in_t *core = &in.core;
  core->rst_n = below(seed, 500) != 0;
  in.mask = (uint32_t)next_random(seed); /* bit 0 decides whether macro 0 is addressed */
  core->wr_en = below(seed, 10) < 3;
  core->wr_row = below(seed, p->rows + 2);
  core->wr_mag = next_random(seed);
  core->wr_sign = next_random(seed);
  core->thr_en = below(seed, 10) < 2;
  core->thr_col = below(seed, p->cols + 1);
  core->thr = (int32_t)below(seed, 2 * p->rows + 1) - (int32_t)p->rows;
  core->eval = below(seed, 10) < 6;
  core->x[0] = next_random(seed); /* not used by the chip: x[0] below is tile 0 */
  in.x[0][0] = next_random(seed) & next_random(seed);
  in.x[0][1] = next_random(seed);
  in.act[0][0] = next_random(seed) & next_random(seed);
  in.act[0][1] = next_random(seed);
  core->cfg_en = below(seed, 30) == 0;
  core->cfg_mode = below(seed, 4);
  core->cfg_shift = below(seed, 8);
  core->cfg_test = below(seed, 4) == 0;
  in.cfg_select = false;
  core->bias_en = below(seed, 10) == 0;
  core->bias_idx = below(seed, p->nn + 1);
  core->bias = (int32_t)below(seed, 200) - 100;
  core->trim_en = below(seed, 20) == 0;
  core->trim_col = below(seed, p->cols);
  core->trim = (int32_t)below(seed, 9) - 4;
  core->health_en = below(seed, 20) == 0;
  core->health_row = below(seed, p->rows);
  core->health = next_random(seed);
  core->var_en = below(seed, 15) == 0;
  core->var_sel = below(seed, 4);
  core->var_addr = below(seed, p->rows);
  core->var_data = next_random(seed) & 0x3F;
  /* Map writes that leave macro 0 holding tile 0, or are ignored (macro >= M, tile >= T). */
  in.map_en = below(seed, 20) == 0;
  in.map_macro = below(seed, 3);
  in.map_valid = true;
  in.map_tile = in.map_macro == 0 ? 0 : below(seed, 3);
  in.resid_en = below(seed, 20) == 0;
  in.resid_macro = 0;
  in.resid = (uint32_t)next_random(seed);
  return in;
}

static void run_single_macro_equivalence(unsigned rows, unsigned cols, uint64_t seed,
                                         unsigned cycles) {
  tnam_chip_t *c = new_chip(rows, cols, 1, 1);
  const tnam_params_t *p = &tnam_chip_params(c)->core;
  tnam_model_t *bare = tnam_model_new(p);
  assert_non_null(bare);
  tnam_out_t before = *tnam_model_step(bare, &(tnam_in_t){.rst_n = false});
  uint32_t cnt_active = 0;
  unsigned evaluations = 0, operations = 0;
  for (unsigned cycle = 0; cycle < cycles; ++cycle) {
    const tnam_chip_in_t in = random_chip_input(&seed, p);
    /* The bare macro: the same ports, tile 0's inputs, the enables ANDed with mask bit 0. */
    tnam_in_t mi = in.core;
    const bool addressed = in.mask & 1;
    mi.wr_en &= addressed;
    mi.thr_en &= addressed;
    mi.bias_en &= addressed;
    mi.trim_en &= addressed;
    mi.health_en &= addressed;
    mi.var_en &= addressed;
    for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) mi.x[w] = in.x[0][w];
    for (unsigned w = 0; w < TNAM_ACT_WORDS; ++w) mi.act[w] = in.act[0][w];
    const tnam_chip_out_t *out = tnam_chip_step(c, &in);
    const tnam_out_t after = *tnam_model_step(bare, &mi);
    assert_same_outputs(&out->m[0], &after, p, cycle);
    assert_int_equal(out->busy, after.busy);
    assert_int_equal(out->done, after.done && !after.busy);
    const bool accepted = in.core.rst_n && in.core.eval && !before.busy;
    const bool active = in.core.rst_n && (accepted || before.wl_valid || before.busy);
    cnt_active = in.core.rst_n ? cnt_active + active : 0;
    assert_int_equal(out->men, active);
    assert_int_equal(out->cnt_active[0], cnt_active);
    if (accepted) {
      assert_int_equal(out->sel_valid, 1);
      assert_int_equal(out->sel[0], 0);
    }
    assert_int_equal(out->map_valid, 1);
    assert_int_equal(out->map_tile[0], 0);
    evaluations += accepted;
    operations += after.done;
    before = after;
  }
  assert_true(evaluations > cycles / 10);
  assert_true(operations > 10);
  tnam_model_free(bare);
  tnam_chip_free(c);
}

static void test_single_macro_equivalence(void **state) {
  (void)state;
  run_single_macro_equivalence(64, 16, 0xC41901, 20000);
  run_single_macro_equivalence(8, 7, 0xC41902, 20000);
  run_single_macro_equivalence(130, 5, 0xC41903, 5000);
}

/* ---------------------------------------------------------------------------------------
 * Ports, tile map, residuals.
 * ------------------------------------------------------------------------------------- */

/* Each write port reaches the macros of mask_i; the configuration reaches all of them. */
static void test_mask_routing(void **state) {
  (void)state;
  tnam_chip_t *c = new_chip(8, 6, 4, 1);
  tnam_chip_in_t in = idle();
  in.mask = 0x5; /* macros 0 and 2 */
  in.core.wr_en = true;
  in.core.wr_row = 3;
  in.core.wr_mag = 0x1;
  in.core.thr_en = true;
  in.core.thr_col = 1;
  in.core.thr = -4;
  in.core.bias_en = true;
  in.core.bias_idx = 1;
  in.core.bias = 33;
  in.core.trim_en = true;
  in.core.trim_col = 2;
  in.core.trim = 3;
  in.core.health_en = true;
  in.core.health_row = 4;
  in.core.health = 0x9;
  in.core.var_en = true;
  in.core.var_sel = TNAM_VAR_DEFECT;
  in.core.var_addr = 5;
  in.core.var_data = 0x6;
  in.core.cfg_en = true;
  in.core.cfg_mode = TNAM_MODE_LEVEL;
  in.core.cfg_shift = 3;
  in.core.cfg_test = true;
  in.cfg_select = true;
  tnam_chip_out_t out = step(c, in);
  for (unsigned m = 0; m < 4; ++m) {
    const bool addressed = m == 0 || m == 2;
    tnam_model_t *macro = tnam_chip_macro(c, m);
    assert_int_equal(tnam_model_weight(macro, 3, 0), addressed ? 1 : 0);
    assert_int_equal(out.m[m].cnt_wr, addressed ? 6 : 0);
    const tnam_var_state_t *v = tnam_model_var_state(macro);
    assert_int_equal(v->trim[2], addressed ? 3 : 0);
    assert_int_equal(v->health[4], addressed ? 0x9 : 0);
    assert_int_equal(v->defect[5], addressed ? 0x6 : 0);
    const tnam_ml_state_t *ml = tnam_model_ml_state(macro);
    assert_int_equal(ml->bias[1], addressed ? 33 : 0);
    assert_int_equal(ml->mode, TNAM_MODE_LEVEL); /* broadcast */
    assert_int_equal(ml->shift, 3);
    assert_true(ml->test);
  }
  assert_true(tnam_chip_select(c));
  /* The threshold reached macros 0 and 2: seen in the last-sense view after an evaluation
   * (threshold mode again, every macro holding tile 0... only macro 0 runs: static). */
  step(c, cfg_in(TNAM_MODE_THRESH, false));
  step(c, eval_in(0x8, 0, 0, 0));
  out = step(c, idle());
  assert_int_equal(out.sel[0], 0);
  assert_int_equal(tnam_model_last_sense(tnam_chip_macro(c, 0))->thr[1], -4);
  assert_int_equal(out.m[0].mac[0], 1); /* row 3, +1 in column 0 */
  assert_false(out.m[1].res_valid);     /* macros 1 .. 3 hold tile 0 too, but are spares */
  /* mask 0: nobody. */
  in = idle();
  in.mask = 0;
  in.core.wr_en = true;
  in.core.wr_row = 0;
  in.core.wr_mag = 0x3F;
  out = step(c, in);
  for (unsigned m = 0; m < 4; ++m) {
    assert_int_equal(tnam_model_weight(tnam_chip_macro(c, m), 0, 0), 0);
  }
  tnam_chip_free(c);
}

static void test_map_and_resid_registers(void **state) {
  (void)state;
  tnam_chip_t *c = new_chip(8, 3, 4, 3); /* TW = 2: tile 3 is on the port but >= T */
  tnam_chip_out_t out = step(c, idle());
  assert_int_equal(out.map_valid, 0x7); /* reset: macro m holds tile m for m < T */
  const uint32_t reset_tiles[4] = {0, 1, 2, 0};
  for (unsigned m = 0; m < 4; ++m) {
    assert_int_equal(out.map_tile[m], reset_tiles[m]);
    assert_int_equal(out.resid[m], 0);
  }
  out = step(c, map_in(3, true, 1));
  assert_int_equal(out.map_valid, 0xF);
  assert_int_equal(out.map_tile[3], 1);
  out = step(c, map_in(1, false, 2)); /* no tile: shown as tile 0 */
  assert_int_equal(out.map_valid, 0xD);
  assert_int_equal(out.map_tile[1], 0);
  out = step(c, map_in(0, true, 3)); /* tile >= T: ignored */
  assert_int_equal(out.map_valid, 0xD);
  assert_int_equal(out.map_tile[0], 0);
  out = step(c, map_in(4, true, 0)); /* macro >= M: ignored */
  assert_int_equal(out.map_valid, 0xD);
  out = step(c, map_in(0, false, 3)); /* valid 0 with any tile is accepted */
  assert_int_equal(out.map_valid, 0xC);
  tnam_chip_in_t disabled = map_in(0, true, 2);
  disabled.map_en = false;
  out = step(c, disabled);
  assert_int_equal(out.map_valid, 0xC);

  out = step(c, resid_in(2, 200));
  assert_int_equal(out.resid[2], 200);
  out = step(c, resid_in(1, 0x1FF)); /* 8 bits */
  assert_int_equal(out.resid[1], 0xFF);
  out = step(c, resid_in(4, 7)); /* macro >= M: ignored */
  for (unsigned m = 0; m < 4; ++m) {
    assert_int_equal(out.resid[m], m == 2 ? 200 : m == 1 ? 0xFF : 0);
  }
  /* Map and resid together with other ports in one cycle: all taken. */
  tnam_chip_in_t both = map_in(1, true, 2);
  both.resid_en = true;
  both.resid_macro = 3;
  both.resid = 5;
  out = step(c, both);
  assert_int_equal(out.map_tile[1], 2);
  assert_int_equal(out.resid[3], 5);

  /* Reset restores the reset map and clears the residuals. */
  tnam_chip_in_t reset = idle();
  reset.core.rst_n = false;
  out = step(c, reset);
  assert_int_equal(out.map_valid, 0x7);
  for (unsigned m = 0; m < 4; ++m) {
    assert_int_equal(out.map_tile[m], reset_tiles[m]);
    assert_int_equal(out.resid[m], 0);
  }
  tnam_chip_free(c);
}

/* ---------------------------------------------------------------------------------------
 * Selection, power gating, busy and done.
 * ------------------------------------------------------------------------------------- */

/* Static mapping: the lowest copy of each tile runs, active or not, with its tile's inputs;
 * a tile without a copy runs nowhere. */
static void test_static_selection(void **state) {
  (void)state;
  tnam_chip_t *c = new_chip(8, 3, 4, 3);
  step(c, map_in(0, false, 0));
  step(c, map_in(1, true, 1));
  step(c, map_in(2, true, 0)); /* tile 0: macros 2, 3 */
  step(c, map_in(3, true, 0)); /* tile 2: none */
  write_row(c, 0x4, 0, "+00");
  write_row(c, 0x2, 1, "0-0");
  tnam_chip_out_t out = step(c, eval_in(0x1, 0x2, 0x4, 0));
  assert_int_equal(out.sel_valid, 0x3);
  assert_int_equal(out.sel[0], 2);
  assert_int_equal(out.sel[1], 1);
  assert_int_equal(out.sel[2], 0);
  assert_int_equal(out.men, 0x6);
  assert_true(out.m[2].wl_valid);
  assert_int_equal(out.m[2].wl[0], 0x1); /* tile 0's word lines */
  assert_int_equal(out.m[1].wl[0], 0x2); /* tile 1's */
  assert_false(out.m[0].wl_valid);
  assert_false(out.m[3].wl_valid);
  out = step(c, idle());
  assert_int_equal(out.m[2].mac[0], 1);
  assert_int_equal(out.m[1].mac[1], -1);
  assert_int_equal(out.men, 0x6); /* in the sense stage */
  const tnam_chip_sel_info_t *info = tnam_chip_last_selection(c);
  assert_int_equal(info->active, 0x7);
  assert_int_equal(info->candidates[0], 0xC);
  assert_int_equal(info->candidates[1], 0x2);
  assert_int_equal(info->candidates[2], 0);
  assert_false(info->select);
  /* Inactive tiles still run in static mode. */
  out = step(c, eval_in(0, 0, 0, 0));
  assert_int_equal(out.sel_valid, 0x3);
  assert_int_equal(out.men, 0x6);
  assert_true(out.m[2].wl_valid);
  out = step(c, idle());
  assert_int_equal(out.m[2].gate, 0x7);
  assert_int_equal(tnam_chip_last_selection(c)->active, 0);
  out = step(c, idle());
  assert_int_equal(out.men, 0);
  assert_int_equal(out.cnt_active[0], 0);
  assert_int_equal(out.cnt_active[1], 4);
  assert_int_equal(out.cnt_active[2], 4);
  assert_int_equal(out.cnt_active[3], 0);
  tnam_chip_free(c);
}

/* Variation-aware selection, four copies of one tile, every cell +1. Known-defective cells:
 * macro 0 rows 0, 1; macro 1 row 0; macro 2 row 2; macro 3 rows 0, 2. */
static void test_variation_aware_selection(void **state) {
  (void)state;
  tnam_chip_t *c = new_chip(8, 3, 4, 1);
  for (unsigned m = 1; m < 4; ++m) {
    step(c, map_in(m, true, 0));
  }
  for (unsigned r = 0; r < 8; ++r) {
    write_row(c, 0xF, r, "+++");
  }
  write_health(c, 0x1, 1, 0x2);
  write_health(c, 0xB, 0, 0x4);
  write_health(c, 0xC, 2, 0x1);
  step(c, resid_in(2, 9));
  step(c, resid_in(0, 5));
  step(c, resid_in(1, 4));
  step(c, resid_in(3, 4));
  step(c, cfg_in(TNAM_MODE_THRESH, true));
  /* Rows 0, 1: hz = {2, 1, 0, 1}: macro 2 despite the highest resid. */
  tnam_chip_out_t out = step(c, eval_in(0x3, 0, 0, 0));
  assert_int_equal(out.sel[0], 2);
  assert_int_equal(out.men, 0x4);
  const tnam_chip_sel_info_t *info = tnam_chip_last_selection(c);
  const uint32_t hz_rows01[4] = {2, 1, 0, 1};
  for (unsigned m = 0; m < 4; ++m) {
    assert_int_equal(info->hz[m], hz_rows01[m]);
  }
  assert_true(info->select);
  assert_int_equal(info->candidates[0], 0xF);
  /* Row 2: hz = {0, 0, 1, 1}: the tie between 0 and 1 goes to the lower resid, 1. */
  out = step(c, eval_in(0x4, 0, 0, 0));
  assert_int_equal(out.sel[0], 1);
  assert_int_equal(out.men, 0x6); /* 1 evaluates, 2 senses */
  /* Row 3: no hazard anywhere; resid {5, 4, 9, 4}: 1 and 3 tie, the lower index wins. */
  out = step(c, eval_in(0x8, 0, 0, 0));
  assert_int_equal(out.sel[0], 1);
  out = step(c, idle());
  assert_true(out.m[1].res_valid);
  assert_int_equal(out.m[1].mac[0], 1);
  step(c, resid_in(1, 6)); /* now 3 has the lowest resid */
  out = step(c, eval_in(0x8, 0, 0, 0));
  assert_int_equal(out.sel[0], 3);
  /* A health write in the evaluation's cycle is not seen by its selection. */
  tnam_chip_in_t in = eval_in(0x8, 0, 0, 0);
  in.mask = 0x8;
  in.core.health_en = true;
  in.core.health_row = 3;
  in.core.health = 0x1;
  out = step(c, in);
  assert_int_equal(out.sel[0], 3);
  out = step(c, eval_in(0x8, 0, 0, 0)); /* now it is: hz = {0, 0, 0, 1}, resid 5 6 9 */
  assert_int_equal(out.sel[0], 0);
  assert_int_equal(tnam_chip_last_selection(c)->hz[3], 1);
  /* Inactive tile: runs nowhere, sel_valid drops. */
  step(c, idle());
  step(c, idle());
  out = step(c, eval_in(0, 0, 0, 0));
  assert_int_equal(out.sel_valid, 0);
  assert_int_equal(out.sel[0], 0);
  assert_int_equal(out.men, 0);
  assert_int_equal(tnam_chip_last_selection(c)->active, 0);
  for (unsigned m = 0; m < 4; ++m) {
    assert_false(out.m[m].wl_valid);
  }
  /* Word-line bits at or above R drive nothing: still inactive. */
  out = step(c, eval_in(0x100, 0, 0, 0));
  assert_int_equal(out.sel_valid, 0);
  tnam_chip_free(c);
}

/* q4: a row is driven when its activation is not 0, whichever bit plane drives it. */
static void test_q4_driven_rows(void **state) {
  (void)state;
  tnam_chip_t *c = new_chip(8, 3, 2, 1);
  step(c, map_in(1, true, 0));
  for (unsigned r = 0; r < 8; ++r) {
    write_row(c, 0x3, r, "+00");
  }
  write_health(c, 0x1, 5, 0x1);
  step(c, resid_in(1, 1)); /* without hazards macro 0 wins */
  step(c, cfg_in(TNAM_MODE_Q4, true));
  tnam_chip_in_t in = idle();
  in.core.eval = true;
  in.act[0][0] = UINT64_C(0x8) << (4 * 5); /* row 5, activation 8: only plane 3 drives it */
  tnam_chip_out_t out = step(c, in);
  assert_int_equal(out.sel[0], 1);
  assert_int_equal(tnam_chip_last_selection(c)->hz[0], 1);
  assert_int_equal(tnam_chip_last_selection(c)->mode, TNAM_MODE_Q4);
  while (out.busy) {
    out = step(c, idle());
  }
  assert_true(out.done);
  assert_int_equal(out.m[1].acc[0], 8);
  in.act[0][0] = UINT64_C(0x1) << (4 * 6); /* row 6: no hazard */
  out = step(c, in);
  assert_int_equal(out.sel[0], 0);
  while (out.busy) {
    out = step(c, idle());
  }
  /* Activations of rows >= R (none here) and zero activations: inactive, no operation. */
  in.act[0][0] = 0;
  in.act[0][1] = ~UINT64_C(0);
  out = step(c, in);
  assert_int_equal(out.sel_valid, 0);
  assert_false(out.busy);
  assert_int_equal(out.men, 0);
  tnam_chip_free(c);
}

/* Activity: a macro is active in the cycle of its eval_i and while its pipeline holds the
 * evaluation (wl_valid) or an operation (busy). A level operation of L cycles counts L. */
static void test_activity_counting(void **state) {
  (void)state;
  tnam_chip_t *c = new_chip(8, 3, 2, 1);
  const unsigned steps = tnam_chip_params(c)->core.steps; /* 5 */
  write_row(c, 0x3, 0, "+-0");
  tnam_chip_out_t out = step(c, eval_in(0x1, 0, 0, 0));
  assert_int_equal(out.men, 0x1);
  assert_int_equal(out.cnt_active[0], 1);
  out = step(c, idle()); /* sense stage */
  assert_int_equal(out.men, 0x1);
  assert_int_equal(out.cnt_active[0], 2);
  out = step(c, idle());
  assert_int_equal(out.men, 0);
  assert_int_equal(out.cnt_active[0], 2);
  /* Back to back: eval in two cycles, three active cycles. */
  step(c, eval_in(0x1, 0, 0, 0));
  step(c, eval_in(0x1, 0, 0, 0));
  step(c, idle());
  out = step(c, idle());
  assert_int_equal(out.cnt_active[0], 5);
  step(c, cfg_in(TNAM_MODE_LEVEL, false));
  out = step(c, eval_in(0x1, 0, 0, 0));
  unsigned cycles = 1;
  while (!out.done) {
    assert_int_equal(out.men, 0x1);
    out = step(c, idle());
    ++cycles;
  }
  assert_int_equal(cycles, 2 + steps);
  assert_int_equal(out.men, 0x1); /* the FINISH cycle: still busy */
  assert_int_equal(out.cnt_active[0], 5 + cycles);
  out = step(c, idle());
  assert_int_equal(out.men, 0);
  assert_int_equal(out.cnt_active[0], 5 + cycles);
  assert_int_equal(out.cnt_active[1], 0); /* the spare never ran */
  tnam_chip_free(c);
}

/* Two tiles in level mode: tile 0's read takes 2 + S cycles, tile 1's (nothing driven) 3.
 * chip_busy is the OR, chip_done waits for the last; while busy neither the chip nor any macro
 * (the idle one included) takes an evaluation, write, configuration or map write, and sel
 * holds. */
static void test_busy_done_and_sel_hold(void **state) {
  (void)state;
  tnam_chip_t *c = new_chip(8, 3, 2, 2);
  const unsigned steps = tnam_chip_params(c)->core.steps;
  write_row(c, 0x1, 0, "+-+");
  step(c, cfg_in(TNAM_MODE_LEVEL, false));
  tnam_chip_out_t out = step(c, eval_in(0x1, 0x1, 0, 0));
  assert_int_equal(out.sel_valid, 0x3);
  assert_int_equal(out.sel[1], 1);
  unsigned cycle = 1;
  while (!out.done) {
    assert_true(out.busy);
    assert_int_equal(out.busy, out.m[0].busy || out.m[1].busy);
    if (cycle == 3) {
      assert_true(out.m[1].done); /* macro 1 finished, macro 0 still busy */
      assert_false(out.done);
    }
    tnam_chip_in_t noise = eval_in(0x2, 0x2, 0, 0);
    noise.map_en = true;
    noise.map_macro = 0;
    noise.map_valid = false;
    noise.resid_en = true;
    noise.resid_macro = 0;
    noise.resid = 77;
    noise.core.cfg_en = true;
    noise.core.cfg_mode = TNAM_MODE_THRESH;
    noise.cfg_select = true;
    noise.core.wr_en = true;
    noise.core.wr_row = 7;
    noise.core.wr_mag = 0x7;
    noise.core.trim_en = true;
    noise.core.trim_col = 1;
    noise.core.trim = 2;
    out = step(c, noise);
    ++cycle;
  }
  assert_int_equal(cycle, 2 + steps);
  assert_false(out.busy);
  assert_int_equal(out.m[0].sar_code[0], 1);
  assert_int_equal(out.m[0].sar_code[1], -1);
  assert_int_equal(out.map_valid, 0x3);
  assert_int_equal(out.resid[0], 0);
  assert_false(tnam_chip_select(c));
  assert_int_equal(out.sel_valid, 0x3);
  assert_int_equal(out.sel[1], 1);
  assert_int_equal(tnam_chip_last_selection(c)->mode, TNAM_MODE_LEVEL);
  /* Macro 1 was idle from cycle 4 on, but the chip was busy: it took neither the
   * configuration nor the writes. */
  for (unsigned m = 0; m < 2; ++m) {
    tnam_model_t *macro = tnam_chip_macro(c, m);
    assert_int_equal(tnam_model_ml_state(macro)->mode, TNAM_MODE_LEVEL);
    assert_int_equal(tnam_model_weight(macro, 7, 2), 0);
    assert_int_equal(tnam_model_var_state(macro)->trim[1], 0);
  }
  assert_int_equal(out.m[1].cnt_wr, 0);
  /* sel and sel_valid hold through idle cycles. */
  out = step(c, idle());
  assert_false(out.done);
  assert_int_equal(out.sel_valid, 0x3);
  assert_int_equal(out.sel[1], 1);
  tnam_chip_free(c);
}

/* Reset clears the chip's registers and every macro. */
static void test_chip_reset(void **state) {
  (void)state;
  tnam_chip_t *c = new_chip(8, 3, 3, 2);
  write_row(c, 0x7, 0, "+++");
  step(c, map_in(2, true, 1));
  step(c, resid_in(2, 3));
  step(c, cfg_in(TNAM_MODE_LEVEL, true));
  step(c, eval_in(0x1, 0x1, 0, 0));
  tnam_chip_in_t reset = idle();
  reset.core.rst_n = false;
  reset.core.eval = true;
  tnam_chip_out_t out = step(c, reset);
  assert_false(out.busy);
  assert_false(out.done);
  assert_int_equal(out.sel_valid, 0);
  assert_int_equal(out.men, 0);
  assert_int_equal(out.map_valid, 0x3);
  assert_int_equal(out.map_tile[2], 0);
  for (unsigned m = 0; m < 3; ++m) {
    assert_int_equal(out.cnt_active[m], 0);
    assert_int_equal(out.resid[m], 0);
    assert_false(out.m[m].busy);
    assert_int_equal(out.m[m].cnt_wr, 0);
    assert_int_equal(tnam_model_weight(tnam_chip_macro(c, m), 0, 0), 0);
  }
  assert_false(tnam_chip_select(c));
  /* Threshold mode and static selection again: an eval is one threshold evaluation. */
  out = step(c, eval_in(0x1, 0, 0, 0));
  assert_int_equal(out.sel_valid, 0x3);
  assert_false(out.busy);
  out = step(c, idle());
  assert_true(out.m[0].res_valid);
  assert_int_equal(out.m[0].gate, 0x7);
  tnam_chip_free(c);
}

/* A held edge (ce_i = 0, spec 5) changes no register, whatever the other inputs say: not in
 * the middle of a multi-level operation, not with every enable set. Its reset still resets. */
static void test_held_edge(void **state) {
  (void)state;
  tnam_chip_t *c = new_chip(8, 3, 3, 2);
  write_row(c, 0x7, 0, "+-+");
  step(c, cfg_in(TNAM_MODE_LEVEL, true));
  tnam_chip_out_t before = step(c, eval_in(0x1, 0x1, 0, 0));
  assert_true(before.busy);
  tnam_chip_in_t held = cfg_in(TNAM_MODE_Q4, false);
  held.core.hold = true;
  held.core.wr_en = held.core.thr_en = held.core.eval = held.core.bias_en = true;
  held.core.trim_en = held.core.health_en = held.core.var_en = true;
  held.map_en = held.resid_en = true;
  held.mask = 0x7;
  held.core.wr_mag = 0x7;
  held.x[0][0] = held.x[1][0] = 0xff;
  held.resid = 9;
  for (int i = 0; i < 20; i++) {
    const tnam_chip_out_t out = step(c, held);
    assert_memory_equal(&out, &before, sizeof out);
  }
  assert_int_equal(tnam_model_weight(tnam_chip_macro(c, 0), 0, 1), -1);
  /* The operation goes on where it stood: the next cycle makes its next step. */
  const tnam_chip_out_t next = step(c, idle());
  assert_int_equal(next.m[0].cnt_step, before.m[0].cnt_step + 1);
  held.core.rst_n = false;
  const tnam_chip_out_t reset = step(c, held);
  assert_false(reset.busy);
  assert_int_equal(reset.m[0].cnt_eval, 0);
  assert_int_equal(tnam_model_weight(tnam_chip_macro(c, 0), 0, 1), 0);
  tnam_chip_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chip_params),
      cmocka_unit_test(test_select_copy_rule),
      cmocka_unit_test(test_single_macro_equivalence),
      cmocka_unit_test(test_mask_routing),
      cmocka_unit_test(test_map_and_resid_registers),
      cmocka_unit_test(test_static_selection),
      cmocka_unit_test(test_variation_aware_selection),
      cmocka_unit_test(test_q4_driven_rows),
      cmocka_unit_test(test_activity_counting),
      cmocka_unit_test(test_busy_done_and_sel_hold),
      cmocka_unit_test(test_chip_reset),
      cmocka_unit_test(test_held_edge),
  };
  return cmocka_run_group_tests_name("tnam_chip", tests, NULL, NULL);
}
