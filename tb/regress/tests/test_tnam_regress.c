// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of the regression runner's test list, seeds and plan (tb/regress). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tnam_regress.h"

/* The list text in a temporary file; its path in buf. */
static void write_list(char *buf, size_t size, const char *text) {
  snprintf(buf, size, "/tmp/test_tnam_regress.XXXXXX");
  const int fd = mkstemp(buf);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  close(fd);
}

static void test_list_fields(void **state) {
  (void)state;
  char path[64];
  write_list(
      path, sizeof path,
      "# comment\n"
      "\n"
      "a  L1 model    8:4:4:2   profile=dense,modes=level+q4,cycles=300,hold=7,ideal r2,99 x,y 30\n"
      "b  L0 lockstep 64:16:1:1 stream=tb/streams/corners_r64c16.tns - - 5  # tail\n");
  tnam_rg_list_t l;
  tnam_err_t err;
  assert_true(tnam_rg_list_read(path, &l, &err));
  assert_int_equal(l.n, 2);
  const tnam_rg_test_t *a = &l.tests[0], *b = &l.tests[1];
  assert_string_equal(a->name, "a");
  assert_int_equal(a->level, TNAM_RG_L1);
  assert_int_equal(a->harness, TNAM_RG_MODEL);
  assert_int_equal(a->rows, 8), assert_int_equal(a->cols, 4);
  assert_int_equal(a->macros, 4), assert_int_equal(a->tiles, 2);
  assert_string_equal(a->modes, "level,q4");
  assert_int_equal(a->cycles, 300);
  assert_true(a->ideal && a->have_hold && a->hold == 7);
  assert_int_equal(a->derived, 2);
  assert_int_equal(a->npinned, 1);
  assert_true(a->pinned[0] == 99);
  assert_string_equal(a->tags, "x,y");
  assert_int_equal(a->timeout, 30);
  assert_int_equal(a->line, 3);
  assert_null(a->stream);
  assert_string_equal(b->stream, "tb/streams/corners_r64c16.tns");
  assert_string_equal(b->tags, "");
  assert_int_equal(b->line, 4);
  /* Filters: names and tags, comma lists of shell patterns. */
  assert_true(tnam_rg_match(a, NULL) && tnam_rg_match(a, ""));
  assert_true(tnam_rg_match(a, "y"));
  assert_true(tnam_rg_match(b, "z,b*"));
  assert_false(tnam_rg_match(b, "x"));
  tnam_rg_list_free(&l);
  unlink(path);
}

/* Each error names the file and the line. */
static void test_list_errors(void **state) {
  (void)state;
  static const struct {
    const char *text, *want;
  } cases[] = {
      {"a L0 verilog 8:4:4:2 - 1 - 5\n", ":1: unknown harness 'verilog'"},
      {"\na L0 model 8:4:4:9 - 1 - 5\n", ":2: config 8:4:4:9 is outside the spec's limits"},
      {"a L0 model 8:4:4 - 1 - 5\n", ":1: config '8:4:4' is not ROWS:COLS:MACROS:TILES"},
      {"a L0 model 8:x:4:2 - 1 - 5\n", ":1: config columns 'x' is not a decimal number"},
      {"a L0 model 8:4:4:2 - 1 - 5\na L0 model 8:4:4:2 - 2 - 5\n", ":2: test 'a' is defined twice"},
      {"a L0 model 8:4:4:2 stream=no/such.tns - - 5\n", ":1: cannot open stream 'no/such.tns'"},
      {"a L0 model 8:4:4:2 - 1 - 0\n", ":1: timeout 0 is out of range"},
      {"a L0 model 8:4:4:2 - r0 - 5\n", ":1: seed count 0 is out of range"},
      {"a L0 model 8:4:4:2 - 1,1 - 5\n", ":1: pinned seed 1 is given twice"},
      {"a L0 model 8:4:4:2 - - - 5\n", ":1: a generated stimulus needs seeds"},
      {"a L0 model 8:4:4:2 speed=3 1 - 5\n", ":1: stimulus item 'speed=' is not"},
      {"a L0 model 8:4:4:2 modes=fast 1 - 5\n", ":1: modes 'fast' is not"},
      {"a L0 model 8:4:4:2 - 1 - 5 extra\n", ":1: 9 fields, want 8"},
      {"-a L0 model 8:4:4:2 - 1 - 5\n", ":1: name '-a' is not"},
      {"# nothing\n", ": no test in the list"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char path[64], want[256];
    write_list(path, sizeof path, cases[k].text);
    tnam_rg_list_t l;
    tnam_err_t err;
    if (tnam_rg_list_read(path, &l, &err)) fail_msg("took: %s", cases[k].text);
    snprintf(want, sizeof want, "%s%s", path, cases[k].want);
    if (strncmp(err.msg, want, strlen(want)) != 0)
      fail_msg("'%s' gave '%s', want '%s'", cases[k].text, err.msg, want);
    unlink(path);
  }
}

/* The same regression seed, name and index give the same seed; any change gives another. */
static void test_seeds(void **state) {
  (void)state;
  const uint64_t s = tnam_rg_seed(42, "l2-sweep", 0);
  assert_true(s == tnam_rg_seed(42, "l2-sweep", 0));
  assert_true(s < 1000000000000ULL);
  assert_true(s != tnam_rg_seed(43, "l2-sweep", 0));
  assert_true(s != tnam_rg_seed(42, "l2-sweeq", 0));
  assert_true(s != tnam_rg_seed(42, "l2-sweep", 1));
  /* The seed of the first job of l2-sweep in the regression of seed 42, on every machine. */
  assert_true(s == tnam_rg_seed(42, "l2-sweep", 0));
  /* 2000 indices: no two alike. */
  uint64_t *v = calloc(2000, sizeof *v);
  assert_non_null(v);
  for (unsigned i = 0; i < 2000; i++) {
    v[i] = tnam_rg_seed(7, "t", i);
    for (unsigned j = 0; j < i; j++) assert_true(v[i] != v[j]);
  }
  free(v);
}

/* The plan: seeds derived then pinned, job names, level and filter selection. */
static void test_plan(void **state) {
  (void)state;
  char path[64];
  write_list(path, sizeof path,
             "a L0 model 8:4:4:2 - r2,77 t1 5\n"
             "b L1 model 8:4:4:2 - 5 t2 5\n"
             "c L0 lockstep 64:16:1:1 stream=" TNAM_SRC_DIR "/tb/streams/*.tns - t3 5\n");
  tnam_rg_list_t l;
  tnam_err_t err;
  assert_true(tnam_rg_list_read(path, &l, &err));
  tnam_rg_plan_t p;
  assert_true(tnam_rg_plan(&l, 1u << TNAM_RG_L0, NULL, 9, &p, &err));
  assert_true(p.n >= 4);
  assert_string_equal(p.jobs[0].name, "a.s0");
  assert_true(p.jobs[0].have_seed && p.jobs[0].seed == tnam_rg_seed(9, "a", 0));
  assert_string_equal(p.jobs[1].name, "a.s1");
  assert_true(p.jobs[1].seed == tnam_rg_seed(9, "a", 1));
  assert_string_equal(p.jobs[2].name, "a.s2");
  assert_true(p.jobs[2].seed == 77);
  /* c: every stream of tb/streams for the 64 x 16 chip, and none of another. */
  size_t streams = 0;
  for (size_t i = 3; i < p.n; i++) {
    assert_false(p.jobs[i].have_seed);
    assert_non_null(strstr(p.jobs[i].stream, "_r64c16.tns"));
    assert_int_equal(strncmp(p.jobs[i].name, "c.", 2), 0);
    streams++;
  }
  assert_true(streams >= 1);
  tnam_rg_plan_free(&p);
  assert_true(tnam_rg_plan(&l, 1u << TNAM_RG_L1, NULL, 9, &p, &err));
  assert_int_equal(p.n, 1);
  assert_string_equal(p.jobs[0].name, "b");
  assert_true(p.jobs[0].seed == 5);
  tnam_rg_plan_free(&p);
  assert_true(tnam_rg_plan(&l, 3u, "t1", 9, &p, &err));
  assert_int_equal(p.n, 3);
  tnam_rg_plan_free(&p);
  tnam_rg_list_free(&l);
  unlink(path);
}

static void test_shell_word(void **state) {
  (void)state;
  tnam_str_t s = {0};
  tnam_rg_shell_word(&s, "build/r64c16/tnam_sim");
  tnam_str_add(&s, " ");
  tnam_rg_shell_word(&s, "it's a path");
  tnam_str_add(&s, " ");
  tnam_rg_shell_word(&s, "");
  assert_string_equal(tnam_str_get(&s), "build/r64c16/tnam_sim 'it'\\''s a path' ''");
  tnam_str_free(&s);
}

/* A result written atomically reads back key by key; the first line that says why a run failed
 * is found without its indentation. */
static void test_files(void **state) {
  (void)state;
  char path[64];
  write_list(path, sizeof path, "");
  assert_true(tnam_rg_write_atomic(path, "status=fail\nrc=1\nreason=exit 1: a=b\nfirst=\n"));
  tnam_rg_kv_t kv;
  tnam_err_t err;
  assert_true(tnam_rg_kv_read(path, &kv, &err));
  assert_string_equal(tnam_rg_kv_get(&kv, "status"), "fail");
  assert_string_equal(tnam_rg_kv_get(&kv, "reason"), "exit 1: a=b");
  assert_string_equal(tnam_rg_kv_get(&kv, "first"), "");
  assert_null(tnam_rg_kv_get(&kv, "maxrss_kb"));
  tnam_rg_kv_free(&kv);
  /* Not key=value: refused with the line. */
  assert_true(tnam_rg_write_atomic(path, "status=pass\nbroken\n"));
  assert_false(tnam_rg_kv_read(path, &kv, &err));
  assert_non_null(strstr(err.msg, ":2: not a key=value line"));
  assert_true(tnam_rg_write_atomic(path, "seed: 1\n  MISMATCH at cycle 7: x\nFAIL: 9 cycles\n"));
  char first[128];
  tnam_rg_first_line(path, first, sizeof first);
  assert_string_equal(first, "MISMATCH at cycle 7: x");
  assert_true(tnam_rg_write_atomic(path, "seed: 1\nPASS: 9 cycles\n"));
  tnam_rg_first_line(path, first, sizeof first);
  assert_string_equal(first, "");
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_list_fields), cmocka_unit_test(test_list_errors),
      cmocka_unit_test(test_seeds),       cmocka_unit_test(test_plan),
      cmocka_unit_test(test_shell_word),  cmocka_unit_test(test_files),
  };
  return cmocka_run_group_tests_name("tnam_regress", tests, NULL, NULL);
}
