// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The harness binaries' shared front end: command line, run loop, exit codes (the public API). */
#ifndef TNAM_RUN_H
#define TNAM_RUN_H

#include <stddef.h>

#include "tnam_backend.h"
#include "tnam_seq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opens the RTL back end. Returns 1, or 0 with a message in err. */
typedef int (*tnam_rtl_open_fn)(tnam_backend_t *b, const tnam_waves_t *waves, char *err,
                                size_t err_size);

/* The RTL build's parameters (its stream `config` must match). */
typedef void (*tnam_rtl_params_fn)(unsigned *rows, unsigned *cols, unsigned *macros,
                                   unsigned *tiles);

/* Runs the command line and returns the exit status (tnam_backend.h; 0 after --help and
 * --version). rtl_open may be NULL for a model-only binary. */
int tnam_run_main(int argc, char **argv, tnam_rtl_open_fn rtl_open, tnam_rtl_params_fn rtl_params,
                  int can_trace);

/* ---- one run, cycle by cycle, for a harness that clocks the RTL itself (SystemC) ----------
 * tnam_run_main() is built on these too, so both harnesses share the options, the stream, the
 * sequencer, the lockstep comparison, the reports, the digest and the summary. */
typedef struct tnam_run tnam_run_t;

/* What a harness that drives the RTL itself declares. */
typedef struct {
  tnam_rtl_params_fn params; /* the RTL build's configuration */
  int can_trace;             /* it honours --waves */
  const char *rtl_name;      /* how reports name the RTL side ("RTL") */
  const char *config_hint;   /* how to get another configuration, for a stream of another
                               one (NULL: make sim's ROWS=.. COLS=..) */
  const char *command;       /* the reproduce line's command: the binary and the options that
                               choose the DUT (NULL: argv[0]) */
  int untimed;               /* its chip cycles are not 10 ns apart in its waves (a board) */
} tnam_run_dut_t;

/* Parses the command line, reads or generates the stream and opens the golden model (unless
 * --mode rtl; --mode model is refused: the harness clocks the RTL). NULL when no run starts:
 * after --help (the usage text) or --version ("<program> <version>"), both on stdout, *status
 * is 0; otherwise the reason is on stderr and *status is the exit code (2 for a bad option or
 * stream, 3 when interrupted before the first cycle). */
tnam_run_t *tnam_run_open(int argc, char **argv, const tnam_run_dut_t *dut, int *status);

/* The wave request of the command line (path NULL: none). */
const tnam_waves_t *tnam_run_waves(const tnam_run_t *r);

/* The next cycle's inputs into *in. Returns 1, 0 when the run is over (stream drained, or
 * stopped by a failure), or TNAM_SEQ_CALIBRATE: then call tnam_run_calibrate(). */
int tnam_run_next(tnam_run_t *r, tnam_chip_in_t *in);

/* After the RTL clocked *in: `rtl` holds its outputs. Steps the golden model with *in, compares
 * every observable, retires results and checks the stream's expectations. Returns 1 to go on,
 * 0 when the run must stop (the report is printed). */
int tnam_run_check(tnam_run_t *r, const tnam_chip_in_t *in, const tnam_chip_out_t *rtl);

/* The reference outputs of the last checked cycle (the golden model's, or the RTL's in --mode
 * rtl). */
const tnam_chip_out_t *tnam_run_ref(const tnam_run_t *r);

/* Runs the stream's `calibrate` through `step`, which must drive the RTL one cycle with *in,
 * have it checked by tnam_run_check() and return tnam_run_ref() (NULL to stop). */
void tnam_run_calibrate(tnam_run_t *r,
                        const tnam_chip_out_t *(*step)(void *ctx, const tnam_chip_in_t *in),
                        void *ctx);

/* Stops the run from outside the comparison (a board that stopped answering): prints
 * "error: <msg>" and makes `status` the exit status unless the run already failed; then
 * tnam_run_next() returns 0. */
void tnam_run_abort(tnam_run_t *r, int status, const char *msg);

/* The cycle in flight and the stream line driving it, for messages: "cycle 12, x.tns line 40"
 * (while the results drain after the last line: "cycle 90, x.tns after its last line"). */
void tnam_run_where(const tnam_run_t *r, char *buf, size_t n);

/* Prints the summary line (and the digest with --digest), frees the run, returns the exit
 * status. */
int tnam_run_close(tnam_run_t *r);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_RUN_H */
