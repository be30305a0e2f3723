// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_regress: the regression runner behind `make regress` (tb/regress/README.md). The test
 * list (tb/regress.tsv), the plan of jobs it expands to with their seeds, the job wrapper both
 * engines run, and the key=value files of the run folder (the contract in tb/regress/README.md). */
#ifndef TNAM_REGRESS_H
#define TNAM_REGRESS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "tnam_cli.h"
#include "tnam_text.h"

/* ---- the test list ------------------------------------------------------------------------ */

enum { TNAM_RG_L0, TNAM_RG_L1, TNAM_RG_L2, TNAM_RG_LEVELS };
enum { TNAM_RG_LOCKSTEP, TNAM_RG_SC, TNAM_RG_MODEL, TNAM_RG_VBOARD, TNAM_RG_HARNESSES };
extern const char *const tnam_rg_level_names[TNAM_RG_LEVELS];
extern const char *const tnam_rg_harness_names[TNAM_RG_HARNESSES];

/* Longest test name; the job's name adds ".s<INDEX>" or ".<stream stem>". */
#define TNAM_RG_NAME_MAX 80
/* Most seeds a test may run (derived and pinned together). */
#define TNAM_RG_SEEDS_MAX 100000u
/* Longest timeout of a job: a day. */
#define TNAM_RG_TIMEOUT_MAX 86400u

typedef struct {
  char *name;
  int level, harness;
  unsigned rows, cols, macros, tiles;
  char *stream; /* stream=PATH (a glob: every matching stream for the test's chip), or NULL */
  /* generator options (stream == NULL) */
  int profile;     /* tnam_gen_profile_from_name */
  char *modes;     /* as given, or NULL: all three */
  uint64_t cycles; /* 0: the harness's default */
  int ideal;       /* --ideal */
  int have_hold;   /* --hold-rate */
  unsigned hold;
  unsigned derived; /* seeds derived from the regression seed */
  uint64_t *pinned; /* seeds pinned in the list, run every time */
  unsigned npinned;
  char *tags;       /* comma list, or "" */
  unsigned timeout; /* seconds */
  char *file;       /* where it was defined */
  unsigned line;
} tnam_rg_test_t;

typedef struct {
  tnam_rg_test_t *tests;
  size_t n;
} tnam_rg_list_t;

/* Reads the test list at path. 1, or 0 with err: "FILE:LINE: message" (an unknown harness, a
 * chip outside the spec's limits, a duplicated name, a missing stream, a malformed field). */
int tnam_rg_list_read(const char *path, tnam_rg_list_t *list, tnam_err_t *err);
void tnam_rg_list_free(tnam_rg_list_t *list);

/* Whether the test matches the filter: a comma list of shell patterns, each tried on the
 * test's name and on each of its tags; NULL or "" matches everything. */
int tnam_rg_match(const tnam_rg_test_t *t, const char *filter);

/* ---- seeds --------------------------------------------------------------------------------- */

/* The seed of derived index i of test `name` in the regression of seed `regress_seed`: the same
 * three give the same seed on every machine; below 10^12 (short enough to type). */
uint64_t tnam_rg_seed(uint64_t regress_seed, const char *name, unsigned index);

/* ---- the plan: the jobs a selection of tests expands to --------------------------------- */

typedef struct {
  const tnam_rg_test_t *test;
  char *name;    /* the job folder's name */
  int have_seed; /* 0 for a stream */
  uint64_t seed;
  char *stream; /* the stream's path, or NULL */
} tnam_rg_job_t;

typedef struct {
  tnam_rg_job_t *jobs;
  size_t n;
} tnam_rg_plan_t;

/* The jobs of the tests of `levels` (a mask of 1 << TNAM_RG_L*) that match `filter`, in list
 * order, with their seeds. A stream glob expands to its streams for the test's chip, a seed list
 * to one job a seed. 1, or 0 with err (a glob that matches no stream of the test's chip, a
 * stream for another chip, a job name twice). */
int tnam_rg_plan(const tnam_rg_list_t *list, unsigned levels, const char *filter,
                 uint64_t regress_seed, tnam_rg_plan_t *plan, tnam_err_t *err);
void tnam_rg_plan_free(tnam_rg_plan_t *plan);

/* ---- key=value files (meta, result, regress.conf) ---------------------------------------- */

typedef struct {
  char **key, **val;
  size_t n;
} tnam_rg_kv_t;

/* Reads a key=value file; 1, or 0 when it cannot be opened or read (err says why). */
int tnam_rg_kv_read(const char *path, tnam_rg_kv_t *kv, tnam_err_t *err);
/* The value of key, or NULL. */
const char *tnam_rg_kv_get(const tnam_rg_kv_t *kv, const char *key);
void tnam_rg_kv_free(tnam_rg_kv_t *kv);
/* Writes text to path through path.tmp and a rename: a reader sees all of it or nothing. Not
 * fsync'ed (2000 fsyncs cost 25 s of a 90 s sweep); a result without its status, which only a
 * machine that went down can leave, counts as missing. 1, or 0 after a message on stderr. */
int tnam_rg_write_atomic(const char *path, const char *text);

/* ---- processes ----------------------------------------------------------------------------- */

typedef struct {
  int rc;        /* exit code, or 128 + signal */
  int timed_out; /* killed at the timeout */
  int stop_sig;  /* killed because this process got SIGINT or SIGTERM */
  double wall_s;
  long maxrss_kb;
} tnam_rg_exit_t;

/* Blocks SIGCHLD, SIGINT and SIGTERM in this process (they are then waited for with
 * sigtimedwait): call once before tnam_rg_run_group. */
void tnam_rg_block_signals(void);

/* Runs argv (argv[0] looked up in PATH) in a process group of its own, in directory `dir` (NULL:
 * this one), stdout and stderr to out_fd, and waits. At timeout_s (0: none) or on SIGINT/SIGTERM
 * to this process the group gets SIGTERM, and SIGKILL 5 s later. 1, or 0 after a message when it
 * could not start. */
int tnam_rg_run_group(char *const argv[], const char *dir, int out_fd, unsigned timeout_s,
                      tnam_rg_exit_t *e);

/* `tnam_regress job JOBDIR`: the job wrapper (tb/regress/README.md). Exit status. */
int tnam_rg_job_main(const char *jobdir);

/* The first line of the log that says why a run failed ("MISMATCH", "FAIL", "error:"), without
 * its leading blanks, into buf (empty when none). */
void tnam_rg_first_line(const char *log_path, char *buf, size_t size);

/* A shell word: the text as is when it needs no quoting, else in single quotes; appended. */
int tnam_rg_shell_word(tnam_str_t *s, const char *text);

#endif /* TNAM_REGRESS_H */
