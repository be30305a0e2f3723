// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of the TNAM golden model: hand-computed cases and a slow reference model. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "tnam_model.h"

/* ---------------------------------------------------------------------------------------
 * Helpers driving the model one cycle at a time.
 * ------------------------------------------------------------------------------------- */

static tnam_model_t *new_model(unsigned rows, unsigned cols) {
  tnam_params_t p;
  assert_true(tnam_params_make(rows, cols, &p));
  tnam_model_t *m = tnam_model_new(&p);
  assert_non_null(m);
  return m;
}

static tnam_in_t idle_in(void) {
  tnam_in_t in = {0};
  in.rst_n = true;
  return in;
}

/* Input writing `weights` (one of + - 0 per column, column 0 first) to `row`. */
static tnam_in_t write_in(unsigned row, const char *weights) {
  tnam_in_t in = idle_in();
  in.wr_en = true;
  in.wr_row = row;
  for (unsigned c = 0; weights[c] != '\0'; ++c) {
    const uint64_t bit = UINT64_C(1) << c;
    if (weights[c] != '0') {
      in.wr_mag |= bit;
    }
    if (weights[c] == '-') {
      in.wr_sign |= bit;
    }
  }
  return in;
}

static tnam_in_t thr_in(unsigned col, int32_t value) {
  tnam_in_t in = idle_in();
  in.thr_en = true;
  in.thr_col = col;
  in.thr = value;
  return in;
}

static tnam_in_t eval_in(uint64_t x0) {
  tnam_in_t in = idle_in();
  in.eval = true;
  in.x[0] = x0;
  return in;
}

static tnam_out_t step(tnam_model_t *m, tnam_in_t in) {
  tnam_out_t out = {0};
  out = *tnam_model_step(m, &in);
  return out;
}

static void write_row(tnam_model_t *m, unsigned row, const char *weights) {
  step(m, write_in(row, weights));
}

/* Writes rows 0 .. rows-1 with the same raw magnitude and sign masks (bits above C too). */
static void write_all_rows(tnam_model_t *m, unsigned rows, uint64_t mag, uint64_t sign) {
  tnam_in_t in = idle_in();
  in.wr_en = true;
  in.wr_mag = mag;
  in.wr_sign = sign;
  for (unsigned r = 0; r < rows; ++r) {
    in.wr_row = r;
    step(m, in);
  }
}

static void set_thr(tnam_model_t *m, unsigned col, int32_t value) { step(m, thr_in(col, value)); }

/* Issues one evaluation and returns the outputs of the cycle its result appears in. */
static tnam_out_t eval_and_wait(tnam_model_t *m, uint64_t x0) {
  step(m, eval_in(x0));
  const tnam_out_t out = step(m, idle_in());
  assert_true(out.res_valid);
  return out;
}

static void assert_macs(const tnam_out_t *out, const int32_t *expected, unsigned cols) {
  for (unsigned c = 0; c < cols; ++c) {
    assert_int_equal(out->mac[c], expected[c]);
  }
}

static void assert_all_outputs_zero(const tnam_out_t *out, unsigned cols) {
  assert_false(out->wl_valid);
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    assert_int_equal(out->wl[w], 0);
  }
  assert_false(out->res_valid);
  for (unsigned c = 0; c < cols; ++c) {
    assert_int_equal(out->mac[c], 0);
  }
  assert_int_equal(out->gate, 0);
  assert_int_equal(out->dec, 0);
  assert_int_equal(out->cnt_eval, 0);
  assert_int_equal(out->cnt_dec, 0);
  assert_int_equal(out->cnt_gated, 0);
  assert_int_equal(out->cnt_nzdrv, 0);
  assert_int_equal(out->cnt_wr, 0);
  assert_int_equal(out->cnt_step, 0);
  assert_false(out->busy);
  assert_false(out->done);
  assert_false(out->sar_step);
  assert_int_equal(out->sar_bit, 0);
  assert_int_equal(out->sar_q, 0);
  for (unsigned c = 0; c < cols; ++c) {
    assert_int_equal(out->sar_ref[c], 0);
    assert_int_equal(out->sar_code[c], 0);
  }
  for (unsigned j = 0; j < TNAM_MAX_NEURONS; ++j) {
    assert_int_equal(out->acc[j], 0);
    assert_int_equal(out->out[j], 0);
  }
}

/* Every cell holds 0 and the last-sense operands are all 0 (the state after reset). */
static void assert_cells_and_sense_cleared(tnam_model_t *m, unsigned rows, unsigned cols) {
  for (unsigned r = 0; r < rows; ++r) {
    for (unsigned c = 0; c < cols; ++c) {
      assert_int_equal(tnam_model_weight(m, r, c), 0);
    }
  }
  const tnam_sense_t *sense = tnam_model_last_sense(m);
  for (unsigned c = 0; c < cols; ++c) {
    assert_int_equal(sense->p[c], 0);
    assert_int_equal(sense->n[c], 0);
    assert_int_equal(sense->thr[c], 0);
  }
}

/* ---------------------------------------------------------------------------------------
 * Parameters and value wrapping.
 * ------------------------------------------------------------------------------------- */

static void test_params_derivation(void **state) {
  (void)state;
  /* vw = clog2(R+1) + 3, raw = clog2(R), caw = clog2(C), steps = clog2(R+1) + 1,
   * sbw = clog2(steps), nn = C / 3, naw = max(1, clog2(nn)), bw = vw + 5, aw = vw + 6,
   * ow = vw - 2, vaw = max(raw, caw), vdw = max(C, ow), worked out by hand. */
  static const struct {
    unsigned rows, cols, vw, raw, caw, steps, sbw, nn, naw, bw, aw, ow, vaw, vdw;
  } cases[] = {
      {64, 16, 10, 6, 4, 8, 3, 5, 3, 15, 16, 8, 6, 16},
      {2, 3, 5, 1, 2, 3, 2, 1, 1, 10, 11, 3, 2, 3},
      {255, 64, 11, 8, 6, 9, 4, 21, 5, 16, 17, 9, 8, 64},
      {256, 64, 12, 8, 6, 10, 4, 21, 5, 17, 18, 10, 8, 64},
      {5, 3, 6, 3, 2, 4, 2, 1, 1, 11, 12, 4, 3, 4},
      {63, 33, 9, 6, 6, 7, 3, 11, 4, 14, 15, 7, 6, 33},
      {65, 17, 10, 7, 5, 8, 3, 5, 3, 15, 16, 8, 7, 17},
      {128, 32, 11, 7, 5, 9, 4, 10, 4, 16, 17, 9, 7, 32},
      {8, 6, 7, 3, 3, 5, 3, 2, 1, 12, 13, 5, 3, 6},
      {3, 4, 5, 2, 2, 3, 2, 1, 1, 10, 11, 3, 2, 4},
      {64, 5, 10, 6, 3, 8, 3, 1, 1, 15, 16, 8, 6, 8},
      {4, 64, 6, 2, 6, 4, 2, 21, 5, 11, 12, 4, 6, 64},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    tnam_params_t p;
    assert_true(tnam_params_make(cases[i].rows, cases[i].cols, &p));
    assert_int_equal(p.rows, cases[i].rows);
    assert_int_equal(p.cols, cases[i].cols);
    assert_int_equal(p.vw, cases[i].vw);
    assert_int_equal(p.raw, cases[i].raw);
    assert_int_equal(p.caw, cases[i].caw);
    assert_int_equal(p.steps, cases[i].steps);
    assert_int_equal(p.sbw, cases[i].sbw);
    assert_int_equal(p.nn, cases[i].nn);
    assert_int_equal(p.naw, cases[i].naw);
    assert_int_equal(p.bw, cases[i].bw);
    assert_int_equal(p.aw, cases[i].aw);
    assert_int_equal(p.ow, cases[i].ow);
    assert_int_equal(p.vaw, cases[i].vaw);
    assert_int_equal(p.vdw, cases[i].vdw);
  }
}

static void test_params_rejected(void **state) {
  (void)state;
  static const unsigned bad[][2] = {{1, 16}, {257, 16}, {0, 16}, {1000, 16}, {64, 1},
                                    {64, 2}, {64, 65},  {64, 0}, {1, 1},     {2, 2}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    const tnam_params_t untouched = {11, 22, 33, 44, 55, 66, 77, 88, 99, 111, 122, 133, 144, 155};
    tnam_params_t p = untouched;
    assert_false(tnam_params_make(bad[i][0], bad[i][1], &p));
    assert_memory_equal(&p, &untouched, sizeof p);
  }
  /* Edge values that must be accepted. */
  tnam_params_t p;
  assert_true(tnam_params_make(2, 64, &p));
  assert_true(tnam_params_make(256, 3, &p));
}

static void test_model_new_rejects_bad_params(void **state) {
  (void)state;
  assert_null(tnam_model_new(NULL));
  tnam_params_t p;
  assert_true(tnam_params_make(64, 16, &p));
  p.vw = 9; /* not the derived width */
  assert_null(tnam_model_new(&p));
  assert_true(tnam_params_make(64, 16, &p));
  p.steps = 7; /* nor the derived search length */
  assert_null(tnam_model_new(&p));
  assert_true(tnam_params_make(64, 16, &p));
  p.ow = 7; /* nor the derived offset width */
  assert_null(tnam_model_new(&p));
  const tnam_params_t too_many_rows = {300, 16, 12, 9, 4, 10, 4, 5, 3, 17, 18, 10, 9, 16};
  assert_null(tnam_model_new(&too_many_rows));
  assert_true(tnam_params_make(64, 16, &p));
  tnam_model_t *m = tnam_model_new(&p);
  assert_non_null(m);
  assert_memory_equal(tnam_model_params(m), &p, sizeof p);
  tnam_model_free(m);
}

/* The value a signed 4-bit register holds after loading v: add or subtract 16 until it is in
 * [-8, 7]. */
static int64_t slow_wrap4(int64_t v) {
  while (v > 7) {
    v -= 16;
  }
  while (v < -8) {
    v += 16;
  }
  return v;
}

static void test_wrap_signed(void **state) {
  (void)state;
  for (int32_t v = -1000; v <= 1000; ++v) {
    assert_int_equal(tnam_wrap_signed(v, 4), slow_wrap4(v));
  }
  assert_int_equal(tnam_wrap_signed(INT32_MAX, 4), -1); /* low bits 1111 */
  assert_int_equal(tnam_wrap_signed(INT32_MIN, 4), 0);
  assert_int_equal(tnam_wrap_signed(511, 10), 511);
  assert_int_equal(tnam_wrap_signed(512, 10), -512);
  assert_int_equal(tnam_wrap_signed(-513, 10), 511);
  assert_int_equal(tnam_wrap_signed(1023, 10), -1);
  assert_int_equal(tnam_wrap_signed(1, 1), -1);
  assert_int_equal(tnam_wrap_signed(2, 1), 0);
  assert_int_equal(tnam_wrap_signed(INT32_MIN, 32), INT32_MIN);
  assert_int_equal(tnam_wrap_signed(INT32_MAX, 31), -1);
}

/* ---------------------------------------------------------------------------------------
 * Cells, a single evaluation, timing.
 * ------------------------------------------------------------------------------------- */

static void test_new_model_is_in_reset_state(void **state) {
  (void)state;
  tnam_model_t *m = new_model(64, 16);
  const tnam_out_t out = step(m, idle_in());
  assert_all_outputs_zero(&out, 16);
  assert_cells_and_sense_cleared(m, 64, 16);
  tnam_model_free(m);
}

static void test_cell_encoding(void **state) {
  (void)state;
  tnam_model_t *m = new_model(2, 4);
  /* Column c gets (m, s) = (bit c of 0b1100, bit c of 0b1010): (0,0) (0,1) (1,0) (1,1). */
  tnam_in_t in = idle_in();
  in.wr_en = true;
  in.wr_row = 0;
  in.wr_mag = 0xC;
  in.wr_sign = 0xA;
  step(m, in);
  assert_int_equal(tnam_model_weight(m, 0, 0), 0);
  assert_int_equal(tnam_model_weight(m, 0, 1), 0); /* m = 0: the sign is ignored */
  assert_int_equal(tnam_model_weight(m, 0, 2), 1);
  assert_int_equal(tnam_model_weight(m, 0, 3), -1);

  const tnam_out_t out = eval_and_wait(m, 0x1);
  const int32_t expected_mac[4] = {0, 0, 1, -1};
  assert_macs(&out, expected_mac, 4);
  assert_int_equal(out.gate, 0x3); /* (0,1) drives no current, so column 1 is gated */
  assert_int_equal(out.dec, 0x4);  /* thresholds are 0: only +1 > 0 */
  const tnam_sense_t *sense = tnam_model_last_sense(m);
  const uint16_t expected_p[4] = {0, 0, 1, 0};
  const uint16_t expected_n[4] = {0, 0, 0, 1};
  for (unsigned c = 0; c < 4; ++c) {
    assert_int_equal(sense->p[c], expected_p[c]);
    assert_int_equal(sense->n[c], expected_n[c]);
  }
  assert_int_equal(out.cnt_nzdrv, 2);
  tnam_model_free(m);
}

static void test_single_eval_known_values(void **state) {
  (void)state;
  tnam_model_t *m = new_model(64, 16);
  write_row(m, 0, "++++-----0000+-0");
  write_row(m, 1, "+-0+-0+-0+-0+-0+"); /* not driven below */
  write_row(m, 2, "+++0--0+-0+-0000");
  write_row(m, 3, "-+0+-0+-0+-00000");
  write_row(m, 5, "++--00++--000-+0");
  const struct {
    unsigned col;
    int32_t value;
  } thresholds[] = {{7, -1}, {12, -1}, {13, 0}, {1, 3}, {0, 2}, {4, -4}, {11, -2}};
  for (size_t i = 0; i < sizeof thresholds / sizeof thresholds[0]; ++i) {
    set_thr(m, thresholds[i].col, thresholds[i].value);
  }
  /* Rows 0, 2, 3, 5 and 63 (never written, all 0). */
  const tnam_out_t out = eval_and_wait(m, (UINT64_C(1) << 63) | 0x2D);

  const int32_t expected_mac[16] = {2, 4, 1, 1, -3, -2, 1, 0, -3, 0, 0, -1, 0, 0, 0, 0};
  assert_macs(&out, expected_mac, 16);
  /* Columns 12 and 15 drive nothing; column 7 sums to 0 from 2 + 2 cells and is not gated. */
  assert_int_equal(out.gate, 0x9000);
  /* Decisions 1, 2, 3, 4, 6, 7 (0 > -1), 11 (-1 > -2) and 12 (gated, T = -1). */
  assert_int_equal(out.dec, 0x18DE);
  assert_int_equal(out.cnt_eval, 1);
  assert_int_equal(out.cnt_dec, 14);
  assert_int_equal(out.cnt_gated, 2);
  assert_int_equal(out.cnt_nzdrv, 38);
  assert_int_equal(out.cnt_wr, 5 * 16);

  const tnam_sense_t *sense = tnam_model_last_sense(m);
  const uint16_t expected_p[16] = {3, 4, 2, 2, 0, 0, 2, 2, 0, 1, 1, 0, 0, 1, 1, 0};
  const uint16_t expected_n[16] = {1, 0, 1, 1, 3, 2, 1, 2, 3, 1, 1, 1, 0, 1, 1, 0};
  for (unsigned c = 0; c < 16; ++c) {
    assert_int_equal(sense->p[c], expected_p[c]);
    assert_int_equal(sense->n[c], expected_n[c]);
  }
  assert_int_equal(sense->wl[0], (UINT64_C(1) << 63) | 0x2D);
  assert_int_equal(sense->thr[7], -1);
  assert_int_equal(sense->thr[4], -4);
  assert_int_equal(sense->thr[5], 0);
  tnam_model_free(m);
}

static void test_latency_and_throughput(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 3);
  for (unsigned r = 0; r < 8; ++r) {
    write_row(m, r, "+-0");
  }
  /* Three back-to-back evaluations driving 1, 2 and 3 rows. */
  tnam_out_t out = step(m, eval_in(0x01));
  assert_true(out.wl_valid);
  assert_int_equal(out.wl[0], 0x01);
  assert_false(out.res_valid);

  out = step(m, eval_in(0x03));
  assert_true(out.wl_valid);
  assert_int_equal(out.wl[0], 0x03);
  assert_true(out.res_valid); /* two edges after the first eval */
  assert_int_equal(out.mac[0], 1);
  assert_int_equal(out.mac[1], -1);

  out = step(m, eval_in(0x07));
  assert_true(out.res_valid);
  assert_int_equal(out.mac[0], 2);
  assert_int_equal(out.mac[1], -2);

  tnam_in_t no_eval = idle_in();
  no_eval.x[0] = 0xFF; /* x without eval drives nothing */
  out = step(m, no_eval);
  assert_false(out.wl_valid);
  assert_int_equal(out.wl[0], 0); /* word lines released */
  assert_true(out.res_valid);
  assert_int_equal(out.mac[0], 3);
  assert_int_equal(out.mac[1], -3);
  assert_int_equal(out.dec, 0x1);

  out = step(m, idle_in());
  assert_false(out.res_valid);
  assert_int_equal(out.mac[0], 3); /* results hold */
  assert_int_equal(out.mac[1], -3);
  assert_int_equal(out.dec, 0x1);
  assert_int_equal(out.gate, 0x4); /* column 2 holds only 0 */
  assert_int_equal(out.cnt_eval, 3);
  assert_int_equal(out.cnt_nzdrv, 2 * (1 + 2 + 3));
  tnam_model_free(m);
}

static void test_eval_of_no_rows(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 3);
  write_row(m, 0, "+-+");
  set_thr(m, 1, -1);
  tnam_out_t out = step(m, eval_in(0));
  assert_true(out.wl_valid); /* an evaluation, even with no word line */
  assert_int_equal(out.wl[0], 0);
  out = step(m, idle_in());
  assert_true(out.res_valid);
  assert_int_equal(out.gate, 0x7);
  assert_int_equal(out.dec, 0x2);
  assert_int_equal(out.cnt_gated, 3);
  assert_int_equal(out.cnt_dec, 0);
  tnam_model_free(m);
}

/* ---------------------------------------------------------------------------------------
 * Writes and threshold updates against the sense stage.
 * ------------------------------------------------------------------------------------- */

static void test_write_at_sense_edge_not_seen(void **state) {
  (void)state;
  tnam_model_t *m = new_model(4, 3);
  step(m, eval_in(0x1)); /* cycle n-1: eval of row 0, still all 0 */
  tnam_in_t in = write_in(0, "+-0");
  in.eval = true; /* cycle n: write row 0 and evaluate it again */
  in.x[0] = 0x1;
  tnam_out_t out = step(m, in);
  assert_true(out.res_valid); /* the eval of cycle n-1 sensed at this edge: old row */
  assert_int_equal(out.mac[0], 0);
  assert_int_equal(out.mac[1], 0);
  assert_int_equal(out.gate, 0x7);
  assert_int_equal(tnam_model_weight(m, 0, 0), 1); /* the write itself took place */

  out = step(m, idle_in()); /* the eval of cycle n sees the row written in cycle n */
  assert_true(out.res_valid);
  assert_int_equal(out.mac[0], 1);
  assert_int_equal(out.mac[1], -1);
  assert_int_equal(out.gate, 0x4);
  tnam_model_free(m);
}

static void test_write_before_eval_seen(void **state) {
  (void)state;
  tnam_model_t *m = new_model(4, 3);
  write_row(m, 2, "-+0");
  const tnam_out_t out = eval_and_wait(m, 0x4);
  assert_int_equal(out.mac[0], -1);
  assert_int_equal(out.mac[1], 1);
  assert_int_equal(out.dec, 0x2);
  tnam_model_free(m);
}

static void test_threshold_at_sense_edge_not_seen(void **state) {
  (void)state;
  tnam_model_t *m = new_model(4, 3);
  step(m, eval_in(0)); /* all columns gated: decision = (T < 0) */
  tnam_in_t in = thr_in(0, -1);
  in.eval = true;
  tnam_out_t out = step(m, in);
  assert_int_equal(out.dec, 0x0); /* old threshold 0 */
  assert_int_equal(tnam_model_last_sense(m)->thr[0], 0);
  out = step(m, idle_in());
  assert_int_equal(out.dec, 0x1); /* new threshold -1 */
  assert_int_equal(tnam_model_last_sense(m)->thr[0], -1);
  tnam_model_free(m);
}

static void test_sense_weights(void **state) {
  (void)state;
  tnam_model_t *m = new_model(70, 3); /* two row words */
  write_row(m, 3, "+-0");
  write_row(m, 66, "-00");
  tnam_sense_t const *sense = tnam_model_last_sense(m);

  /* No write at the sense edge: the current cells. */
  eval_and_wait(m, 0x8);
  tnam_model_sense_weights(m, 0);
  tnam_model_sense_weights(m, 1);
  for (unsigned r = 0; r < 70; ++r) {
    const int8_t expected0 = r == 3 ? 1 : r == 66 ? -1 : 0;
    const int8_t expected1 = r == 3 ? -1 : 0;
    assert_int_equal(sense->weight_at_sense[0][r], expected0);
    assert_int_equal(sense->weight_at_sense[1][r], expected1);
  }

  /* Rows 3 and 66 rewritten at the edge of the sense, then rewritten again: still old. */
  step(m, eval_in(0x8));
  tnam_out_t out = step(m, write_in(3, "-+0"));
  assert_true(out.res_valid);
  write_row(m, 66, "++0");
  write_row(m, 3, "000");
  write_row(m, 10, "-+0");
  tnam_model_sense_weights(m, 0);
  tnam_model_sense_weights(m, 1);
  for (unsigned r = 0; r < 70; ++r) {
    const int8_t expected0 = r == 3 ? 1 : r == 66 ? -1 : 0;
    const int8_t expected1 = r == 3 ? -1 : 0;
    assert_int_equal(sense->weight_at_sense[0][r], expected0);
    assert_int_equal(sense->weight_at_sense[1][r], expected1);
  }
  assert_int_equal(tnam_model_weight(m, 3, 0), 0);
  assert_int_equal(tnam_model_weight(m, 66, 0), 1);
  assert_int_equal(tnam_model_weight(m, 10, 0), -1);

  /* The next sense sees the new contents. */
  eval_and_wait(m, 0);
  tnam_model_sense_weights(m, 1);
  for (unsigned r = 0; r < 70; ++r) {
    const int8_t expected1 = (r == 66 || r == 10) ? 1 : 0;
    assert_int_equal(sense->weight_at_sense[1][r], expected1);
  }
  tnam_model_free(m);
}

/* ---------------------------------------------------------------------------------------
 * Thresholds, gating, counters.
 * ------------------------------------------------------------------------------------- */

static void set_all_thr(tnam_model_t *m, unsigned cols, int32_t value) {
  for (unsigned c = 0; c < cols; ++c) {
    set_thr(m, c, value);
  }
}

static void test_threshold_range_edges(void **state) {
  (void)state;
  tnam_model_t *m = new_model(64, 4);
  for (unsigned r = 0; r < 64; ++r) {
    write_row(m, r, "+-00"); /* column 0 all +1, column 1 all -1, columns 2 and 3 gated */
  }
  static const uint64_t inputs[] = {0, 1, UINT64_C(0x8000000000000001), ~UINT64_C(0)};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; ++i) {
    set_all_thr(m, 4, 64); /* T = R never fires */
    assert_int_equal(eval_and_wait(m, inputs[i]).dec, 0x0);
    set_all_thr(m, 4, -65); /* T = -R-1 always fires, gated columns too */
    assert_int_equal(eval_and_wait(m, inputs[i]).dec, 0xF);
  }
  set_thr(m, 0, 63);  /* A = 64 > 63 */
  set_thr(m, 1, -64); /* A = -64 is not > -64 */
  set_thr(m, 2, -1);  /* gated, T < 0 */
  set_thr(m, 3, 0);   /* gated, T = 0 */
  tnam_out_t out = eval_and_wait(m, ~UINT64_C(0));
  assert_int_equal(out.mac[0], 64);
  assert_int_equal(out.mac[1], -64);
  assert_int_equal(out.gate, 0xC);
  assert_int_equal(out.dec, 0x5);

  /* thr is reduced to VW = 10 bits: 512 is -512 and 1023 is -1; 1024 + 5 is 5. */
  set_thr(m, 0, 512);
  set_thr(m, 2, 1023);
  set_thr(m, 3, 1024 + 5);
  out = eval_and_wait(m, 0);
  const tnam_sense_t *sense = tnam_model_last_sense(m);
  assert_int_equal(sense->thr[0], -512);
  assert_int_equal(sense->thr[2], -1);
  assert_int_equal(sense->thr[3], 5);
  assert_int_equal(out.dec, 0x7); /* all gated: T < 0 in columns 0, 1 and 2 */
  tnam_model_free(m);
}

static void test_gating_and_counters(void **state) {
  (void)state;
  tnam_model_t *m = new_model(4, 4);
  write_row(m, 0, "+0-0");
  write_row(m, 1, "0000");
  write_row(m, 2, "++00");
  write_row(m, 3, "-0+0");
  set_thr(m, 0, -1);
  set_thr(m, 1, 0);
  set_thr(m, 2, -3);
  set_thr(m, 3, 2);

  tnam_out_t out = eval_and_wait(m, 0x2); /* row 1 only: every column gated */
  const int32_t all_zero[4] = {0, 0, 0, 0};
  assert_macs(&out, all_zero, 4);
  assert_int_equal(out.gate, 0xF);
  assert_int_equal(out.dec, 0x5); /* T < 0 in columns 0 and 2 */

  out = eval_and_wait(m, 0x5); /* rows 0 and 2 */
  const int32_t mac_rows_0_2[4] = {2, 1, -1, 0};
  assert_macs(&out, mac_rows_0_2, 4);
  assert_int_equal(out.gate, 0x8);
  assert_int_equal(out.dec, 0x7);

  out = eval_and_wait(m, 0xF); /* column 2: +1 and -1 cancel, but it is not gated */
  const int32_t mac_all_rows[4] = {1, 1, 0, 0};
  assert_macs(&out, mac_all_rows, 4);
  assert_int_equal(out.gate, 0x8);
  assert_int_equal(out.dec, 0x7);

  out = eval_and_wait(m, 0x0);
  assert_macs(&out, all_zero, 4);
  assert_int_equal(out.gate, 0xF);
  assert_int_equal(out.dec, 0x5);

  assert_int_equal(out.cnt_eval, 4);
  assert_int_equal(out.cnt_gated, 4 + 1 + 1 + 4);
  assert_int_equal(out.cnt_dec, 0 + 3 + 3 + 0);
  assert_int_equal(out.cnt_nzdrv, 0 + 4 + 6 + 0);
  assert_int_equal(out.cnt_wr, 4 * 4); /* threshold writes are not counted */
  tnam_model_free(m);
}

/* cnt_nzdrv is the one counter that wraps in a unit-test budget: 256 rows x 64 columns of
 * +1 cells, all driven, add 2^14 per evaluation, so 2^18 evaluations make 2^32. */
static void test_counter_wrap(void **state) {
  (void)state;
  tnam_model_t *m = new_model(256, 64);
  write_all_rows(m, 256, ~UINT64_C(0), 0);
  tnam_in_t in = idle_in();
  in.eval = true;
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    in.x[w] = ~UINT64_C(0);
  }
  const uint32_t evals_to_wrap = UINT32_C(1) << 18;
  tnam_out_t out = {0};
  for (uint32_t i = 0; i < evals_to_wrap; ++i) {
    out = *tnam_model_step(m, &in);
  }
  assert_int_equal(out.cnt_nzdrv, UINT32_C(0xFFFFC000)); /* one sense still in flight */
  out = *tnam_model_step(m, &in);
  assert_int_equal(out.cnt_eval, evals_to_wrap);
  assert_int_equal(out.cnt_nzdrv, 0);
  out = *tnam_model_step(m, &in);
  assert_int_equal(out.cnt_nzdrv, 1u << 14);
  assert_int_equal(out.cnt_eval, evals_to_wrap + 1);
  assert_int_equal(out.cnt_dec, (evals_to_wrap + 1) * 64);
  assert_int_equal(out.cnt_gated, 0);
  assert_int_equal(out.cnt_wr, 256 * 64);
  assert_int_equal(out.mac[63], 256);
  tnam_model_free(m);
}

/* ---------------------------------------------------------------------------------------
 * Out-of-range inputs and reset.
 * ------------------------------------------------------------------------------------- */

static void test_out_of_range_addresses_ignored(void **state) {
  (void)state;
  tnam_model_t *m = new_model(5, 3); /* RAW = 3, CAW = 2 */
  static const uint32_t bad_rows[] = {5, 6, 7, 8, 64, UINT32_MAX};
  for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; ++i) {
    const tnam_out_t out = step(m, write_in(bad_rows[i], "+-+"));
    assert_int_equal(out.cnt_wr, 0);
  }
  for (unsigned r = 0; r < 5; ++r) {
    for (unsigned c = 0; c < 3; ++c) {
      assert_int_equal(tnam_model_weight(m, r, c), 0);
    }
  }
  set_thr(m, 3, -1);
  set_thr(m, UINT32_MAX, -1);
  tnam_out_t out = eval_and_wait(m, 0x1F);
  assert_int_equal(out.gate, 0x7);
  assert_int_equal(out.dec, 0x0); /* every threshold still 0 */
  for (unsigned c = 0; c < 3; ++c) {
    assert_int_equal(tnam_model_last_sense(m)->thr[c], 0);
  }
  set_thr(m, 2, -1);
  out = eval_and_wait(m, 0x1F);
  assert_int_equal(out.dec, 0x4);
  tnam_model_free(m);

  /* With C = 64, column 64 would be one past the threshold registers. */
  m = new_model(4, 64);
  write_row(m, 0, "++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++");
  eval_and_wait(m, 0x1);
  set_thr(m, 64, -1);
  tnam_model_sense_weights(m, 0);
  assert_int_equal(tnam_model_last_sense(m)->weight_at_sense[0][0], 1);
  out = eval_and_wait(m, 0x1);
  assert_int_equal(out.dec, ~UINT64_C(0)); /* 1 > 0 everywhere */
  tnam_model_free(m);
}

static void test_input_bits_beyond_size_ignored(void **state) {
  (void)state;
  tnam_model_t *m = new_model(5, 3);
  /* columns 0, 1: +1; column 2: -1; mask and sign bits above column 2 set too */
  write_all_rows(m, 5, ~UINT64_C(0), ~UINT64_C(0) << 2);
  assert_int_equal(tnam_model_weight(m, 4, 1), 1);
  assert_int_equal(tnam_model_weight(m, 4, 2), -1);
  assert_int_equal(tnam_model_weight(m, 4, 3), 0); /* no column 3 */
  assert_int_equal(tnam_model_weight(m, 5, 0), 0); /* no row 5 */

  tnam_in_t in = idle_in();
  in.eval = true;
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    in.x[w] = ~UINT64_C(0);
  }
  tnam_out_t out = step(m, in);
  assert_int_equal(out.wl[0], 0x1F);
  for (unsigned w = 1; w < TNAM_ROW_WORDS; ++w) {
    assert_int_equal(out.wl[w], 0);
  }
  out = step(m, idle_in());
  const int32_t expected_mac[3] = {5, 5, -5};
  assert_macs(&out, expected_mac, 3);
  assert_int_equal(out.gate, 0x0);
  assert_int_equal(out.dec, 0x3);
  assert_int_equal(out.cnt_nzdrv, 15);
  tnam_model_free(m);

  m = new_model(70, 3); /* rows 64..69 are bits 0..5 of x[1] */
  out = step(m, in);
  assert_int_equal(out.wl[0], ~UINT64_C(0));
  assert_int_equal(out.wl[1], 0x3F);
  assert_int_equal(out.wl[2], 0);
  assert_int_equal(out.wl[3], 0);
  tnam_model_free(m);
}

static void test_reset_clears_everything(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 4);
  write_row(m, 0, "+-+-");
  write_row(m, 7, "--++");
  set_all_thr(m, 4, -1);
  eval_and_wait(m, 0x81);
  step(m, eval_in(0x81)); /* an evaluation in flight when reset comes */

  tnam_in_t in = write_in(1, "++++"); /* nothing but the reset happens */
  in.rst_n = false;
  in.thr_en = true;
  in.thr_col = 0;
  in.thr = 5;
  in.eval = true;
  in.x[0] = 0xFF;
  tnam_out_t out = step(m, in);
  assert_all_outputs_zero(&out, 4);
  out = step(m, in); /* reset held for a second cycle */
  assert_all_outputs_zero(&out, 4);
  assert_cells_and_sense_cleared(m, 8, 4);
  const tnam_sense_t *sense = tnam_model_last_sense(m);
  assert_int_equal(sense->wl[0], 0);

  out = step(m, idle_in()); /* the cancelled evaluation never completes */
  assert_all_outputs_zero(&out, 4);
  out = eval_and_wait(m, 0xFF);
  assert_int_equal(out.gate, 0xF); /* cells are 0 */
  assert_int_equal(out.dec, 0x0);  /* thresholds are 0 again */
  assert_int_equal(out.cnt_eval, 1);
  assert_int_equal(out.cnt_wr, 0);
  tnam_model_free(m);
}

/* ---------------------------------------------------------------------------------------
 * Randomized comparison with a slow, literal reading of the spec.
 * ------------------------------------------------------------------------------------- */

typedef struct {
  int8_t weight[TNAM_MAX_ROWS][TNAM_MAX_COLS];
} weights_t;

/* One register per cell, column or macro, as the spec lists them. */
typedef struct {
  bool defect[TNAM_MAX_ROWS][TNAM_MAX_COLS];
  bool health[TNAM_MAX_ROWS][TNAM_MAX_COLS];
  int32_t off[TNAM_MAX_COLS];
  int32_t trim[TNAM_MAX_COLS];
  int32_t excess;
  bool test;
} variation_t;

typedef struct {
  unsigned rows, cols, vw, ow;
  weights_t cells;
  int32_t thr[TNAM_MAX_COLS];
  variation_t var;
  tnam_out_t out;
  /* The latest sense. */
  weights_t at_sense;
  variation_t var_at_sense;
  int32_t thr_at_sense[TNAM_MAX_COLS];
  unsigned p[TNAM_MAX_COLS], n[TNAM_MAX_COLS], pd[TNAM_MAX_COLS], nd[TNAM_MAX_COLS];
  uint64_t wl_at_sense[TNAM_ROW_WORDS];
} reference_t;

static bool bit_of(const uint64_t *words, unsigned i) { return (words[i / 64] >> (i % 64)) & 1; }

static int32_t reference_wrap(int32_t v, unsigned vw) {
  const int64_t modulus = INT64_C(1) << vw;
  int64_t r = (int64_t)v % modulus;
  if (r < 0) {
    r += modulus;
  }
  return (int32_t)(r >= modulus / 2 ? r - modulus : r);
}

static void reference_reset(reference_t *ref, unsigned rows, unsigned cols, unsigned vw) {
  *ref = (reference_t){0};
  ref->rows = rows;
  ref->cols = cols;
  ref->vw = vw;
  ref->ow = vw - 2;
}

/* Spec section 5: every next value is computed from the values of this cycle, then all are
 * committed at once. */
static void reference_step(reference_t *ref, const tnam_in_t *in) {
  if (!in->rst_n) {
    reference_reset(ref, ref->rows, ref->cols, ref->vw);
    return;
  }
  tnam_out_t next = ref->out;
  if (ref->out.wl_valid) {
    next.gate = 0;
    next.dec = 0;
    for (unsigned c = 0; c < ref->cols; ++c) {
      unsigned p = 0, n = 0, pd = 0, nd = 0;
      for (unsigned r = 0; r < ref->rows; ++r) {
        if (bit_of(ref->out.wl, r)) {
          p += ref->cells.weight[r][c] == 1;
          n += ref->cells.weight[r][c] == -1;
          pd += ref->cells.weight[r][c] == 1 && ref->var.defect[r][c];
          nd += ref->cells.weight[r][c] == -1 && ref->var.defect[r][c];
        }
      }
      /* Spec section 3, literally. */
      const int32_t d = ref->var.excess;
      const bool gated = p + n == 0 && !ref->var.test;
      const int32_t a = gated ? 0
                              : ((int32_t)p + d * (int32_t)pd) - ((int32_t)n + d * (int32_t)nd) +
                                    ref->var.off[c] - ref->var.trim[c];
      const bool decision = gated ? ref->thr[c] < 0 : a > ref->thr[c];
      next.mac[c] = a;
      next.gate |= (uint64_t)gated << c;
      next.dec |= (uint64_t)decision << c;
      next.cnt_dec += !gated;
      next.cnt_gated += gated;
      next.cnt_nzdrv += p + n;
      ref->p[c] = p;
      ref->n[c] = n;
      ref->pd[c] = pd;
      ref->nd[c] = nd;
      ref->thr_at_sense[c] = ref->thr[c];
    }
    next.res_valid = true;
    next.cnt_eval += 1;
    ref->at_sense = ref->cells;
    ref->var_at_sense = ref->var;
    for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
      ref->wl_at_sense[w] = ref->out.wl[w];
    }
  } else {
    next.res_valid = false;
  }
  if (in->wr_en && in->wr_row < ref->rows) {
    for (unsigned c = 0; c < ref->cols; ++c) {
      const bool mag = (in->wr_mag >> c) & 1;
      const bool sign = (in->wr_sign >> c) & 1;
      ref->cells.weight[in->wr_row][c] = (int8_t)(!mag ? 0 : sign ? -1 : 1);
    }
    next.cnt_wr += ref->cols;
  }
  if (in->thr_en && in->thr_col < ref->cols) {
    ref->thr[in->thr_col] = reference_wrap(in->thr, ref->vw);
  }
  if (in->trim_en && in->trim_col < ref->cols) {
    ref->var.trim[in->trim_col] = reference_wrap(in->trim, ref->ow);
  }
  if (in->health_en && in->health_row < ref->rows) {
    for (unsigned c = 0; c < ref->cols; ++c) {
      ref->var.health[in->health_row][c] = (in->health >> c) & 1;
    }
  }
  if (in->var_en) {
    const unsigned sel = in->var_sel % 4;
    if (sel == TNAM_VAR_OFFSET && in->var_addr < ref->cols) {
      ref->var.off[in->var_addr] = reference_wrap((int32_t)(in->var_data % 1024), ref->ow);
    } else if (sel == TNAM_VAR_DEFECT && in->var_addr < ref->rows) {
      for (unsigned c = 0; c < ref->cols; ++c) {
        ref->var.defect[in->var_addr][c] = (in->var_data >> c) & 1;
      }
    } else if (sel == TNAM_VAR_EXCESS) {
      ref->var.excess = reference_wrap((int32_t)(in->var_data % 4), 2);
    }
  }
  /* Threshold mode only here (the multi-level operations have their own tests): a write of
   * mode 0 sets test, a write of "mode" 3 is ignored whole. */
  if (in->cfg_en && in->cfg_mode % 4 == TNAM_MODE_THRESH) {
    ref->var.test = in->cfg_test;
  }
  next.wl_valid = in->eval;
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    next.wl[w] = 0;
  }
  for (unsigned r = 0; r < ref->rows && in->eval; ++r) {
    next.wl[r / 64] |= (uint64_t)bit_of(in->x, r) << (r % 64);
  }
  ref->out = next;
}

/* splitmix64: small, seedable, good enough to spread stimulus. */
static uint64_t next_random(uint64_t *seed) {
  uint64_t z = (*seed += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static unsigned random_below(uint64_t *seed, unsigned n) {
  return (unsigned)(next_random(seed) % n);
}

/* A word with each bit set with probability permille / 1000. */
static uint64_t random_bits(uint64_t *seed, unsigned permille) {
  uint64_t word = 0;
  for (unsigned b = 0; b < 64; ++b) {
    word |= (uint64_t)(random_below(seed, 1000) < permille) << b;
  }
  return word;
}

static tnam_in_t random_input(uint64_t *seed, const tnam_params_t *p) {
  tnam_in_t in = idle_in();
  in.rst_n = random_below(seed, 300) != 0;
  in.wr_en = random_below(seed, 10) < 3;
  /* Mostly the port's range (which holds rows >= R when R is not a power of two). */
  in.wr_row =
      random_below(seed, 10) != 0 ? random_below(seed, 1u << p->raw) : (uint32_t)next_random(seed);
  in.wr_mag = next_random(seed);
  in.wr_sign = next_random(seed);
  in.thr_en = random_below(seed, 10) < 2;
  in.thr_col =
      random_below(seed, 10) != 0 ? random_below(seed, 1u << p->caw) : (uint32_t)next_random(seed);
  const unsigned thr_kind = random_below(seed, 10);
  in.thr = thr_kind < 5   ? (int32_t)random_below(seed, 2 * p->rows + 5) - (int32_t)p->rows - 2
           : thr_kind < 8 ? (int32_t)random_below(seed, 1u << p->vw) - (int32_t)(1u << (p->vw - 1))
                          : (int32_t)(uint32_t)next_random(seed);
  in.eval = random_below(seed, 10) < 6;
  /* The variation, trim, health and test-mode ports, rarer than cell writes. */
  in.trim_en = random_below(seed, 20) == 0;
  in.trim_col =
      random_below(seed, 10) != 0 ? random_below(seed, 1u << p->caw) : (uint32_t)next_random(seed);
  in.trim = (int32_t)(uint32_t)next_random(seed) % 40;
  in.health_en = random_below(seed, 20) == 0;
  in.health_row = random_below(seed, 1u << p->raw);
  in.health = random_bits(seed, 200);
  in.var_en = random_below(seed, 10) == 0;
  in.var_sel = (uint32_t)next_random(seed);
  in.var_addr = random_below(seed, 1u << p->vaw);
  in.var_data = random_below(seed, 2) ? random_bits(seed, 150) : next_random(seed);
  in.cfg_en = random_below(seed, 40) == 0;
  in.cfg_mode = random_below(seed, 2) ? TNAM_MODE_THRESH : 3;
  in.cfg_test = random_below(seed, 2);
  static const unsigned densities[] = {0, 10, 100, 500, 900, 1000};
  const unsigned density = densities[random_below(seed, 6)];
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    in.x[w] = random_bits(seed, density);
  }
  return in;
}

/* Names the first output that differs, or returns NULL. */
static const char *first_difference(const tnam_out_t *model, const tnam_out_t *ref, unsigned cols) {
  if (model->wl_valid != ref->wl_valid) {
    return "wl_valid";
  }
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    if (model->wl[w] != ref->wl[w]) {
      return "wl";
    }
  }
  if (model->res_valid != ref->res_valid) {
    return "res_valid";
  }
  for (unsigned c = 0; c < cols; ++c) {
    if (model->mac[c] != ref->mac[c]) {
      return "mac";
    }
  }
  return model->gate != ref->gate             ? "gate"
         : model->dec != ref->dec             ? "dec"
         : model->cnt_eval != ref->cnt_eval   ? "cnt_eval"
         : model->cnt_dec != ref->cnt_dec     ? "cnt_dec"
         : model->cnt_gated != ref->cnt_gated ? "cnt_gated"
         : model->cnt_nzdrv != ref->cnt_nzdrv ? "cnt_nzdrv"
         : model->cnt_wr != ref->cnt_wr       ? "cnt_wr"
                                              : NULL;
}

static const char *first_sense_difference(tnam_model_t *m, const reference_t *ref, unsigned col) {
  const tnam_sense_t *sense = tnam_model_last_sense(m);
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    if (sense->wl[w] != ref->wl_at_sense[w]) {
      return "sense wl";
    }
  }
  for (unsigned c = 0; c < ref->cols; ++c) {
    if (sense->p[c] != ref->p[c] || sense->n[c] != ref->n[c]) {
      return "sense p/n";
    }
    if (sense->thr[c] != ref->thr_at_sense[c]) {
      return "sense thr";
    }
    if (sense->pd[c] != ref->pd[c] || sense->nd[c] != ref->nd[c]) {
      return "sense pd/nd";
    }
    if (sense->off[c] != ref->var_at_sense.off[c] || sense->trim[c] != ref->var_at_sense.trim[c]) {
      return "sense off/trim";
    }
  }
  if (sense->excess != ref->var_at_sense.excess || sense->test != ref->var_at_sense.test) {
    return "sense excess/test";
  }
  tnam_model_sense_weights(m, col);
  for (unsigned r = 0; r < ref->rows; ++r) {
    if (sense->weight_at_sense[col][r] != ref->at_sense.weight[r][col]) {
      return "weight_at_sense";
    }
  }
  return NULL;
}

/* The variation view, the test bit and the hazard rows against the reference; `row` is the
 * row whose masks are compared. */
static const char *first_variation_difference(const tnam_model_t *m, const reference_t *ref,
                                              unsigned row) {
  const tnam_var_state_t *v = tnam_model_var_state(m);
  if (v->excess != ref->var.excess) {
    return "excess";
  }
  if (tnam_model_ml_state(m)->test != ref->var.test) {
    return "test";
  }
  uint64_t defect = 0, health = 0;
  for (unsigned c = 0; c < ref->cols; ++c) {
    if (v->off[c] != ref->var.off[c] || v->trim[c] != ref->var.trim[c]) {
      return "offset/trim";
    }
    defect |= (uint64_t)ref->var.defect[row][c] << c;
    health |= (uint64_t)ref->var.health[row][c] << c;
  }
  if (v->defect[row] != defect || v->health[row] != health) {
    return "defect/health";
  }
  uint64_t hazard[TNAM_ROW_WORDS];
  tnam_model_hazard(m, hazard);
  for (unsigned r = 0; r < TNAM_MAX_ROWS; ++r) {
    bool expected = false;
    for (unsigned c = 0; c < ref->cols && r < ref->rows; ++c) {
      expected |= ref->var.health[r][c] && ref->cells.weight[r][c] != 0;
    }
    if (bit_of(hazard, r) != expected) {
      return "hazard";
    }
  }
  return NULL;
}

static void run_random_comparison(unsigned rows, unsigned cols, uint64_t seed, unsigned cycles) {
  printf("random comparison %ux%u: seed 0x%016" PRIx64 ", %u cycles\n", rows, cols, seed, cycles);
  tnam_model_t *m = new_model(rows, cols);
  const tnam_params_t *p = tnam_model_params(m);
  reference_t *ref = malloc(sizeof *ref); /* too big for the stack */
  assert_non_null(ref);
  reference_reset(ref, rows, cols, p->vw);
  unsigned results = 0, writes = 0, resets = 0, varied = 0;
  for (unsigned cycle = 0; cycle < cycles; ++cycle) {
    const tnam_in_t in = random_input(&seed, p);
    tnam_out_t out;
    out = *tnam_model_step(m, &in);
    reference_step(ref, &in);
    const char *diff = first_difference(&out, &ref->out, cols);
    if (diff == NULL) {
      diff = first_sense_difference(m, ref, random_below(&seed, cols));
    }
    const unsigned row = random_below(&seed, rows);
    const unsigned col = random_below(&seed, cols);
    if (diff == NULL && tnam_model_weight(m, row, col) != ref->cells.weight[row][col]) {
      diff = "weight";
    }
    if (diff == NULL) {
      diff = first_variation_difference(m, ref, row);
    }
    if (diff != NULL) {
      fail_msg("%ux%u cycle %u: %s differs", rows, cols, cycle, diff);
    }
    results += out.res_valid;
    writes += in.rst_n && in.wr_en && in.wr_row < rows;
    resets += !in.rst_n;
    varied += in.rst_n && out.res_valid && tnam_model_last_sense(m)->test &&
              tnam_model_last_sense(m)->excess != 0;
  }
  /* The stimulus did exercise evaluations, writes and resets. */
  assert_true(results > cycles / 3);
  assert_true(writes > cycles / 10);
  assert_true(resets > 0);
  assert_true(varied > 0); /* and evaluations in test mode with a defect excess */
  free(ref);
  tnam_model_free(m);
}

static void test_random_64x16(void **state) {
  (void)state;
  run_random_comparison(64, 16, UINT64_C(0x7E5A0001), 10000);
}

static void test_random_256x64(void **state) {
  (void)state;
  run_random_comparison(256, 64, UINT64_C(0x7E5A0002), 10000);
}

static void test_random_5x3(void **state) {
  (void)state;
  run_random_comparison(5, 3, UINT64_C(0x7E5A0003), 10000);
}

static void test_random_odd_sizes(void **state) {
  (void)state;
  run_random_comparison(2, 64, UINT64_C(0x7E5A0004), 5000);
  run_random_comparison(130, 7, UINT64_C(0x7E5A0005), 5000);
  run_random_comparison(255, 3, UINT64_C(0x7E5A0006), 5000);
}

/* ---------------------------------------------------------------------------------------
 * Multi-level operations (spec sections 9 and 10).
 * ------------------------------------------------------------------------------------- */

static tnam_in_t cfg_in(uint32_t mode, uint32_t shift) {
  tnam_in_t in = idle_in();
  in.cfg_en = true;
  in.cfg_mode = mode;
  in.cfg_shift = shift;
  return in;
}

static void set_mode(tnam_model_t *m, uint32_t mode, uint32_t shift) {
  step(m, cfg_in(mode, shift));
}

static tnam_in_t bias_in(uint32_t neuron, int32_t value) {
  tnam_in_t in = idle_in();
  in.bias_en = true;
  in.bias_idx = neuron;
  in.bias = value;
  return in;
}

static void set_bias(tnam_model_t *m, uint32_t neuron, int32_t value) {
  step(m, bias_in(neuron, value));
}

static void reset_model(tnam_model_t *m) {
  tnam_in_t in = idle_in();
  in.rst_n = false;
  step(m, in);
}

/* Writes `row` from one weight (-1, 0, +1) per column, columns 0 .. cols-1. */
static void write_weights(tnam_model_t *m, unsigned row, const int *weights, unsigned cols) {
  tnam_in_t in = idle_in();
  in.wr_en = true;
  in.wr_row = row;
  for (unsigned c = 0; c < cols; ++c) {
    in.wr_mag |= (uint64_t)(weights[c] != 0) << c;
    in.wr_sign |= (uint64_t)(weights[c] < 0) << c;
  }
  step(m, in);
}

/* Writes `row` with one 4-bit weight per neuron, as its three digit columns (section 9.2). */
static void write4_row(tnam_model_t *m, unsigned row, const int *weights, unsigned neurons) {
  int cells[TNAM_MAX_COLS] = {0};
  for (unsigned j = 0; j < neurons; ++j) {
    tnam_q4_digits(weights[j], &cells[3 * j]);
  }
  write_weights(m, row, cells, 3 * neurons);
}

/* A q4 evaluation with activation acts[r] on row r, rows 0 .. rows-1. */
static tnam_in_t eval4_in(const unsigned *acts, unsigned rows) {
  tnam_in_t in = idle_in();
  in.eval = true;
  for (unsigned r = 0; r < rows; ++r) {
    in.act[r / 16] |= (uint64_t)acts[r] << (4 * (r % 16));
  }
  return in;
}

/* op_trace[i] holds the outputs of cycle n+i of the latest run_operation() (eval_i in cycle
 * n), i = 1 .. L. Static: a few dozen output structs are too big for the stack. */
#define MAX_OP_CYCLES 64
static tnam_out_t op_trace[MAX_OP_CYCLES + 1];

/* Issues `start` (an evaluation in level or q4 mode), then `while_busy` every cycle until
 * done_o; checks busy_o in cycles n+1 .. n+L-1 and returns L. */
static unsigned run_operation(tnam_model_t *m, tnam_in_t start, tnam_in_t while_busy) {
  const unsigned longest = 2 + 4 * tnam_model_params(m)->steps; /* spec section 7 */
  unsigned cycles = 1;
  op_trace[1] = step(m, start);
  while (!op_trace[cycles].done) {
    assert_true(op_trace[cycles].busy);
    assert_true(cycles < longest);
    ++cycles;
    op_trace[cycles] = step(m, while_busy);
  }
  assert_false(op_trace[cycles].busy);
  return cycles;
}

static int32_t clamp32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The spec's table of section 9.2, t2 t1 t0 for w = -7 .. 7. */
static const char *const digit_table[15] = {"---", "--0", "-0-", "-00", "0--", "0-0", "00-", "000",
                                            "00+", "0+0", "0++", "+00", "+0+", "++0", "+++"};

static void test_q4_digits_exhaustive(void **state) {
  (void)state;
  for (int w = -TNAM_Q4_WMAX; w <= TNAM_Q4_WMAX; ++w) {
    int t[TNAM_Q4_DIGITS];
    tnam_q4_digits(w, t);
    assert_int_equal(t[0] + 2 * t[1] + 4 * t[2], w);
    unsigned nonzero = 0;
    for (unsigned k = 0; k < TNAM_Q4_DIGITS; ++k) {
      assert_true(t[k] >= -1 && t[k] <= 1);
      assert_true(t[k] * w >= 0); /* no digit against the weight's sign */
      assert_true(w != 0 || t[k] == 0);
      nonzero += t[k] != 0;
      const char expected = digit_table[w + TNAM_Q4_WMAX][2 - k];
      assert_int_equal(t[k], expected == '+' ? 1 : expected == '-' ? -1 : 0);
    }
    unsigned fewest = TNAM_Q4_DIGITS + 1;
    for (int t0 = -1; t0 <= 1; ++t0) {
      for (int t1 = -1; t1 <= 1; ++t1) {
        for (int t2 = -1; t2 <= 1; ++t2) {
          if (t0 + 2 * t1 + 4 * t2 == w) {
            const unsigned count = (unsigned)(t0 != 0) + (t1 != 0) + (t2 != 0);
            fewest = count < fewest ? count : fewest;
          }
        }
      }
    }
    assert_int_equal(nonzero, fewest);
  }
}

/* min(15, max(acc, 0) / 2^shift), with the shift as repeated halving. */
static uint32_t plain_requant(int64_t acc, unsigned shift) {
  if (acc <= 0) {
    return 0;
  }
  for (unsigned i = 0; i < shift; ++i) {
    acc /= 2;
  }
  return acc > 15 ? 15 : (uint32_t)acc;
}

static void test_q4_requant_exhaustive(void **state) {
  (void)state;
  static const int64_t extremes[] = {INT64_MIN, -(INT64_C(1) << 40), INT64_C(1) << 31,
                                     (INT64_C(1) << 35) - 1, INT64_MAX};
  for (unsigned shift = 0; shift <= TNAM_SHIFT_MAX; ++shift) {
    for (int64_t acc = -4096; acc <= 70000; ++acc) {
      assert_int_equal(tnam_q4_requant(acc, shift), plain_requant(acc, shift));
    }
    for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; ++i) {
      assert_int_equal(tnam_q4_requant(extremes[i], shift), plain_requant(extremes[i], shift));
    }
  }
  assert_int_equal(tnam_q4_requant(15, 0), 15);
  assert_int_equal(tnam_q4_requant(16, 0), 15);
  assert_int_equal(tnam_q4_requant(31, 1), 15);
  assert_int_equal(tnam_q4_requant(-1, 0), 0);
  assert_int_equal(tnam_q4_requant(INT64_C(15) << 31, 31), 15);
  assert_int_equal(tnam_q4_requant((INT64_C(1) << 31) - 1, 31), 0);
}

/* One weight w (digits in columns 0..2 of row 0) times every activation a, in q4 mode, for a
 * few biases and shifts: acc, out and L against plain arithmetic. Row 1 holds 0 and gets
 * 15 - a, which must wake no column. */
static void test_q4_single_weight_exhaustive(void **state) {
  (void)state;
  static const struct {
    int32_t bias;
    unsigned shift;
  } layers[] = {{0, 0}, {5, 1}, {-20, 2}, {100, 3}, {-3, 0}, {511, 5}, {-512, 0}};
  tnam_model_t *m = new_model(2, 3);
  const unsigned steps = tnam_model_params(m)->steps; /* 3 */
  for (size_t i = 0; i < sizeof layers / sizeof layers[0]; ++i) {
    for (int w = -TNAM_Q4_WMAX; w <= TNAM_Q4_WMAX; ++w) {
      for (unsigned a = 0; a <= 15; ++a) {
        reset_model(m);
        set_mode(m, TNAM_MODE_Q4, layers[i].shift);
        set_bias(m, 0, layers[i].bias);
        write4_row(m, 0, &w, 1);
        const unsigned acts[2] = {a, 15 - a};
        const unsigned cycles = run_operation(m, eval4_in(acts, 2), idle_in());
        const tnam_out_t *done = &op_trace[cycles];

        const int32_t expected_acc = layers[i].bias + w * (int32_t)a;
        assert_int_equal(done->acc[0], expected_acc);
        const int32_t relu = expected_acc > 0 ? expected_acc : 0;
        const int32_t scaled = relu / (INT32_C(1) << layers[i].shift);
        assert_int_equal(done->out[0], scaled > 15 ? 15 : scaled);

        unsigned expected_cycles = 2;
        unsigned searched_planes = 0;
        for (unsigned p = 0; p < TNAM_Q4_PLANES; ++p) {
          const bool searched = ((a >> p) & 1) && w != 0;
          expected_cycles += searched ? steps : 1;
          searched_planes += searched;
        }
        assert_int_equal(cycles, expected_cycles);
        const unsigned digits = (unsigned)__builtin_popcount((unsigned)abs(w));
        assert_int_equal(done->cnt_step, searched_planes * steps);
        assert_int_equal(done->cnt_dec, searched_planes * steps * digits);
        assert_int_equal(done->cnt_eval, TNAM_Q4_PLANES);
        assert_int_equal(done->cnt_gated, 4 * 3 - searched_planes * digits);
        assert_int_equal(done->cnt_nzdrv, searched_planes * digits);
      }
    }
  }
  tnam_model_free(m);
}

/* The spec's search written as offset binary: with u = clamp(A) + 2^(S-1) in [0, 2^S), step
 * k decides bit k of u, and the register holds u's bits above k (then k and above) minus
 * 2^(S-1). */
static void expected_step(int32_t a, unsigned steps, unsigned k, int32_t *ref, bool *q,
                          int32_t *code_after) {
  const int32_t half = INT32_C(1) << (steps - 1);
  const int32_t u = clamp32(a, -half, half - 1) + half;
  const int32_t before = ((u >> (k + 1)) << (k + 1)) - half;
  *ref = before + (INT32_C(1) << k) - 1;
  *q = (u >> k) & 1;
  *code_after = ((u >> k) << k) - half;
}

/* Level mode, R = 8 (S = 5), every A in [-R, R]: column 0 holds A cells of sign(A) (gated at
 * A = 0), column 1 the opposite, column 2 A from a mix of +1 and -1 cells (never gated). */
static void test_level_search_sequence(void **state) {
  (void)state;
  const unsigned rows = 8;
  tnam_model_t *m = new_model(rows, 3);
  const unsigned steps = tnam_model_params(m)->steps;
  assert_int_equal(steps, 5);
  for (int32_t a = -(int32_t)rows; a <= (int32_t)rows; ++a) {
    reset_model(m);
    set_mode(m, TNAM_MODE_LEVEL, 0);
    const int sign = a < 0 ? -1 : 1;
    const unsigned magnitude = (unsigned)abs(a);
    const unsigned driven_in_col2 = (rows - magnitude) % 2 == 0 ? rows : rows - 1;
    const unsigned plus_in_col2 = (driven_in_col2 + (unsigned)(a + (int32_t)rows) - rows) / 2;
    for (unsigned r = 0; r < rows; ++r) {
      const int col2 = r < plus_in_col2 ? 1 : r < driven_in_col2 ? -1 : 0;
      const int cells[3] = {r < magnitude ? sign : 0, r < magnitude ? -sign : 0, col2};
      write_weights(m, r, cells, 3);
    }
    const int32_t values[3] = {a, -a, a};
    const uint64_t gated = a == 0 ? 0x3 : 0x0;
    const unsigned cycles = run_operation(m, eval_in(0xFF), idle_in());
    assert_int_equal(cycles, 2 + steps);
    assert_false(op_trace[1].sar_step);
    assert_true(op_trace[1].wl_valid);
    assert_int_equal(op_trace[1].wl[0], 0xFF);
    for (unsigned i = 2; i <= cycles; ++i) {
      assert_int_equal(op_trace[i].gate, gated);
      for (unsigned c = 0; c < 3; ++c) {
        assert_int_equal(op_trace[i].mac[c], values[c]);
      }
      assert_false(op_trace[i].res_valid); /* threshold results only */
    }
    for (unsigned i = 2; i < 2 + steps; ++i) {
      const unsigned k = steps + 1 - i; /* S-1 first */
      assert_true(op_trace[i].sar_step);
      assert_int_equal(op_trace[i].sar_bit, k);
      for (unsigned c = 0; c < 3; ++c) {
        int32_t ref, code_after;
        bool q;
        expected_step(values[c], steps, k, &ref, &q, &code_after);
        if ((gated >> c) & 1) {
          ref = code_after = 0;
          q = false;
        }
        assert_int_equal(op_trace[i].sar_ref[c], ref);
        assert_int_equal((op_trace[i].sar_q >> c) & 1, q);
        assert_int_equal(op_trace[i].sar_code[c], code_after);
      }
    }
    assert_int_equal(op_trace[2].sar_ref[2], -1); /* the first step decides the sign */
    const tnam_out_t *done = &op_trace[cycles];
    assert_false(done->sar_step);
    assert_false(done->wl_valid);
    assert_int_equal(done->wl[0], 0);
    for (unsigned c = 0; c < 3; ++c) {
      assert_int_equal(done->sar_code[c], ((gated >> c) & 1) ? 0 : values[c]);
    }
    const unsigned ungated = 3 - (unsigned)__builtin_popcountll(gated);
    assert_int_equal(done->cnt_eval, 1);
    assert_int_equal(done->cnt_step, steps);
    assert_int_equal(done->cnt_dec, steps * ungated);
    assert_int_equal(done->cnt_gated, 3 - ungated);
    assert_int_equal(done->cnt_nzdrv, 2 * magnitude + driven_in_col2);
    for (unsigned j = 0; j < TNAM_MAX_NEURONS; ++j) { /* level mode never writes them */
      assert_int_equal(done->acc[j], 0);
      assert_int_equal(done->out[j], 0);
    }
  }
  tnam_model_free(m);
}

/* The search helper beyond the ideal range: a value above the range gives every decision 1
 * and the top code, below it every decision 0 and the bottom code. */
static void test_sar_step_clamps(void **state) {
  (void)state;
  static const unsigned step_counts[] = {3, 5, 8, 10};
  for (size_t i = 0; i < sizeof step_counts / sizeof step_counts[0]; ++i) {
    const unsigned steps = step_counts[i];
    const int32_t half = INT32_C(1) << (steps - 1);
    assert_int_equal(tnam_sar_start(steps), -half);
    for (int32_t a = -half - 40; a <= half + 40; ++a) {
      int32_t code = tnam_sar_start(steps);
      unsigned ones = 0;
      for (unsigned k = steps; k-- > 0;) {
        int32_t ref, code_after;
        bool q;
        expected_step(a, steps, k, &ref, &q, &code_after);
        const tnam_sar_step_t made = tnam_sar_step(code, k, a);
        assert_int_equal(made.ref, ref);
        assert_int_equal(made.q, q);
        assert_int_equal(made.code, code_after);
        if (k == steps - 1) {
          assert_int_equal(made.ref, -1);
        }
        ones += made.q;
        code = made.code;
      }
      assert_int_equal(code, clamp32(a, -half, half - 1));
      if (a >= half) {
        assert_int_equal(ones, steps);
      }
      if (a < -half) {
        assert_int_equal(ones, 0);
      }
    }
  }
}

/* q4 at R = 8, C = 7 (NN = 2, column 6 belongs to no neuron and holds +1 everywhere):
 * activations in {0, 1, 4, 5} leave planes 1 and 3 empty, neuron 1 holds only 0. */
static void test_zero_detect_skip(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 7);
  const unsigned steps = tnam_model_params(m)->steps; /* 5 */
  static const int neuron0[8] = {3, -5, 7, 0, 1, -1, 2, -7};
  for (unsigned r = 0; r < 8; ++r) {
    int cells[7] = {0, 0, 0, 0, 0, 0, 1};
    tnam_q4_digits(neuron0[r], cells);
    write_weights(m, r, cells, 7);
  }
  set_mode(m, TNAM_MODE_Q4, 2);
  set_bias(m, 0, 10);
  set_bias(m, 1, -4);
  static const unsigned acts[8] = {5, 1, 4, 0, 5, 1, 0, 4};
  unsigned cycles = run_operation(m, eval4_in(acts, 8), idle_in());
  assert_int_equal(cycles, 2 + steps + 1 + steps + 1);
  int32_t dot = 10;
  for (unsigned r = 0; r < 8; ++r) {
    dot += neuron0[r] * (int32_t)acts[r];
  }
  const tnam_out_t *done = &op_trace[cycles];
  assert_int_equal(done->acc[0], dot);
  assert_int_equal(done->acc[1], -4);
  assert_int_equal(done->out[0], tnam_q4_requant(dot, 2));
  assert_int_equal(done->out[1], 0);

  /* Plane 0 drives rows 0, 1, 4, 5; plane 2 rows 0, 2, 4, 7. Decisions: S per column that
   * has a non-zero digit on a driven row; neuron 1 and column 6 make none. */
  uint64_t plane_rows[4] = {0x33, 0, 0x95, 0};
  unsigned expected_dec = 0;
  unsigned expected_nzdrv = 0;
  for (unsigned p = 0; p < 4; ++p) {
    for (unsigned c = 0; c < 3; ++c) {
      unsigned driven_nonzero = 0;
      for (unsigned r = 0; r < 8; ++r) {
        int t[3];
        tnam_q4_digits(neuron0[r], t);
        driven_nonzero += ((plane_rows[p] >> r) & 1) && t[c] != 0;
      }
      expected_dec += driven_nonzero ? steps : 0;
      expected_nzdrv += driven_nonzero;
    }
    expected_nzdrv += (unsigned)__builtin_popcountll(plane_rows[p]); /* column 6's cells */
  }
  assert_int_equal(done->cnt_dec, expected_dec);
  assert_int_equal(done->cnt_nzdrv, expected_nzdrv);
  assert_int_equal(done->cnt_step, 2 * steps);
  assert_int_equal(done->cnt_eval, 4);

  /* The READ of each plane drives its rows; gated columns search nothing. */
  const unsigned read_cycles[4] = {1, 1 + steps, 2 + steps, 2 + 2 * steps};
  for (unsigned p = 0; p < 4; ++p) {
    assert_true(op_trace[read_cycles[p]].wl_valid);
    assert_int_equal(op_trace[read_cycles[p]].wl[0], plane_rows[p]);
  }
  for (unsigned i = 2; i < cycles; ++i) {
    const tnam_out_t *o = &op_trace[i];
    assert_true((o->gate & 0x78) == 0x78); /* neuron 1 and column 6 always gated */
    assert_int_equal(o->mac[6], 0);        /* a gated column reports 0 */
    for (unsigned c = 3; c < 7; ++c) {
      assert_int_equal(o->sar_code[c], 0);
      assert_int_equal(o->sar_ref[c], 0);
    }
    assert_int_equal(o->sar_q & 0x78, 0);
  }
  /* The empty planes: one cycle each, no step, codes 0. */
  assert_false(op_trace[2 + steps].sar_step);
  assert_int_equal(op_trace[2 + steps].gate, 0x7F);
  for (unsigned c = 0; c < 7; ++c) {
    assert_int_equal(op_trace[2 + steps].sar_code[c], 0);
  }

  /* Level mode: no word line at all costs 3 cycles and no decision; column 6 is searched
   * in level mode (it belongs to no neuron only in q4 mode). */
  set_mode(m, TNAM_MODE_LEVEL, 0);
  cycles = run_operation(m, eval_in(0), idle_in());
  assert_int_equal(cycles, 3);
  done = &op_trace[cycles];
  assert_int_equal(done->cnt_dec, expected_dec);
  assert_int_equal(done->cnt_step, 2 * steps);
  assert_int_equal(done->gate, 0x7F);
  for (unsigned c = 0; c < 7; ++c) {
    assert_int_equal(done->sar_code[c], 0);
  }
  assert_int_equal(done->acc[0], dot); /* level mode leaves acc and out alone */
  cycles = run_operation(m, eval_in(0x07), idle_in());
  assert_int_equal(cycles, 2 + steps);
  done = &op_trace[cycles];
  assert_int_equal(done->gate, 0x38);
  /* Rows 0..2 hold 3, -5, 7: digits t0 t1 t2 = + + 0, - 0 -, + + +. */
  const int32_t expected_code[7] = {1, 2, 0, 0, 0, 0, 3};
  for (unsigned c = 0; c < 7; ++c) {
    assert_int_equal(done->sar_code[c], expected_code[c]);
  }
  tnam_model_free(m);
}

/* Rows 0 .. 3 of an 8 x 6 array (NN = 2) with these 4-bit weights, neuron 0 in columns 0..2
 * and neuron 1 in columns 3..5. */
static const int switch_weights[4][2] = {{7, -3}, {-2, 5}, {1, 0}, {-7, 6}};

static void test_mode_switch_without_reset(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 6);
  for (unsigned r = 0; r < 4; ++r) {
    write4_row(m, r, switch_weights[r], 2);
  }
  set_bias(m, 0, 100); /* bias writes need no particular mode */
  set_bias(m, 1, -1);

  /* Threshold: rows 0, 1. Digits t0 t1 t2 of 7 = + + +, -2 = 0 - 0, -3 = - - 0, 5 = + 0 +. */
  const int32_t mac_rows_0_1[6] = {1, 0, 1, 0, -1, 1};
  tnam_out_t out = eval_and_wait(m, 0x3);
  assert_macs(&out, mac_rows_0_1, 6);
  assert_int_equal(out.gate, 0x0);
  assert_int_equal(out.dec, 0x25);

  /* Level: rows 0 .. 3 (plus 1 = + 0 0, 0 = 0 0 0, -7 = - - -, 6 = 0 + +). */
  set_mode(m, TNAM_MODE_LEVEL, 0);
  const unsigned steps = tnam_model_params(m)->steps;
  assert_int_equal(run_operation(m, eval_in(0xF), idle_in()), 2 + steps);
  const int32_t level_codes[6] = {1, -1, 0, 0, 0, 2};
  for (unsigned c = 0; c < 6; ++c) {
    assert_int_equal(op_trace[2 + steps].sar_code[c], level_codes[c]);
    assert_int_equal(op_trace[2 + steps].mac[c], level_codes[c]);
  }
  assert_int_equal(op_trace[2 + steps].dec, 0x25); /* dec holds through a level operation */

  /* q4, shift 3: acc0 = 100 + 7*3 - 2*2 + 1*1 - 7*15 = 13, acc1 = -1 - 9 + 10 + 0 + 90 = 90. */
  set_mode(m, TNAM_MODE_Q4, 3);
  const unsigned acts[4] = {3, 2, 1, 15};
  const unsigned cycles = run_operation(m, eval4_in(acts, 4), idle_in());
  assert_int_equal(cycles, 2 + 4 * steps);
  assert_int_equal(op_trace[cycles].acc[0], 13);
  assert_int_equal(op_trace[cycles].acc[1], 90);
  assert_int_equal(op_trace[cycles].out[0], 1);
  assert_int_equal(op_trace[cycles].out[1], 11);

  /* A write of mode 3 is ignored: still q4 with shift 3. */
  set_mode(m, 3, 7);
  assert_int_equal(tnam_model_ml_state(m)->mode, TNAM_MODE_Q4);
  assert_int_equal(tnam_model_ml_state(m)->shift, 3);

  /* Back to threshold: the same evaluation gives the same result, two cycles later, and the
   * multi-level results hold. */
  set_mode(m, TNAM_MODE_THRESH, 0);
  out = step(m, eval_in(0x3));
  assert_false(out.busy);
  out = step(m, idle_in());
  assert_true(out.res_valid);
  assert_macs(&out, mac_rows_0_1, 6);
  assert_int_equal(out.dec, 0x25);
  assert_int_equal(out.acc[0], 13);
  assert_int_equal(out.out[1], 11);
  assert_int_equal(out.cnt_eval, 1 + 1 + 4 + 1);
  tnam_model_free(m);
}

/* Every port driven with other values while busy: nothing changes and nothing is counted. */
static void test_inputs_ignored_while_busy(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 6);
  for (unsigned r = 0; r < 4; ++r) {
    write4_row(m, r, switch_weights[r], 2);
  }
  set_thr(m, 0, 5);
  set_bias(m, 0, 7);
  set_mode(m, TNAM_MODE_LEVEL, 4);
  const uint32_t writes_before = step(m, idle_in()).cnt_wr;

  tnam_in_t noise = write_in(0, "------");
  noise.thr_en = true;
  noise.thr_col = 0;
  noise.thr = -9;
  noise.eval = true;
  noise.x[0] = 0xFF;
  noise.act[0] = ~UINT64_C(0);
  noise.cfg_en = true;
  noise.cfg_mode = TNAM_MODE_Q4;
  noise.cfg_shift = 1;
  noise.bias_en = true;
  noise.bias_idx = 0;
  noise.bias = -30;
  const unsigned steps = tnam_model_params(m)->steps;
  const unsigned cycles = run_operation(m, eval_in(0xF), noise);
  assert_int_equal(cycles, 2 + steps); /* the level read of rows 0..3, not the noise's */
  for (unsigned i = 1; i <= cycles; ++i) {
    assert_false(op_trace[i].res_valid);
    assert_int_equal(op_trace[i].cnt_wr, writes_before);
  }
  assert_int_equal(op_trace[cycles].sar_code[5], 2);
  assert_int_equal(op_trace[cycles].cnt_eval, 1);
  assert_int_equal(tnam_model_weight(m, 0, 0), 1);
  assert_int_equal(tnam_model_weight(m, 0, 3), -1);
  const tnam_ml_state_t *ml = tnam_model_ml_state(m);
  assert_int_equal(ml->mode, TNAM_MODE_LEVEL);
  assert_int_equal(ml->shift, 4);
  assert_int_equal(ml->bias[0], 7);
  assert_int_equal(tnam_model_last_sense(m)->thr[0], 5);
  /* The noise's eval in the done cycle is not busy any more: it is taken (a level read). */
  tnam_out_t out = step(m, noise);
  assert_true(out.busy);
  assert_int_equal(out.cnt_wr, writes_before + 6);
  tnam_model_free(m);
}

/* A threshold evaluation in its sense stage when an operation starts completes normally. */
static void test_threshold_eval_completes_at_start_edge(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 6);
  for (unsigned r = 0; r < 4; ++r) {
    write4_row(m, r, switch_weights[r], 2);
  }
  tnam_in_t in = eval_in(0x3); /* cycle n-1: threshold eval, and the switch to level mode */
  in.cfg_en = true;
  in.cfg_mode = TNAM_MODE_LEVEL;
  tnam_out_t out = step(m, in);
  assert_false(out.busy);
  const unsigned steps = tnam_model_params(m)->steps;
  const unsigned cycles = run_operation(m, eval_in(0xF), idle_in()); /* cycle n */
  assert_int_equal(cycles, 2 + steps);
  const int32_t mac_rows_0_1[6] = {1, 0, 1, 0, -1, 1};
  assert_true(op_trace[1].busy);
  assert_true(op_trace[1].res_valid); /* the threshold result of cycle n-1's eval */
  assert_macs(&op_trace[1], mac_rows_0_1, 6);
  assert_int_equal(op_trace[1].dec, 0x25);
  assert_int_equal(op_trace[1].cnt_eval, 1);
  assert_int_equal(op_trace[1].cnt_dec, 6);
  assert_false(op_trace[2].res_valid);
  assert_int_equal(op_trace[cycles].cnt_eval, 2);
  assert_int_equal(op_trace[cycles].cnt_dec, 6 + 6 * steps);
  tnam_model_free(m);
}

static void test_reset_mid_operation(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 6);
  for (unsigned r = 0; r < 4; ++r) {
    write4_row(m, r, switch_weights[r], 2);
  }
  set_mode(m, TNAM_MODE_Q4, 2);
  set_bias(m, 1, 9);
  const unsigned acts[4] = {15, 15, 15, 15};
  tnam_out_t out = step(m, eval4_in(acts, 4));
  for (unsigned i = 0; i < 4; ++i) {
    out = step(m, idle_in());
  }
  assert_true(out.busy);
  assert_true(out.sar_step);
  reset_model(m);
  out = step(m, idle_in());
  assert_all_outputs_zero(&out, 6);
  const tnam_ml_state_t *ml = tnam_model_ml_state(m);
  assert_false(ml->busy);
  assert_int_equal(ml->mode, TNAM_MODE_THRESH);
  assert_int_equal(ml->shift, 0);
  assert_int_equal(ml->bias[1], 0);
  for (unsigned i = 0; i < 2 + 4 * tnam_model_params(m)->steps; ++i) {
    out = step(m, idle_in()); /* the cancelled operation never finishes */
    assert_false(out.done);
  }
  /* Threshold mode again: an eval is an ordinary evaluation. */
  out = eval_and_wait(m, 0xF);
  assert_false(out.busy);
  assert_int_equal(out.gate, 0x3F); /* cells are 0 */
  tnam_model_free(m);
}

/* The configuration port's fields and the bias registers' address and width. */
static void test_config_and_bias_registers(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 9); /* NN = 3, NAW = 2, BW = 12 */
  const tnam_params_t *p = tnam_model_params(m);
  assert_int_equal(p->nn, 3);
  assert_int_equal(p->naw, 2);
  assert_int_equal(p->bw, 12);
  const tnam_ml_state_t *ml = tnam_model_ml_state(m);
  set_mode(m, TNAM_MODE_Q4 | 4, 31 | 32); /* bits above the 2- and 5-bit ports ignored */
  assert_int_equal(ml->mode, TNAM_MODE_Q4);
  assert_int_equal(ml->shift, 31);
  set_mode(m, 7, 3); /* low bits 3: no mode, the whole write is ignored */
  assert_int_equal(ml->mode, TNAM_MODE_Q4);
  assert_int_equal(ml->shift, 31);
  tnam_in_t disabled = cfg_in(TNAM_MODE_LEVEL, 1);
  disabled.cfg_en = false;
  step(m, disabled);
  assert_int_equal(ml->mode, TNAM_MODE_Q4);

  set_bias(m, 0, 2047);
  set_bias(m, 1, 2048);  /* 12 bits: -2048 */
  set_bias(m, 2, -2049); /* 2047 */
  set_bias(m, 3, 55);    /* >= NN: ignored */
  set_bias(m, 7, 56);    /* low NAW bits 3: ignored */
  assert_int_equal(ml->bias[0], 2047);
  assert_int_equal(ml->bias[1], -2048);
  assert_int_equal(ml->bias[2], 2047);
  assert_int_equal(ml->bias[3], 0);
  set_bias(m, 4, -6); /* low NAW bits 0: neuron 0 */
  assert_int_equal(ml->bias[0], -6);
  tnam_in_t no_bias = bias_in(1, 77);
  no_bias.bias_en = false;
  step(m, no_bias);
  assert_int_equal(ml->bias[1], -2048);

  /* The operation starts from the biases of the cycle that ends: a bias written at the start
   * edge is for the next one. No rows hold weights, so acc stays at the bias. */
  const unsigned acts[1] = {15};
  tnam_in_t start = eval4_in(acts, 1);
  start.bias_en = true;
  start.bias_idx = 2;
  start.bias = 5;
  const unsigned cycles = run_operation(m, start, idle_in());
  assert_int_equal(cycles, 2 + 4);
  assert_int_equal(op_trace[1].acc[0], -6);
  assert_int_equal(op_trace[1].acc[1], -2048);
  assert_int_equal(op_trace[cycles].acc[2], 2047);
  assert_int_equal(op_trace[cycles].out[2], 0); /* 2047 >> 31 */
  assert_int_equal(ml->bias[2], 5);
  tnam_model_free(m);
}

/* tnam_model_last_sense() and sense_weights() describe the latest READ of an operation: its
 * plane's word lines and the cells it saw, even after later writes. */
static void test_last_sense_of_read(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 3);
  static const int weights[4] = {5, -3, 6, 1};
  for (unsigned r = 0; r < 4; ++r) {
    write4_row(m, r, &weights[r], 1);
  }
  set_mode(m, TNAM_MODE_Q4, 0);
  const unsigned acts[4] = {9, 1, 8, 12}; /* plane 3 drives rows 0, 2, 3 */
  const unsigned cycles = run_operation(m, eval4_in(acts, 4), idle_in());
  assert_int_equal(op_trace[cycles].acc[0], 5 * 9 - 3 + 6 * 8 + 12);
  write_row(m, 0, "000"); /* after the operation: not what the READ saw */
  const tnam_sense_t *sense = tnam_model_last_sense(m);
  assert_int_equal(sense->wl[0], 0xD);
  /* Digits t0 t1 t2: 5 = + 0 +, 6 = 0 + +, 1 = + 0 0. */
  const uint16_t expected_p[3] = {2, 1, 2};
  for (unsigned c = 0; c < 3; ++c) {
    assert_int_equal(sense->p[c], expected_p[c]);
    assert_int_equal(sense->n[c], 0);
  }
  tnam_model_sense_weights(m, 2);
  const int8_t expected_column2[8] = {1, 0, 1, 0, 0, 0, 0, 0};
  for (unsigned r = 0; r < 8; ++r) {
    assert_int_equal(sense->weight_at_sense[2][r], expected_column2[r]);
  }
  tnam_model_free(m);
}

/* ---------------------------------------------------------------------------------------
 * Variation terms, trim, test mode, health table (spec sections 3 and 4).
 * ------------------------------------------------------------------------------------- */

static tnam_in_t var_in(uint32_t sel, uint32_t addr, uint64_t data) {
  tnam_in_t in = idle_in();
  in.var_en = true;
  in.var_sel = sel;
  in.var_addr = addr;
  in.var_data = data;
  return in;
}

static tnam_in_t trim_in(uint32_t col, int32_t value) {
  tnam_in_t in = idle_in();
  in.trim_en = true;
  in.trim_col = col;
  in.trim = value;
  return in;
}

static tnam_in_t health_in(uint32_t row, uint64_t flags) {
  tnam_in_t in = idle_in();
  in.health_en = true;
  in.health_row = row;
  in.health = flags;
  return in;
}

/* A configuration write of `mode` with the test bit. */
static tnam_in_t test_cfg_in(uint32_t mode, bool test) {
  tnam_in_t in = cfg_in(mode, 0);
  in.cfg_test = test;
  return in;
}

/* The 8 x 4 macro of test_variation_values: cells, defect flags, D = -2, offsets, trims and
 * thresholds, each written through its port. */
static tnam_model_t *varied_macro(void) {
  tnam_model_t *m = new_model(8, 4); /* VW = 7, OW = 5 */
  write_row(m, 0, "+-+0");
  write_row(m, 1, "+--0");
  write_row(m, 2, "++00");
  step(m, var_in(TNAM_VAR_DEFECT, 0, 0x3));
  step(m, var_in(TNAM_VAR_DEFECT, 2, 0x2));
  step(m, var_in(TNAM_VAR_DEFECT, 3, 0x1)); /* a defective cell holding 0: no effect */
  step(m, var_in(TNAM_VAR_EXCESS, 0, 2));   /* D = -2 */
  static const int32_t offsets[4] = {3, -2, 5, 7};
  static const int32_t trims[4] = {1, 0, -1, 0};
  static const int32_t thresholds[4] = {2, -3, 5, -1};
  for (unsigned c = 0; c < 4; ++c) {
    step(m, var_in(TNAM_VAR_OFFSET, c, (uint64_t)offsets[c] & 0x1F));
    step(m, trim_in(c, trims[c]));
    set_thr(m, c, thresholds[c]);
  }
  return m;
}

/* A_c = (P + D Pd) - (N + D Nd) + o - trim, worked out by hand for rows 0..3 driven:
 * column 0: P = 3, Pd = 1 (row 0)        -> (3 - 2) - 0 + 3 - 1        = 3
 * column 1: P = 1, Pd = 1 (row 2), N = 2, Nd = 1 (row 0) -> (1 - 2) - (2 - 2) - 2 - 0 = -3
 * column 2: P = 1, N = 1, no defect      -> 0 + 5 + 1                  = 6
 * column 3: nothing driven: gated, 0, decision T3 < 0 = 1. */
static void test_variation_values(void **state) {
  (void)state;
  tnam_model_t *m = varied_macro();
  tnam_out_t out = eval_and_wait(m, 0xF);
  const int32_t expected[4] = {3, -3, 6, 0};
  assert_macs(&out, expected, 4);
  assert_int_equal(out.gate, 0x8);
  assert_int_equal(out.dec, 0xD);             /* 3 > 2, -3 > -3 no, 6 > 5, gated with T < 0 */
  assert_int_equal(out.cnt_nzdrv, 3 + 3 + 2); /* defects do not change the count */
  const tnam_sense_t *sense = tnam_model_last_sense(m);
  const uint16_t p[4] = {3, 1, 1, 0}, n[4] = {0, 2, 1, 0};
  const uint16_t pd[4] = {1, 1, 0, 0}, nd[4] = {0, 1, 0, 0};
  const int32_t off[4] = {3, -2, 5, 7}, trim[4] = {1, 0, -1, 0};
  for (unsigned c = 0; c < 4; ++c) {
    assert_int_equal(sense->p[c], p[c]);
    assert_int_equal(sense->n[c], n[c]);
    assert_int_equal(sense->pd[c], pd[c]);
    assert_int_equal(sense->nd[c], nd[c]);
    assert_int_equal(sense->off[c], off[c]);
    assert_int_equal(sense->trim[c], trim[c]);
  }
  assert_int_equal(sense->excess, -2);
  assert_false(sense->test);

  /* Row 1 alone: no defect on it, so D plays no part: {1+2, -1-2, -1+6, gated}. */
  out = eval_and_wait(m, 0x2);
  const int32_t row1[4] = {3, -3, 5, 0};
  assert_macs(&out, row1, 4);
  /* D = +1: column 0 (3 + 1) + 2 = 6, column 1 (1 + 1) - (2 + 1) - 2 = -3. */
  step(m, var_in(TNAM_VAR_EXCESS, 0, 1));
  out = eval_and_wait(m, 0xF);
  const int32_t excess_one[4] = {6, -3, 6, 0};
  assert_macs(&out, excess_one, 4);
  /* D = 0: the ideal dot product plus the net offsets. */
  step(m, var_in(TNAM_VAR_EXCESS, 0, 0));
  out = eval_and_wait(m, 0xF);
  const int32_t excess_zero[4] = {5, -3, 6, 0};
  assert_macs(&out, excess_zero, 4);

  /* No input: every column gated whatever its offset, values 0, decisions T < 0. */
  out = eval_and_wait(m, 0);
  const int32_t none[4] = {0, 0, 0, 0};
  assert_macs(&out, none, 4);
  assert_int_equal(out.gate, 0xF);
  assert_int_equal(out.dec, 0xA);
  tnam_model_free(m);
}

/* Test mode bypasses the zero detector: with no input every column reads o - trim and makes a
 * decision; a mode-3 configuration write does not touch the test bit. */
static void test_test_mode_bypass(void **state) {
  (void)state;
  tnam_model_t *m = varied_macro();
  step(m, test_cfg_in(TNAM_MODE_THRESH, true));
  assert_true(tnam_model_ml_state(m)->test);
  const uint32_t decisions_before = step(m, idle_in()).cnt_dec;
  tnam_out_t out = eval_and_wait(m, 0);
  const int32_t net[4] = {2, -2, 6, 7};
  assert_macs(&out, net, 4);
  assert_int_equal(out.gate, 0);
  assert_int_equal(out.dec, 0xE); /* 2 > 2 no, -2 > -3, 6 > 5, 7 > -1 */
  assert_int_equal(out.cnt_dec, decisions_before + 4);
  assert_true(tnam_model_last_sense(m)->test);
  /* With input, column 3 (no driven non-zero cell) is not gated either: 0 + 7. */
  out = eval_and_wait(m, 0xF);
  const int32_t driven[4] = {3, -3, 6, 7};
  assert_macs(&out, driven, 4);
  assert_int_equal(out.gate, 0);
  step(m, test_cfg_in(3, false)); /* no mode: ignored whole */
  assert_true(tnam_model_ml_state(m)->test);
  step(m, test_cfg_in(TNAM_MODE_THRESH, false));
  assert_false(tnam_model_ml_state(m)->test);
  out = eval_and_wait(m, 0);
  assert_int_equal(out.gate, 0xF);
  tnam_model_free(m);
}

/* Port details: the OW-bit wrap of offsets and trims, D's two bits, defect and health bits
 * above C, the selector's low two bits, out-of-range addresses. */
static void test_variation_ports(void **state) {
  (void)state;
  tnam_model_t *m = new_model(6, 5); /* VW = 6, OW = 4: [-8, 7]; RAW = CAW = 3 */
  assert_int_equal(tnam_model_params(m)->ow, 4);
  const tnam_var_state_t *v = tnam_model_var_state(m);
  step(m, var_in(TNAM_VAR_OFFSET, 0, 0xF));   /* -1 */
  step(m, var_in(TNAM_VAR_OFFSET, 1, 0x37));  /* low 4 bits 0111: 7 */
  step(m, var_in(TNAM_VAR_OFFSET, 2, 0x8));   /* -8 */
  step(m, var_in(TNAM_VAR_OFFSET, 5, 0x3));   /* column >= C: ignored */
  step(m, var_in(TNAM_VAR_OFFSET | 4, 3, 5)); /* selector bits above 2 ignored: offset */
  const int32_t off[5] = {-1, 7, -8, 5, 0};
  for (unsigned c = 0; c < 5; ++c) {
    assert_int_equal(v->off[c], off[c]);
  }
  step(m, trim_in(0, 9));  /* 9 - 16 = -7 */
  step(m, trim_in(1, -9)); /* 7 */
  step(m, trim_in(4, 3));
  step(m, trim_in(5, 1)); /* column >= C: ignored */
  const int32_t trim[5] = {-7, 7, 0, 0, 3};
  for (unsigned c = 0; c < 5; ++c) {
    assert_int_equal(v->trim[c], trim[c]);
  }
  static const struct {
    uint64_t data;
    int excess;
  } excesses[] = {{0, 0}, {1, 1}, {2, -2}, {3, -1}, {0x6, -2}, {0x5, 1}};
  for (size_t i = 0; i < sizeof excesses / sizeof excesses[0]; ++i) {
    step(m, var_in(TNAM_VAR_EXCESS, 9, excesses[i].data)); /* the address plays no part */
    assert_int_equal(v->excess, excesses[i].excess);
  }
  step(m, var_in(3, 0, 0x1)); /* selector 3: nothing */
  assert_int_equal(v->excess, 1);
  assert_int_equal(v->off[0], -1);
  assert_int_equal(v->defect[0], 0);
  step(m, var_in(TNAM_VAR_DEFECT, 2, 0xFF)); /* bits >= C dropped */
  step(m, var_in(TNAM_VAR_DEFECT, 6, 0x1));  /* row >= R: ignored */
  step(m, var_in(TNAM_VAR_DEFECT, 7, 0x1));
  assert_int_equal(v->defect[2], 0x1F);
  assert_int_equal(v->defect[6], 0);
  assert_int_equal(v->defect[7], 0);
  step(m, health_in(5, 0xE3));
  step(m, health_in(6, 0x1));
  assert_int_equal(v->health[5], 0x03);
  assert_int_equal(v->health[6], 0);
  tnam_in_t off_port = health_in(1, 0x1);
  off_port.health_en = false;
  off_port.var_data = 0x1;
  off_port.var_sel = TNAM_VAR_DEFECT;
  off_port.var_addr = 1;
  off_port.trim_col = 2;
  off_port.trim = 4;
  step(m, off_port); /* enables low: nothing */
  assert_int_equal(v->health[1], 0);
  assert_int_equal(v->defect[1], 0);
  assert_int_equal(v->trim[2], 0);
  /* None of these ports counts as a cell write. */
  assert_int_equal(step(m, idle_in()).cnt_wr, 0);
  tnam_model_free(m);
}

/* Like the cells and thresholds: a write at the sense edge is not seen, one issued with the
 * evaluation is; the last-sense view keeps what the sense saw. */
static void test_variation_write_timing(void **state) {
  (void)state;
  tnam_model_t *m = new_model(4, 3);
  write_row(m, 0, "+-0");
  step(m, var_in(TNAM_VAR_EXCESS, 0, 1)); /* D = 1 */
  step(m, eval_in(0x1));                  /* cycle n-1 */
  tnam_in_t at_sense = var_in(TNAM_VAR_OFFSET, 0, 4);
  at_sense.trim_en = true;
  at_sense.trim_col = 1;
  at_sense.trim = 3;
  at_sense.cfg_en = true;
  at_sense.cfg_test = true;
  tnam_out_t out = step(m, at_sense); /* cycle n: senses with the old registers */
  assert_true(out.res_valid);
  const int32_t old[3] = {1, -1, 0};
  assert_macs(&out, old, 3);
  assert_int_equal(out.gate, 0x4);
  step(m, var_in(TNAM_VAR_DEFECT, 0, 0x3)); /* after the sense */
  const tnam_sense_t *sense = tnam_model_last_sense(m);
  assert_int_equal(sense->off[0], 0);
  assert_int_equal(sense->trim[1], 0);
  assert_int_equal(sense->pd[0], 0);
  assert_int_equal(sense->nd[1], 0);
  assert_false(sense->test);
  assert_int_equal(sense->excess, 1);
  tnam_in_t with_eval = eval_in(0x1);
  with_eval.var_en = true;
  with_eval.var_sel = TNAM_VAR_EXCESS;
  with_eval.var_data = 3; /* D = -1, written with the evaluation: seen */
  step(m, with_eval);
  out = step(m, idle_in());
  /* Column 0: (1 - 1) + 4 = 4; column 1: -(1 - 1) - 3 = -3; column 2 in test mode: 0. */
  const int32_t now[3] = {4, -3, 0};
  assert_macs(&out, now, 3);
  assert_int_equal(out.gate, 0);
  sense = tnam_model_last_sense(m);
  assert_int_equal(sense->off[0], 4);
  assert_int_equal(sense->trim[1], 3);
  assert_int_equal(sense->pd[0], 1);
  assert_int_equal(sense->nd[1], 1);
  assert_true(sense->test);
  assert_int_equal(sense->excess, -1);
  tnam_model_free(m);
}

static uint64_t hazard_word0(const tnam_model_t *m) {
  uint64_t hz[TNAM_ROW_WORDS];
  tnam_model_hazard(m, hz);
  for (unsigned w = 1; w < TNAM_ROW_WORDS; ++w) {
    assert_int_equal(hz[w], 0);
  }
  return hz[0];
}

/* hazard_r = OR_c (h(r, c) and m(r, c)), a function of the current registers. */
static void test_health_and_hazard(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 4);
  assert_int_equal(hazard_word0(m), 0);
  write_row(m, 0, "+000");
  write_row(m, 1, "0-00");
  write_row(m, 2, "00+-");
  write_row(m, 5, "++++");
  step(m, health_in(0, 0x2)); /* column 1 holds 0 in row 0: no hazard */
  step(m, health_in(1, 0x2)); /* -1: hazard */
  step(m, health_in(2, 0x8)); /* -1: hazard */
  step(m, health_in(3, 0xF)); /* row of zeros: no hazard */
  assert_int_equal(hazard_word0(m), 0x6);
  write_row(m, 0, "0+00"); /* the cell under row 0's health bit becomes non-zero */
  assert_int_equal(hazard_word0(m), 0x7);
  write_row(m, 1, "-0--"); /* row 1's known-defective cell now holds 0 */
  assert_int_equal(hazard_word0(m), 0x5);
  step(m, health_in(2, 0)); /* health cleared */
  assert_int_equal(hazard_word0(m), 0x1);
  /* Defect flags are not the health table: they make no hazard. */
  step(m, var_in(TNAM_VAR_DEFECT, 5, 0xF));
  assert_int_equal(hazard_word0(m), 0x1);
  tnam_model_free(m);

  /* Rows beyond the first word, R = 130. */
  m = new_model(130, 3);
  write_row(m, 129, "0-0");
  write_row(m, 64, "+00");
  step(m, health_in(129, 0x2));
  step(m, health_in(64, 0x2));
  uint64_t hz[TNAM_ROW_WORDS];
  tnam_model_hazard(m, hz);
  assert_int_equal(hz[0], 0);
  assert_int_equal(hz[1], 0);
  assert_int_equal(hz[2], 0x2);
  assert_int_equal(hz[3], 0);
  tnam_model_free(m);
}

/* Level mode, R = 8 (S = 5: range [-16, 15]), test mode, no input: the search digitises
 * o - trim, clamped; mac holds the value itself. Without test mode the read is skipped. */
static void test_level_offsets_and_clamp(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 3); /* OW = 5: [-16, 15] */
  const unsigned steps = tnam_model_params(m)->steps;
  step(m, var_in(TNAM_VAR_OFFSET, 0, 15));
  step(m, trim_in(0, -16));                  /* 31: above the range */
  step(m, var_in(TNAM_VAR_OFFSET, 1, 0x10)); /* -16 */
  step(m, trim_in(1, 15));                   /* -31: below it */
  step(m, var_in(TNAM_VAR_OFFSET, 2, 0x1D)); /* -3 */
  step(m, trim_in(2, -1));                   /* -2 */
  step(m, test_cfg_in(TNAM_MODE_LEVEL, false));
  unsigned cycles = run_operation(m, eval_in(0), idle_in());
  assert_int_equal(cycles, 3); /* every column gated: one read cycle */
  assert_int_equal(op_trace[cycles].cnt_step, 0);
  step(m, test_cfg_in(TNAM_MODE_LEVEL, true));
  cycles = run_operation(m, eval_in(0), idle_in());
  assert_int_equal(cycles, 2 + steps);
  const int32_t values[3] = {31, -31, -2};
  const int32_t codes[3] = {15, -16, -2};
  for (unsigned c = 0; c < 3; ++c) {
    assert_int_equal(op_trace[2].mac[c], values[c]);
    assert_int_equal(op_trace[cycles].sar_code[c], codes[c]);
  }
  assert_int_equal(op_trace[cycles].gate, 0);
  /* Above the range every decision is 1, below it every decision is 0. */
  for (unsigned i = 2; i < 2 + steps; ++i) {
    assert_int_equal(op_trace[i].sar_q & 0x3, 0x1);
  }
  assert_int_equal(op_trace[cycles].cnt_step, steps);
  assert_int_equal(op_trace[cycles].cnt_dec, 3 * steps);
  tnam_model_free(m);
}

/* q4 in test mode, C = 7 (NN = 2, column 6 belongs to no neuron and holds an offset): no
 * input, so every plane reads the offsets; column 6 stays gated. Neuron 0's columns hold
 * offsets 1, -1, 2 (t0, t1, t2): each plane adds 1 - 2 + 8 = 7 times 2^p, 7 * 15 in all. */
static void test_q4_test_mode_spare_column_gated(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 7);
  const unsigned steps = tnam_model_params(m)->steps;
  step(m, var_in(TNAM_VAR_OFFSET, 0, 1));
  step(m, var_in(TNAM_VAR_OFFSET, 1, 0x1F)); /* -1 */
  step(m, var_in(TNAM_VAR_OFFSET, 2, 2));
  step(m, var_in(TNAM_VAR_OFFSET, 6, 9));
  write_row(m, 0, "0000000");
  set_bias(m, 1, -3);
  step(m, test_cfg_in(TNAM_MODE_Q4, true));
  const unsigned acts[8] = {0};
  const unsigned cycles = run_operation(m, eval4_in(acts, 8), idle_in());
  assert_int_equal(cycles, 2 + 4 * steps); /* no plane skipped in test mode */
  const tnam_out_t *done = &op_trace[cycles];
  assert_int_equal(done->acc[0], 7 * 15);
  assert_int_equal(done->acc[1], -3);
  assert_int_equal(done->out[0], 15);
  assert_int_equal(done->out[1], 0);
  assert_int_equal(done->gate, 0x40);
  assert_int_equal(done->mac[6], 0);
  assert_int_equal(done->sar_code[6], 0);
  assert_int_equal(done->cnt_gated, 4);           /* column 6 in each plane */
  assert_int_equal(done->cnt_dec, 4 * steps * 6); /* six columns searched per step */
  tnam_model_free(m);
}

/* The new ports while a level operation runs: nothing written, nothing seen. */
static void test_new_ports_ignored_while_busy(void **state) {
  (void)state;
  tnam_model_t *m = new_model(8, 3);
  write_row(m, 0, "+-0");
  step(m, test_cfg_in(TNAM_MODE_LEVEL, false));
  tnam_in_t noise = var_in(TNAM_VAR_OFFSET, 0, 5);
  noise.trim_en = true;
  noise.trim_col = 1;
  noise.trim = 4;
  noise.health_en = true;
  noise.health_row = 0;
  noise.health = 0x7;
  noise.cfg_en = true;
  noise.cfg_mode = TNAM_MODE_LEVEL;
  noise.cfg_test = true;
  const unsigned cycles = run_operation(m, eval_in(0x1), noise);
  assert_int_equal(op_trace[cycles].sar_code[0], 1);
  assert_int_equal(op_trace[cycles].sar_code[1], -1);
  const tnam_var_state_t *v = tnam_model_var_state(m);
  assert_int_equal(v->off[0], 0);
  assert_int_equal(v->trim[1], 0);
  assert_int_equal(v->health[0], 0);
  assert_false(tnam_model_ml_state(m)->test);
  assert_int_equal(hazard_word0(m), 0);
  noise.var_sel = TNAM_VAR_DEFECT;
  noise.var_data = 0x3;
  run_operation(m, eval_in(0x1), noise);
  assert_int_equal(v->defect[0], 0);
  noise.var_sel = TNAM_VAR_EXCESS;
  noise.var_data = 1;
  run_operation(m, eval_in(0x1), noise);
  assert_int_equal(v->excess, 0);
  tnam_model_free(m);
}

/* Reset clears every new register: offsets, trims, defect flags, D, health, test. */
static void test_reset_clears_variation(void **state) {
  (void)state;
  tnam_model_t *m = varied_macro();
  step(m, health_in(0, 0x1));
  step(m, test_cfg_in(TNAM_MODE_THRESH, true));
  assert_int_equal(hazard_word0(m), 0x1);
  reset_model(m);
  const tnam_var_state_t *v = tnam_model_var_state(m);
  assert_int_equal(v->excess, 0);
  for (unsigned c = 0; c < 4; ++c) {
    assert_int_equal(v->off[c], 0);
    assert_int_equal(v->trim[c], 0);
  }
  for (unsigned r = 0; r < 8; ++r) {
    assert_int_equal(v->defect[r], 0);
    assert_int_equal(v->health[r], 0);
  }
  assert_false(tnam_model_ml_state(m)->test);
  assert_int_equal(hazard_word0(m), 0);
  const tnam_sense_t *sense = tnam_model_last_sense(m);
  assert_int_equal(sense->excess, 0);
  assert_false(sense->test);
  /* The same cells again: the ideal dot product, no offset. */
  write_row(m, 0, "+-+0");
  write_row(m, 2, "++00");
  step(m, var_in(TNAM_VAR_DEFECT, 0, 0x3)); /* defects with D = 0 change nothing */
  const tnam_out_t out = eval_and_wait(m, 0x5);
  const int32_t ideal[4] = {2, 0, 1, 0};
  assert_macs(&out, ideal, 4);
  assert_int_equal(out.gate, 0x8);
  tnam_model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_params_derivation),
      cmocka_unit_test(test_params_rejected),
      cmocka_unit_test(test_model_new_rejects_bad_params),
      cmocka_unit_test(test_wrap_signed),
      cmocka_unit_test(test_new_model_is_in_reset_state),
      cmocka_unit_test(test_cell_encoding),
      cmocka_unit_test(test_single_eval_known_values),
      cmocka_unit_test(test_latency_and_throughput),
      cmocka_unit_test(test_eval_of_no_rows),
      cmocka_unit_test(test_write_at_sense_edge_not_seen),
      cmocka_unit_test(test_write_before_eval_seen),
      cmocka_unit_test(test_threshold_at_sense_edge_not_seen),
      cmocka_unit_test(test_sense_weights),
      cmocka_unit_test(test_threshold_range_edges),
      cmocka_unit_test(test_gating_and_counters),
      cmocka_unit_test(test_counter_wrap),
      cmocka_unit_test(test_out_of_range_addresses_ignored),
      cmocka_unit_test(test_input_bits_beyond_size_ignored),
      cmocka_unit_test(test_reset_clears_everything),
      cmocka_unit_test(test_q4_digits_exhaustive),
      cmocka_unit_test(test_q4_requant_exhaustive),
      cmocka_unit_test(test_q4_single_weight_exhaustive),
      cmocka_unit_test(test_level_search_sequence),
      cmocka_unit_test(test_sar_step_clamps),
      cmocka_unit_test(test_zero_detect_skip),
      cmocka_unit_test(test_mode_switch_without_reset),
      cmocka_unit_test(test_inputs_ignored_while_busy),
      cmocka_unit_test(test_threshold_eval_completes_at_start_edge),
      cmocka_unit_test(test_reset_mid_operation),
      cmocka_unit_test(test_config_and_bias_registers),
      cmocka_unit_test(test_last_sense_of_read),
      cmocka_unit_test(test_variation_values),
      cmocka_unit_test(test_test_mode_bypass),
      cmocka_unit_test(test_variation_ports),
      cmocka_unit_test(test_variation_write_timing),
      cmocka_unit_test(test_health_and_hazard),
      cmocka_unit_test(test_level_offsets_and_clamp),
      cmocka_unit_test(test_q4_test_mode_spare_column_gated),
      cmocka_unit_test(test_new_ports_ignored_while_busy),
      cmocka_unit_test(test_reset_clears_variation),
      cmocka_unit_test(test_random_64x16),
      cmocka_unit_test(test_random_256x64),
      cmocka_unit_test(test_random_5x3),
      cmocka_unit_test(test_random_odd_sizes),
  };
  return cmocka_run_group_tests_name("tnam_model", tests, NULL, NULL);
}
