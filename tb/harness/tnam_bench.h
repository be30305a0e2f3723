// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Benchmark figures: the work per evaluation (make bench) and the --backend-only timing loop. */
#ifndef TNAM_BENCH_H
#define TNAM_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_check.h"
#include "tnam_opts.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds on the monotonic clock. */
double tnam_now_s(void);

/* What the evaluations of one kind cost, for the price-of-precision figures of make bench. */
typedef struct {
  uint64_t ops;       /* evaluations retired */
  uint64_t neurons;   /* neuron evaluations: C per threshold or level op, NN per q4 op */
  uint64_t cycles;    /* cycles the macro was occupied: 1 per threshold evaluation (one per
                         cycle back to back), L per multi-level operation */
  uint64_t decisions; /* comparator decisions (from cnt_dec_o) */
} tnam_work_t;

#define TNAM_DEC_RING 64 /* > the longest operation, 2 + 4 S <= 42 */

typedef struct {
  tnam_work_t kind[3];               /* threshold, level, q4 */
  uint32_t dec_after[TNAM_DEC_RING]; /* cnt_dec_o after each of the last cycles, by cycle % 64 */
} tnam_work_stats_t;

/* Called every cycle with that cycle's outputs, before tnam_work_account(): the chip's
 * decisions (the counters wrap together modulo 2^32). Inline, as most cycles do only this. */
static inline void tnam_work_cycle(tnam_work_stats_t *w, unsigned macros, uint64_t cycle,
                                   const tnam_chip_out_t *chip_out) {
  uint32_t cnt_dec = 0;
  for (unsigned m = 0; m < macros; m++) cnt_dec += chip_out->m[m].cnt_dec;
  w->dec_after[cycle % TNAM_DEC_RING] = cnt_dec;
}
/* Called after tnam_work_cycle() in a cycle whose outputs show a result: `retired` is the
 * evaluation whose result they show (or TNAM_SEQ_NONE), `norun` one that ran on no macro (or
 * TNAM_SEQ_NONE), `retired` issued `latency` cycles before its result is visible. */
void tnam_work_account(tnam_work_stats_t *w, const tnam_stream_t *s, uint64_t cycle, size_t retired,
                       size_t norun, uint64_t latency);
/* One line per kind of evaluation: cycles and decisions per evaluation and per neuron. */
void tnam_work_print(const tnam_work_stats_t *w, double secs);

/* The run's calibration (tnam_run_calibrate() bound to its run): drives the host procedure
 * through `step`, one cycle a call. 0 when it failed (it said why). */
typedef int (*tnam_bench_cal_fn)(
    void *run, const tnam_chip_out_t *(*step)(void *ctx, const tnam_chip_in_t *in), void *ctx);

/* --backend-only: runs the stream through the back ends (model_b or rtl_b NULL when the mode
 * leaves it out) timing only their steps and the lockstep comparison; a `calibrate` is run by
 * `calibrate(run, ...)` while the inputs are prepared. Prints the summary line and returns the
 * exit status. */
int tnam_bench_backend_only(tnam_run_mode_t mode, tnam_seq_t *seq, tnam_backend_t *model_b,
                            tnam_backend_t *rtl_b, const tnam_check_ctx_t *ctx,
                            tnam_bench_cal_fn calibrate, void *run);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_BENCH_H */
