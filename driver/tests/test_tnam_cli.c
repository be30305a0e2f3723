// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of tnam_cli: strict numbers, options given once, growing strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tnam_cli.h"

static void test_u64_strict(void **state) {
  (void)state;
  uint64_t v = 7;
  assert_int_equal(tnam_num_u64("0", 0, 9, &v), TNAM_NUM_OK);
  assert_int_equal(v, 0);
  assert_int_equal(tnam_num_u64("0042", 0, 99, &v), TNAM_NUM_OK);
  assert_int_equal(v, 42);
  assert_int_equal(tnam_num_u64("18446744073709551615", 0, UINT64_MAX, &v), TNAM_NUM_OK);
  assert_true(v == UINT64_MAX);
  /* What strtoull takes and a strict reader must not: blanks, signs, prefixes, nothing. */
  static const char *const bad[] = {"",    " 5",  "5 ",  "+5",   "-1",  " -1", "0x10",
                                    "5\n", "1e3", "5.0", "five", "\t5", "5,"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    v = 7;
    if (tnam_num_u64(bad[k], 0, UINT64_MAX, &v) != TNAM_NUM_SYNTAX) fail_msg("took '%s'", bad[k]);
    assert_int_equal(v, 7); /* untouched */
  }
  assert_int_equal(tnam_num_u64("18446744073709551616", 0, UINT64_MAX, &v), TNAM_NUM_RANGE);
  assert_int_equal(tnam_num_u64("99999999999999999999999", 0, UINT64_MAX, &v), TNAM_NUM_RANGE);
  assert_int_equal(tnam_num_u64("10", 0, 9, &v), TNAM_NUM_RANGE);
  assert_int_equal(tnam_num_u64("0", 1, 9, &v), TNAM_NUM_RANGE);
}

static void test_i64_strict(void **state) {
  (void)state;
  int64_t v = 0;
  assert_int_equal(tnam_num_i64("-2", -2, 1, &v), TNAM_NUM_OK);
  assert_int_equal(v, -2);
  assert_int_equal(tnam_num_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), TNAM_NUM_OK);
  assert_true(v == INT64_MIN);
  assert_int_equal(tnam_num_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v), TNAM_NUM_RANGE);
  assert_int_equal(tnam_num_i64("-3", -2, 1, &v), TNAM_NUM_RANGE);
  static const char *const bad[] = {"+1", " -1", "--1", "-", "- 1", "1-", ""};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    if (tnam_num_i64(bad[k], INT64_MIN, INT64_MAX, &v) != TNAM_NUM_SYNTAX)
      fail_msg("took '%s'", bad[k]);
}

static void test_real_strict(void **state) {
  (void)state;
  double v = 0;
  assert_int_equal(tnam_num_real("0.25", 0, 1, &v), TNAM_NUM_OK);
  assert_true(v == 0.25);
  assert_int_equal(tnam_num_real("-1.5e-3", -1, 1, &v), TNAM_NUM_OK);
  assert_int_equal(tnam_num_real(".5", 0, 1, &v), TNAM_NUM_OK);
  assert_int_equal(tnam_num_real("3.", 0, 9, &v), TNAM_NUM_OK);
  static const char *const bad[] = {"",   " 1", "1 ", "+1",    "inf", "nan", "0x1p3",
                                    "1e", "e3", ".",  "1.2.3", "-",   "1e+3"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    if (tnam_num_real(bad[k], -1e300, 1e300, &v) != TNAM_NUM_SYNTAX) fail_msg("took '%s'", bad[k]);
  assert_int_equal(tnam_num_real("1e999", -1e300, 1e300, &v), TNAM_NUM_RANGE);
  assert_int_equal(tnam_num_real("1.5", 0, 1, &v), TNAM_NUM_RANGE);
}

static void test_options_once(void **state) {
  (void)state;
  tnam_opt_seen_t seen = {0};
  assert_true(tnam_opt_once(&seen, "--seed"));
  assert_true(tnam_opt_once(&seen, "--cycles"));
  assert_true(tnam_opt_given(&seen, "--seed"));
  assert_false(tnam_opt_given(&seen, "--stream"));
  assert_false(tnam_opt_once(&seen, "--seed")); /* prints the error */
  uint64_t v;
  assert_false(tnam_opt_u64("--cycles", " 5", 1, 10, &v));
  assert_true(tnam_opt_u64("--cycles", "5", 1, 10, &v));
  assert_int_equal(v, 5);
}

static void test_str_any_length(void **state) {
  (void)state;
  tnam_str_t s = {0};
  assert_string_equal(tnam_str_get(&s), "");
  char part[1000];
  memset(part, 'd', sizeof part - 1);
  part[sizeof part - 1] = '\0';
  for (int k = 0; k < 10; k++) assert_true(tnam_str_add(&s, "/%s", part));
  assert_true(tnam_str_add(&s, " --stream %s", "x.tns"));
  assert_int_equal(strlen(tnam_str_get(&s)), 10 * 1000 + strlen(" --stream x.tns"));
  assert_string_equal(tnam_str_get(&s) + 10 * 1000, " --stream x.tns");
  tnam_str_free(&s);
  assert_string_equal(tnam_str_get(&s), "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_u64_strict),     cmocka_unit_test(test_i64_strict),
      cmocka_unit_test(test_real_strict),    cmocka_unit_test(test_options_once),
      cmocka_unit_test(test_str_any_length),
  };
  return cmocka_run_group_tests_name("tnam_cli", tests, NULL, NULL);
}
