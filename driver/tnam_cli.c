// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Strict numbers, options given once, growing strings, standard output checked at the end. */
#define _POSIX_C_SOURCE 200809L /* sigaction */
#include "tnam_cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tnam_backend.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* The len bytes at p: digits only, at least one, into *v (saturating at UINT64_MAX: then *over
 * is set). A NUL byte among them is not a digit. */
static int digits(const char *p, size_t len, uint64_t *v, int *over) {
  if (len == 0) return 0;
  uint64_t x = 0;
  *over = 0;
  for (size_t i = 0; i < len; i++) {
    if (!is_digit(p[i])) return 0;
    const unsigned d = (unsigned)(p[i] - '0');
    if (x > (UINT64_MAX - d) / 10) *over = 1;
    x = *over ? UINT64_MAX : x * 10 + d;
  }
  *v = x;
  return 1;
}

tnam_num_status_t tnam_num_u64n(const char *text, size_t len, uint64_t lo, uint64_t hi,
                                uint64_t *out) {
  uint64_t v;
  int over;
  if (!digits(text, len, &v, &over)) return TNAM_NUM_SYNTAX;
  if (over || v < lo || v > hi) return TNAM_NUM_RANGE;
  *out = v;
  return TNAM_NUM_OK;
}

tnam_num_status_t tnam_num_i64n(const char *text, size_t len, int64_t lo, int64_t hi,
                                int64_t *out) {
  const size_t neg = len > 0 && text[0] == '-';
  uint64_t mag;
  int over;
  if (!digits(text + neg, len - neg, &mag, &over)) return TNAM_NUM_SYNTAX;
  /* -2^63 is the one magnitude beyond INT64_MAX that fits. */
  if (over || mag > (uint64_t)INT64_MAX + neg) return TNAM_NUM_RANGE;
  const int64_t v =
      neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
  if (v < lo || v > hi) return TNAM_NUM_RANGE;
  *out = v;
  return TNAM_NUM_OK;
}

tnam_num_status_t tnam_num_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out) {
  return tnam_num_u64n(text, strlen(text), lo, hi, out);
}

tnam_num_status_t tnam_num_i64(const char *text, int64_t lo, int64_t hi, int64_t *out) {
  return tnam_num_i64n(text, strlen(text), lo, hi, out);
}

tnam_num_status_t tnam_num_real(const char *text, double lo, double hi, double *out) {
  const char *p = text + (text[0] == '-');
  int n = 0;
  while (is_digit(*p)) p++, n++;
  if (*p == '.') {
    p++;
    while (is_digit(*p)) p++, n++;
  }
  if (n == 0) return TNAM_NUM_SYNTAX;
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '-') p++;
    if (!is_digit(*p)) return TNAM_NUM_SYNTAX;
    while (is_digit(*p)) p++;
  }
  if (*p) return TNAM_NUM_SYNTAX;
  errno = 0;
  const double v = strtod(text, NULL);
  if (!isfinite(v) || !(v >= lo && v <= hi)) return TNAM_NUM_RANGE;
  *out = v;
  return TNAM_NUM_OK;
}

int tnam_opt_u64(const char *opt, const char *text, uint64_t lo, uint64_t hi, uint64_t *out) {
  if (tnam_num_u64(text, lo, hi, out) == TNAM_NUM_OK) return 1;
  fprintf(stderr, "error: option %s: '%s' is not a whole number in [%" PRIu64 ", %" PRIu64 "]\n",
          opt, text, lo, hi);
  return 0;
}

int tnam_opt_uint(const char *opt, const char *text, unsigned lo, unsigned hi, unsigned *out) {
  uint64_t v;
  if (!tnam_opt_u64(opt, text, lo, hi, &v)) return 0;
  *out = (unsigned)v;
  return 1;
}

int tnam_opt_i64(const char *opt, const char *text, int64_t lo, int64_t hi, int64_t *out) {
  if (tnam_num_i64(text, lo, hi, out) == TNAM_NUM_OK) return 1;
  fprintf(stderr, "error: option %s: '%s' is not an integer in [%" PRId64 ", %" PRId64 "]\n", opt,
          text, lo, hi);
  return 0;
}

int tnam_opt_real(const char *opt, const char *text, double lo, double hi, double *out) {
  if (tnam_num_real(text, lo, hi, out) == TNAM_NUM_OK) return 1;
  fprintf(stderr, "error: option %s: '%s' is not a decimal number in [%g, %g]\n", opt, text, lo,
          hi);
  return 0;
}

int tnam_opt_given(const tnam_opt_seen_t *seen, const char *opt) {
  for (unsigned k = 0; k < seen->n; k++)
    if (strcmp(seen->name[k], opt) == 0) return 1;
  return 0;
}

int tnam_opt_once(tnam_opt_seen_t *seen, const char *opt) {
  if (tnam_opt_given(seen, opt)) {
    fprintf(stderr, "error: option %s is given twice (give each option once)\n", opt);
    return 0;
  }
  /* More distinct options than any program has: the check needs no more room. */
  if (seen->n < TNAM_OPT_SEEN_MAX) seen->name[seen->n++] = opt;
  return 1;
}

int tnam_str_add(tnam_str_t *s, const char *fmt, ...) {
  if (s->failed) return 0;
  va_list ap;
  va_start(ap, fmt);
  const int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) goto fail;
  if (s->len + (size_t)n + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 256;
    while (cap < s->len + (size_t)n + 1) cap *= 2;
    char *t = realloc(s->text, cap);
    if (!t) goto fail;
    s->text = t;
    s->cap = cap;
  }
  va_start(ap, fmt);
  vsnprintf(s->text + s->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  s->len += (size_t)n;
  return 1;
fail:
  tnam_str_free(s);
  s->failed = 1;
  return 0;
}

const char *tnam_str_get(const tnam_str_t *s) { return s->text && !s->failed ? s->text : ""; }

void tnam_str_free(tnam_str_t *s) {
  free(s->text);
  s->text = NULL;
  s->len = s->cap = 0;
}

int tnam_stdout_finish(int status) {
  errno = 0;
  const int flushed = fflush(stdout) == 0;
  const int e = errno;
  if (flushed && !ferror(stdout)) return status;
  fprintf(stderr, "error: cannot write standard output: %s\n",
          flushed ? "an earlier write failed" : strerror(e));
  return status == TNAM_EXIT_PASS ? TNAM_EXIT_ABORTED : status;
}

volatile sig_atomic_t tnam_stop_signal;

static void on_stop_signal(int sig) { tnam_stop_signal = sig; }

void tnam_catch_stop_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

int tnam_opt_output_file(const char *opt, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || S_ISREG(st.st_mode)) return 1;
  fprintf(stderr, "error: option %s: %s is not a regular file (the file is seeked and read back)\n",
          opt, path);
  return 0;
}
