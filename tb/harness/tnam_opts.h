// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The command line shared by the harness binaries: options, usage text, reproduce line. */
#ifndef TNAM_OPTS_H
#define TNAM_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_backend.h"
#include "tnam_cli.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest generated stream --cycles takes (the regression's test list takes the same). */
#define TNAM_OPTS_CYCLES_MAX 1000000000ULL

typedef enum { TNAM_MODE_LOCKSTEP, TNAM_MODE_RTL, TNAM_MODE_MODEL } tnam_run_mode_t;
/* "lockstep", "rtl", "model". */
extern const char *const tnam_run_mode_names[3];

typedef struct {
  const char *stream_path;
  const char *dump_path;
  int have_seed;
  uint64_t seed;
  int profile;
  unsigned layer_modes; /* TNAM_GEN_* mode mask of generated streams */
  int ideal;            /* generated streams without variation (tnam_gen_stream_ideal) */
  int have_hold_rate;
  uint32_t hold_rate; /* held edges of generated streams, per mille (spec 7, `hold`) */
  uint64_t cycles;
  tnam_run_mode_t mode;
  unsigned rows, cols, macros, tiles; /* model-only binaries: configuration of generated
                                         streams */
  tnam_waves_t waves;
  uint64_t max_cycles;
  double timeout_s;
  int digest;
  int quiet;
  int backend_only;
  const char *fcov_path; /* --fcov: functional coverage counts (tb/harness/tnam_fcov.h) */
} tnam_opts_t;

/* What tnam_opts_parse() found: a run, a bad command line (the error is on stderr; exit
 * status 2), or --help or --version, answered on stdout (exit status 0). */
typedef enum { TNAM_OPTS_ERROR, TNAM_OPTS_RUN, TNAM_OPTS_ANSWERED } tnam_opts_status_t;

/* Parses argv into *o. can_rtl: the binary has an RTL side (else model only); can_trace: it
 * honours --waves. */
tnam_opts_status_t tnam_opts_parse(int argc, char **argv, int can_rtl, int can_trace,
                                   tnam_opts_t *o);

/* The canonical command line that reproduces the run: argv0 (or the harness's command) and the
 * options that choose the stream and the mode, and for a model-only binary (can_rtl 0) the
 * configuration, appended to *out (of any length: argv0 may be a long path). 1, or 0 after
 * "error: out of memory" on stderr. */
int tnam_opts_repro(const tnam_opts_t *o, const char *argv0, int can_rtl, tnam_str_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_OPTS_H */
