// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The executor: op list -> sequencer -> back end, one step per cycle, results to a callback. */
#include "tnam_exec.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const retire_text[] = {
    [TNAM_RETIRE_SPURIOUS] = "a result with no evaluation of that kind in flight",
    [TNAM_RETIRE_LATE_EARLY] = "a result not at the cycle the spec gives",
    [TNAM_RETIRE_STUCK] = "chip_busy_o held longer than any operation takes"};

static int run(tnam_backend_t *b, const tnam_stream_t *s, tnam_seq_t *q, tnam_exec_result_fn fn,
               void *ctx, tnam_exec_stats_t *st, char *err, size_t err_size) {
  const tnam_chip_out_t *out = NULL;
  tnam_chip_in_t in;
  int next;
  while ((next = tnam_seq_next(q, &in, out ? out->busy : 0)) != 0) {
    if (next == TNAM_SEQ_CALIBRATE) {
      snprintf(err, err_size, "%s:%u: the executor does not run calibrate", s->path,
               tnam_stream_op(s, q->cur_op)->line);
      return TNAM_EXIT_USAGE;
    }
    out = b->step(b, &in);
    if (!out) {
      snprintf(err, err_size, "%s stopped at cycle %" PRIu64, b->name, q->cycle);
      return TNAM_EXIT_FAIL;
    }
    if (in.core.hold) continue; /* a held edge is no cycle and retires nothing (spec 5) */
    st->cycles++;
    size_t op;
    uint64_t latency;
    const tnam_retire_t r = tnam_seq_retire(q, out, &op, &latency);
    if (r == TNAM_RETIRE_OK) {
      st->evals++;
      if (fn && !fn(ctx, op, out, q)) {
        snprintf(err, err_size, "stopped at cycle %" PRIu64 " by the result of %s:%u", q->cycle,
                 s->path, tnam_stream_op(s, op)->line);
        return TNAM_EXIT_FAIL;
      }
    } else if (r != TNAM_RETIRE_NONE) {
      snprintf(err, err_size, "timing error at cycle %" PRIu64 " on %s: %s", q->cycle, b->name,
               retire_text[r]);
      return TNAM_EXIT_FAIL;
    }
    tnam_seq_retire_norun(q, out);
  }
  if (q->source_failed) { /* a lazily generated stream could not go on */
    snprintf(err, err_size, "%s", s->source->err);
    return TNAM_EXIT_ABORTED;
  }
  const size_t lost = tnam_seq_pending_eval(q);
  if (lost != TNAM_SEQ_NONE) {
    snprintf(err, err_size, "%s:%u: the evaluation never produced a result on %s", s->path,
             tnam_stream_op(s, lost)->line, b->name);
    return TNAM_EXIT_FAIL;
  }
  if (out) st->last = *out;
  return TNAM_EXIT_PASS;
}

int tnam_exec_run(tnam_backend_t *b, const tnam_stream_t *s, tnam_exec_result_fn fn, void *ctx,
                  tnam_exec_stats_t *st, char *err, size_t err_size) {
  tnam_exec_stats_t own;
  if (!st) st = &own;
  st->cycles = st->evals = 0;
  tnam_seq_t q;
  tnam_seq_init(&q, s);
  if (b->bind) b->bind(b, s, &q);
  const int status = run(b, s, &q, fn, ctx, st, err, err_size);
  if (b->bind) b->bind(b, NULL, NULL);
  return status;
}
