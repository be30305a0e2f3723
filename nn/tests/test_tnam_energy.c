// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of the energy model: the config reader on the committed file and on every bad
 * case, the counter deltas, the op count, and an energy computed by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tnam_energy.h"

/* A valid file whose constants are 1 .. 8 fJ in class order, line k+3 holding class k (two
 * comment lines and a blank line first, so that line numbers in errors are tested). */
static void good_text(char *buf, size_t n) {
  size_t o = (size_t)snprintf(buf, n, "# energy\n  # indented comment\n\n");
  for (int k = 0; k < TNAM_E_CLASSES; k++)
    o += (size_t)snprintf(buf + o, n - o, "%s\t%d fJ  # source %d\n", tnam_energy_names[k], k + 1,
                          k);
}

/* Replaces the line of class k in buf by line (which ends with its own newline). */
static void replace_line(char *buf, size_t n, int k, const char *line) {
  char *p = strstr(buf, tnam_energy_names[k]);
  char *e = strchr(p, '\n') + 1;
  char rest[2048];
  snprintf(rest, sizeof rest, "%s", e);
  snprintf(p, n - (size_t)(p - buf), "%s%s", line, rest);
}

/* good_text with the line of class k replaced by line. */
static void text_with(char *buf, size_t n, int k, const char *line) {
  good_text(buf, n);
  replace_line(buf, n, k, line);
}

static void expect_error(const char *text, const char *want) {
  tnam_energy_cfg_t cfg = {{0}};
  char err[256] = "";
  assert_int_equal(tnam_energy_parse(text, strlen(text), "e.cfg", &cfg, err, sizeof err), -1);
  assert_string_equal(err, want);
  for (int k = 0; k < TNAM_E_CLASSES; k++) assert_true(cfg.fj[k] == 0.0); /* untouched */
}

static void test_committed_config(void **state) {
  (void)state;
  tnam_energy_cfg_t cfg;
  char err[256] = "";
  int rc = tnam_energy_load("nn/energy.cfg", &cfg, err, sizeof err);
  if (rc != 0) print_error("%s\n", err);
  assert_int_equal(rc, 0);
  assert_true(cfg.fj[TNAM_E_DEC] == 26.1);
  assert_true(cfg.fj[TNAM_E_ACTIVE] == 3609.0);
}

static void test_good_text(void **state) {
  (void)state;
  char buf[2048];
  good_text(buf, sizeof buf);
  /* A last line without its newline and a value in every accepted syntax. */
  replace_line(buf, sizeof buf, TNAM_E_Q4, "q4_neuron_plane 0.5e1 fJ #s\n");
  replace_line(buf, sizeof buf, TNAM_E_ZD, "zero_detect_column .25 fJ #s\n");
  replace_line(buf, sizeof buf, TNAM_E_STEP, "search_step_column 3. fJ #s\n");
  buf[strlen(buf) - 1] = '\0';
  tnam_energy_cfg_t cfg;
  char err[256] = "";
  assert_int_equal(tnam_energy_parse(buf, strlen(buf), "e.cfg", &cfg, err, sizeof err), 0);
  assert_true(cfg.fj[TNAM_E_CELL] == 1.0);
  assert_true(cfg.fj[TNAM_E_STEP] == 3.0);
  assert_true(cfg.fj[TNAM_E_ZD] == 0.25);
  assert_true(cfg.fj[TNAM_E_Q4] == 5.0);
  assert_true(cfg.fj[TNAM_E_ACTIVE] == 8.0);
}

static void test_unknown_and_duplicate(void **state) {
  (void)state;
  char buf[2048];
  good_text(buf, sizeof buf);
  strcat(buf, "cell_reads 1 fJ # s\n");
  expect_error(buf, "e.cfg:12: unknown constant 'cell_reads'");
  good_text(buf, sizeof buf);
  strcat(buf, "comparator_decision 1 fJ # again\n");
  expect_error(buf, "e.cfg:12: duplicate constant 'comparator_decision' (first on line 5)");
}

static void test_missing_constant(void **state) {
  (void)state;
  char buf[2048];
  text_with(buf, sizeof buf, TNAM_E_PSUM, "# psum_add 7 fJ # commented out\n");
  expect_error(buf, "e.cfg: missing constant 'psum_add'");
  expect_error("", "e.cfg: missing constant 'cell_read'");
}

static void test_bad_numbers(void **state) {
  (void)state;
  static const char *bad[] = {"abc", "1.2.3", "inf", "nan", "0x10", "1e", "+1", "1,5", "."};
  char buf[2048], line[128], want[160];
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(line, sizeof line, "cell_write %s fJ # s\n", bad[i]);
    text_with(buf, sizeof buf, TNAM_E_WRITE, line);
    snprintf(want, sizeof want, "e.cfg:8: bad number '%s' for 'cell_write'", bad[i]);
    expect_error(buf, want);
  }
  text_with(buf, sizeof buf, TNAM_E_WRITE, "cell_write 1e999 fJ # s\n");
  expect_error(buf, "e.cfg:8: bad number '1e999' for 'cell_write' (out of range)");
  text_with(buf, sizeof buf, TNAM_E_WRITE, "cell_write # s\n");
  expect_error(buf, "e.cfg:8: 'cell_write' has no value");
}

static void test_negative(void **state) {
  (void)state;
  char buf[2048];
  text_with(buf, sizeof buf, TNAM_E_DEC, "comparator_decision -2.5 fJ # s\n");
  expect_error(buf, "e.cfg:5: negative value -2.5 for 'comparator_decision'");
}

static void test_unit_and_source(void **state) {
  (void)state;
  char buf[2048];
  text_with(buf, sizeof buf, TNAM_E_CELL, "cell_read 1 pJ # s\n");
  expect_error(buf, "e.cfg:4: unit of 'cell_read' must be fJ, not 'pJ'");
  text_with(buf, sizeof buf, TNAM_E_CELL, "cell_read 1 # s\n");
  expect_error(buf, "e.cfg:4: unit of 'cell_read' must be fJ, not ''");
  text_with(buf, sizeof buf, TNAM_E_CELL, "cell_read 1 fJ\n");
  expect_error(buf, "e.cfg:4: 'cell_read' needs '# source' after its unit");
  text_with(buf, sizeof buf, TNAM_E_CELL, "cell_read 1 fJ extra # s\n");
  expect_error(buf, "e.cfg:4: 'cell_read' needs '# source' after its unit");
  text_with(buf, sizeof buf, TNAM_E_CELL, "cell_read 1 fJ #   \t\n");
  expect_error(buf, "e.cfg:4: 'cell_read' has an empty source comment");
}

static void test_line_ends(void **state) {
  (void)state;
  char buf[2048];
  text_with(buf, sizeof buf, TNAM_E_CELL, "cell_read 1 fJ # s\r\n");
  expect_error(buf, "e.cfg:4: carriage return (lines end with LF alone)");
  const char nul[] = "# a\ncell_read 1\0 fJ # s\n";
  tnam_energy_cfg_t cfg;
  char err[256] = "";
  assert_int_equal(tnam_energy_parse(nul, sizeof nul - 1, "e.cfg", &cfg, err, sizeof err), -1);
  assert_string_equal(err, "e.cfg:2: NUL byte (lines end with LF alone)");
}

static void test_load_missing_file(void **state) {
  (void)state;
  tnam_energy_cfg_t cfg;
  char err[256] = "";
  assert_int_equal(tnam_energy_load("build/no/such/energy.cfg", &cfg, err, sizeof err), -1);
  assert_non_null(strstr(err, "build/no/such/energy.cfg"));
}

static void test_add_chip_wraps(void **state) {
  (void)state;
  static tnam_chip_out_t before, after;
  memset(&before, 0, sizeof before);
  memset(&after, 0, sizeof after);
  before.m[0].cnt_eval = 0xfffffffeu; /* wraps to 3 after 5 more */
  after.m[0].cnt_eval = 3;
  before.m[1].cnt_dec = 10;
  after.m[1].cnt_dec = 25;
  after.m[1].cnt_nzdrv = 7;
  after.m[0].cnt_wr = 32;
  after.m[1].cnt_step = 16;
  after.m[1].cnt_gated = 4;
  before.cnt_active[0] = 1;
  after.cnt_active[0] = 9;
  after.cnt_active[1] = 2;
  after.m[2].cnt_eval = 100; /* macro 2 is beyond the macros asked for */
  tnam_energy_counts_t c = {0};
  c.eval = 1; /* adds to what is there */
  tnam_energy_add_chip(&c, &before, &after, 2);
  assert_int_equal(c.eval, 6);
  assert_int_equal(c.dec, 15);
  assert_int_equal(c.nzdrv, 7);
  assert_int_equal(c.wr, 32);
  assert_int_equal(c.step, 16);
  assert_int_equal(c.gated, 4);
  assert_int_equal(c.active, 10);
}

/* Field by field: the struct has padding after cols, which memcmp would compare. */
static void assert_counts(const tnam_energy_counts_t *c, const uint64_t want[11], unsigned cols) {
  const uint64_t got[11] = {c->eval,   c->dec,      c->gated,     c->nzdrv, c->wr,        c->step,
                            c->active, c->q4_reads, c->psum_adds, c->ops,   c->inferences};
  for (int i = 0; i < 11; i++) assert_int_equal(got[i], want[i]);
  assert_int_equal(c->cols, cols);
}

static void test_counts_add(void **state) {
  (void)state;
  tnam_energy_counts_t a = {.eval = 1, .wr = 2, .ops = 3}, none = {0};
  const tnam_energy_counts_t b = {1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 10, 11};
  tnam_energy_counts_add(&a, &b);
  const uint64_t want[11] = {2, 2, 3, 4, 7, 6, 7, 8, 9, 13, 11};
  assert_counts(&a, want, 16);
  tnam_energy_counts_add(&a, &none); /* an empty layer (pooling) leaves cols as it was */
  assert_counts(&a, want, 16);
}

static void test_net_ops(void **state) {
  (void)state;
  /* conv 1x8x8 -> 4x6x6 (k 3, fan-in 9), pool 2, dense 36 -> 10. */
  tnam_net_t net;
  memset(&net, 0, sizeof net);
  net.n_layers = 3;
  net.layer[0] =
      (tnam_layer_t){.type = TNAM_LAYER_CONV, .out_c = 4, .out_h = 6, .out_w = 6, .fan_in = 9};
  net.layer[1] = (tnam_layer_t){.type = TNAM_LAYER_POOL, .out_c = 4, .out_h = 3, .out_w = 3};
  net.layer[2] =
      (tnam_layer_t){.type = TNAM_LAYER_DENSE, .out_c = 10, .out_h = 1, .out_w = 1, .fan_in = 36};
  /* 2 * (144 * 9 + 10 * 36) = 2 * (1296 + 360) = 3312 */
  assert_int_equal(tnam_energy_net_ops(&net), 3312);
}

static void test_hand_computed(void **state) {
  (void)state;
  tnam_energy_cfg_t cfg;
  char buf[2048], err[256] = "";
  good_text(buf, sizeof buf); /* cell 1, dec 2, step 3, zd 4, write 5, q4 6, psum 7, active 8 */
  assert_int_equal(tnam_energy_parse(buf, strlen(buf), "e.cfg", &cfg, err, sizeof err), 0);
  tnam_energy_counts_t c = {.eval = 10,
                            .dec = 20,
                            .gated = 30,
                            .nzdrv = 40,
                            .wr = 50,
                            .step = 6,
                            .active = 70,
                            .q4_reads = 4,
                            .psum_adds = 9,
                            .cols = 16,
                            .ops = 20000,
                            .inferences = 4};
  tnam_energy_report_t r;
  assert_int_equal(tnam_energy_compute(&cfg, &c, &r), 0);
  /* cell 40*1 = 40; dec 20*2 = 40; step 6*16*3 = 288; zd 10*16*4 = 640; write 50*5 = 250;
   * q4 4*5*6 = 120 (16 columns hold 5 neurons); psum 9*7 = 63; active 70*8 = 560. */
  const double want[TNAM_E_CLASSES] = {40, 40, 288, 640, 250, 120, 63, 560};
  for (int k = 0; k < TNAM_E_CLASSES; k++) assert_true(r.fj[k] == want[k]);
  assert_int_equal(r.events[TNAM_E_STEP], 96);
  assert_int_equal(r.events[TNAM_E_ZD], 160);
  assert_int_equal(r.events[TNAM_E_Q4], 20);
  assert_true(r.total_fj == 2001.0);
  assert_true(r.per_inference_fj == 500.25);
  /* 1000 * 20000 / 2001 */
  assert_true(r.tops_per_w > 9995.002 && r.tops_per_w < 9995.003);
  assert_true(r.gating_saved_min_fj == 60.0);
}

static void test_compute_edges(void **state) {
  (void)state;
  tnam_energy_cfg_t cfg = {{1, 1, 1, 1, 1, 1, 1, 1}};
  tnam_energy_report_t r;
  tnam_energy_counts_t c = {.eval = 1};
  assert_int_equal(tnam_energy_compute(&cfg, &c, &r), -1); /* per-column events need cols */
  tnam_energy_counts_t none = {.ops = 5};
  assert_int_equal(tnam_energy_compute(&cfg, &none, &r), 0);
  assert_true(r.total_fj == 0.0 && r.tops_per_w == 0.0 && r.per_inference_fj == 0.0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_committed_config),
      cmocka_unit_test(test_good_text),
      cmocka_unit_test(test_unknown_and_duplicate),
      cmocka_unit_test(test_missing_constant),
      cmocka_unit_test(test_bad_numbers),
      cmocka_unit_test(test_negative),
      cmocka_unit_test(test_unit_and_source),
      cmocka_unit_test(test_line_ends),
      cmocka_unit_test(test_load_missing_file),
      cmocka_unit_test(test_add_chip_wraps),
      cmocka_unit_test(test_counts_add),
      cmocka_unit_test(test_net_ops),
      cmocka_unit_test(test_hand_computed),
      cmocka_unit_test(test_compute_edges),
  };
  return cmocka_run_group_tests_name("tnam_energy", tests, NULL, NULL);
}
