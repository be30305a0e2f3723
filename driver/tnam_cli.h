// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* What every program's command line and outputs share: strict numbers (also for file
 * readers), options given once, text built without a fixed-size buffer, and standard output
 * closed with its errors reported. */
#ifndef TNAM_CLI_H
#define TNAM_CLI_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "tnam_backend.h" /* the exit codes */

#ifdef __cplusplus
extern "C" {
#endif

/* ---- strict numbers ------------------------------------------------------------------------
 * Digits only: no blank before or after, no '+', no base prefix, no "inf" or "nan" (strtoul
 * and strtod take them all, and strtoul turns "-1" into 2^64 - 1). Signed forms take one
 * leading '-'. */
typedef enum {
  TNAM_NUM_OK,
  TNAM_NUM_SYNTAX, /* not a number of that form */
  TNAM_NUM_RANGE   /* a number, outside [lo, hi] */
} tnam_num_status_t;

tnam_num_status_t tnam_num_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out);
tnam_num_status_t tnam_num_i64(const char *text, int64_t lo, int64_t hi, int64_t *out);
/* The same of the len bytes at text (a file's token: a NUL byte among them is no digit). */
tnam_num_status_t tnam_num_u64n(const char *text, size_t len, uint64_t lo, uint64_t hi,
                                uint64_t *out);
tnam_num_status_t tnam_num_i64n(const char *text, size_t len, int64_t lo, int64_t hi, int64_t *out);
/* A finite decimal real: [-]digits[.digits][e[-]digits] (at least one digit before the
 * exponent). */
tnam_num_status_t tnam_num_real(const char *text, double lo, double hi, double *out);

/* ---- options -------------------------------------------------------------------------------
 * Each prints "error: option OPT: 'TEXT' is not ..." on stderr and returns 0 when TEXT is not
 * a number of the form in [lo, hi]; 1 with *out set otherwise. */
int tnam_opt_u64(const char *opt, const char *text, uint64_t lo, uint64_t hi, uint64_t *out);
int tnam_opt_uint(const char *opt, const char *text, unsigned lo, unsigned hi, unsigned *out);
int tnam_opt_i64(const char *opt, const char *text, int64_t lo, int64_t hi, int64_t *out);
int tnam_opt_real(const char *opt, const char *text, double lo, double hi, double *out);

/* The options a command line has given so far: an option given twice is refused instead of
 * silently taking the last value. Zero-initialise. */
#define TNAM_OPT_SEEN_MAX 64
typedef struct {
  const char *name[TNAM_OPT_SEEN_MAX];
  unsigned n;
} tnam_opt_seen_t;

/* 1 the first time `opt` is given; 0 after "error: option OPT is given twice" on stderr. */
int tnam_opt_once(tnam_opt_seen_t *seen, const char *opt);
/* 1 if `opt` has been given. */
int tnam_opt_given(const tnam_opt_seen_t *seen, const char *opt);

/* ---- text of any length ------------------------------------------------------------------- */

/* A growing string: paths and command lines have no length limit. Zero-initialise; text is
 * NULL until the first append and after running out of memory (then every append fails). */
typedef struct {
  char *text;
  size_t len, cap;
  int failed;
} tnam_str_t;

/* Appends printf-style text; 1, or 0 when out of memory (then s->failed is set). */
int tnam_str_add(tnam_str_t *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text ("" when empty or after running out of memory). */
const char *tnam_str_get(const tnam_str_t *s);
void tnam_str_free(tnam_str_t *s);

/* ---- stop signals -------------------------------------------------------------------------
 * SIGINT and SIGTERM end a run cleanly (outputs closed, a message, exit 3) instead of killing
 * it: the handler only records the signal, without SA_RESTART, so that a blocking wait (a
 * board's answer) returns EINTR and its caller looks here. */
extern volatile sig_atomic_t tnam_stop_signal; /* the signal that asked to stop, or 0 */
void tnam_catch_stop_signals(void);

/* ---- outputs ------------------------------------------------------------------------------ */

/* A file an option names for output: a new file or a regular one (a wave file is seeked and
 * read back: not a device or a pipe). 1, or 0 after "error: option OPT: ..." on stderr. */
int tnam_opt_output_file(const char *opt, const char *path);

/* Flushes standard output, where a full disk or a closed pipe shows only now. Returns status,
 * or after "error: cannot write standard output: REASON" on stderr TNAM_EXIT_ABORTED when the
 * run had passed (another failure keeps its status). Every program returns through it. */
int tnam_stdout_finish(int status);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_CLI_H */
