// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of the testbench library: PRNG, stream parser and writer, generator, sequencer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tnam_cli.h"
#include "tnam_gen.h"
#include "tnam_prng.h"
#include "tnam_seq.h"
#include "tnam_stream.h"
#include "tnam_var.h"

#ifndef TNAM_SRC_DIR
#define TNAM_SRC_DIR "."
#endif

static tnam_chip_params_t chip(unsigned rows, unsigned cols, unsigned macros, unsigned tiles) {
  tnam_chip_params_t p;
  assert_true(tnam_chip_params_make(rows, cols, macros, tiles, &p));
  return p;
}

static tnam_chip_params_t params(unsigned rows, unsigned cols) { return chip(rows, cols, 1, 1); }

/* Writes text to `path` and returns it. */
static const char *temp_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  return path;
}

/* Writes text to a fresh temporary file and returns its path (static buffer). */
static const char *temp_stream(const char *text) {
  static char path[64];
  snprintf(path, sizeof path, "/tmp/tnam_test_%d.tns", (int)getpid());
  return temp_file(path, text);
}
/* Parses text as a stream into *s; a parse error fails the test with its message. */
static void load_text(const char *text, tnam_stream_t *s) {
  tnam_err_t err;
  const char *path = temp_stream(text);
  if (!tnam_stream_load(path, s, &err)) fail_msg("%s", err.msg);
  unlink(path);
}

/* The text must fail to parse with "PATH:LINE: " followed by `msg` (a prefix of the rest). */
static void load_fails(const char *text, unsigned line, const char *msg) {
  tnam_stream_t s;
  tnam_err_t err;
  char want[512];
  const char *path = temp_stream(text);
  if (tnam_stream_load(path, &s, &err)) fail_msg("line %u: parsed, wanted '%s'", line, msg);
  snprintf(want, sizeof want, "%s:%u: %s", path, line, msg);
  if (strncmp(err.msg, want, strlen(want)) != 0)
    fail_msg("got '%s'\nwanted '%s...'", err.msg, want);
  assert_null(s.ops);
  unlink(path);
}

/* The generator's output values for seed 42, computed by an independent Python
 * implementation of splitmix64 + xoshiro256**. */
static void test_prng_reference_values(void **state) {
  (void)state;
  tnam_prng_t g;
  tnam_prng_seed(&g, 42);
  assert_int_equal(tnam_prng_next(&g), 0x15780b2e0c2ec716ULL);
  assert_int_equal(tnam_prng_next(&g), 0x6104d9866d113a7eULL);
  assert_int_equal(tnam_prng_next(&g), 0xae17533239e499a1ULL);
}

static void test_prng_range_covers_bounds(void **state) {
  (void)state;
  tnam_prng_t g;
  tnam_prng_seed(&g, 1);
  int seen[7] = {0};
  for (int i = 0; i < 10000; i++) {
    int32_t v = tnam_prng_range(&g, -3, 3);
    assert_in_range(v + 3, 0, 6);
    seen[v + 3]++;
  }
  for (int i = 0; i < 7; i++) assert_in_range(seen[i], 1200, 1650); /* 10000/7 = 1429 */
}

static void test_parse_corners_stream(void **state) {
  (void)state;
  tnam_stream_t s;
  tnam_err_t err;
  int ok = tnam_stream_load(TNAM_SRC_DIR "/tb/streams/corners_r64c16.tns", &s, &err);
  if (!ok) fail_msg("%s", err.msg);
  assert_int_equal(s.params.rows, 64);
  assert_int_equal(s.params.cols, 16);
  assert_int_equal(s.params.vw, 10);
  /* reset, then `load` expands to 64 writes of the file's rows and `thr *` to 16 writes. */
  assert_int_equal(s.ops[0].kind, TNAM_OP_RESET);
  assert_int_equal(s.ops[0].u.reset.cycles, 1);
  for (unsigned r = 0; r < 64; r++) {
    const tnam_op_t *w = &s.ops[1 + r];
    assert_int_equal(w->kind, TNAM_OP_WRITE);
    assert_int_equal(w->u.write.row, r);
    /* columns 0 (+1) and 1 (-1) in every row; column 3 alternates */
    assert_int_equal(w->u.write.mag & 0xb, 0xb);
    assert_int_equal(w->u.write.sign & 0xb, r % 2 ? 0xa : 0x2);
  }
  for (unsigned c = 0; c < 16; c++) {
    assert_int_equal(s.ops[65 + c].kind, TNAM_OP_THR);
    assert_int_equal(s.ops[65 + c].u.thr.col, c);
    assert_int_equal(s.ops[65 + c].u.thr.value, 0);
  }
  const tnam_op_t *e1 = &s.ops[81], *e2 = &s.ops[82]; /* E1: no rows; E2: all rows */
  assert_int_equal(e1->kind, TNAM_OP_EVAL);
  assert_int_equal(e1->u.eval.x[0], 0);
  assert_int_equal(e2->kind, TNAM_OP_EVAL);
  assert_int_equal(e2->u.eval.x[0], ~0ULL);
  const tnam_expect_t *x = tnam_op_expect(&s, e2, 0);
  assert_non_null(x);
  assert_int_equal(tnam_expect_vals(&s, x, TNAM_EXPECT_MAC)[0], 64);
  assert_int_equal(tnam_expect_vals(&s, x, TNAM_EXPECT_MAC)[1], -64);
  assert_int_equal(x->bits[TNAM_EXPECT_GATE], 0xff04);
  assert_int_equal(x->bits[TNAM_EXPECT_DEC], 0x51);
  assert_int_equal(x->line[TNAM_EXPECT_MAC], e2->line + 1);
  tnam_stream_free(&s);
}

static void test_parse_evalrows_and_hex(void **state) {
  (void)state;
  tnam_stream_t s;
  tnam_err_t err;
  const char *path = temp_stream(
      "tns 1\nconfig rows 200 cols 3\nevalrows 0,63,64,199\neval "
      "0x8000000000000000000000000000000000000000000000001\n"
      "evalrows -\n");
  int ok = tnam_stream_load(path, &s, &err);
  if (!ok) fail_msg("%s", err.msg);
  assert_int_equal(s.n_ops, 3);
  const uint64_t *x0 = s.ops[0].u.eval.x, *x1 = s.ops[1].u.eval.x, *x2 = s.ops[2].u.eval.x;
  assert_int_equal(x0[0], (1ULL << 63) | 1);
  assert_int_equal(x0[1], 1);
  assert_int_equal(x0[3], 1ULL << (199 - 192));
  assert_int_equal(x1[0], 1);
  assert_int_equal(x1[3], 1ULL << (195 - 192)); /* 49 digits: the 8 is bit 195 */
  assert_int_equal(x2[0] | x2[1] | x2[2] | x2[3], 0);
  tnam_stream_free(&s);
  unlink(path);
}

static void test_parse_error_names_file_and_line(void **state) {
  (void)state;
  tnam_stream_t s;
  tnam_err_t err;
  const char *path =
      temp_stream("tns 1\n# comment\n\nconfig rows 8 cols 3\nwrite 3 +-0\nwrite 8 +-0\n");
  assert_false(tnam_stream_load(path, &s, &err));
  char want[128];
  snprintf(want, sizeof want, "%s:6: row 8 is out of range [0, 7]", path);
  assert_string_equal(err.msg, want);
  assert_null(s.ops); /* nothing half-built survives a failed parse */
  unlink(path);
}

static int expects_equal(const tnam_stream_t *a, const tnam_expect_t *ex, const tnam_stream_t *b,
                         const tnam_expect_t *ey) {
  for (int k = 0; k < TNAM_EXPECT_KINDS; k++) {
    if (!ex->line[k] != !ey->line[k]) return 0;
    if (!ex->line[k]) continue;
    const unsigned count = tnam_expect_count(&a->params, k);
    if (count == 0 ? ex->bits[k] != ey->bits[k]
                   : memcmp(tnam_expect_vals(a, ex, k), tnam_expect_vals(b, ey, k),
                            count * sizeof(int32_t)) != 0)
      return 0;
  }
  return 1;
}

/* The operands of two ops of the same kind other than an evaluation are equal. */
static int operands_equal(const tnam_op_t *x, const tnam_op_t *y) {
  switch (x->kind) {
    case TNAM_OP_RESET: return x->u.reset.cycles == y->u.reset.cycles;
    case TNAM_OP_IDLE: return x->u.idle.cycles == y->u.idle.cycles;
    case TNAM_OP_WRITE:
      return x->u.write.row == y->u.write.row && x->u.write.mag == y->u.write.mag &&
             x->u.write.sign == y->u.write.sign;
    case TNAM_OP_THR: return x->u.thr.col == y->u.thr.col && x->u.thr.value == y->u.thr.value;
    case TNAM_OP_BIAS:
      return x->u.bias.neuron == y->u.bias.neuron && x->u.bias.value == y->u.bias.value;
    case TNAM_OP_TRIM: return x->u.trim.col == y->u.trim.col && x->u.trim.value == y->u.trim.value;
    case TNAM_OP_HEALTH:
      return x->u.health.row == y->u.health.row && x->u.health.flags == y->u.health.flags;
    case TNAM_OP_INJECT:
      return x->u.inject.sel == y->u.inject.sel && x->u.inject.addr == y->u.inject.addr &&
             x->u.inject.data == y->u.inject.data;
    case TNAM_OP_MAP: return x->u.map.macro == y->u.map.macro && x->u.map.tile == y->u.map.tile;
    case TNAM_OP_RESID:
      return x->u.resid.macro == y->u.resid.macro && x->u.resid.value == y->u.resid.value;
    case TNAM_OP_MODE:
      return x->u.mode.mode == y->u.mode.mode && x->u.mode.shift == y->u.mode.shift &&
             x->u.mode.flags == y->u.mode.flags;
    case TNAM_OP_CAL:
      return x->u.cal.mode == y->u.cal.mode && x->u.cal.shift == y->u.cal.shift &&
             x->u.cal.flags == y->u.cal.flags && x->u.cal.map == y->u.cal.map;
    default: return 0;
  }
}

/* Same ops, with the same masks of register writes, the same vectors for every tile and the
 * same expectations for every tile (the pool indices themselves may differ). */
static int ops_equal(const tnam_stream_t *a, const tnam_stream_t *b) {
  if (a->n_ops != b->n_ops || a->chip.macros != b->chip.macros || a->chip.tiles != b->chip.tiles)
    return 0;
  const unsigned tiles = a->chip.tiles;
  for (size_t i = 0; i < a->n_ops; i++) {
    const tnam_op_t *x = &a->ops[i], *y = &b->ops[i];
    if (x->kind != y->kind) return 0;
    if (tnam_op_writes_registers(x->kind) && x->mask != y->mask) return 0;
    if (!tnam_op_is_eval(x->kind)) {
      if (!operands_equal(x, y)) return 0;
      continue;
    }
    if (x->u.eval.runs != y->u.eval.runs) return 0;
    for (unsigned t = 0; t < tiles; t++) {
      if (x->kind == TNAM_OP_Q4
              ? memcmp(tnam_op_act(a, x, t), tnam_op_act(b, y, t),
                       TNAM_ACT_WORDS * sizeof(uint64_t))
              : memcmp(tnam_op_x(a, x, t), tnam_op_x(b, y, t), TNAM_ROW_WORDS * sizeof(uint64_t)))
        return 0;
    }
    if (!tnam_op_expect(a, x, 0) != !tnam_op_expect(b, y, 0)) return 0;
    for (unsigned t = 0; tnam_op_expect(a, x, 0) && t < tiles; t++)
      if (!expects_equal(a, tnam_op_expect(a, x, t), b, tnam_op_expect(b, y, t))) return 0;
  }
  return 1;
}

/* A generated stream written as text parses back to the same operations, with each op's line
 * number being the line it has in the dump (so reports point into a dumped file). On a chip
 * the reader recomputes from its own tracking of map and select which tiles run (runs): the
 * generator's choice must agree. Every chip command occurs in the chip streams dumped. */
static void test_dump_round_trip(void **state) {
  (void)state;
  const unsigned configs[][4] = {{64, 16, 1, 1}, {37, 5, 1, 1}, {256, 64, 1, 1},
                                 {64, 16, 4, 2}, {37, 5, 3, 2}, {8, 4, 8, 4}};
  uint64_t chip_kinds[TNAM_OP_KINDS] = {0};
  unsigned select_ops = 0, test_ops = 0, masked = 0, norun = 0;
  for (size_t k = 0; k < sizeof configs / sizeof configs[0]; k++) {
    tnam_chip_params_t p = chip(configs[k][0], configs[k][1], configs[k][2], configs[k][3]);
    for (uint64_t seed = 1000 + k; seed < 1000 + k + (p.macros > 1 ? 3 : 1); seed++) {
      tnam_stream_t gen, back;
      tnam_err_t err;
      assert_true(tnam_gen_stream(&p, seed, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES,
                                  p.macros > 1 ? 12000 : 3000, &gen));
      const char *path = temp_stream("");
      FILE *f = fopen(path, "w");
      assert_true(tnam_stream_dump(&gen, f));
      fclose(f);
      int ok = tnam_stream_load(path, &back, &err);
      if (!ok) fail_msg("%s", err.msg);
      assert_int_equal(back.chip.macros, p.macros);
      assert_int_equal(back.chip.tiles, p.tiles);
      assert_int_equal(back.hold_rate, TNAM_GEN_HOLD_RATE); /* the held edges replay too */
      assert_true(back.hold_seed == gen.hold_seed);
      if (!ops_equal(&gen, &back))
        fail_msg("config %zu seed %llu: ops differ", k, (unsigned long long)seed);
      for (size_t i = 0; i < back.n_ops; i++) assert_int_equal(back.ops[i].line, gen.ops[i].line);
      assert_int_equal(back.n_expects, gen.n_expects);
      for (size_t i = 0; i < back.n_expects; i++)
        assert_memory_equal(back.expects[i].line, gen.expects[i].line, sizeof gen.expects[i].line);
      for (size_t i = 0; p.macros > 1 && i < gen.n_ops; i++) {
        const tnam_op_t *op = &gen.ops[i];
        chip_kinds[op->kind]++;
        if (op->kind == TNAM_OP_MODE) {
          select_ops += (op->u.mode.flags & TNAM_CFG_SELECT) != 0;
          test_ops += (op->u.mode.flags & TNAM_CFG_TEST) != 0;
        }
        masked += tnam_op_writes_registers(op->kind) && op->mask != (1u << p.macros) - 1;
        norun += tnam_op_is_eval(op->kind) && op->u.eval.runs != (1u << p.tiles) - 1;
      }
      tnam_stream_free(&gen);
      tnam_stream_free(&back);
      unlink(path);
    }
  }
  for (int kind = 0; kind < TNAM_OP_KINDS; kind++)
    if (!chip_kinds[kind]) fail_msg("no '%s' op in the chip streams", tnam_op_names[kind]);
  assert_true(select_ops > 0 && test_ops > 0 && masked > 0 && norun > 0);
}

/* An ideal stream (tnam_gen_stream_ideal) has no variation, calibration, trims, health rows,
 * test mode or selection; a normal one on the same chip has all of them. */
static void test_generator_ideal_has_no_variation(void **state) {
  (void)state;
  tnam_chip_params_t p;
  assert_true(tnam_chip_params_make(64, 16, 4, 2, &p));
  for (int ideal = 0; ideal < 2; ideal++) {
    tnam_stream_t s;
    assert_true(tnam_gen_stream_ideal(&p, 5, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 40000, ideal, &s));
    uint64_t variation = 0, flags = 0;
    for (size_t i = 0; i < s.n_ops; i++) {
      const uint32_t k = s.ops[i].kind;
      variation +=
          k == TNAM_OP_INJECT || k == TNAM_OP_CAL || k == TNAM_OP_TRIM || k == TNAM_OP_HEALTH;
      flags += k == TNAM_OP_MODE && s.ops[i].u.mode.flags != 0;
    }
    if (ideal) {
      assert_int_equal(variation, 0);
      assert_int_equal(flags, 0);
    } else {
      assert_true(variation > 0 && flags > 0);
    }
    tnam_stream_free(&s);
  }
}

static void test_generator_is_deterministic(void **state) {
  (void)state;
  const tnam_chip_params_t configs[] = {params(64, 16), chip(64, 16, 4, 2)};
  for (size_t k = 0; k < 2; k++) {
    const tnam_chip_params_t *p = &configs[k];
    tnam_stream_t a, b, c;
    assert_true(tnam_gen_stream(p, 7, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 5000, &a));
    assert_true(tnam_gen_stream(p, 7, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 5000, &b));
    assert_true(tnam_gen_stream(p, 8, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 5000, &c));
    assert_true(ops_equal(&a, &b));
    assert_false(ops_equal(&a, &c));
    tnam_stream_free(&a);
    /* Threshold-only streams have fixed-length commands: the length asked for is met, with
     * each `calibrate` counted at the length spec 12.2 estimates (about R (S + 4) per macro;
     * its real length depends on the outputs). */
    assert_true(tnam_gen_stream(p, 7, TNAM_GEN_MIXED, 1u << TNAM_MODE_THRESH, 5000, &a));
    uint64_t cal = 0;
    for (size_t i = 0; i < a.n_ops; i++)
      if (a.ops[i].kind == TNAM_OP_CAL)
        cal += (uint64_t)p->macros * p->core.rows * (p->core.steps + 4);
    if (tnam_stream_cycles(&a) + cal < 5000)
      fail_msg("config %zu: %llu cycles", k, (unsigned long long)(tnam_stream_cycles(&a) + cal));
    tnam_stream_free(&a);
    tnam_stream_free(&b);
    tnam_stream_free(&c);
  }
}

/* Fraction of driven word lines over the stream's evaluations (every tile), in parts per
 * million. */
static uint64_t driven_ppm(const tnam_stream_t *s) {
  uint64_t driven = 0, total = 0;
  for (size_t i = 0; i < s->n_ops; i++) {
    if (s->ops[i].kind != TNAM_OP_EVAL) continue;
    for (unsigned t = 0; t < s->chip.tiles; t++) {
      const uint64_t *x = tnam_op_x(s, &s->ops[i], t);
      for (int w = 0; w < TNAM_ROW_WORDS; w++) driven += (uint64_t)__builtin_popcountll(x[w]);
      total += s->params.rows;
    }
  }
  return driven * 1000000 / total;
}

static void test_generator_profiles_hit_their_activity(void **state) {
  (void)state;
  const tnam_chip_params_t configs[] = {params(64, 16), chip(64, 16, 4, 2)};
  for (size_t k = 0; k < 2; k++) {
    const tnam_chip_params_t *p = &configs[k];
    tnam_stream_t s;
    const unsigned thresh = 1u << TNAM_MODE_THRESH;
    assert_true(tnam_gen_stream(p, 3, TNAM_GEN_SPARSE, thresh, 50000, &s));
    assert_in_range(driven_ppm(&s), 8000, 12000); /* about 1% */
    tnam_stream_free(&s);
    assert_true(tnam_gen_stream(p, 3, TNAM_GEN_HALF, thresh, 20000, &s));
    assert_in_range(driven_ppm(&s), 480000, 520000);
    tnam_stream_free(&s);
    assert_true(tnam_gen_stream(p, 3, TNAM_GEN_DENSE, thresh, 20000, &s));
    assert_in_range(driven_ppm(&s), 920000, 980000); /* mean of 100%, 97%, 90% */
    tnam_stream_free(&s);
    assert_true(tnam_gen_stream(p, 3, TNAM_GEN_RANDOM, thresh, 20000, &s));
    assert_in_range(driven_ppm(&s), 450000, 550000);
    tnam_stream_free(&s);
  }
}

/* Every generated evaluation carries the expectations of its kind, and the results are
 * neither all one value nor all another: threshold decisions are not all 0 or all 1, q4
 * outputs are not all 0 or all saturated (thresholds, biases and shifts are chosen to make
 * the comparator and the requantisation work). The stream switches modes without resets. */
static void test_generator_expectations_are_balanced(void **state) {
  (void)state;
  tnam_chip_params_t p = params(64, 16);
  tnam_stream_t s;
  assert_true(tnam_gen_stream(&p, 11, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 60000, &s));
  uint64_t count[TNAM_OP_KINDS] = {0}, ones = 0, gated = 0, outs = 0, mid = 0, switches = 0;
  uint64_t norun = 0;
  for (size_t i = 0; i < s.n_ops; i++) {
    const uint32_t kind = s.ops[i].kind;
    count[kind]++;
    switches += kind == TNAM_OP_MODE;
    if (!tnam_op_is_eval(kind)) continue;
    const tnam_expect_t *e = tnam_op_expect(&s, &s.ops[i], 0);
    assert_non_null(e);
    if (s.ops[i].u.eval.runs == 0) {
      /* Selection on and no driven row: the evaluation runs nowhere, only `sel -` is checked. */
      for (int k = 0; k < TNAM_EXPECT_KINDS; k++)
        assert_int_equal(e->line[k] != 0, k == TNAM_EXPECT_SEL);
      assert_int_equal(e->bits[TNAM_EXPECT_SEL], TNAM_SEL_NONE);
      norun++;
      continue;
    }
    assert_int_equal(s.ops[i].u.eval.runs, 1);
    static const int want[][TNAM_EXPECT_KINDS] = {[TNAM_OP_EVAL] = {1, 1, 1, 0, 0, 0, 0, 1},
                                                  [TNAM_OP_LEVEL] = {0, 1, 1, 1, 0, 0, 1, 1},
                                                  [TNAM_OP_Q4] = {0, 0, 0, 0, 1, 1, 1, 1}};
    for (int k = 0; k < TNAM_EXPECT_KINDS; k++) assert_int_equal(e->line[k] != 0, want[kind][k]);
    assert_int_equal(e->bits[TNAM_EXPECT_SEL], 0);
    if (kind == TNAM_OP_EVAL) {
      ones += (uint64_t)__builtin_popcountll(e->bits[TNAM_EXPECT_DEC]);
      gated += (uint64_t)__builtin_popcountll(e->bits[TNAM_EXPECT_GATE]);
    } else if (kind == TNAM_OP_Q4) {
      const int32_t *o = tnam_expect_vals(&s, e, TNAM_EXPECT_OUT);
      for (unsigned j = 0; j < p.core.nn; j++) mid += o[j] > 0 && o[j] < 15;
      outs += p.core.nn;
    }
  }
  assert_true(count[TNAM_OP_EVAL] > 1500 && count[TNAM_OP_LEVEL] > 500 && count[TNAM_OP_Q4] > 300);
  assert_true(switches > 50);
  assert_true(norun > 0 && norun * 5 < count[TNAM_OP_EVAL]);
  assert_in_range(ones * 100 / (count[TNAM_OP_EVAL] * 16), 20, 80);
  assert_in_range(gated * 100 / (count[TNAM_OP_EVAL] * 16), 5, 80);
  assert_in_range(mid * 100 / outs, 10, 90);
  tnam_stream_free(&s);
}

/* On a chip with spares the generator's expectations follow the tiles that run: value
 * expectations exactly for the tiles that run, a `sel` expectation for every tile naming a
 * copy of it (or none exactly when it does not run), one `cycles` per multi-level evaluation
 * that runs. Selection picks either copy of a tile, and some tiles run nowhere. */
static void test_generator_chip_selection(void **state) {
  (void)state;
  tnam_chip_params_t p = chip(64, 16, 4, 2);
  tnam_stream_t s;
  assert_true(tnam_gen_stream(&p, 5, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 80000, &s));
  uint64_t chosen[TNAM_MAX_TILES][TNAM_MAX_MACROS + 1] = {{0}}, evals = 0;
  for (size_t i = 0; i < s.n_ops; i++) {
    const tnam_op_t *op = &s.ops[i];
    if (!tnam_op_is_eval(op->kind)) continue;
    evals++;
    unsigned cycles = 0;
    for (unsigned t = 0; t < p.tiles; t++) {
      const tnam_expect_t *e = tnam_op_expect(&s, op, t);
      assert_non_null(e);
      const int runs = (op->u.eval.runs >> t) & 1;
      assert_true(e->line[TNAM_EXPECT_SEL] != 0);
      const uint64_t sel = e->bits[TNAM_EXPECT_SEL];
      assert_int_equal(sel == TNAM_SEL_NONE, !runs);
      /* Copies stay where the generator put them after each reset: macro m holds m % T
       * unless a `map` moved it, so only check the index range here. */
      chosen[t][runs ? sel : TNAM_MAX_MACROS]++;
      if (runs) assert_true(sel < p.macros);
      const int value_kind = op->kind == TNAM_OP_EVAL    ? TNAM_EXPECT_DEC
                             : op->kind == TNAM_OP_LEVEL ? TNAM_EXPECT_CODE
                                                         : TNAM_EXPECT_OUT;
      assert_int_equal(e->line[value_kind] != 0, runs);
      cycles += e->line[TNAM_EXPECT_CYCLES] != 0;
    }
    assert_int_equal(cycles, tnam_op_is_multilevel(op->kind) && op->u.eval.runs != 0);
  }
  assert_true(evals > 1000);
  for (unsigned t = 0; t < p.tiles; t++) {
    unsigned macros_used = 0;
    for (unsigned m = 0; m < p.macros; m++) macros_used += chosen[t][m] > 0;
    assert_true(macros_used >= 2);               /* both copies are chosen at times */
    assert_true(chosen[t][TNAM_MAX_MACROS] > 0); /* and at times none runs */
  }
  tnam_stream_free(&s);
}

/* Retires with outputs that carry only macro 0's res_valid_o. */
static tnam_retire_t retire(tnam_seq_t *q, int res_valid, size_t *op) {
  tnam_chip_out_t out;
  memset(&out, 0, sizeof out);
  out.m[0].res_valid = res_valid;
  uint64_t latency;
  return tnam_seq_retire(q, &out, op, &latency);
}

/* The sequencer drives one command per cycle and expects each result exactly
 * TNAM_EVAL_LATENCY cycles after its eval; a reset drops what is in flight. */
static void test_sequencer_timing(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text("tns 1\nconfig rows 8 cols 3\nidle 2\neval 3\neval 5\nreset\n", &s);
  tnam_seq_t q;
  tnam_chip_in_t in;
  size_t op = 0;
  tnam_seq_init(&q, &s);
  for (int i = 0; i < 2; i++) {
    assert_true(tnam_seq_next(&q, &in, 0));
    assert_false(in.core.eval);
    assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_NONE);
  }
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 2: eval 3 */
  assert_true(in.core.eval && in.x[0][0] == 3 && in.core.rst_n);
  assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_NONE);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 3: eval 5; the first result is due now */
  assert_int_equal(retire(&q, 1, &op), TNAM_RETIRE_OK);
  assert_int_equal(op, 1);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 4: reset cancels the second evaluation */
  assert_false(in.core.rst_n);
  assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_NONE);
  assert_true(tnam_seq_next(&q, &in, 0)); /* drain */
  assert_int_equal(retire(&q, 1, &op), TNAM_RETIRE_SPURIOUS);
  assert_true(tnam_seq_next(&q, &in, 0));
  assert_false(tnam_seq_next(&q, &in, 0));
  assert_int_equal(tnam_seq_pending_eval(&q), TNAM_SEQ_NONE);
  assert_int_equal(tnam_seq_issued_op(&q, 4), 3);
  tnam_stream_free(&s);
}

static void test_sequencer_flags_a_late_result(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text("tns 1\nconfig rows 8 cols 3\neval 1\nidle 1\n", &s);
  tnam_seq_t q;
  tnam_chip_in_t in;
  size_t op = 99;
  tnam_seq_init(&q, &s);
  assert_true(tnam_seq_next(&q, &in, 0));
  assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_NONE);
  assert_true(tnam_seq_next(&q, &in, 0));
  assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_LATE_EARLY);
  assert_int_equal(op, 0);
  tnam_stream_free(&s);
}

/* The commands of the multi-level modes: mode tracking, write4 digits, eval4 activations and
 * the expectations each evaluation kind takes. */
static void test_parse_multilevel_commands(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text(
      "tns 1\nconfig rows 4 cols 7\nmode q4 3\nbias * -5\nbias 1 17\n"
      "write4 2 -6 7\neval4 f01a\nexpect acc 1 2\nexpect out 0 15\nexpect cycles 6\n"
      "mode level\neval 5\nexpect code 1 -1 0 0 0 0 4\nexpect cycles 6\nreset\neval 1\n",
      &s);
  assert_int_equal(s.n_ops, 10);
  assert_int_equal(s.ops[0].kind, TNAM_OP_MODE);
  assert_int_equal(s.ops[0].u.mode.mode, TNAM_MODE_Q4);
  assert_int_equal(s.ops[0].u.mode.shift, 3);
  assert_int_equal(s.ops[0].u.mode.flags, 0);
  assert_int_equal(s.ops[1].kind, TNAM_OP_BIAS); /* bias * expands to NN = 2 writes */
  assert_int_equal(s.ops[2].u.bias.neuron, 1);
  assert_int_equal(s.ops[3].u.bias.value, 17);
  /* -6 = digits (0, -1, -1) in columns 0..2; 7 = (+1, +1, +1) in columns 3..5 */
  assert_int_equal(s.ops[4].kind, TNAM_OP_WRITE);
  assert_int_equal(s.ops[4].u.write.mag, 0x3e);
  assert_int_equal(s.ops[4].u.write.sign, 0x06);
  assert_int_equal(s.ops[4].mask, 1);
  assert_int_equal(s.ops[5].kind, TNAM_OP_Q4);
  assert_int_equal(s.ops[5].u.eval.runs, 1); /* tile 0 runs */
  const uint64_t *act = tnam_op_act(&s, &s.ops[5], 0);
  assert_int_equal(tnam_act_get(act, 0), 0xa);
  assert_int_equal(tnam_act_get(act, 1), 0x1);
  assert_int_equal(tnam_act_get(act, 2), 0x0);
  assert_int_equal(tnam_act_get(act, 3), 0xf);
  const tnam_expect_t *e = tnam_op_expect(&s, &s.ops[5], 0);
  assert_int_equal(tnam_expect_vals(&s, e, TNAM_EXPECT_ACC)[1], 2);
  assert_int_equal(tnam_expect_vals(&s, e, TNAM_EXPECT_OUT)[1], 15);
  assert_int_equal(e->bits[TNAM_EXPECT_CYCLES], 6);
  assert_int_equal(e->line[TNAM_EXPECT_SEL], 0);
  assert_int_equal(s.ops[7].kind, TNAM_OP_LEVEL);
  assert_int_equal(tnam_expect_vals(&s, tnam_op_expect(&s, &s.ops[7], 0), TNAM_EXPECT_CODE)[6], 4);
  assert_int_equal(s.ops[8].kind, TNAM_OP_RESET);
  assert_int_equal(s.ops[9].kind, TNAM_OP_EVAL); /* a reset returns the stream to thresh */
  tnam_stream_free(&s);
  /* A reset returns the stream to threshold mode. */
  load_text("tns 1\nconfig rows 4 cols 7\nmode q4\nreset\neval 1\nexpect dec 0\n", &s);
  assert_int_equal(s.ops[2].kind, TNAM_OP_EVAL);
  tnam_stream_free(&s);
}

/* Commands wait while the chip is busy; those cycles carry random enables (ignored by every
 * macro), a multi-level result is retired at chip_done_o with its latency, and a busy that
 * never falls is reported instead of hanging. */
static void test_sequencer_waits_for_busy(void **state) {
  (void)state;
  const tnam_chip_params_t configs[] = {params(8, 3), chip(8, 3, 4, 2)};
  for (size_t k = 0; k < 2; k++) {
    tnam_stream_t s;
    load_text(k == 0
                  ? "tns 1\nconfig rows 8 cols 3\nmode level\neval 3\nidle 1\n"
                  : "tns 1\nconfig rows 8 cols 3 macros 4 tiles 2\nmode level\neval 3 0\nidle 1\n",
              &s);
    assert_int_equal(s.chip.macros, configs[k].macros);
    tnam_seq_t q;
    tnam_chip_in_t in;
    tnam_chip_out_t out;
    memset(&out, 0, sizeof out);
    size_t op = 0;
    uint64_t latency = 0;
    tnam_seq_init(&q, &s);
    assert_int_equal(q.max_latency, 2 + 4 * 5); /* S = 5 for R = 8 */
    assert_true(tnam_seq_next(&q, &in, 0));     /* cycle 0: mode */
    assert_true(in.core.cfg_en && in.core.cfg_mode == TNAM_MODE_LEVEL);
    assert_false(in.cfg_select || in.core.cfg_test);
    assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 1: eval */
    assert_true(in.core.eval && in.x[0][0] == 3);
    if (k) assert_int_equal(in.x[1][0], 0);
    out.busy = 1;
    assert_int_equal(tnam_seq_retire(&q, &out, &op, &latency), TNAM_RETIRE_NONE);
    unsigned enables = 0, masks = 0;
    const int last = 20; /* done_o after the step of cycle 20: latency 20 <= max_latency */
    for (int c = 2; c <= last; c++) { /* busy: the idle command waits */
      assert_true(tnam_seq_next(&q, &in, 1));
      assert_true(in.core.rst_n);
      enables |= (unsigned)in.core.eval | (unsigned)in.core.wr_en << 1 |
                 (unsigned)in.core.thr_en << 2 | (unsigned)in.core.cfg_en << 3 |
                 (unsigned)in.core.bias_en << 4 | (unsigned)in.core.trim_en << 5 |
                 (unsigned)in.core.health_en << 6 | (unsigned)in.core.var_en << 7 |
                 (unsigned)in.map_en << 8 | (unsigned)in.resid_en << 9;
      masks |= in.mask;
      assert_int_equal(tnam_seq_issued_op(&q, (uint64_t)c), TNAM_SEQ_NONE);
      out.busy = c < last;
      out.done = c == last;
      tnam_retire_t r = tnam_seq_retire(&q, &out, &op, &latency);
      assert_int_equal(r, c < last ? TNAM_RETIRE_NONE : TNAM_RETIRE_OK);
    }
    assert_int_equal(enables, 0x3ff); /* every enable was exercised while busy */
    assert_int_equal(masks, (1u << configs[k].macros) - 1); /* and every macro addressed */
    assert_int_equal(op, 1);
    assert_int_equal(latency, last);        /* eval in cycle 1, done visible in cycle last + 1 */
    assert_true(tnam_seq_next(&q, &in, 0)); /* now the idle command */
    assert_int_equal(tnam_seq_issued_op(&q, (uint64_t)last + 1), 2);
    tnam_stream_free(&s);
  }

  tnam_stream_t s;
  tnam_seq_t q;
  tnam_chip_in_t in;
  tnam_chip_out_t out;
  size_t op = 0;
  uint64_t latency = 0;
  load_text("tns 1\nconfig rows 8 cols 3\nidle 1\nidle 1\n", &s);
  tnam_seq_init(&q, &s);
  memset(&out, 0, sizeof out);
  assert_true(tnam_seq_next(&q, &in, 0));
  out.busy = 1; /* with nothing in flight */
  tnam_retire_t r = TNAM_RETIRE_NONE;
  int cycles = 0;
  while (r == TNAM_RETIRE_NONE && cycles < 1000 && tnam_seq_next(&q, &in, 1)) {
    r = tnam_seq_retire(&q, &out, &op, &latency);
    cycles++;
  }
  assert_int_equal(r, TNAM_RETIRE_STUCK);
  assert_int_equal(cycles, q.max_latency + 1);
  tnam_stream_free(&s);
}

/* The chip ports of each command: the write mask of `target`, the tile map and residual ports,
 * select in the configuration port, one word-line vector per tile; an evaluation that runs on
 * no macro is retired at once with its selection, one that runs keeps the selection of the
 * cycle after its eval_i until its result retires. */
static void test_sequencer_chip_ports(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text(
      "tns 1\nconfig rows 8 cols 3 macros 4 tiles 2\ntarget 6\nwrite 1 +-0\nmap 2 0\n"
      "resid 3 200\nselect on\neval 0 0\nexpect sel -\nexpect t1 sel -\neval 1 80\n"
      "expect sel 2\nidle 1\n",
      &s);
  tnam_seq_t q;
  tnam_chip_in_t in;
  tnam_chip_out_t out;
  memset(&out, 0, sizeof out);
  size_t op = 99;
  uint64_t latency = 0;
  tnam_seq_init(&q, &s);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 0: write to macros 1 and 2 */
  assert_true(in.core.wr_en && in.core.wr_row == 1 && in.core.wr_mag == 3 && in.core.wr_sign == 2);
  assert_int_equal(in.mask, 6);
  assert_int_equal(tnam_seq_retire(&q, &out, &op, &latency), TNAM_RETIRE_NONE);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 1: map */
  assert_true(in.map_en && in.map_macro == 2 && in.map_valid && in.map_tile == 0);
  assert_false(in.core.wr_en || in.resid_en || in.core.cfg_en);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 2: resid */
  assert_true(in.resid_en && in.resid_macro == 3 && in.resid == 200 && !in.map_en);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 3: select on, mode and test unchanged */
  assert_true(in.core.cfg_en && in.cfg_select && !in.core.cfg_test);
  assert_int_equal(in.core.cfg_mode, TNAM_MODE_THRESH);
  assert_int_equal(in.core.cfg_shift, 0);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 4: no tile active: runs nowhere */
  assert_true(in.core.eval && in.x[0][0] == 0 && in.x[1][0] == 0);
  assert_int_equal(s.ops[4].u.eval.runs, 0);
  out.sel_valid = 0;
  assert_int_equal(tnam_seq_retire(&q, &out, &op, &latency), TNAM_RETIRE_NONE);
  assert_int_equal(tnam_seq_retire_norun(&q, &out), 4);
  assert_int_equal(q.retired_sel_valid, 0);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 5: tiles 0 and 1 active */
  assert_true(in.core.eval && in.x[0][0] == 1 && in.x[1][0] == 0x80);
  assert_int_equal(s.ops[5].u.eval.runs, 3);
  out.sel_valid = 3;
  out.sel[0] = 2;
  out.sel[1] = 1;
  assert_int_equal(tnam_seq_retire(&q, &out, &op, &latency), TNAM_RETIRE_NONE);
  assert_int_equal(tnam_seq_retire_norun(&q, &out), TNAM_SEQ_NONE);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 6: idle; the result of cycle 5 appears */
  memset(&out, 0, sizeof out);
  out.m[1].res_valid = out.m[2].res_valid = 1;
  assert_int_equal(tnam_seq_retire(&q, &out, &op, &latency), TNAM_RETIRE_OK);
  assert_int_equal(op, 5);
  assert_int_equal(latency, 2);
  assert_int_equal(q.retired_sel_valid, 3);
  assert_int_equal(q.retired_sel[0], 2);
  assert_int_equal(q.retired_sel[1], 1);
  tnam_stream_free(&s);
}

/* `calibrate` waits until every evaluation in flight has retired, is handed to the caller, and
 * moves the cycle count on by what it took. */
static void test_sequencer_calibrate(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text(
      "tns 1\nconfig rows 8 cols 3 macros 2 tiles 1\neval 1\nexpect dec 0\ncalibrate\n"
      "idle 1\n",
      &s);
  tnam_seq_t q;
  tnam_chip_in_t in;
  size_t op = 99;
  tnam_seq_init(&q, &s);
  assert_int_equal(tnam_seq_next(&q, &in, 0), 1); /* cycle 0: eval */
  assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_NONE);
  assert_int_equal(tnam_seq_next(&q, &in, 0), 1); /* cycle 1: waits for the result */
  assert_false(in.core.eval || in.core.wr_en || in.core.cfg_en || in.core.var_en);
  assert_int_equal(tnam_seq_issued_op(&q, 1), TNAM_SEQ_NONE);
  assert_int_equal(retire(&q, 1, &op), TNAM_RETIRE_OK);
  assert_int_equal(tnam_seq_next(&q, &in, 0), TNAM_SEQ_CALIBRATE);
  const uint64_t before = q.cycle;
  for (int i = 0; i < 100; i++) tnam_seq_cal_cycle(&q);
  assert_int_equal(q.cycle, before + 100);
  assert_int_equal(tnam_seq_issued_op(&q, q.cycle), 1);
  assert_int_equal(tnam_seq_next(&q, &in, 0), 1); /* idle */
  assert_int_equal(tnam_seq_issued_op(&q, q.cycle), 2);
  assert_int_equal(tnam_seq_next(&q, &in, 0), 1); /* drain */
  assert_int_equal(tnam_seq_next(&q, &in, 0), 1);
  assert_int_equal(tnam_seq_next(&q, &in, 0), 0);
  tnam_stream_free(&s);
}

/* ---- chip streams (spec section 7, "Chip streams") -------------------------------------- */

#define CHIP_HEAD "tns 1\nconfig rows 8 cols 4 macros 4 tiles 2\n" /* VW 7, OW 5, NN 1 */

static void test_parse_chip_config(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text("tns 1\nconfig rows 64 cols 16 macros 4 tiles 2\n", &s);
  assert_int_equal(s.chip.macros, 4);
  assert_int_equal(s.chip.tiles, 2);
  assert_int_equal(s.chip.mw, 2);
  assert_int_equal(s.chip.tw, 1);
  assert_int_equal(s.params.rows, 64);
  assert_int_equal(s.chip.core.cols, 16);
  assert_int_equal(s.config_line, 2);
  tnam_stream_free(&s);
  load_text("tns 1\nconfig rows 8 cols 3\n", &s); /* macros 1 tiles 1 by default */
  assert_int_equal(s.chip.macros, 1);
  assert_int_equal(s.chip.tiles, 1);
  tnam_stream_free(&s);
  load_text("tns 1\nconfig rows 8 cols 3 macros 8 tiles 4\n", &s);
  assert_int_equal(s.chip.mw, 3);
  assert_int_equal(s.chip.tw, 2);
  tnam_stream_free(&s);
  load_fails("tns 1\nconfig rows 8 cols 3 macros 9 tiles 1\n", 2,
             "macros 9 is out of range [1, 8]");
  load_fails("tns 1\nconfig rows 8 cols 3 macros 0 tiles 1\n", 2,
             "macros 0 is out of range [1, 8]");
  load_fails("tns 1\nconfig rows 8 cols 3 macros 2 tiles 3\n", 2, "tiles 3 is out of range [1, 2]");
  load_fails("tns 1\nconfig rows 8 cols 3 macros 8 tiles 5\n", 2, "tiles 5 is out of range [1, 4]");
  load_fails("tns 1\nconfig rows 8 cols 3 macros 2\n", 2,
             "usage: config rows R cols C [macros M tiles T]");
  load_fails("tns 1\nconfig rows 8 cols 3 tiles 1 macros 2\n", 2, "usage: config rows R cols C");
}

/* `target` sets the mask of the register writes that follow, and goes back to every macro
 * after a reset; trim, health and inject carry the mask too. */
static void test_parse_target_and_register_writes(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text(CHIP_HEAD
            "write 0 +-0+\ntarget 5\nwrite 1 ++++\nthr 2 -3\ntrim * -2\n"
            "health 3 0110\ntarget all\nbias 0 7\ntarget 2\ninject offset 3 -16\n"
            "inject offset 0 15\ninject offset 1 -1\ninject excess -2\n"
            "inject excess -1\ninject excess 1\ninject defect 7 1001\ntrim 1 15\n"
            "reset\nwrite 2 0000\n",
            &s);
  assert_int_equal(s.n_ops, 19);
  const tnam_op_t *o = s.ops;
  assert_int_equal(o[0].kind, TNAM_OP_WRITE);
  assert_int_equal(o[0].mask, 0xf); /* `all` after config */
  assert_int_equal(o[0].u.write.mag, 0xb);
  assert_int_equal(o[0].u.write.sign, 0x2);
  assert_int_equal(o[1].mask, 5);
  assert_int_equal(o[2].kind, TNAM_OP_THR);
  assert_int_equal(o[2].mask, 5);
  assert_int_equal(o[2].u.thr.value, -3);
  for (unsigned c = 0; c < 4; c++) { /* trim * expands to one op per column */
    assert_int_equal(o[3 + c].kind, TNAM_OP_TRIM);
    assert_int_equal(o[3 + c].u.trim.col, c);
    assert_int_equal(o[3 + c].u.trim.value, -2);
    assert_int_equal(o[3 + c].mask, 5);
  }
  assert_int_equal(o[7].kind, TNAM_OP_HEALTH);
  assert_int_equal(o[7].u.health.row, 3);
  assert_int_equal(o[7].u.health.flags, 0x6); /* character i is column i */
  assert_int_equal(o[7].mask, 5);
  assert_int_equal(o[8].kind, TNAM_OP_BIAS);
  assert_int_equal(o[8].mask, 0xf);
  /* inject: sel = TNAM_VAR_*, data = port data, offsets masked to OW = 5 bits */
  const struct {
    uint32_t addr;
    uint32_t sel;
    uint64_t data;
  } inj[] = {{3, TNAM_VAR_OFFSET, 16}, {0, TNAM_VAR_OFFSET, 15}, {1, TNAM_VAR_OFFSET, 31},
             {0, TNAM_VAR_EXCESS, 2},  {0, TNAM_VAR_EXCESS, 3},  {0, TNAM_VAR_EXCESS, 1},
             {7, TNAM_VAR_DEFECT, 9}};
  for (unsigned i = 0; i < 7; i++) {
    assert_int_equal(o[9 + i].kind, TNAM_OP_INJECT);
    assert_int_equal(o[9 + i].u.inject.addr, inj[i].addr);
    assert_int_equal(o[9 + i].u.inject.sel, inj[i].sel);
    assert_int_equal(o[9 + i].u.inject.data, inj[i].data);
    assert_int_equal(o[9 + i].mask, 2);
  }
  assert_int_equal(o[16].kind, TNAM_OP_TRIM);
  assert_int_equal(o[16].u.trim.value, 15);
  assert_int_equal(o[16].mask, 2);
  assert_int_equal(o[17].kind, TNAM_OP_RESET);
  assert_int_equal(o[18].mask, 0xf); /* `all` after reset */
  tnam_stream_free(&s);

  load_fails(CHIP_HEAD "target 10\n", 3, "macro mask '10' has 2 hexadecimal digits; at most 1");
  load_fails("tns 1\nconfig rows 8 cols 4 macros 3 tiles 1\ntarget 8\n", 3,
             "macro mask '8' sets bit 3; only bits 0..2 exist");
  load_fails(CHIP_HEAD "target\n", 3, "usage: target all|HEX");
  load_fails(CHIP_HEAD "target 5 6\n", 3, "usage: target all|HEX");
  load_fails(CHIP_HEAD "target x\n", 3, "macro mask 'x': 'x' is not a hexadecimal digit");
  load_fails(CHIP_HEAD "trim 0 16\n", 3, "trim 16 is out of range [-16, 15]");
  load_fails(CHIP_HEAD "trim * -17\n", 3, "trim -17 is out of range [-16, 15]");
  load_fails(CHIP_HEAD "trim 4 0\n", 3, "column 4 is out of range [0, 3]");
  load_fails(CHIP_HEAD "trim 0\n", 3, "usage: trim COL|* VALUE");
  load_fails(CHIP_HEAD "health 0 011\n", 3,
             "health flags '011' have 3 characters; the configuration has 4 columns");
  load_fails(CHIP_HEAD "health 0 01100\n", 3, "health flags '01100' have 5 characters");
  load_fails(CHIP_HEAD "health 0 0120\n", 3, "health flags: '2' in column 2 is not 0 or 1");
  load_fails(CHIP_HEAD "health 0 +-0+\n", 3, "health flags: '+' in column 0 is not 0 or 1");
  load_fails(CHIP_HEAD "health 8 0000\n", 3, "row 8 is out of range [0, 7]");
  load_fails(CHIP_HEAD "inject excess 2\n", 3, "excess 2 is out of range [-2, 1]");
  load_fails(CHIP_HEAD "inject excess -3\n", 3, "excess -3 is out of range [-2, 1]");
  load_fails(CHIP_HEAD "inject offset 0 -17\n", 3, "offset -17 is out of range [-16, 15]");
  load_fails(CHIP_HEAD "inject offset 4 1\n", 3, "column 4 is out of range [0, 3]");
  load_fails(CHIP_HEAD "inject defect 8 0001\n", 3, "row 8 is out of range [0, 7]");
  load_fails(CHIP_HEAD "inject defect 0 001\n", 3, "defect flags '001' have 3 characters");
  load_fails(CHIP_HEAD "inject noise 1\n", 3, "usage: inject excess D");
  load_fails(CHIP_HEAD "inject excess\n", 3, "usage: inject excess D");
}

static void test_parse_map_resid_select_test(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text(CHIP_HEAD
            "map 3 1\nmap 2 -\nresid 1 255\nresid 0 0\nmode level 3\nselect on\n"
            "test on\nselect off\nmode q4 5\nselect on\ntest off\nreset\ntest on\n",
            &s);
  assert_int_equal(s.n_ops, 13);
  const tnam_op_t *o = s.ops;
  assert_int_equal(o[0].kind, TNAM_OP_MAP);
  assert_int_equal(o[0].u.map.macro, 3);
  assert_int_equal(o[0].u.map.tile, 1);
  assert_int_equal(o[1].u.map.macro, 2);
  assert_int_equal(o[1].u.map.tile, -1);
  assert_int_equal(o[2].kind, TNAM_OP_RESID);
  assert_int_equal(o[2].u.resid.macro, 1);
  assert_int_equal(o[2].u.resid.value, 255);
  assert_int_equal(o[3].u.resid.value, 0);
  /* MODE ops: select/test keep mode and shift */
  const struct {
    uint32_t mode;
    uint32_t shift;
    uint32_t flags;
  } m[] = {{TNAM_MODE_LEVEL, 3, 0},
           {TNAM_MODE_LEVEL, 3, TNAM_CFG_SELECT},
           {TNAM_MODE_LEVEL, 3, TNAM_CFG_SELECT | TNAM_CFG_TEST},
           {TNAM_MODE_LEVEL, 3, TNAM_CFG_TEST},
           {TNAM_MODE_Q4, 5, TNAM_CFG_TEST},
           {TNAM_MODE_Q4, 5, TNAM_CFG_SELECT | TNAM_CFG_TEST},
           {TNAM_MODE_Q4, 5, TNAM_CFG_SELECT}};
  for (unsigned i = 0; i < 7; i++) {
    assert_int_equal(o[4 + i].kind, TNAM_OP_MODE);
    assert_int_equal(o[4 + i].u.mode.mode, m[i].mode);
    assert_int_equal(o[4 + i].u.mode.shift, m[i].shift);
    assert_int_equal(o[4 + i].u.mode.flags, m[i].flags);
  }
  assert_int_equal(o[11].kind, TNAM_OP_RESET); /* the reset clears mode, shift and flags */
  assert_int_equal(o[12].u.mode.mode, TNAM_MODE_THRESH);
  assert_int_equal(o[12].u.mode.shift, 0);
  assert_int_equal(o[12].u.mode.flags, TNAM_CFG_TEST);
  tnam_stream_free(&s);

  load_fails(CHIP_HEAD "map 4 0\n", 3, "macro 4 is out of range [0, 3]");
  load_fails(CHIP_HEAD "map 0 2\n", 3, "tile 2 is out of range [0, 1]");
  load_fails(CHIP_HEAD "map 0 x\n", 3, "tile 'x' is not a decimal number");
  load_fails(CHIP_HEAD "map 0\n", 3, "usage: map MACRO TILE|-");
  load_fails(CHIP_HEAD "resid 0 256\n", 3, "residual offset 256 is out of range [0, 255]");
  load_fails(CHIP_HEAD "resid 0 -1\n", 3, "residual offset -1 is out of range [0, 255]");
  load_fails(CHIP_HEAD "resid 4 0\n", 3, "macro 4 is out of range [0, 3]");
  load_fails(CHIP_HEAD "select maybe\n", 3, "usage: select on|off");
  load_fails(CHIP_HEAD "select\n", 3, "usage: select on|off");
  load_fails(CHIP_HEAD "test on off\n", 3, "usage: test on|off");
}

/* `calibrate` carries what it restores: mode, shift, select/test flags and the tile map. */
static void test_parse_calibrate(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text(CHIP_HEAD
            "calibrate\nmap 2 0\nmap 3 1\nmap 1 -\nmode level 2\nselect on\n"
            "calibrate\nreset\ncalibrate\n",
            &s);
  const tnam_op_t *o = s.ops;
  assert_int_equal(o[0].kind, TNAM_OP_CAL);
  assert_int_equal(o[0].u.cal.mode, TNAM_MODE_THRESH);
  assert_int_equal(o[0].u.cal.shift, 0);
  assert_int_equal(o[0].u.cal.flags, 0);
  assert_int_equal(o[0].u.cal.map, 0x98); /* after config: macro 0 holds tile 0, macro 1 tile 1 */
  assert_int_equal(o[0].u.cal.map, tnam_map_reset(&s.chip));
  assert_int_equal(o[6].kind, TNAM_OP_CAL);
  assert_int_equal(o[6].u.cal.mode, TNAM_MODE_LEVEL);
  assert_int_equal(o[6].u.cal.shift, 2);
  assert_int_equal(o[6].u.cal.flags, TNAM_CFG_SELECT);
  assert_int_equal(o[6].u.cal.map, 0x9808); /* macro 0: 0, macro 1: none, 2: 0, 3: 1 */
  assert_int_equal(tnam_map_get(o[6].u.cal.map, 1), 0);
  assert_int_equal(tnam_map_get(o[6].u.cal.map, 3), TNAM_MAP_VALID | 1);
  assert_int_equal(o[8].kind, TNAM_OP_CAL);
  assert_int_equal(o[8].u.cal.map, 0x98);
  assert_int_equal(o[8].u.cal.flags, 0);
  assert_int_equal(o[8].u.cal.mode, TNAM_MODE_THRESH);
  tnam_stream_free(&s);
  load_fails(CHIP_HEAD "calibrate now\n", 3, "usage: calibrate");
}

/* `variation FILE` (relative to the stream): excess D to every macro, then each listed offset,
 * then each row with a defect, each addressed to its macro only, all on the command's line. */
static void test_parse_variation_file(void **state) {
  (void)state;
  char var_path[64], stream_path[64];
  snprintf(var_path, sizeof var_path, "/tmp/tnam_test_%d.var", (int)getpid());
  snprintf(stream_path, sizeof stream_path, "/tmp/tnam_test_%d.tns", (int)getpid());
  temp_file(var_path,
            "tnamvar 1\n# a comment\nconfig rows 8 cols 4 macros 4\nexcess -2\n"
            "offset 3 0 15\noffset 1 2 -5\ndefect 2 5 1\ndefect 0 7 0\n"
            "defect 2 5 3\n");
  char text[256];
  snprintf(text, sizeof text, CHIP_HEAD "target 4\nwrite 0 ++++\nvariation %s\nwrite 1 ----\n",
           strrchr(var_path, '/') + 1);
  tnam_stream_t s;
  load_text(text, &s);
  assert_int_equal(s.n_ops, 7);
  const struct {
    uint32_t addr;
    uint32_t sel;
    uint64_t data;
    uint32_t mask;
  } want[] = {
      {0, TNAM_VAR_EXCESS, 2, 0xf}, /* -2 in 2 bits */
      {2, TNAM_VAR_OFFSET, 27, 2},  /* macro 1 column 2: -5 in 5 bits */
      {0, TNAM_VAR_OFFSET, 15, 8},  /* macro 3 column 0 */
      {7, TNAM_VAR_DEFECT, 1, 1},   /* macro 0 row 7: column 0 */
      {5, TNAM_VAR_DEFECT, 0xa, 4}, /* macro 2 row 5: columns 1 and 3 in one write */
  };
  for (unsigned i = 0; i < 5; i++) {
    const tnam_op_t *o = &s.ops[1 + i];
    assert_int_equal(o->kind, TNAM_OP_INJECT);
    assert_int_equal(o->u.inject.addr, want[i].addr);
    assert_int_equal(o->u.inject.sel, want[i].sel);
    assert_int_equal(o->u.inject.data, want[i].data);
    assert_int_equal(o->mask, want[i].mask);
    assert_int_equal(o->line, 5);
  }
  assert_int_equal(s.ops[6].mask, 4); /* the `target` in force is kept */
  /* The dump writes the injections as `inject` commands under their targets. */
  FILE *f = fopen(stream_path, "w");
  assert_non_null(f);
  assert_true(tnam_stream_dump(&s, f));
  fclose(f);
  tnam_stream_t back;
  tnam_err_t err;
  if (!tnam_stream_load(stream_path, &back, &err)) fail_msg("%s", err.msg);
  assert_true(ops_equal(&s, &back));
  tnam_stream_free(&back);
  tnam_stream_free(&s);

  /* An error in the variation file names that file and its line. */
  temp_file(var_path, "tnamvar 1\nconfig rows 8 cols 4 macros 4\nexcess 2\n");
  snprintf(text, sizeof text, CHIP_HEAD "variation %s\n", strrchr(var_path, '/') + 1);
  temp_file(stream_path, text);
  assert_false(tnam_stream_load(stream_path, &s, &err));
  char msg[256];
  snprintf(msg, sizeof msg, "%s:3: excess 2 is out of range [-2, 1]", var_path);
  assert_string_equal(err.msg, msg);
  temp_file(var_path, "tnamvar 1\nconfig rows 8 cols 4 macros 2\n");
  assert_false(tnam_stream_load(stream_path, &s, &err));
  snprintf(msg, sizeof msg, "%s:2: the file is for rows 8 cols 4 macros 2; the chip has", var_path);
  assert_memory_equal(err.msg, msg, strlen(msg));
  temp_file(var_path, "tnamvar 1\nconfig rows 8 cols 4 macros 4\ndefect 3 0 4\n");
  assert_false(tnam_stream_load(stream_path, &s, &err));
  snprintf(msg, sizeof msg, "%s:3: column 4 is out of range [0, 3]", var_path);
  assert_string_equal(err.msg, msg);
  /* A missing variation file: the message names the stream line and the file. */
  unlink(var_path);
  assert_false(tnam_stream_load(stream_path, &s, &err));
  snprintf(msg, sizeof msg, "%s:3: cannot open variation file '%s': No such file", stream_path,
           var_path);
  assert_memory_equal(err.msg, msg, strlen(msg));
  assert_null(s.ops);
  load_fails(CHIP_HEAD "variation\n", 3, "usage: variation FILE");
  unlink(stream_path);
}

/* eval, evalrows and eval4 take one vector per tile; u.eval.runs is the tiles that run: those with a
 * copy under static selection, only the active ones with selection on (spec 11.3). */
static void test_parse_tile_evaluations(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text(CHIP_HEAD
            "eval 3 80\nevalrows 0,1 -\nevalrows - 7\neval 0 0\nmap 1 -\neval 1 1\n"
            "map 0 -\neval 1 1\nmap 3 0\neval 0 0\nselect on\neval 0 0\neval 0 1\n"
            "eval 1 0\nmap 2 1\neval 0 1\nmode q4\neval4 0 f\neval4 1 0\nselect off\n"
            "eval4 0 0\nreset\neval 0 0\n",
            &s);
  const tnam_op_t *o = s.ops;
  assert_int_equal(o[0].kind, TNAM_OP_EVAL);
  assert_int_equal(tnam_op_x(&s, &o[0], 0)[0], 3);
  assert_int_equal(tnam_op_x(&s, &o[0], 1)[0], 0x80);
  assert_int_equal(tnam_op_x(&s, &o[1], 0)[0], 3);
  assert_int_equal(tnam_op_x(&s, &o[1], 1)[0], 0);
  assert_int_equal(tnam_op_x(&s, &o[2], 0)[0], 0);
  assert_int_equal(tnam_op_x(&s, &o[2], 1)[0], 0x80);
  /* static selection: every tile with a copy runs, active or not */
  assert_int_equal(o[0].u.eval.runs, 3);
  assert_int_equal(o[1].u.eval.runs, 3);
  assert_int_equal(o[2].u.eval.runs, 3);
  assert_int_equal(o[3].u.eval.runs, 3);
  assert_int_equal(o[5].u.eval.runs, 1); /* macro 1 holds no tile: tile 1 has no copy */
  assert_int_equal(o[7].u.eval.runs, 0); /* no tile has a copy */
  assert_int_equal(o[9].u.eval.runs, 1); /* macro 3 holds tile 0 */
  /* selection on: only the active tiles with a copy */
  assert_int_equal(o[11].u.eval.runs, 0);
  assert_int_equal(o[12].u.eval.runs, 0); /* tile 1 is active but has no copy */
  assert_int_equal(o[13].u.eval.runs, 1);
  assert_int_equal(o[15].u.eval.runs, 2); /* macro 2 holds tile 1 now */
  assert_int_equal(o[17].kind, TNAM_OP_Q4);
  assert_int_equal(tnam_act_get(tnam_op_act(&s, &o[17], 1), 0), 0xf);
  assert_int_equal(tnam_act_get(tnam_op_act(&s, &o[17], 0), 0), 0);
  assert_int_equal(o[17].u.eval.runs, 2); /* q4: active = some activation is not 0 */
  assert_int_equal(o[18].u.eval.runs, 1);
  assert_int_equal(tnam_act_get(tnam_op_act(&s, &o[18], 0), 0), 1);
  assert_int_equal(o[20].u.eval.runs, 3); /* static again: both tiles have a copy */
  assert_int_equal(o[22].u.eval.runs, 3); /* after reset: macros 0 and 1 hold tiles 0 and 1 */
  tnam_stream_free(&s);

  load_fails(CHIP_HEAD "eval 1\n", 3, "usage: eval HEX .. (one per tile: 2)");
  load_fails(CHIP_HEAD "eval 1 2 3\n", 3, "usage: eval HEX .. (one per tile: 2)");
  load_fails(CHIP_HEAD "evalrows 1\n", 3, "usage: evalrows R1,R2,...|- .. (one per tile: 2)");
  load_fails(CHIP_HEAD "mode q4\neval4 1\n", 4, "usage: eval4 HEX .. (one per tile: 2)");
  load_fails(CHIP_HEAD "eval 1 100\n", 3, "word lines '100' has 3 hexadecimal digits; at most 2");
  load_fails(CHIP_HEAD "evalrows 0 8\n", 3, "row 8 is out of range [0, 7]");
  /* a stream for the one-macro chip keeps its one vector */
  load_text("tns 1\nconfig rows 8 cols 3\neval 5\n", &s);
  assert_int_equal(s.ops[0].u.eval.x[0], 5);
  assert_int_equal(s.ops[0].u.eval.runs, 1);
  tnam_stream_free(&s);
}

/* `expect tN KIND`, `expect [tN] sel MACRO|-`, and the rejection of value expectations for
 * tiles that do not run. */
static void test_parse_tile_expectations(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text(CHIP_HEAD
            "eval 3 1\nexpect dec 1\nexpect t1 dec 2\nexpect t1 mac 1 -1 0 0\n"
            "expect t0 gate e\nexpect sel 0\nexpect t1 sel 1\n"
            "select on\neval 0 1\nexpect sel -\nexpect t1 sel 1\nexpect t1 dec 0\n"
            "eval 0 0\nexpect t0 sel -\nexpect t1 sel -\n"
            "mode level\neval 1 0\nexpect cycles 7\nexpect code 1 0 0 0\nexpect t1 sel -\n"
            "eval 0 1\nexpect t1 cycles 3\nexpect t1 code 0 0 0 0\n",
            &s);
  const tnam_op_t *o = s.ops;
  const tnam_expect_t *e0 = tnam_op_expect(&s, &o[0], 0), *e1 = tnam_op_expect(&s, &o[0], 1);
  assert_int_equal(e0->bits[TNAM_EXPECT_DEC], 1);
  assert_int_equal(e0->bits[TNAM_EXPECT_GATE], 0xe);
  assert_int_equal(e0->bits[TNAM_EXPECT_SEL], 0);
  assert_int_equal(e0->line[TNAM_EXPECT_MAC], 0);
  assert_int_equal(e0->line[TNAM_EXPECT_SEL], 8);
  assert_int_equal(e1->bits[TNAM_EXPECT_DEC], 2);
  assert_int_equal(tnam_expect_vals(&s, e1, TNAM_EXPECT_MAC)[1], -1);
  assert_int_equal(e1->bits[TNAM_EXPECT_SEL], 1);
  assert_int_equal(e1->line[TNAM_EXPECT_DEC], 5);
  assert_int_equal(o[2].u.eval.runs, 2);
  assert_int_equal(tnam_op_expect(&s, &o[2], 0)->bits[TNAM_EXPECT_SEL], TNAM_SEL_NONE);
  assert_int_equal(tnam_op_expect(&s, &o[2], 1)->bits[TNAM_EXPECT_DEC], 0);
  assert_int_equal(o[3].u.eval.runs, 0); /* runs nowhere: only sel expectations */
  assert_int_equal(tnam_op_expect(&s, &o[3], 1)->bits[TNAM_EXPECT_SEL], TNAM_SEL_NONE);
  assert_int_equal(o[5].kind, TNAM_OP_LEVEL);
  assert_int_equal(tnam_op_expect(&s, &o[5], 0)->bits[TNAM_EXPECT_CYCLES], 7);
  assert_int_equal(tnam_op_expect(&s, &o[6], 1)->bits[TNAM_EXPECT_CYCLES], 3);
  tnam_stream_free(&s);

  load_fails(CHIP_HEAD "eval 1 1\nexpect t9 dec 0\n", 4, "tile 9 is out of range [0, 1]");
  load_fails(CHIP_HEAD "eval 1 1\nexpect t2 sel 0\n", 4, "tile 2 is out of range [0, 1]");
  load_fails(CHIP_HEAD "eval 1 1\nexpect t1\n", 4, "usage: expect tN KIND VALUES");
  load_fails(CHIP_HEAD "eval 1 1\nexpect sel 4\n", 4, "macro 4 is out of range [0, 3]");
  load_fails(CHIP_HEAD "eval 1 1\nexpect t1 sel x\n", 4, "macro 'x' is not a decimal number");
  load_fails(CHIP_HEAD "eval 1 1\nexpect sel\n", 4, "usage: expect [tN] sel MACRO|-");
  load_fails(CHIP_HEAD "eval 1 1\nexpect t1 sel 1\nexpect t1 sel 1\n", 5,
             "a second 'expect sel' for the evaluation at line 3 (first at line 4)");
  /* the same kind for two tiles is not a repeat */
  load_text(CHIP_HEAD "eval 1 1\nexpect sel 0\nexpect t1 sel 1\n", &s);
  tnam_stream_free(&s);
  load_fails(CHIP_HEAD "select on\neval 1 0\nexpect t1 dec 0\n", 5,
             "'expect dec' for tile 1, which does not run in this evaluation");
  load_fails(CHIP_HEAD "map 1 -\neval 1 1\nexpect t1 mac 0 0 0 0\n", 5,
             "'expect mac' for tile 1, which does not run in this evaluation (it has no copy in "
             "the tile map)");
  load_fails(CHIP_HEAD "select on\nmode level\neval 0 0\nexpect cycles 3\n", 6,
             "'expect cycles' for an evaluation that runs on no macro");
  load_fails(CHIP_HEAD "select on\nmode q4\neval4 0 0\nexpect out 0\n", 6,
             "'expect out' for tile 0, which does not run");
}

/* Each command of the reader's table answers a wrong argument count with its usage; an unknown
 * command (the header's too, once read) with the list of the table's commands. */
static void test_parse_command_usage(void **state) {
  (void)state;
  static const struct {
    const char *line, *msg;
  } cases[] = {
      {"reset 1 2", "usage: reset [N]"},
      {"write 1", "usage: write ROW WEIGHTS"},
      {"write4 1", "usage: write4 ROW V0 .. V0 (one 4-bit weight per neuron)"},
      {"load", "usage: load FILE"},
      {"thr 1", "usage: thr COL|* VALUE"},
      {"bias 0", "usage: bias NEURON|* VALUE"},
      {"mode", "usage: mode thresh|level|q4 [SHIFT]"},
      {"eval 1", "usage: eval HEX .. (one per tile: 2)"},
      {"evalrows 1", "usage: evalrows R1,R2,...|- .. (one per tile: 2)"},
      {"eval4 1", "usage: eval4 HEX .. (one per tile: 2)"},
      {"idle", "usage: idle N"},
      {"expect", "usage: expect KIND VALUES (kinds: dec gate mac code acc out cycles)"},
      {"target", "usage: target all|HEX (a mask of macros)"},
      {"map 1", "usage: map MACRO TILE|-"},
      {"resid 1", "usage: resid MACRO VALUE"},
      {"select", "usage: select on|off"},
      {"test", "usage: test on|off"},
      {"trim 1", "usage: trim COL|* VALUE"},
      {"health 1", "usage: health ROW FLAGS (C characters 0 or 1)"},
      {"inject excess",
       "usage: inject excess D | inject offset COL VALUE | inject defect ROW FLAGS"},
      {"variation", "usage: variation FILE"},
      {"calibrate now", "usage: calibrate"},
      {"hold 30", "usage: hold RATE SEED (held edges per mille, 0 .. 500; their seed)"},
      {"frob 1",
       "unknown command 'frob' (commands: reset write write4 load thr bias mode eval evalrows "
       "eval4 idle expect target map resid select test trim health inject variation calibrate "
       "hold repeat end)"},
      {"tns 1", "'tns' appears twice (the header is 'tns 1' then one 'config' line)"},
      {"config rows 8 cols 4", "'config' appears twice"},
  };
  char text[128];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    snprintf(text, sizeof text, CHIP_HEAD "%s\n", cases[i].line);
    load_fails(text, 3, cases[i].msg);
  }
}

/* The text must fail to parse with "PATH:LINE: " and `msg` (a prefix of the rest): the bytes
 * are written as they are, NUL bytes included. */
static void load_bytes_fails(const char *bytes, size_t len, unsigned line, const char *msg) {
  char path[64], want[512];
  snprintf(path, sizeof path, "/tmp/tnam_test_%d.tns", (int)getpid());
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(bytes, 1, len, f), len);
  fclose(f);
  tnam_stream_t s;
  tnam_err_t err;
  if (tnam_stream_load(path, &s, &err)) fail_msg("line %u: parsed, wanted '%s'", line, msg);
  snprintf(want, sizeof want, "%s:%u: %s", path, line, msg);
  if (strncmp(err.msg, want, strlen(want)) != 0)
    fail_msg("got '%s'\nwanted '%s...'", err.msg, want);
  unlink(path);
}

/* D36: a NUL byte is an error where it is (never the end of the line: the rest of the line
 * would be dropped, a long line's tail would be read as the next line and every later line
 * number would be off by one); a lone CR is not a line end; a long line is refused whole. */
static void test_text_hostile_bytes(void **state) {
  (void)state;
  static const char nul[] = "tns 1\nconfig rows 8 cols 3\nreset\nwrite 0 +-0\0 junk\nidle 1\n";
  load_bytes_fails(nul, sizeof nul - 1, 4, "NUL byte in column 12: a text file holds none");
  /* A long line whose NUL sits at column 5000: the tail must not become line 4. */
  static char lng[16384];
  size_t n = (size_t)snprintf(lng, sizeof lng, "tns 1\nconfig rows 8 cols 3\n#");
  memset(lng + n, 'x', 9000);
  lng[n + 4999] = '\0';
  n += 9000;
  lng[n++] = '\n';
  load_bytes_fails(lng, n, 3, "NUL byte in column 5001");
  lng[n - 9001 + 4999] = 'x';
  load_bytes_fails(lng, n, 3, "line longer than 8190 characters");
  static const char cr[] = "tns 1\rconfig rows 8 cols 3\rreset\r";
  load_bytes_fails(cr, sizeof cr - 1, 1,
                   "carriage return without a line feed after it (column 6): lines end with LF "
                   "or CR LF");
  /* CR LF ends a line; the longest line, 8190 characters, fits with or without its CR. */
  tnam_stream_t s;
  n = (size_t)snprintf(lng, sizeof lng, "tns 1\r\nconfig rows 8 cols 3\r\n#");
  memset(lng + n, 'x', 8189);
  n += 8189;
  memcpy(lng + n, "\r\nreset\nidle 2", 15);
  load_text(lng, &s);
  assert_int_equal(s.n_ops, 2);
  assert_int_equal(s.ops[1].line, 5);
  tnam_stream_free(&s);
}

/* D36: one decimal syntax for every number of every file: digits, '-' first when negative. */
static void test_text_decimal_syntax(void **state) {
  (void)state;
  int64_t v = 0;
  static const struct {
    const char *text;
    tnam_num_status_t want;
    int64_t value;
  } cases[] = {
      {"0", TNAM_NUM_OK, 0},
      {"007", TNAM_NUM_OK, 7},
      {"-12", TNAM_NUM_OK, -12},
      {"-0", TNAM_NUM_OK, 0},
      {"-9223372036854775808", TNAM_NUM_OK, INT64_MIN},
      {"9223372036854775807", TNAM_NUM_OK, INT64_MAX},
      {"9223372036854775808", TNAM_NUM_RANGE, 0},
      {"99999999999999999999999", TNAM_NUM_RANGE, 0},
      {"", TNAM_NUM_SYNTAX, 0},
      {"-", TNAM_NUM_SYNTAX, 0},
      {"+1", TNAM_NUM_SYNTAX, 0},
      {" 5", TNAM_NUM_SYNTAX, 0},
      {"5 ", TNAM_NUM_SYNTAX, 0},
      {"\t5", TNAM_NUM_SYNTAX, 0},
      {"0x5", TNAM_NUM_SYNTAX, 0},
      {"5e0", TNAM_NUM_SYNTAX, 0},
      {"--5", TNAM_NUM_SYNTAX, 0},
      {"1O", TNAM_NUM_SYNTAX, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const tnam_num_status_t got =
        tnam_num_i64n(cases[i].text, strlen(cases[i].text), INT64_MIN, INT64_MAX, &v);
    if (got != cases[i].want) fail_msg("'%s': %d, wanted %d", cases[i].text, got, cases[i].want);
    if (got == TNAM_NUM_OK) assert_true(v == cases[i].value);
  }
  assert_int_equal(tnam_num_i64n("5\0", 2, 0, 9, &v), TNAM_NUM_SYNTAX);
  assert_int_equal(tnam_num_i64n("10", 2, 0, 9, &v), TNAM_NUM_RANGE);
  load_fails("tns 1\nconfig rows 8 cols 3\nreset\nwrite +1 +-0\n", 4,
             "row '+1' is not a decimal number");
  load_fails("tns 1\nconfig rows 8 cols 3\nreset\nthr 0 +5\n", 4,
             "threshold '+5' is not a decimal number");
  load_fails("tns 1\nconfig rows 08 cols +3\n", 2, "cols '+3' is not a decimal number");
}

/* D36: bytes that are not printable UTF-8 reach a terminal escaped, never raw. */
static void test_text_escape(void **state) {
  (void)state;
  char out[64];
  tnam_escape(out, sizeof out, "ok \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  assert_string_equal(out, "ok \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  tnam_escape(out, sizeof out, "a\xff\x1b[31m\x7f\t");
  assert_string_equal(out, "a\\xff\\x1b[31m\\x7f\\x09");
  /* C1 controls, overlong forms, surrogates, beyond U+10FFFF, a cut sequence. */
  tnam_escape(out, sizeof out, "\xc2\x85\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82");
  assert_string_equal(out, "\\xc2\\x85\\xc0\\xaf\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80\\xe2\\x82");
  tnam_escape(out, 6, "ab\xff");
  assert_string_equal(out, "ab"); /* no half escape */
  load_fails("tns 1\nconfig rows 8 cols 3\nreset\n\xff\x1b]0;x\x07\n", 4,
             "unknown command '\\xff\\x1b]0;x\\x07'");
}

/* D36: a named file is found beside the stream, whatever the lengths; a directory is refused
 * at the line that names it. */
static void test_text_paths(void **state) {
  (void)state;
  static const char *const cases[][3] = {{"a/b.tns", "w.tw", "a/w.tw"},
                                         {"/s.tns", "w.tw", "/w.tw"},
                                         {"s.tns", "w.tw", "w.tw"},
                                         {"a/b/s.tns", "/abs/w.tw", "/abs/w.tw"},
                                         {"a/b/s.tns", "c/w.tw", "a/b/c/w.tw"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *p = tnam_path_beside(cases[i][0], cases[i][1]);
    assert_string_equal(p, cases[i][2]);
    free(p);
  }
  char base[1200], want[1300];
  memset(base, 'd', sizeof base);
  for (size_t i = 100; i < sizeof base; i += 100) base[i] = '/';
  memcpy(base + sizeof base - 7, "/s.tns", 7);
  snprintf(want, sizeof want, "%.*sw.tw", (int)(sizeof base - 6), base);
  char *p = tnam_path_beside(base, "w.tw");
  assert_string_equal(p, want);
  free(p);
  tnam_err_t err;
  const tnam_where_t from = {.path = "s.tns", .line = 7, .err = &err};
  assert_null(tnam_text_open("/tmp", "weight file", &from, &err));
  assert_string_equal(err.msg, "s.tns:7: cannot open weight file '/tmp': Is a directory");
  assert_null(tnam_text_open("/tmp", "stream", NULL, &err));
  assert_string_equal(err.msg, "/tmp: cannot open: Is a directory");
}

/* D36 and spec section 7: a runner refuses a stream that does not begin with `reset`. */
static void test_stream_must_begin_with_reset(void **state) {
  (void)state;
  tnam_stream_t s;
  tnam_err_t err;
  char want[256];
  load_text("tns 1\nconfig rows 8 cols 3\n\nreset 2\nidle 1\n", &s);
  assert_true(tnam_stream_check_start(&s, &err));
  tnam_stream_free(&s);
  load_text("tns 1\nconfig rows 8 cols 3\n# no reset\nidle 1\nreset\n", &s);
  assert_false(tnam_stream_check_start(&s, &err));
  snprintf(want, sizeof want,
           "%s:4: this is the stream's first command; it must begin with 'reset'", s.path);
  assert_memory_equal(err.msg, want, strlen(want));
  tnam_stream_free(&s);
  load_text("tns 1\nconfig rows 8 cols 3\n", &s);
  assert_false(tnam_stream_check_start(&s, &err));
  snprintf(want, sizeof want, "%s:2: the stream has no command after 'config'", s.path);
  assert_memory_equal(err.msg, want, strlen(want));
  tnam_stream_free(&s);
  /* Every generated stream begins with one. */
  const tnam_chip_params_t cp = chip(8, 4, 4, 2);
  assert_true(tnam_gen_stream(&cp, 7, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 200, &s));
  assert_true(tnam_stream_check_start(&s, &err));
  tnam_stream_free(&s);
}

/* `hold RATE SEED` (spec 7): its operands, and where it may stand. */
static void test_parse_hold(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text("tns 1\nconfig rows 8 cols 3\nhold 500 18446744073709551615 # c\nidle 1\n", &s);
  assert_int_equal(s.hold_rate, 500);
  assert_true(s.hold_seed == UINT64_MAX);
  tnam_stream_free(&s);
  load_text("tns 1\nconfig rows 8 cols 3\nidle 1\n", &s);
  assert_int_equal(s.hold_rate, 0);
  tnam_stream_free(&s);
  load_fails("tns 1\nconfig rows 8 cols 3\nhold 501 1\n", 3,
             "hold rate (per mille) 501 is out of range [0, 500]");
  load_fails("tns 1\nconfig rows 8 cols 3\nhold 30 -1\n", 3, "hold seed '-1' is not a decimal");
  load_fails("tns 1\nconfig rows 8 cols 3\nhold 30 18446744073709551616\n", 3,
             "hold seed 18446744073709551616 is out of range");
  load_fails("tns 1\nconfig rows 8 cols 3\nhold 30 1\nhold 30 1\n", 4,
             "a second 'hold' line (the first is line 3)");
  load_fails("tns 1\nconfig rows 8 cols 3\nidle 1\nhold 30 1\n", 4,
             "'hold' must come before the first command that takes a cycle (line 3)");
}

/* The stream's dump as text (malloc'ed), and its length. */
static char *dump_text(const tnam_stream_t *s, size_t *len) {
  FILE *f = tmpfile();
  assert_non_null(f);
  assert_true(tnam_stream_dump(s, f));
  const long n = ftell(f);
  assert_true(n > 0);
  char *text = malloc((size_t)n);
  assert_non_null(text);
  rewind(f);
  assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return text;
}

/* Op i of two streams is the same op with the same vectors and expectations (looked up in each
 * stream's window). */
static void assert_same_op(const tnam_stream_t *a, const tnam_stream_t *b, size_t i) {
  const tnam_op_t *x = tnam_stream_op(a, i), *y = tnam_stream_op(b, i);
  assert_int_equal(x->kind, y->kind);
  assert_int_equal(x->line, y->line);
  if (!tnam_op_is_eval(x->kind)) {
    assert_memory_equal(x, y, sizeof *x);
    return;
  }
  assert_int_equal(x->u.eval.expect, y->u.eval.expect);
  for (unsigned t = 0; t < a->chip.tiles; t++) {
    if (x->kind == TNAM_OP_Q4)
      assert_memory_equal(tnam_op_act(a, x, t), tnam_op_act(b, y, t),
                          TNAM_ACT_WORDS * sizeof(uint64_t));
    else
      assert_memory_equal(tnam_op_x(a, x, t), tnam_op_x(b, y, t),
                          TNAM_ROW_WORDS * sizeof(uint64_t));
    if (x->u.eval.expect == TNAM_NO_EXPECT) continue;
    const tnam_expect_t *e = tnam_op_expect(a, x, t), *f = tnam_op_expect(b, y, t);
    assert_memory_equal(e->line, f->line, sizeof e->line);
    for (int k = 0; k < TNAM_EXPECT_KINDS; k++) {
      const unsigned count = tnam_expect_count(&a->params, k);
      if (!((e->kinds >> k) & 1)) continue;
      if (count == 0)
        assert_true(e->bits[k] == f->bits[k]);
      else
        assert_memory_equal(tnam_expect_vals(a, e, k), tnam_expect_vals(b, f, k),
                            count * sizeof(int32_t));
    }
  }
}

/* A lazily generated stream (D41) sequenced beside the same stream generated whole, each on a
 * golden model: the same inputs every edge, the same op (vectors, expectations, line) behind
 * every cycle, the same results retired; its window stays a few blocks while the whole stream
 * grows, and its dump is the whole stream's. */
static void test_lazy_stream_window(void **state) {
  (void)state;
  const tnam_chip_params_t configs[] = {params(64, 16), chip(8, 4, 4, 2), chip(37, 5, 3, 2)};
  for (size_t k = 0; k < 3; k++) {
    const tnam_chip_params_t *p = &configs[k];
    const int ideal = k != 1; /* the second has calibrations: skipped alike on both sides */
    tnam_stream_t whole, lazy;
    assert_true(
        tnam_gen_stream_ideal(p, 3, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 250000, ideal, &whole));
    assert_true(
        tnam_gen_stream_open(p, 3, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 250000, ideal, &lazy));
    assert_null(whole.source);
    assert_non_null(lazy.source);
    assert_string_equal(whole.path, lazy.path);
    tnam_chip_t *ca = tnam_chip_new(p), *cb = tnam_chip_new(p);
    assert_true(ca && cb);
    tnam_seq_t qa, qb;
    tnam_seq_init(&qa, &whole);
    tnam_seq_init(&qb, &lazy);
    tnam_chip_in_t ia, ib;
    const tnam_chip_out_t *oa = NULL, *ob = NULL;
    size_t max_window = 0, retired = 0;
    for (;;) {
      const int ra = tnam_seq_next(&qa, &ia, oa ? oa->busy : 0);
      const int rb = tnam_seq_next(&qb, &ib, ob ? ob->busy : 0);
      assert_int_equal(ra, rb);
      if (!ra) break;
      assert_int_equal(qa.cur_op, qb.cur_op);
      if (qa.cur_op != TNAM_SEQ_NONE) assert_same_op(&whole, &lazy, qa.cur_op);
      if (ra == TNAM_SEQ_CALIBRATE) continue;
      assert_memory_equal(&ia, &ib, sizeof ia);
      oa = tnam_chip_step(ca, &ia);
      ob = tnam_chip_step(cb, &ib);
      if (lazy.n_ops - lazy.op_base > max_window) max_window = lazy.n_ops - lazy.op_base;
      if (ia.core.hold) continue;
      size_t opa, opb;
      uint64_t la = 0, lb = 0;
      assert_int_equal(tnam_seq_retire(&qa, oa, &opa, &la), tnam_seq_retire(&qb, ob, &opb, &lb));
      assert_int_equal(opa, opb);
      assert_true(la == lb);
      if (opa != TNAM_SEQ_NONE) {
        assert_same_op(&whole, &lazy, opa);
        retired++;
      }
    }
    assert_false(qb.source_failed);
    assert_true(tnam_stream_ended(&lazy, qb.next_op));
    assert_int_equal(whole.n_ops, lazy.n_ops);
    assert_int_equal(whole.n_expects, lazy.n_expects);
    assert_true(retired > 1000);
    /* Blocks of 4096 ops, the whole stream several times that. */
    if (whole.n_ops < 4 * 4096) fail_msg("config %zu: only %zu ops", k, whole.n_ops);
    if (max_window > 2 * 4096 + 64) fail_msg("config %zu: a window of %zu ops", k, max_window);
    assert_true(lazy.op_base > 0 && lazy.expect_base > 0 && lazy.val_base > 0);
    tnam_chip_free(ca);
    tnam_chip_free(cb);
    tnam_stream_free(&lazy);

    /* The dump of a lazily generated stream, written as it is made, is the whole one's. */
    assert_true(
        tnam_gen_stream_open(p, 3, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 250000, ideal, &lazy));
    size_t na, nb;
    char *ta = dump_text(&whole, &na), *tb = dump_text(&lazy, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(ta, tb, na);
    free(ta);
    free(tb);
    tnam_stream_free(&lazy);
    tnam_stream_free(&whole);
  }
}

/* A source that appends one idle op per call, then fails (as out of memory would). */
typedef struct {
  tnam_stream_source_t src;
  int calls, fail_at;
} test_source_t;

static int test_source_more(tnam_stream_source_t *src) {
  test_source_t *ts = (test_source_t *)src;
  if (++ts->calls == ts->fail_at) {
    snprintf(src->err, sizeof src->err, "test source failed");
    return 0;
  }
  const tnam_op_t idle = {.kind = TNAM_OP_IDLE, .u.idle = {.cycles = 1}};
  return tnam_stream_push(src->s, &idle);
}

/* A window refilled op by op drops what the sequencer no longer needs; a failing source ends
 * the sequence at once, flagged, before the drain. */
static void test_lazy_source_failure(void **state) {
  (void)state;
  /* With and without held edges (a held edge's check for the end asks for the next op too):
   * the sequence ends at the failing call and stays over; the source is not asked again. */
  for (unsigned hold_seed = 0; hold_seed < 16; hold_seed++) {
    tnam_stream_t s;
    load_text("tns 1\nconfig rows 8 cols 3\nreset\neval 3\n", &s);
    s.hold_rate = hold_seed ? 500 : 0;
    s.hold_seed = hold_seed;
    test_source_t ts = {.src = {.s = &s, .more = test_source_more}, .fail_at = 6};
    s.source = &ts.src;
    tnam_seq_t q;
    tnam_chip_in_t in;
    tnam_seq_init(&q, &s);
    unsigned cycles = 0;
    while (tnam_seq_next(&q, &in, 0)) cycles += !in.core.hold;
    assert_true(q.source_failed);
    assert_false(tnam_seq_next(&q, &in, 0)); /* over, however often asked */
    assert_int_equal(ts.calls, 6);
    assert_int_equal(cycles, 2 + 5); /* reset, eval, the five idle ops: no drain */
    assert_int_equal(s.n_ops, 7);
    /* The reset is dropped; the eval is kept: never retired here, it is still in flight. */
    assert_int_equal(s.op_base, 1);
    assert_false(tnam_stream_ended(&s, q.next_op));
    s.source = NULL; /* on the stack: not for tnam_stream_free */
    tnam_stream_free(&s);
  }
}

/* Held edges: ce_i low (hold), rst_ni as in the cycle before, the other inputs random; none
 * before the first cycle or after the last; the cycle count and the retirement skip them, and
 * the same stream gives the same edges. */
static void test_sequencer_held_edges(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text("tns 1\nconfig rows 8 cols 3\nhold 500 7\nreset 40\nidle 40\neval 3\nidle 3\n", &s);
  uint64_t edges[2] = {0, 0};
  for (int run = 0; run < 2; run++) {
    tnam_seq_t q;
    tnam_chip_in_t in;
    size_t op;
    tnam_seq_init(&q, &s);
    unsigned held = 0, held_in_reset = 0, enables = 0, cycles = 0, results = 0;
    int first = 1, res_valid = 0, rst_n_before = 0;
    uint64_t pattern = 0;
    while (tnam_seq_next(&q, &in, 0)) {
      pattern = pattern * 3 + in.core.hold + 1;
      if (in.core.hold) {
        assert_false(first);
        assert_int_equal(in.core.rst_n, rst_n_before);
        held++;
        held_in_reset += !in.core.rst_n;
        enables += in.core.wr_en + in.core.eval + in.core.cfg_en;
        continue; /* outputs unchanged: no retirement */
      }
      first = 0;
      rst_n_before = in.core.rst_n;
      cycles++;
      /* The eval is cycle 80: its result is on the outputs of cycle 81 (latency 2). */
      res_valid = q.cycle == 81;
      const tnam_retire_t r = retire(&q, res_valid, &op);
      results += r == TNAM_RETIRE_OK;
      assert_true(r == TNAM_RETIRE_OK || r == TNAM_RETIRE_NONE);
    }
    assert_int_equal(cycles, 40 + 40 + 1 + 3 + TNAM_EVAL_LATENCY);
    assert_int_equal(results, 1);
    assert_int_equal(q.held, held);
    assert_true(held > 40 && held < 160); /* 83 cycles after the first, about one held each */
    assert_true(held_in_reset > 10);
    assert_true(enables > held / 2);
    edges[run] = pattern;
  }
  assert_true(edges[0] == edges[1]);
  tnam_stream_free(&s);
}

/* `repeat N` ... `end` (spec 7): the block read N times, each pass against the state the one
 * before left, every op with its own line; and each misuse named at its line. */
static void test_parse_repeat_block(void **state) {
  (void)state;
  tnam_stream_t s;
  load_text(
      "tns 1\nconfig rows 8 cols 4\nreset\nrepeat 3\nwrite 0 +-0+\n\n# a comment\n"
      "eval 1\nexpect dec 9\nend\nidle 2\n",
      &s);
  assert_int_equal(s.n_ops, 1 + 3 * 2 + 1);
  assert_int_equal(s.n_expects, 3);
  for (unsigned pass = 0; pass < 3; pass++) {
    const tnam_op_t *w = &s.ops[1 + 2 * pass], *e = w + 1;
    assert_int_equal(w->kind, TNAM_OP_WRITE);
    assert_int_equal(w->line, 5);
    assert_int_equal(e->kind, TNAM_OP_EVAL);
    assert_int_equal(e->line, 8);
    assert_int_equal(s.expects[e->u.eval.expect].line[TNAM_EXPECT_DEC], 9);
    assert_int_equal(s.expects[e->u.eval.expect].bits[TNAM_EXPECT_DEC], 9);
  }
  assert_int_equal(s.ops[7].kind, TNAM_OP_IDLE);
  tnam_stream_free(&s);

  const char *head = "tns 1\nconfig rows 8 cols 4\nreset\n";
  char text[256];
  struct {
    const char *body;
    unsigned line;
    const char *msg;
  } bad[] = {
      {"repeat 2\nrepeat 2\nidle 1\nend\nend\n", 5, "'repeat' inside the block of line 4"},
      {"idle 1\nend\n", 5, "'end' without a 'repeat'"},
      {"repeat 2\nend\n", 4, "the block of this 'repeat' is empty"},
      {"repeat 2\nidle 1\n", 4, "this 'repeat' has no 'end'"},
      {"repeat 0\nidle 1\nend\n", 4, "repeat count 0 is out of range [1, 100000000]"},
      {"repeat x\nidle 1\nend\n", 4, "repeat count 'x' is not a decimal number"},
      {"repeat 2 3\nidle 1\nend\n", 4, "usage: repeat N"},
      {"repeat 2\nidle 1\nend 1\n", 6, "usage: end"},
      {"repeat 100000000\nidle 1\nidle 1\nend\n", 4,
       "repeat 100000000 of a block of 2 lines reads more than 100000000 lines"},
      /* Pass 2 meets the mode pass 1 set: the line and the pass are named. */
      {"repeat 3\neval 1\nmode q4\nend\n", 5,
       "eval needs mode thresh or level; in mode q4 use eval4 (pass 2 of 3 of the block at line "
       "4)"},
      {"repeat 2\nwrite 9 +-0+\nend\n", 5,
       "row 9 is out of range [0, 7] (pass 1 of 2 of the block"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(text, sizeof text, "%s%s", head, bad[i].body);
    load_fails(text, bad[i].line, bad[i].msg);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_prng_reference_values),
      cmocka_unit_test(test_prng_range_covers_bounds),
      cmocka_unit_test(test_parse_corners_stream),
      cmocka_unit_test(test_parse_evalrows_and_hex),
      cmocka_unit_test(test_parse_error_names_file_and_line),
      cmocka_unit_test(test_parse_repeat_block),
      cmocka_unit_test(test_dump_round_trip),
      cmocka_unit_test(test_generator_is_deterministic),
      cmocka_unit_test(test_generator_ideal_has_no_variation),
      cmocka_unit_test(test_generator_profiles_hit_their_activity),
      cmocka_unit_test(test_generator_expectations_are_balanced),
      cmocka_unit_test(test_generator_chip_selection),
      cmocka_unit_test(test_sequencer_timing),
      cmocka_unit_test(test_sequencer_flags_a_late_result),
      cmocka_unit_test(test_parse_multilevel_commands),
      cmocka_unit_test(test_sequencer_waits_for_busy),
      cmocka_unit_test(test_sequencer_chip_ports),
      cmocka_unit_test(test_sequencer_calibrate),
      cmocka_unit_test(test_parse_chip_config),
      cmocka_unit_test(test_parse_target_and_register_writes),
      cmocka_unit_test(test_parse_map_resid_select_test),
      cmocka_unit_test(test_parse_calibrate),
      cmocka_unit_test(test_parse_variation_file),
      cmocka_unit_test(test_parse_tile_evaluations),
      cmocka_unit_test(test_parse_tile_expectations),
      cmocka_unit_test(test_parse_command_usage),
      cmocka_unit_test(test_text_hostile_bytes),
      cmocka_unit_test(test_text_decimal_syntax),
      cmocka_unit_test(test_text_escape),
      cmocka_unit_test(test_text_paths),
      cmocka_unit_test(test_stream_must_begin_with_reset),
      cmocka_unit_test(test_parse_hold),
      cmocka_unit_test(test_sequencer_held_edges),
      cmocka_unit_test(test_lazy_stream_window),
      cmocka_unit_test(test_lazy_source_failure),
  };
  return cmocka_run_group_tests_name("tnam_stream", tests, NULL, NULL);
}
