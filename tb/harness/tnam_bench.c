// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Benchmark figures: the price of precision per kind of evaluation, and the back-end timing. */
#define _POSIX_C_SOURCE 200809L
#include "tnam_bench.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void tnam_work_account(tnam_work_stats_t *w, const tnam_stream_t *s, uint64_t cycle, size_t retired,
                       size_t norun, uint64_t latency) {
  const uint32_t cnt_dec = w->dec_after[cycle % TNAM_DEC_RING];
  const size_t done[2] = {retired, norun};
  for (int i = 0; i < 2; i++) {
    if (done[i] == TNAM_SEQ_NONE) continue;
    const uint32_t kind = tnam_stream_op(s, done[i])->kind;
    tnam_work_t *k = &w->kind[kind == TNAM_OP_EVAL ? 0 : kind == TNAM_OP_LEVEL ? 1 : 2];
    /* Every tile's neurons get a result: a tile that runs nowhere has the known result for
     * MAC = 0, at the cost of its command cycle and no decision. */
    k->ops++;
    k->neurons += (uint64_t)s->chip.tiles * (kind == TNAM_OP_Q4 ? s->params.nn : s->params.cols);
    if (i == 1) {
      k->cycles += 1;
      continue;
    }
    k->cycles += kind == TNAM_OP_EVAL ? 1 : latency;
    /* The counter after the issue cycle's edge holds everything sensed before this evaluation
     * (a threshold evaluation issued one cycle earlier senses at that edge); nothing else is
     * sensed until its result (a reset in between only clears it to 0). */
    const uint32_t before = w->dec_after[(cycle + 1 - latency) % TNAM_DEC_RING];
    k->decisions += cnt_dec >= before ? cnt_dec - before : cnt_dec;
  }
}

void tnam_work_print(const tnam_work_stats_t *w, double secs) {
  static const char *const names[] = {"1.5-bit (thresh)", "multi-level (level)", "4-bit (q4)"};
  for (int i = 0; i < 3; i++) {
    const tnam_work_t *k = &w->kind[i];
    if (!k->ops) continue;
    const double ops = (double)k->ops, neurons = (double)k->neurons;
    printf("work %s: %" PRIu64
           " evaluations; per evaluation %.2f cycles, %.2f decisions; per "
           "neuron %.4f cycles, %.4f decisions; %.3f M neuron evaluations/s\n",
           names[i], k->ops, (double)k->cycles / ops, (double)k->decisions / ops,
           (double)k->cycles / neurons, (double)k->decisions / neurons,
           secs > 0 ? neurons / secs / 1e6 : 0);
  }
}

double tnam_now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Inputs are sequenced in chunks small enough to stay in the cache while the back ends run
 * them: the timer then sees the back ends, not the memory traffic of a prepared stream. */
#define BENCH_CHUNK 8192

/* The prepared inputs: a chunk, or more when a calibration falls in it. */
typedef struct {
  tnam_chip_in_t *in;
  size_t n, cap;
  tnam_chip_t *pacer;
  int busy;      /* the pacer's busy_o after the last input */
  int no_memory; /* a calibration's inputs did not fit */
} bench_inputs_t;

/* One cycle of a calibration while the inputs are prepared: kept for the back ends, run on the
 * pacer, whose outputs the host procedure reads (the back ends must give the same). */
static const tnam_chip_out_t *bench_cal_step(void *ctx, const tnam_chip_in_t *in) {
  bench_inputs_t *b = ctx;
  if (b->n == b->cap) {
    tnam_chip_in_t *more = realloc(b->in, 2 * b->cap * sizeof *more);
    if (!more) {
      b->no_memory = 1;
      return NULL;
    }
    b->in = more;
    b->cap *= 2;
  }
  b->in[b->n++] = *in;
  const tnam_chip_out_t *po = tnam_chip_step(b->pacer, in);
  b->busy = po->busy;
  return po;
}

/* The benchmark loop of --backend-only: the sequencer's inputs are prepared a chunk at a
 * time, and only the back ends' steps (and, in lockstep, the per-cycle comparison) are
 * timed. The cycles a command waits for a multi-level operation depend on busy_o, so a
 * private golden model paces the sequencer; the stream's expectations are checked against its
 * outputs while the inputs are prepared (untimed), so a wrong result fails here as in a normal
 * run (in lockstep the RTL equals that model every cycle; --mode rtl times the RTL alone and
 * does not check its results). A calibration runs on the pacer too, its cycles kept for the
 * back ends like any other. */
int tnam_bench_backend_only(tnam_run_mode_t mode, tnam_seq_t *seq, tnam_backend_t *model_b,
                            tnam_backend_t *rtl_b, const tnam_check_ctx_t *ctx,
                            tnam_bench_cal_fn calibrate, void *run) {
  const int use_model = mode != TNAM_MODE_RTL, use_rtl = mode != TNAM_MODE_MODEL;
  bench_inputs_t b = {.in = malloc(BENCH_CHUNK * sizeof *b.in),
                      .cap = BENCH_CHUNK,
                      .pacer = tnam_chip_new(&seq->s->chip)};
  if (!b.in || !b.pacer) {
    fprintf(stderr, "error: out of memory for the benchmark inputs\n");
    free(b.in);
    tnam_chip_free(b.pacer);
    return TNAM_EXIT_USAGE;
  }
  uint64_t evals = 0, total = 0, held = 0;
  int status = TNAM_EXIT_PASS, more = 1;
  double secs = 0;
  tnam_check_ctx_t pace_ctx = *ctx;
  pace_ctx.chip = b.pacer; /* the operands of a failed expectation's report */
  while (more && status == TNAM_EXIT_PASS) {
    b.n = 0;
    while (b.n < BENCH_CHUNK && status == TNAM_EXIT_PASS &&
           (more = tnam_seq_next(seq, &b.in[b.n], b.busy)) != 0) {
      if (more == TNAM_SEQ_CALIBRATE) {
        if (!calibrate(run, bench_cal_step, &b)) {
          if (b.no_memory) fprintf(stderr, "error: out of memory for the benchmark inputs\n");
          status = TNAM_EXIT_FAIL;
        }
        continue;
      }
      const uint64_t cycle = seq->cycle;
      const tnam_chip_in_t *in = &b.in[b.n++];
      const tnam_chip_out_t *po = tnam_chip_step(b.pacer, in);
      b.busy = po->busy;
      if (in->core.hold) continue; /* a held edge retires nothing (spec 5) */
      pace_ctx.in = in;
      tnam_retired_t done;
      if (!tnam_check_retire(&pace_ctx, seq, cycle, po, "golden model", &done))
        status = TNAM_EXIT_FAIL;
    }
    const size_t n = b.n;
    tnam_chip_in_t *ins = b.in;
    const double t0 = tnam_now_s();
    for (size_t i = 0; i < n; i++) {
      const tnam_chip_out_t *mo = use_model ? model_b->step(model_b, &ins[i]) : NULL;
      const tnam_chip_out_t *ro = use_rtl ? rtl_b->step(rtl_b, &ins[i]) : NULL;
      if (use_rtl && !ro) { /* the RTL stopped (a failed assertion): it said why */
        status = TNAM_EXIT_FAIL;
        break;
      }
      if (mo && ro && !tnam_check_outputs(ctx, total + i, mo, ro)) {
        status = TNAM_EXIT_FAIL;
        break;
      }
      /* A held edge shows the outputs of the cycle before: nothing new retires. */
      held += ins[i].core.hold;
      evals += !ins[i].core.hold && ((mo ? mo : ro)->m[0].res_valid | (mo ? mo : ro)->done);
    }
    secs += tnam_now_s() - t0;
    total += n;
  }
  if (seq->source_failed) { /* a lazily generated stream could not go on */
    fprintf(stderr, "error: %s\n", seq->s->source->err);
    if (status == TNAM_EXIT_PASS) status = TNAM_EXIT_ABORTED;
  }
  total -= held; /* cycles: the held edges are not (spec 5) */
  free(b.in);
  tnam_chip_free(b.pacer);
  printf("%s: %" PRIu64 " cycles, %" PRIu64
         " evaluations, mode %s (back end only), %.3f s, %.3f M "
         "cycles/s, %.3f M evaluations/s\n",
         status == TNAM_EXIT_PASS ? "PASS" : "FAIL", total, evals, tnam_run_mode_names[mode], secs,
         secs > 0 ? (double)total / secs / 1e6 : 0, secs > 0 ? (double)evals / secs / 1e6 : 0);
  return status;
}
