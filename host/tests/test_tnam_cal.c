// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of variation files (spec 12.1), host calibration (12.2) and placement (11.4).
 * The key test injects random variations into the golden model of the chip and checks that
 * calibration, through the ports alone, recovers them exactly. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tnam_cal.h"
#include "tnam_prng.h"
#include "tnam_var.h"

static tnam_chip_params_t chip_params(unsigned rows, unsigned cols, unsigned macros,
                                      unsigned tiles) {
  tnam_chip_params_t p;
  assert_true(tnam_chip_params_make(rows, cols, macros, tiles, &p));
  return p;
}

/* A fresh temporary path (static buffer), unique to this process. */
static const char *temp_path(void) {
  static char path[64];
  snprintf(path, sizeof path, "/tmp/tnam_test_cal_%d.var", (int)getpid());
  return path;
}

static const char *temp_file(const char *text) {
  const char *path = temp_path();
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  return path;
}

static void assert_var_equal(const tnam_var_t *a, const tnam_var_t *b) {
  assert_int_equal(a->excess, b->excess);
  assert_memory_equal(a->off, b->off, sizeof a->off);
  assert_memory_equal(a->defect, b->defect, sizeof a->defect);
}

/* ---- variation files -------------------------------------------------------------------- */

static void test_var_round_trip(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(64, 16, 4, 2);
  tnam_var_t v, back;
  tnam_err_t err;
  tnam_var_draw(&p, 3.0, 0.02, -1, 7, &v);
  const char *path = temp_path();
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  assert_true(tnam_var_save(&v, f));
  fclose(f);
  assert_true(tnam_var_load(path, NULL, &p, &back, &err));
  assert_var_equal(&v, &back);
  unlink(path);
}

static void test_var_hand_written(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(8, 3, 2, 1);
  tnam_var_t v;
  tnam_err_t err;
  /* Comments, blank lines, an offset listed as 0, items in any order, range edges (OW = 5). */
  const char *path = temp_file(
      "# hand-made\n\ntnamvar 1   # version\n"
      "config rows 8 cols 3 macros 2\n"
      "defect 1 7 2\n  offset 0 2 -16\noffset 1 0 15\noffset 1 1 0\n"
      "excess -2\n");
  assert_true(tnam_var_load(path, NULL, &p, &v, &err));
  assert_int_equal(v.excess, -2);
  assert_int_equal(v.off[0][2], -16);
  assert_int_equal(v.off[1][0], 15);
  assert_int_equal(v.off[1][1], 0);
  assert_int_equal(v.defect[1][7], 4);
  assert_int_equal(v.defect[0][7], 0);
  unlink(path);
}

/* Every malformed input gives "FILE:LINE: message" naming the problem. */
static void test_var_errors(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(8, 3, 2, 1); /* OW = 5: offsets in [-16, 15] */
#define HEAD "tnamvar 1\nconfig rows 8 cols 3 macros 2\n"
  static const struct {
    const char *text;
    unsigned line;
    const char *msg;
  } cases[] = {
      {"", 1, "ends before its 'tnamvar 1'"},
      {"# only a comment\n", 2, "ends before its 'tnamvar 1'"},
      {"tnamvar 1\n", 2, "ends before"},
      {"config rows 8 cols 3 macros 2\n", 1, "first item must be 'tnamvar 1'"},
      {"tnamvar 2\n", 1, "unsupported variation file version"},
      {"tnamvar 1 2\n", 1, "unsupported variation file version"},
      {"tnamvar 1\nexcess 1\n", 2, "must come before 'excess'"},
      {"tnamvar 1\nconfig rows 8 cols 3\n", 2, "usage: config"},
      {"tnamvar 1\nconfig cols 3 rows 8 macros 2\n", 2, "usage: config"},
      {"tnamvar 1\nconfig rows 16 cols 3 macros 2\n", 2, "the file is for rows 16"},
      {"tnamvar 1\nconfig rows 8 cols 4 macros 2\n", 2, "the chip has rows 8 cols 3 macros 2"},
      {"tnamvar 1\nconfig rows 8 cols 3 macros 1\n", 2, "the file is for"},
      {"tnamvar 1\nconfig rows 8x cols 3 macros 2\n", 2, "rows '8x' is not a decimal"},
      {"tnamvar 1\nconfig rows 1 cols 3 macros 2\n", 2, "rows 1 is out of range"},
      {HEAD "tnamvar 1\n", 3, "'tnamvar' appears twice"},
      {HEAD "config rows 8 cols 3 macros 2\n", 3, "'config' appears twice"},
      {HEAD "excess\n", 3, "usage: excess D"},
      {HEAD "excess 2\n", 3, "excess 2 is out of range [-2, 1]"},
      {HEAD "excess -3\n", 3, "out of range"},
      {HEAD "excess one\n", 3, "not a decimal"},
      {HEAD "excess 1\nexcess 1\n", 4, "'excess' appears twice"},
      {HEAD "offset 0 0\n", 3, "usage: offset MACRO COL VALUE"},
      {HEAD "offset 2 0 1\n", 3, "macro 2 is out of range [0, 1]"},
      {HEAD "offset 0 3 1\n", 3, "column 3 is out of range [0, 2]"},
      {HEAD "offset 0 0 16\n", 3, "offset 16 is out of range [-16, 15]"},
      {HEAD "offset 0 0 -17\n", 3, "out of range [-16, 15]"},
      {HEAD "offset 0 0 1.5\n", 3, "offset '1.5' is not a decimal"},
      {HEAD "offset 0 0 +\n", 3, "not a decimal"},
      {HEAD "offset -1 0 1\n", 3, "macro -1 is out of range"},
      {HEAD "offset 0 1 0\noffset 0 1 2\n", 4, "offset of macro 0 column 1 appears twice"},
      {HEAD "defect 0 8 0\n", 3, "row 8 is out of range [0, 7]"},
      {HEAD "defect 0 0 3\n", 3, "column 3 is out of range"},
      {HEAD "defect 0 0\n", 3, "usage: defect MACRO ROW COL"},
      {HEAD "defect 1 2 0\n\ndefect 1 2 0\n", 5, "defect of macro 1 row 2 column 0 appears twice"},
      {HEAD "glitch 1\n", 3, "unknown item 'glitch'"},
      {HEAD "defect 0 1 2 3 4 5 6 7 8\n", 3, "too many fields"},
  };
#undef HEAD
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tnam_var_t v;
    tnam_err_t err;
    const char *path = temp_file(cases[i].text);
    char where[96];
    snprintf(where, sizeof where, "%s:%u: ", path, cases[i].line);
    if (tnam_var_load(path, NULL, &p, &v, &err)) fail_msg("case %zu was accepted", i);
    if (strncmp(err.msg, where, strlen(where)) != 0 || !strstr(err.msg, cases[i].msg))
      fail_msg("case %zu: got '%s', want '%s%s'", i, err.msg, where, cases[i].msg);
  }
  /* A line longer than the reader takes. */
  char text[400] = "tnamvar 1\n#";
  memset(text + strlen(text), 'x', 300);
  tnam_var_t v;
  tnam_err_t err;
  assert_false(tnam_var_load(temp_file(text), NULL, &p, &v, &err));
  assert_non_null(strstr(err.msg, ":2: line longer than"));
  unlink(temp_path());
  assert_false(tnam_var_load("/nonexistent/x.var", NULL, &p, &v, &err));
  assert_string_equal(err.msg, "/nonexistent/x.var: cannot open: No such file or directory");
}

/* ---- drawing ---------------------------------------------------------------------------- */

/* FNV-1a over the drawn items, to pin the draw bit for bit. */
static uint64_t var_hash(const tnam_var_t *v) {
  uint64_t h = 0xcbf29ce484222325ULL;
  const unsigned char *b[2] = {(const unsigned char *)v->off, (const unsigned char *)v->defect};
  size_t n[2] = {sizeof v->off, sizeof v->defect};
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; i < n[k]; i++) h = (h ^ b[k][i]) * 0x100000001b3ULL;
  return h;
}

static void test_draw_deterministic(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(64, 16, 4, 2);
  static tnam_var_t a, b;
  tnam_var_draw(&p, 2.0, 0.01, 1, 12345, &a);
  tnam_var_draw(&p, 2.0, 0.01, 1, 12345, &b);
  assert_var_equal(&a, &b);
  assert_int_equal(a.excess, 1);
  /* The value recorded when the draw was written: a change of algorithm, of the generator or
   * of the platform's arithmetic shows here. */
  assert_int_equal(var_hash(&a), 0xe1a68e8d0d63f702ULL);
  tnam_var_draw(&p, 2.0, 0.01, 1, 12346, &b);
  assert_true(memcmp(a.off, b.off, sizeof a.off) != 0);
  /* Entries beyond M, C and R stay 0. */
  for (unsigned m = 0; m < TNAM_MAX_MACROS; m++)
    for (unsigned c = 0; c < TNAM_MAX_COLS; c++)
      if (m >= 4 || c >= 16) assert_int_equal(a.off[m][c], 0);
  for (unsigned m = 0; m < TNAM_MAX_MACROS; m++)
    for (unsigned r = 0; r < TNAM_MAX_ROWS; r++)
      assert_int_equal(a.defect[m][r] & ~(m < 4 && r < 64 ? 0xffffULL : 0), 0);
}

static void test_draw_statistics(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(64, 16, 8, 1); /* 128 offsets and 8192 cells per draw */
  static tnam_var_t v;
  double sum = 0, sum2 = 0;
  unsigned long n = 0, defects = 0;
  for (uint64_t seed = 1; seed <= 40; seed++) {
    tnam_var_draw(&p, 2.0, 0.01, 1, seed, &v);
    for (unsigned m = 0; m < 8; m++) {
      for (unsigned c = 0; c < 16; c++, n++) {
        sum += v.off[m][c];
        sum2 += (double)v.off[m][c] * v.off[m][c];
      }
      for (unsigned r = 0; r < 64; r++)
        defects += (unsigned long)__builtin_popcountll(v.defect[m][r]);
    }
  }
  /* 5120 offsets: rounding adds 1/12 to the variance (sd 2.02); the sample sd is within about
   * 1% of it (one standard error), so 5% is a wide margin. */
  double mean = sum / (double)n, sd = sqrt(sum2 / (double)n - mean * mean);
  assert_true(fabs(mean) < 0.1);
  assert_true(fabs(sd - 2.02) < 0.1);
  /* 327680 cells at 1%: 3277 expected, standard deviation 57. */
  assert_in_range(defects, 3277 - 300, 3277 + 300);

  /* Edges: sigma 0 and rate 0 give nothing; a huge sigma clips to the OW range; rate 1 makes
   * every cell defective. */
  tnam_var_draw(&p, 0.0, 0.0, 0, 3, &v);
  for (unsigned m = 0; m < 8; m++) {
    for (unsigned c = 0; c < 16; c++) assert_int_equal(v.off[m][c], 0);
    for (unsigned r = 0; r < 64; r++) assert_int_equal(v.defect[m][r], 0);
  }
  tnam_var_draw(&p, 1e6, 1.0, 0, 3, &v);
  unsigned lo = 0, hi = 0;
  for (unsigned m = 0; m < 8; m++) {
    for (unsigned c = 0; c < 16; c++) {
      assert_true(v.off[m][c] == -128 || v.off[m][c] == 127);
      lo += v.off[m][c] == -128;
      hi += v.off[m][c] == 127;
    }
    for (unsigned r = 0; r < 64; r++) assert_int_equal(v.defect[m][r], 0xffff);
  }
  assert_true(lo > 0 && hi > 0);
}

/* ---- injection and calibration against the golden model -------------------------------- */

/* The golden model's port, wrapped to keep the latest outputs and to stop after a number of
 * steps (stop_at 0: never). */
typedef struct {
  tnam_port_t model;
  const tnam_chip_out_t *last;
  uint64_t steps, stop_at;
} test_port_t;

static const tnam_chip_out_t *test_step(void *ctx, const tnam_chip_in_t *in) {
  test_port_t *t = ctx;
  if (t->stop_at && t->steps == t->stop_at) return NULL;
  t->steps++;
  return t->last = t->model.step(t->model.ctx, in);
}

static tnam_port_t wrap(test_port_t *t, tnam_chip_t *chip) {
  memset(t, 0, sizeof *t);
  tnam_port_model(&t->model, chip);
  return (tnam_port_t){.step = test_step, .ctx = t, .p = t->model.p};
}

/* Injects v through the variation port; returns the number of writes. */
static unsigned inject(tnam_chip_t *chip, const tnam_var_t *v) {
  tnam_var_iter_t it = {0};
  tnam_chip_in_t in;
  unsigned n = 0;
  for (tnam_port_idle(&in); tnam_var_next(v, &it, &in); tnam_port_idle(&in), n++)
    tnam_chip_step(chip, &in);
  return n;
}

static void test_var_injection(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(37, 5, 3, 2);
  static tnam_var_t v;
  tnam_var_draw(&p, 1.5, 0.05, -2, 99, &v);
  unsigned expected = 1; /* the excess */
  for (unsigned m = 0; m < 3; m++) {
    for (unsigned c = 0; c < 5; c++) expected += v.off[m][c] != 0;
    for (unsigned r = 0; r < 37; r++) expected += v.defect[m][r] != 0;
  }
  tnam_chip_t *chip = tnam_chip_new(&p);
  assert_non_null(chip);
  assert_int_equal(inject(chip, &v), expected);
  for (unsigned m = 0; m < 3; m++) {
    const tnam_var_state_t *s = tnam_model_var_state(tnam_chip_macro(chip, m));
    assert_int_equal(s->excess, -2);
    assert_memory_equal(s->off, v.off[m], sizeof s->off);
    assert_memory_equal(s->defect, v.defect[m], sizeof s->defect);
  }
  tnam_chip_free(chip);
}

/* Random weights, trims and health rows everywhere: calibration must not depend on them. */
static void scramble(tnam_chip_t *chip, const tnam_chip_params_t *p, tnam_prng_t *g) {
  const unsigned C = p->core.cols, ow = p->core.ow;
  const uint64_t cols = C == 64 ? ~0ULL : (1ULL << C) - 1u;
  tnam_chip_in_t in;
  for (unsigned m = 0; m < p->macros; m++)
    for (unsigned r = 0; r < p->core.rows; r++) {
      tnam_port_idle(&in);
      in.mask = 1u << m;
      in.core.wr_en = in.core.trim_en = in.core.health_en = true;
      in.core.wr_row = in.core.health_row = r;
      in.core.wr_mag = tnam_prng_next(g) & cols;
      in.core.wr_sign = tnam_prng_next(g) & cols;
      in.core.trim_col = r % C;
      in.core.trim = tnam_prng_range(g, -(1 << (ow - 1)), (1 << (ow - 1)) - 1);
      in.core.health = tnam_prng_next(g) & cols;
      tnam_chip_step(chip, &in);
    }
}

/* The procedure's length in cycles (spec 12.2 as tnam_cal_run schedules it): one
 * configuration write; the tile map (M entries for the first macro, 2 for each later one);
 * per macro C trim clears, R + 2 level reads of S + 2 cycles each (test mode gates no column),
 * max(R, C) cycles of +1 rows with the trims alongside, R clearing writes; M map entries to
 * restore. */
static uint64_t cal_cycles(const tnam_chip_params_t *p) {
  const uint64_t R = p->core.rows, C = p->core.cols, M = p->macros, L = p->core.steps + 2;
  return 1 + M + 2 * (M - 1) + M * (C + (R + 2) * L + (R > C ? R : C) + R) + M;
}

#define CHECK(cond, ...)                \
  do {                                  \
    if (!(cond)) fail_msg(__VA_ARGS__); \
  } while (0)

static void test_cal_recovers_injected_variation(void **state) {
  (void)state;
  static const struct {
    unsigned rows, cols, macros, tiles, seeds;
  } cfgs[] = {{64, 16, 4, 2, 50}, {8, 3, 2, 1, 50},   {37, 5, 3, 3, 50},
              {2, 3, 1, 1, 50},   {16, 64, 2, 2, 20}, {256, 64, 2, 1, 5}};
  static const double sigmas[] = {0.0, 0.7, 3.0, 1e6}; /* 1e6: every offset at a range edge */
  static const double rates[] = {0.0, 0.01, 0.05};
  static tnam_var_t v;
  for (size_t k = 0; k < sizeof cfgs / sizeof cfgs[0]; k++) {
    tnam_chip_params_t p = chip_params(cfgs[k].rows, cfgs[k].cols, cfgs[k].macros, cfgs[k].tiles);
    const unsigned R = p.core.rows, C = p.core.cols, M = p.macros;
    for (uint64_t seed = 1; seed <= cfgs[k].seeds; seed++) {
      const double sigma = sigmas[seed % 4], rate = rates[seed % 3];
      const int D = (int)(seed % 4) - 2;
      char what[160];
      snprintf(what, sizeof what,
               "rows %u cols %u macros %u tiles %u, seed %llu (sigma %g, "
               "rate %g, D %d)",
               R, C, M, p.tiles, (unsigned long long)seed, sigma, rate, D);
      tnam_var_draw(&p, sigma, rate, D, seed, &v);
      tnam_chip_t *chip = tnam_chip_new(&p);
      assert_non_null(chip);
      tnam_prng_t g;
      tnam_prng_seed(&g, seed * 7919 + k);
      scramble(chip, &p, &g);
      inject(chip, &v);

      tnam_chip_cfg_t restore = {.mode = tnam_prng_below(&g, 3),
                                 .shift = tnam_prng_below(&g, 32),
                                 .select = tnam_prng_below(&g, 2),
                                 .test = tnam_prng_below(&g, 2)};
      for (unsigned m = 0; m < M; m++)
        if (tnam_prng_below(&g, 2)) {
          restore.map_valid |= 1u << m;
          restore.map_tile[m] = tnam_prng_below(&g, p.tiles);
        }
      test_port_t tp;
      tnam_port_t port = wrap(&tp, chip);
      static tnam_cal_result_t res;
      char err[256];
      CHECK(tnam_cal_run(&port, &restore, &res, err, sizeof err), "%s: %s", what, err);
      CHECK(res.cycles == tp.steps && res.cycles == cal_cycles(&p), "%s: %llu cycles, want %llu",
            what, (unsigned long long)res.cycles, (unsigned long long)cal_cycles(&p));

      const tnam_chip_out_t *o = tp.last;
      for (unsigned m = 0; m < M; m++) {
        tnam_model_t *mac = tnam_chip_macro(chip, m);
        const tnam_var_state_t *s = tnam_model_var_state(mac);
        for (unsigned c = 0; c < C; c++) {
          CHECK(res.trim[m][c] == v.off[m][c], "%s: trim of macro %u column %u is %d, offset %d",
                what, m, c, (int)res.trim[m][c], (int)v.off[m][c]);
          CHECK(s->trim[c] == v.off[m][c], "%s: trim register of macro %u column %u", what, m, c);
        }
        for (unsigned r = 0; r < R; r++) {
          /* With D = 0 a defect draws the normal current: not found, and harmless. */
          const uint64_t want = D ? v.defect[m][r] : 0;
          CHECK(res.health[m][r] == want, "%s: health of macro %u row %u is %llx, want %llx", what,
                m, r, (unsigned long long)res.health[m][r], (unsigned long long)want);
          CHECK(s->health[r] == want, "%s: health register of macro %u row %u", what, m, r);
          for (unsigned c = 0; c < C; c++)
            CHECK(tnam_model_weight(mac, r, c) == 0, "%s: cell %u,%u of macro %u not cleared", what,
                  r, c, m);
        }
        CHECK(res.resid[m] == 0 && o->resid[m] == 0, "%s: residual of macro %u is %u", what, m,
              res.resid[m]);
        const tnam_ml_state_t *ml = tnam_model_ml_state(mac);
        CHECK(ml->mode == restore.mode && ml->shift == restore.shift && ml->test == restore.test,
              "%s: macro %u configuration not restored", what, m);
        if ((restore.map_valid >> m) & 1u)
          CHECK(o->map_tile[m] == restore.map_tile[m], "%s: map of macro %u", what, m);
      }
      CHECK(o->map_valid == restore.map_valid, "%s: map valid %x, want %x", what, o->map_valid,
            restore.map_valid);
      CHECK(tnam_chip_select(chip) == restore.select, "%s: select not restored", what);
      CHECK(!o->busy, "%s: chip left busy", what);
      tnam_chip_free(chip);
    }
  }
}

/* A port that stops (a lockstep mismatch, a limit) stops calibration with a message. */
static void test_cal_stops_with_the_port(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(8, 3, 2, 1);
  const uint64_t stops[] = {1, 2, 17, cal_cycles(&p) - 1}; /* the last: the final step fails */
  for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
    tnam_chip_t *chip = tnam_chip_new(&p);
    test_port_t tp;
    tnam_port_t port = wrap(&tp, chip);
    tp.stop_at = stops[i];
    tnam_chip_cfg_t restore = {.map_valid = 1};
    static tnam_cal_result_t res;
    char err[256];
    assert_false(tnam_cal_run(&port, &restore, &res, err, sizeof err));
    assert_non_null(strstr(err, "the run was stopped"));
    assert_int_equal(tp.steps, stops[i]);
    tnam_chip_free(chip);
  }
}

/* Back ends that never finish a read: one stays busy, one drops busy without done. */
static tnam_chip_out_t fake_out;
static const tnam_chip_out_t *fake_step(void *ctx, const tnam_chip_in_t *in) {
  (void)in;
  (*(uint64_t *)ctx)++;
  return &fake_out;
}

static void test_cal_bounds_a_read(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(8, 3, 1, 1); /* S = 5: longest operation 22 cycles */
  uint64_t steps = 0;
  tnam_port_t port = {.step = fake_step, .ctx = &steps, .p = &p};
  tnam_chip_cfg_t restore = {.map_valid = 1};
  static tnam_cal_result_t res;
  char err[256];
  fake_out = (tnam_chip_out_t){.busy = true};
  assert_false(tnam_cal_run(&port, &restore, &res, err, sizeof err));
  assert_non_null(strstr(err, "macro 0: a level read was still busy 22 cycles after its start"));
  /* The configuration write, one map entry, three trim clears, then the read. */
  assert_int_equal(steps, 1 + 1 + 3 + 22);
  fake_out = (tnam_chip_out_t){0};
  assert_false(tnam_cal_run(&port, &restore, &res, err, sizeof err));
  assert_non_null(strstr(err, "a level read ended without done"));
}

/* ---- placement -------------------------------------------------------------------------- */

static void test_place_fewest_hazard_rows(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(4, 3, 3, 2);
  static tnam_cal_result_t cal;
  static tnam_nonzero_t nz;
  memset(&cal, 0, sizeof cal);
  memset(&nz, 0, sizeof nz);
  nz.row[0][0] = nz.row[0][1] = 1; /* tile 0: column 0 of rows 0 and 1 */
  nz.row[1][2] = 2;                /* tile 1: column 1 of row 2 */
  cal.health[0][0] = 1;            /* macro 0 meets tile 0 on row 0 */
  cal.health[1][3] = 7;            /* macro 1: defects where neither tile has a weight, */
  cal.health[1][0] = 6;            /* and on row 0 in the columns tile 0 leaves at 0 */
  cal.health[2][1] = 1;            /* macro 2 meets tile 0 on row 1 */
  cal.health[2][2] = 2;            /* and tile 1 on row 2 */
  cal.resid[1] = 200;              /* the residual only breaks ties */
  tnam_chip_cfg_t cfg;
  assert_true(tnam_place(&p, &cal, &nz, &cfg));
  /* Tile 0: hazard rows 1, 0, 1 -> macro 1 despite its residual. Tile 1: free macros 0
   * (hazard 0) and 2 (hazard 1) -> macro 0. Macro 2 holds nothing. */
  assert_int_equal(cfg.map_valid, 0x3);
  assert_int_equal(cfg.map_tile[1], 0);
  assert_int_equal(cfg.map_tile[0], 1);
}

static void test_place_tie_breaks(void **state) {
  (void)state;
  tnam_chip_params_t p = chip_params(4, 3, 4, 2);
  static tnam_cal_result_t cal;
  static tnam_nonzero_t nz;
  memset(&cal, 0, sizeof cal);
  memset(&nz, 0, sizeof nz);
  tnam_chip_cfg_t cfg;
  /* Everything equal: the lowest indices, tiles in order. */
  assert_true(tnam_place(&p, &cal, &nz, &cfg));
  assert_int_equal(cfg.map_valid, 0x3);
  assert_int_equal(cfg.map_tile[0], 0);
  assert_int_equal(cfg.map_tile[1], 1);
  /* Equal hazard counts: the lower resid wins, then the lower index. */
  cal.resid[0] = 9;
  cal.resid[1] = 4;
  cal.resid[2] = 4;
  cal.resid[3] = 5;
  assert_true(tnam_place(&p, &cal, &nz, &cfg));
  assert_int_equal(cfg.map_valid, 0x6);
  assert_int_equal(cfg.map_tile[1], 0);
  assert_int_equal(cfg.map_tile[2], 1);
  /* Hazards count rows, not cells: macro 1 has three defects on one row of tile 0's weights,
   * every other macro one on each of two rows (macro 0 also one on a row tile 0 leaves
   * empty); the fewest rows win over the highest residual. */
  nz.row[0][0] = nz.row[0][1] = 7;
  cal.health[0][0] = 1;
  cal.health[0][1] = 1;
  cal.health[0][2] = 7;
  cal.health[1][0] = 7;
  cal.health[2][0] = 1;
  cal.health[2][1] = 2;
  cal.health[3][0] = 4;
  cal.health[3][1] = 4;
  cal.resid[0] = 4;
  cal.resid[1] = 9;
  assert_true(tnam_place(&p, &cal, &nz, &cfg));
  /* Tile 0: hazard rows 2, 1, 2, 2 -> macro 1. Tile 1 (no weights): hazard 0 everywhere;
   * residuals 4, 4, 5 for macros 0, 2, 3 -> macro 0 by index. */
  assert_int_equal(cfg.map_valid, 0x3);
  assert_int_equal(cfg.map_tile[1], 0);
  assert_int_equal(cfg.map_tile[0], 1);
  /* More tiles than macros cannot be placed. */
  tnam_chip_params_t q = p;
  q.macros = 1;
  assert_false(tnam_place(&q, &cal, &nz, &cfg));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_var_round_trip),
      cmocka_unit_test(test_var_hand_written),
      cmocka_unit_test(test_var_errors),
      cmocka_unit_test(test_draw_deterministic),
      cmocka_unit_test(test_draw_statistics),
      cmocka_unit_test(test_var_injection),
      cmocka_unit_test(test_cal_recovers_injected_variation),
      cmocka_unit_test(test_cal_stops_with_the_port),
      cmocka_unit_test(test_cal_bounds_a_read),
      cmocka_unit_test(test_place_fewest_hazard_rows),
      cmocka_unit_test(test_place_tie_breaks),
  };
  return cmocka_run_group_tests_name("tnam_cal", tests, NULL, NULL);
}
