// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The executor: runs an op list (tnam_ops.h) on any back end through the sequencer until every
 * result has retired, handing each retired evaluation's outputs to a callback. What host
 * software (nn/) uses to run work on a chip; the test bench's run loop (tb/harness/tnam_run.c)
 * adds the lockstep comparison, expectations and reports on the same sequencer. */
#ifndef TNAM_EXEC_H
#define TNAM_EXEC_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_backend.h"
#include "tnam_cli.h"
#include "tnam_ops.h"
#include "tnam_seq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called once per retired evaluation, in issue order: `eval_op` is its op index, `out` the
 * outputs of the cycle its result is on, q->retired_sel* the macro that ran each tile. Returns
 * 1 to go on, 0 to stop the run (TNAM_EXIT_FAIL). */
typedef int (*tnam_exec_result_fn)(void *ctx, size_t eval_op, const tnam_chip_out_t *out,
                                   const tnam_seq_t *q);

/* Describes op `op` of the op list being run for a report ("image 3, layer 2, ...") and
 * appends a command line that reproduces it to *repro (of any length); both may be left
 * empty. */
typedef void (*tnam_exec_describe_fn)(void *ctx, size_t op, char *where, size_t where_size,
                                      tnam_str_t *repro);

typedef struct {
  uint64_t cycles;      /* cycles stepped */
  uint64_t evals;       /* evaluations retired */
  tnam_chip_out_t last; /* the outputs after the last cycle (the event counters) */
} tnam_exec_stats_t;

/* Runs every op of s on b, then the drain, until the last result has retired. Returns
 * TNAM_EXIT_PASS; TNAM_EXIT_FAIL when the back end stopped (step returned NULL), the callback
 * stopped the run, or a result came at the wrong time or never (err says which); or
 * TNAM_EXIT_USAGE for an op list the executor cannot run (a `calibrate` op). st may be NULL. */
int tnam_exec_run(tnam_backend_t *b, const tnam_stream_t *s, tnam_exec_result_fn fn, void *ctx,
                  tnam_exec_stats_t *st, char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_EXEC_H */
