/* cmocka tests of the testbench library: PRNG, stream parser and writer, generator, sequencer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tnam_gen.h"
#include "tnam_prng.h"
#include "tnam_seq.h"
#include "tnam_stream.h"

#ifndef TNAM_SRC_DIR
#define TNAM_SRC_DIR "."
#endif

static tnam_params_t params(unsigned rows, unsigned cols) {
  tnam_params_t p;
  assert_true(tnam_params_make(rows, cols, &p));
  return p;
}

/* Writes text to a fresh temporary file and returns its path (static buffer). */
static const char *temp_stream(const char *text) {
  static char path[64];
  snprintf(path, sizeof path, "/tmp/tnam_test_%d.tns", (int)getpid());
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  return path;
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
  assert_int_equal(s.ops[0].arg, 1);
  for (unsigned r = 0; r < 64; r++) {
    const tnam_op_t *w = &s.ops[1 + r];
    assert_int_equal(w->kind, TNAM_OP_WRITE);
    assert_int_equal(w->arg, r);
    /* columns 0 (+1) and 1 (-1) in every row; column 3 alternates */
    assert_int_equal(w->mag & 0xb, 0xb);
    assert_int_equal(w->sign & 0xb, r % 2 ? 0xa : 0x2);
  }
  for (unsigned c = 0; c < 16; c++) {
    assert_int_equal(s.ops[65 + c].kind, TNAM_OP_THR);
    assert_int_equal(s.ops[65 + c].arg, c);
    assert_int_equal(s.ops[65 + c].value, 0);
  }
  const tnam_op_t *e1 = &s.ops[81], *e2 = &s.ops[82]; /* E1: no rows; E2: all rows */
  assert_int_equal(e1->kind, TNAM_OP_EVAL);
  assert_int_equal(e1->bits[0], 0);
  assert_int_equal(e2->kind, TNAM_OP_EVAL);
  assert_int_equal(e2->bits[0], ~0ULL);
  assert_int_not_equal(e2->arg, TNAM_NO_EXPECT);
  const tnam_expect_t *x = &s.expects[e2->arg];
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
      "tns 1\nconfig rows 200 cols 3\nevalrows 0,63,64,199\neval 0x8000000000000000000000000000000000000000000000001\n"
      "evalrows -\n");
  int ok = tnam_stream_load(path, &s, &err);
  if (!ok) fail_msg("%s", err.msg);
  assert_int_equal(s.n_ops, 3);
  assert_int_equal(s.ops[0].bits[0], (1ULL << 63) | 1);
  assert_int_equal(s.ops[0].bits[1], 1);
  assert_int_equal(s.ops[0].bits[3], 1ULL << (199 - 192));
  assert_int_equal(s.ops[1].bits[0], 1);
  assert_int_equal(s.ops[1].bits[3], 1ULL << (195 - 192)); /* 49 digits: the 8 is bit 195 */
  assert_int_equal(s.ops[2].bits[0] | s.ops[2].bits[1] | s.ops[2].bits[2] | s.ops[2].bits[3], 0);
  tnam_stream_free(&s);
  unlink(path);
}

static void test_parse_error_names_file_and_line(void **state) {
  (void)state;
  tnam_stream_t s;
  tnam_err_t err;
  const char *path = temp_stream("tns 1\n# comment\n\nconfig rows 8 cols 3\nwrite 3 +-0\nwrite 8 +-0\n");
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

static int ops_equal(const tnam_stream_t *a, const tnam_stream_t *b) {
  if (a->n_ops != b->n_ops) return 0;
  for (size_t i = 0; i < a->n_ops; i++) {
    const tnam_op_t *x = &a->ops[i], *y = &b->ops[i];
    if (x->kind != y->kind || x->mag != y->mag || x->sign != y->sign ||
        memcmp(x->bits, y->bits, sizeof x->bits) != 0)
      return 0;
    if (x->kind == TNAM_OP_Q4
            ? memcmp(tnam_op_act(a, x), tnam_op_act(b, y), TNAM_ACT_WORDS * sizeof(uint64_t)) != 0
            : x->value != y->value)
      return 0;
    if (!tnam_op_is_eval(x->kind)) {
      if (x->arg != y->arg) return 0;
      continue;
    }
    if ((x->arg == TNAM_NO_EXPECT) != (y->arg == TNAM_NO_EXPECT)) return 0;
    if (x->arg != TNAM_NO_EXPECT && !expects_equal(a, &a->expects[x->arg], b, &b->expects[y->arg]))
      return 0;
  }
  return 1;
}

/* A generated stream written as text parses back to the same operations, with each op's line
 * number being the line it has in the dump (so reports point into a dumped file). */
static void test_dump_round_trip(void **state) {
  (void)state;
  const unsigned configs[][2] = {{64, 16}, {37, 5}, {256, 64}};
  for (size_t k = 0; k < 3; k++) {
    tnam_params_t p = params(configs[k][0], configs[k][1]);
    tnam_stream_t gen, back;
    tnam_err_t err;
    assert_true(tnam_gen_stream(&p, 1000 + k, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 3000, &gen));
    const char *path = temp_stream("");
    FILE *f = fopen(path, "w");
    assert_true(tnam_stream_dump(&gen, f));
    fclose(f);
    int ok = tnam_stream_load(path, &back, &err);
    if (!ok) fail_msg("%s", err.msg);
    assert_true(ops_equal(&gen, &back));
    for (size_t i = 0; i < back.n_ops; i++) assert_int_equal(back.ops[i].line, gen.ops[i].line);
    for (size_t i = 0; i < back.n_expects; i++)
      assert_memory_equal(back.expects[i].line, gen.expects[i].line, sizeof gen.expects[i].line);
    tnam_stream_free(&gen);
    tnam_stream_free(&back);
    unlink(path);
  }
}

static void test_generator_is_deterministic(void **state) {
  (void)state;
  tnam_params_t p = params(64, 16);
  tnam_stream_t a, b, c;
  assert_true(tnam_gen_stream(&p, 7, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 5000, &a));
  assert_true(tnam_gen_stream(&p, 7, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 5000, &b));
  assert_true(tnam_gen_stream(&p, 8, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 5000, &c));
  assert_true(ops_equal(&a, &b));
  assert_false(ops_equal(&a, &c));
  tnam_stream_free(&a);
  /* Threshold-only streams have fixed-length commands: the length asked for is met. */
  assert_true(tnam_gen_stream(&p, 7, TNAM_GEN_MIXED, 1u << TNAM_MODE_THRESH, 5000, &a));
  assert_true(tnam_stream_cycles(&a) >= 5000);
  tnam_stream_free(&a);
  tnam_stream_free(&b);
  tnam_stream_free(&c);
}

/* Fraction of driven word lines over the stream's evaluations, in parts per million. */
static uint64_t driven_ppm(const tnam_stream_t *s) {
  uint64_t driven = 0, total = 0;
  for (size_t i = 0; i < s->n_ops; i++) {
    if (s->ops[i].kind != TNAM_OP_EVAL) continue;
    for (int w = 0; w < TNAM_ROW_WORDS; w++) driven += (uint64_t)__builtin_popcountll(s->ops[i].bits[w]);
    total += s->params.rows;
  }
  return driven * 1000000 / total;
}

static void test_generator_profiles_hit_their_activity(void **state) {
  (void)state;
  tnam_params_t p = params(64, 16);
  tnam_stream_t s;
  const unsigned thresh = 1u << TNAM_MODE_THRESH;
  assert_true(tnam_gen_stream(&p, 3, TNAM_GEN_SPARSE, thresh, 50000, &s));
  assert_in_range(driven_ppm(&s), 8000, 12000); /* about 1% */
  tnam_stream_free(&s);
  assert_true(tnam_gen_stream(&p, 3, TNAM_GEN_HALF, thresh, 20000, &s));
  assert_in_range(driven_ppm(&s), 480000, 520000);
  tnam_stream_free(&s);
  assert_true(tnam_gen_stream(&p, 3, TNAM_GEN_DENSE, thresh, 20000, &s));
  assert_in_range(driven_ppm(&s), 920000, 980000); /* mean of 100%, 97%, 90% */
  tnam_stream_free(&s);
  assert_true(tnam_gen_stream(&p, 3, TNAM_GEN_RANDOM, thresh, 20000, &s));
  assert_in_range(driven_ppm(&s), 450000, 550000);
  tnam_stream_free(&s);
}

/* Every generated evaluation carries the expectations of its kind, and the results are
 * neither all one value nor all another: threshold decisions are not all 0 or all 1, q4
 * outputs are not all 0 or all saturated (thresholds, biases and shifts are chosen to make
 * the comparator and the requantisation work). The stream switches modes without resets. */
static void test_generator_expectations_are_balanced(void **state) {
  (void)state;
  tnam_params_t p = params(64, 16);
  tnam_stream_t s;
  assert_true(tnam_gen_stream(&p, 11, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 60000, &s));
  uint64_t count[TNAM_OP_KINDS] = {0}, ones = 0, gated = 0, outs = 0, mid = 0, switches = 0;
  for (size_t i = 0; i < s.n_ops; i++) {
    const uint32_t kind = s.ops[i].kind;
    count[kind]++;
    switches += kind == TNAM_OP_MODE;
    if (!tnam_op_is_eval(kind)) continue;
    assert_int_not_equal(s.ops[i].arg, TNAM_NO_EXPECT);
    const tnam_expect_t *e = &s.expects[s.ops[i].arg];
    static const int want[][TNAM_EXPECT_KINDS] = {
        [TNAM_OP_EVAL] = {1, 1, 1, 0, 0, 0, 0},
        [TNAM_OP_LEVEL] = {0, 1, 1, 1, 0, 0, 1},
        [TNAM_OP_Q4] = {0, 0, 0, 0, 1, 1, 1}};
    for (int k = 0; k < TNAM_EXPECT_KINDS; k++) assert_int_equal(e->line[k] != 0, want[kind][k]);
    if (kind == TNAM_OP_EVAL) {
      ones += (uint64_t)__builtin_popcountll(e->bits[TNAM_EXPECT_DEC]);
      gated += (uint64_t)__builtin_popcountll(e->bits[TNAM_EXPECT_GATE]);
    } else if (kind == TNAM_OP_Q4) {
      const int32_t *o = tnam_expect_vals(&s, e, TNAM_EXPECT_OUT);
      for (unsigned j = 0; j < p.nn; j++) mid += o[j] > 0 && o[j] < 15;
      outs += p.nn;
    }
  }
  assert_true(count[TNAM_OP_EVAL] > 2000 && count[TNAM_OP_LEVEL] > 500 && count[TNAM_OP_Q4] > 300);
  assert_true(switches > 50);
  assert_in_range(ones * 100 / (count[TNAM_OP_EVAL] * 16), 20, 80);
  assert_in_range(gated * 100 / (count[TNAM_OP_EVAL] * 16), 5, 80);
  assert_in_range(mid * 100 / outs, 10, 90);
  tnam_stream_free(&s);
}

/* Retires with outputs that carry only res_valid_o. */
static tnam_retire_t retire(tnam_seq_t *q, int res_valid, size_t *op) {
  tnam_out_t out = {.res_valid = res_valid};
  uint64_t latency;
  return tnam_seq_retire(q, &out, op, &latency);
}

/* The sequencer drives one command per cycle and expects each result exactly
 * TNAM_EVAL_LATENCY cycles after its eval; a reset drops what is in flight. */
static void test_sequencer_timing(void **state) {
  (void)state;
  tnam_stream_t s;
  tnam_err_t err;
  const char *path = temp_stream("tns 1\nconfig rows 8 cols 3\nidle 2\neval 3\neval 5\nreset\n");
  int ok = tnam_stream_load(path, &s, &err);
  if (!ok) fail_msg("%s", err.msg);
  tnam_seq_t q;
  tnam_in_t in;
  size_t op = 0;
  tnam_seq_init(&q, &s);
  for (int i = 0; i < 2; i++) {
    assert_true(tnam_seq_next(&q, &in, 0));
    assert_false(in.eval);
    assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_NONE);
  }
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 2: eval 3 */
  assert_true(in.eval && in.x[0] == 3 && in.rst_n);
  assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_NONE);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 3: eval 5; the first result is due now */
  assert_int_equal(retire(&q, 1, &op), TNAM_RETIRE_OK);
  assert_int_equal(op, 1);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 4: reset cancels the second evaluation */
  assert_false(in.rst_n);
  assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_NONE);
  assert_true(tnam_seq_next(&q, &in, 0)); /* drain */
  assert_int_equal(retire(&q, 1, &op), TNAM_RETIRE_SPURIOUS);
  assert_true(tnam_seq_next(&q, &in, 0));
  assert_false(tnam_seq_next(&q, &in, 0));
  assert_int_equal(tnam_seq_pending_eval(&q), TNAM_SEQ_NONE);
  assert_int_equal(tnam_seq_issued_op(&q, 4), 3);
  tnam_stream_free(&s);
  unlink(path);
}

static void test_sequencer_flags_a_late_result(void **state) {
  (void)state;
  tnam_stream_t s;
  tnam_err_t err;
  const char *path = temp_stream("tns 1\nconfig rows 8 cols 3\neval 1\nidle 1\n");
  int ok = tnam_stream_load(path, &s, &err);
  if (!ok) fail_msg("%s", err.msg);
  tnam_seq_t q;
  tnam_in_t in;
  size_t op = 99;
  tnam_seq_init(&q, &s);
  assert_true(tnam_seq_next(&q, &in, 0));
  assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_NONE);
  assert_true(tnam_seq_next(&q, &in, 0));
  assert_int_equal(retire(&q, 0, &op), TNAM_RETIRE_LATE_EARLY);
  assert_int_equal(op, 0);
  tnam_stream_free(&s);
  unlink(path);
}

/* The commands of the multi-level modes: mode tracking, write4 digits, eval4 activations and
 * the expectations each evaluation kind takes. */
static void test_parse_multilevel_commands(void **state) {
  (void)state;
  tnam_stream_t s;
  tnam_err_t err;
  const char *path = temp_stream(
      "tns 1\nconfig rows 4 cols 7\nmode q4 3\nbias * -5\nbias 1 17\n"
      "write4 2 -6 7\neval4 f01a\nexpect acc 1 2\nexpect out 0 15\nexpect cycles 6\n"
      "mode level\neval 5\nexpect code 1 -1 0 0 0 0 4\nexpect cycles 6\nreset\neval 1\n");
  int ok = tnam_stream_load(path, &s, &err);
  if (!ok) fail_msg("%s", err.msg);
  assert_int_equal(s.n_ops, 10);
  assert_int_equal(s.ops[0].kind, TNAM_OP_MODE);
  assert_int_equal(s.ops[0].arg, TNAM_MODE_Q4);
  assert_int_equal(s.ops[0].value, 3);
  assert_int_equal(s.ops[1].kind, TNAM_OP_BIAS); /* bias * expands to NN = 2 writes */
  assert_int_equal(s.ops[2].arg, 1);
  assert_int_equal(s.ops[3].value, 17);
  /* -6 = digits (0, -1, -1) in columns 0..2; 7 = (+1, +1, +1) in columns 3..5 */
  assert_int_equal(s.ops[4].kind, TNAM_OP_WRITE);
  assert_int_equal(s.ops[4].mag, 0x3e);
  assert_int_equal(s.ops[4].sign, 0x06);
  assert_int_equal(s.ops[5].kind, TNAM_OP_Q4);
  const uint64_t *act = tnam_op_act(&s, &s.ops[5]);
  assert_int_equal(tnam_act_get(act, 0), 0xa);
  assert_int_equal(tnam_act_get(act, 1), 0x1);
  assert_int_equal(tnam_act_get(act, 2), 0x0);
  assert_int_equal(tnam_act_get(act, 3), 0xf);
  const tnam_expect_t *e = &s.expects[s.ops[5].arg];
  assert_int_equal(tnam_expect_vals(&s, e, TNAM_EXPECT_ACC)[1], 2);
  assert_int_equal(tnam_expect_vals(&s, e, TNAM_EXPECT_OUT)[1], 15);
  assert_int_equal(e->bits[TNAM_EXPECT_CYCLES], 6);
  assert_int_equal(s.ops[7].kind, TNAM_OP_LEVEL);
  assert_int_equal(tnam_expect_vals(&s, &s.expects[s.ops[7].arg], TNAM_EXPECT_CODE)[6], 4);
  assert_int_equal(s.ops[8].kind, TNAM_OP_RESET);
  assert_int_equal(s.ops[9].kind, TNAM_OP_EVAL); /* a reset returns the stream to thresh */
  tnam_stream_free(&s);
  unlink(path);
  /* A reset returns the stream to threshold mode. */
  path = temp_stream("tns 1\nconfig rows 4 cols 7\nmode q4\nreset\neval 1\nexpect dec 0\n");
  ok = tnam_stream_load(path, &s, &err);
  if (!ok) fail_msg("%s", err.msg);
  assert_int_equal(s.ops[2].kind, TNAM_OP_EVAL);
  tnam_stream_free(&s);
  unlink(path);
}

/* Commands wait while the macro is busy; those cycles carry random enables (ignored by the
 * macro), a multi-level result is retired at done_o with its latency, and a busy_o that
 * never falls is reported instead of hanging. */
static void test_sequencer_waits_for_busy(void **state) {
  (void)state;
  tnam_stream_t s;
  tnam_err_t err;
  const char *path = temp_stream("tns 1\nconfig rows 8 cols 3\nmode level\neval 3\nidle 1\n");
  int ok = tnam_stream_load(path, &s, &err);
  if (!ok) fail_msg("%s", err.msg);
  tnam_seq_t q;
  tnam_in_t in;
  tnam_out_t out = {0};
  size_t op = 0;
  uint64_t latency = 0;
  tnam_seq_init(&q, &s);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 0: mode */
  assert_true(in.cfg_en && in.cfg_mode == TNAM_MODE_LEVEL);
  assert_true(tnam_seq_next(&q, &in, 0)); /* cycle 1: eval */
  assert_true(in.eval && in.x[0] == 3);
  out.busy = 1;
  assert_int_equal(tnam_seq_retire(&q, &out, &op, &latency), TNAM_RETIRE_NONE);
  unsigned enables = 0;
  for (int c = 2; c < 10; c++) { /* busy: the idle command waits */
    assert_true(tnam_seq_next(&q, &in, 1));
    assert_true(in.rst_n);
    enables |= (unsigned)in.eval | (unsigned)in.wr_en << 1 | (unsigned)in.thr_en << 2 |
               (unsigned)in.cfg_en << 3 | (unsigned)in.bias_en << 4;
    assert_int_equal(tnam_seq_issued_op(&q, (uint64_t)c), TNAM_SEQ_NONE);
    out.busy = c < 9;
    out.done = c == 9;
    tnam_retire_t r = tnam_seq_retire(&q, &out, &op, &latency);
    assert_int_equal(r, c < 9 ? TNAM_RETIRE_NONE : TNAM_RETIRE_OK);
  }
  assert_int_equal(enables, 0x1f); /* every enable was exercised while busy */
  assert_int_equal(op, 1);
  assert_int_equal(latency, 9); /* eval in cycle 1, done visible in cycle 10 */
  assert_true(tnam_seq_next(&q, &in, 0)); /* now the idle command */
  assert_int_equal(tnam_seq_issued_op(&q, 10), 2);
  tnam_stream_free(&s);
  unlink(path);

  path = temp_stream("tns 1\nconfig rows 8 cols 3\nidle 1\nidle 1\n");
  ok = tnam_stream_load(path, &s, &err);
  if (!ok) fail_msg("%s", err.msg);
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
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_prng_reference_values),
      cmocka_unit_test(test_prng_range_covers_bounds),
      cmocka_unit_test(test_parse_corners_stream),
      cmocka_unit_test(test_parse_evalrows_and_hex),
      cmocka_unit_test(test_parse_error_names_file_and_line),
      cmocka_unit_test(test_dump_round_trip),
      cmocka_unit_test(test_generator_is_deterministic),
      cmocka_unit_test(test_generator_profiles_hit_their_activity),
      cmocka_unit_test(test_generator_expectations_are_balanced),
      cmocka_unit_test(test_sequencer_timing),
      cmocka_unit_test(test_sequencer_flags_a_late_result),
      cmocka_unit_test(test_parse_multilevel_commands),
      cmocka_unit_test(test_sequencer_waits_for_busy),
  };
  return cmocka_run_group_tests_name("tnam_stream", tests, NULL, NULL);
}
