// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The harness run loop: stream in, back ends stepped in lockstep, every cycle checked. */
#define _POSIX_C_SOURCE 200809L
#include "tnam_run.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "tnam_bench.h"
#include "tnam_cal.h"
#include "tnam_check.h"
#include "tnam_cli.h"
#include "tnam_digest.h"
#include "tnam_fcov.h"
#include "tnam_gen.h"
#include "tnam_opts.h"

struct tnam_run {
  tnam_opts_t o;
  tnam_chip_params_t chip_params;
  tnam_stream_t s;
  char seed_text[32];
  tnam_str_t repro; /* the reproduce line: any length (a long build path) */
  int use_model, use_rtl;
  tnam_chip_t *model;
  tnam_backend_t model_b;
  tnam_seq_t seq;
  tnam_check_ctx_t ctx;
  tnam_out_plan_t plan;       /* the lockstep compare's, of chip_params */
  const char *ref_name;       /* the side whose outputs retire results */
  const tnam_chip_out_t *ref; /* outputs of the latest cycle: the model's if it runs */
  uint64_t cycles, evals, digest;
  int status;
  int calibrating; /* cycles driven by `calibrate` are compared but retire nothing */
  double t0;
  tnam_work_stats_t work;
  tnam_fcov_t *fcov; /* --fcov, or NULL */
  int observe;       /* --digest or --fcov */
};

/* Frees what run_open() made. */
static void run_free(tnam_run_t *r) {
  tnam_fcov_close(r->fcov, 0, NULL, 0);
  tnam_chip_free(r->model);
  tnam_stream_free(&r->s);
  tnam_str_free(&r->repro);
  free(r);
}

/* --dump-stream: the generated stream written whole before the first cycle, from a generator
 * of its own (a lazily generated stream is consumed by its dump), in bounded memory. 1, or 0
 * after a message. */
static int dump_generated(const tnam_opts_t *o, const tnam_chip_params_t *cp) {
  tnam_stream_t d;
  if (!tnam_gen_stream_open(cp, o->seed, o->profile, o->layer_modes, o->cycles, o->ideal, &d)) {
    fprintf(stderr, "error: out of memory generating %" PRIu64 " cycles\n", o->cycles);
    return 0;
  }
  d.hold_rate = o->hold_rate;
  FILE *f = fopen(o->dump_path, "w");
  int ok = f && tnam_stream_dump(&d, f);
  int why = ok ? 0 : errno; /* the first failure's */
  if (f && fclose(f) != 0 && ok) {
    ok = 0;
    why = errno;
  }
  if (!ok && d.source && d.source->err[0])
    fprintf(stderr, "error: %s\n", d.source->err);
  else if (!ok)
    fprintf(stderr, "error: cannot write %s: %s\n", o->dump_path, strerror(why));
  tnam_stream_free(&d);
  return ok;
}

/* Reads and checks the whole stream before the first cycle, or opens a generator that makes
 * it as it runs (D41). 1, or 0 after a message (the stream freed). */
static int open_stream(tnam_run_t *r, int can_rtl, const tnam_run_dut_t *dut) {
  const tnam_opts_t *o = &r->o;
  const tnam_chip_params_t *cp = &r->chip_params;
  tnam_stream_t *s = &r->s;
  if (o->stream_path) {
    tnam_err_t err;
    if (!tnam_stream_load(o->stream_path, s, &err)) {
      fprintf(stderr, "error: %s\n", err.msg);
      return 0;
    }
    if (s->params.rows != cp->core.rows || s->params.cols != cp->core.cols ||
        s->chip.macros != cp->macros || s->chip.tiles != cp->tiles) {
      fprintf(stderr,
              "error: %s:%u: stream is for rows %u cols %u macros %u tiles %u, this build "
              "is rows %u cols %u macros %u tiles %u%s\n",
              o->stream_path, s->config_line, s->params.rows, s->params.cols, s->chip.macros,
              s->chip.tiles, cp->core.rows, cp->core.cols, cp->macros, cp->tiles,
              dut && dut->config_hint ? dut->config_hint
              : can_rtl ? " (make sim ROWS=.. COLS=.. MACROS=.. TILES=.. builds others)"
                        : " (see --rows, --cols, --macros, --tiles)");
      tnam_stream_free(s);
      return 0;
    }
    if (!tnam_stream_check_start(s, &err)) {
      fprintf(stderr, "error: %s\n", err.msg);
      tnam_stream_free(s);
      return 0;
    }
  } else {
    snprintf(r->seed_text, sizeof r->seed_text, "%" PRIu64, o->seed);
    printf("seed: %s\n", r->seed_text);
    fflush(stdout);
    if (o->dump_path && !dump_generated(o, cp)) return 0;
    if (!tnam_gen_stream_open(cp, o->seed, o->profile, o->layer_modes, o->cycles, o->ideal, s)) {
      fprintf(stderr, "error: out of memory generating %" PRIu64 " cycles\n", o->cycles);
      return 0;
    }
    s->hold_rate = o->hold_rate;
  }
  return 1;
}

/* Options, stream and golden model; NULL with *status when the run cannot start. can_rtl: the
 * binary has an RTL side (else model only); rtl_name: how reports call it. */
static tnam_run_t *run_open(int argc, char **argv, int can_rtl, const tnam_run_dut_t *dut,
                            int *status) {
  *status = TNAM_EXIT_USAGE;
  tnam_run_t *r = calloc(1, sizeof *r);
  if (!r) {
    fprintf(stderr, "error: out of memory\n");
    return NULL;
  }
  tnam_opts_t *o = &r->o;
  const tnam_opts_status_t parsed =
      tnam_opts_parse(argc, argv, can_rtl, dut ? dut->can_trace : 0, o);
  if (parsed == TNAM_OPTS_ANSWERED) *status = TNAM_EXIT_PASS;
  if (parsed != TNAM_OPTS_RUN) goto fail;
  r->use_model = o->mode != TNAM_MODE_RTL;
  r->use_rtl = o->mode != TNAM_MODE_MODEL;
  if (dut && dut->params) dut->params(&o->rows, &o->cols, &o->macros, &o->tiles);
  if (!tnam_chip_params_make(o->rows, o->cols, o->macros, o->tiles, &r->chip_params)) {
    fprintf(stderr, "error: configuration rows %u cols %u macros %u tiles %u is out of range\n",
            o->rows, o->cols, o->macros, o->tiles);
    goto fail;
  }
  const tnam_chip_params_t *cp = &r->chip_params;

  /* While the stream is read or generated, SIGINT and SIGTERM end the program at once with
   * the conventional status (130, 143): there is no result yet and nothing to close, and a
   * stream from a pipe that never ends, or a long generation, must not hold on to them (D36).
   * From the first cycle on they set tnam_stop_signal, so that the run closes its waves and
   * says where it stopped (D37). */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  if (!open_stream(r, can_rtl, dut)) goto fail;
  tnam_catch_stop_signals();
  tnam_stream_t *s = &r->s;
  if (!tnam_opts_repro(o, dut && dut->command ? dut->command : argv[0], can_rtl, &r->repro))
    goto fail;

  if (r->use_model) {
    r->model = tnam_chip_new(cp);
    if (!r->model) {
      fprintf(stderr, "error: out of memory for the golden model\n");
      goto fail;
    }
    tnam_backend_model_init(&r->model_b, r->model);
  }
  if (o->fcov_path) {
    char err[512];
    r->fcov = tnam_fcov_open(o->fcov_path, r->model, err, sizeof err);
    if (!r->fcov) {
      fprintf(stderr, "error: option --fcov: %s\n", err);
      goto fail;
    }
  }
  r->observe = o->digest || r->fcov;
  tnam_seq_init(&r->seq, s);
  tnam_out_plan_init(&r->plan, cp);
  r->ctx = (tnam_check_ctx_t){.s = s,
                              .seq = &r->seq,
                              .chip = r->model,
                              .seed_text = o->stream_path ? NULL : r->seed_text,
                              .repro = tnam_str_get(&r->repro),
                              .exp_name = "golden model",
                              .act_name = dut && dut->rtl_name ? dut->rtl_name : "RTL",
                              .untimed = dut && dut->untimed,
                              .plan = &r->plan,
                              .out = stderr};
  r->ref_name = r->use_model ? "golden model" : r->ctx.act_name;
  r->digest = TNAM_DIGEST_INIT;
  if (tnam_stop_signal) {
    fprintf(stderr, "interrupted by signal %d before the first cycle\n", (int)tnam_stop_signal);
    *status = TNAM_EXIT_ABORTED;
    goto fail;
  }
  /* A generated stream's length is known once it has run: the cycles asked for. */
  if (!o->quiet)
    printf("run: %s, mode %s, rows %u cols %u macros %u tiles %u, at least %" PRIu64 " cycles\n",
           s->path, tnam_run_mode_names[o->mode], cp->core.rows, cp->core.cols, cp->macros,
           cp->tiles, s->source ? o->cycles : tnam_stream_cycles(s) + TNAM_EVAL_LATENCY);
  fflush(stdout);
  r->t0 = tnam_now_s();
  *status = TNAM_EXIT_PASS;
  return r;
fail:
  run_free(r); /* calloc'd: what was not made is NULL */
  return NULL;
}

tnam_run_t *tnam_run_open(int argc, char **argv, const tnam_run_dut_t *dut, int *status) {
  *status = TNAM_EXIT_USAGE;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc && strcmp(argv[i + 1], "model") == 0) {
      fprintf(stderr,
              "error: option --mode: this harness clocks the RTL itself; for the model "
              "alone use tnam_model_run\n");
      return NULL;
    }
    if (strcmp(argv[i], "--backend-only") == 0) {
      fprintf(stderr,
              "error: option --backend-only: this harness clocks the RTL itself and has no "
              "benchmark loop (tnam_sim has)\n");
      return NULL;
    }
  }
  return run_open(argc, argv, 1, dut, status);
}

const tnam_waves_t *tnam_run_waves(const tnam_run_t *r) { return &r->o.waves; }

const tnam_chip_out_t *tnam_run_ref(const tnam_run_t *r) { return r->ref; }

int tnam_run_next(tnam_run_t *r, tnam_chip_in_t *in) {
  if (r->status != TNAM_EXIT_PASS) return 0;
  return tnam_seq_next(&r->seq, in, r->ref ? r->ref->busy : 0);
}

/* tnam_run_check(), also inlined into the run loop's step: its call and frame cost about 14
 * instructions a cycle (callgrind, model only, 64 x 16). */
static inline __attribute__((always_inline)) int run_check(tnam_run_t *r, const tnam_chip_in_t *in,
                                                           const tnam_chip_out_t *rtl) {
  const uint64_t cycle = r->seq.cycle;
  const tnam_chip_out_t *mo = r->use_model ? r->model_b.step(&r->model_b, in) : NULL;
  r->ref = mo ? mo : rtl;
  /* A held edge (ce_i = 0) is compared like a cycle, but it is none: it retires nothing. */
  const int held = in->core.hold;
  r->cycles += !held;
  r->ctx.in = in;
  if (mo && rtl && !tnam_check_outputs(&r->ctx, cycle, mo, rtl)) {
    r->status = TNAM_EXIT_FAIL;
    return 0;
  }
  if (__builtin_expect(r->observe, 0)) { /* --digest, --fcov: one test a cycle when both are off */
    if (r->o.digest) r->digest = tnam_digest_chip(r->digest, r->ref, &r->chip_params);
    if (r->fcov) tnam_fcov_sample(r->fcov, in, mo, r->calibrating);
  }
  if (tnam_stop_signal) {
    fprintf(stderr, "interrupted by signal %d at cycle %" PRIu64 "; waves closed\n",
            (int)tnam_stop_signal, cycle);
    r->status = TNAM_EXIT_ABORTED;
    return 0;
  }
  if (r->o.timeout_s > 0 && (r->cycles & 0xffff) == 0 && tnam_now_s() - r->t0 > r->o.timeout_s) {
    fprintf(stderr, "error: timeout after %.0f s at cycle %" PRIu64 "\n", r->o.timeout_s, cycle);
    r->status = TNAM_EXIT_ABORTED;
    return 0;
  }
  if (r->calibrating | held) return 1;

  tnam_work_cycle(&r->work, r->seq.macros, cycle, r->ref);
  tnam_retired_t done;
  const int retired_ok = tnam_check_retire(&r->ctx, &r->seq, cycle, r->ref, r->ref_name, &done);
  if (done.eval_op != TNAM_SEQ_NONE) r->evals++;
  if (!retired_ok) {
    r->status = TNAM_EXIT_FAIL;
    return 0;
  }
  if (done.eval_op != TNAM_SEQ_NONE || done.norun != TNAM_SEQ_NONE)
    tnam_work_account(&r->work, &r->s, cycle, done.eval_op, done.norun, done.latency);
  if (r->o.max_cycles && r->cycles >= r->o.max_cycles &&
      !tnam_stream_ended(&r->s, r->seq.next_op)) {
    fprintf(stderr, "error: cycle limit %" PRIu64 " reached before the end of the stream\n",
            r->o.max_cycles);
    r->status = TNAM_EXIT_ABORTED;
    return 0;
  }
  return 1;
}

int tnam_run_check(tnam_run_t *r, const tnam_chip_in_t *in, const tnam_chip_out_t *rtl) {
  return run_check(r, in, rtl);
}

/* The calibration's view of the chip: each cycle is numbered by the sequencer, then driven and
 * checked by the harness's step. */
typedef struct {
  tnam_run_t *r;
  const tnam_chip_out_t *(*step)(void *ctx, const tnam_chip_in_t *in);
  void *ctx;
  uint64_t cycles;
  tnam_chip_in_t held; /* the held edges' inputs (spec 7, `hold`) */
} cal_port_t;

/* The stream's held edges fall between calibration's cycles as between any others. */
static const tnam_chip_out_t *cal_step(void *ctx, const tnam_chip_in_t *in) {
  cal_port_t *cp = ctx;
  while (tnam_seq_hold(&cp->r->seq, &cp->held))
    if (!cp->step(cp->ctx, &cp->held)) return NULL;
  tnam_seq_cal_cycle(&cp->r->seq);
  cp->cycles++;
  return cp->step(cp->ctx, in);
}

void tnam_run_calibrate(tnam_run_t *r,
                        const tnam_chip_out_t *(*step)(void *ctx, const tnam_chip_in_t *in),
                        void *ctx) {
  /* A copy: the stream's window may move while the calibration's held edges are drawn. */
  const tnam_op_t cal_op = *tnam_stream_op(&r->s, r->seq.cur_op), *op = &cal_op;
  tnam_chip_cfg_t restore = {.mode = op->u.cal.mode,
                             .shift = op->u.cal.shift,
                             .select = (op->u.cal.flags & TNAM_CFG_SELECT) != 0,
                             .test = (op->u.cal.flags & TNAM_CFG_TEST) != 0};
  for (unsigned m = 0; m < r->s.chip.macros; m++) {
    const uint32_t e = tnam_map_get(op->u.cal.map, m);
    if (e & TNAM_MAP_VALID) restore.map_valid |= 1u << m;
    restore.map_tile[m] = e & 7u;
  }
  cal_port_t *cp = calloc(1, sizeof *cp); /* the held edges' inputs cleared once */
  tnam_cal_result_t *res = malloc(sizeof *res);
  if (cp) *cp = (cal_port_t){.r = r, .step = step, .ctx = ctx};
  const tnam_port_t port = {.step = cal_step, .ctx = cp, .p = &r->s.chip};
  char err[256] = "out of memory";
  r->calibrating = 1;
  const int ok = cp && res && tnam_cal_run(&port, &restore, res, err, sizeof err);
  r->calibrating = 0;
  if (!ok && r->status == TNAM_EXIT_PASS) {
    fprintf(stderr, "CALIBRATION FAILED at %s:%u: %s\n", r->s.path, op->line, err);
    r->status = TNAM_EXIT_FAIL;
  } else if (ok && !r->o.quiet) {
    printf("calibrate: %s:%u: %" PRIu64 " cycles\n", r->s.path, op->line, cp->cycles);
  }
  free(cp);
  free(res);
}

void tnam_run_abort(tnam_run_t *r, int status, const char *msg) {
  fprintf(stderr, "error: %s\n", msg);
  if (r->status == TNAM_EXIT_PASS) r->status = status;
}

void tnam_run_where(const tnam_run_t *r, char *buf, size_t n) {
  const size_t op = r->seq.cur_op;
  if (op == TNAM_SEQ_NONE)
    snprintf(buf, n, "cycle %" PRIu64 ", %s after its last line", r->seq.cycle, r->s.path);
  else
    snprintf(buf, n, "cycle %" PRIu64 ", %s line %u", r->seq.cycle, r->s.path,
             tnam_stream_op(&r->s, op)->line);
}

/* The process's peak resident memory (getrusage: kilobytes on Linux), for the soak's bound. */
static void print_peak_memory(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) == 0)
    printf("memory: peak resident %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
}

int tnam_run_close(tnam_run_t *r) {
  /* The rates leave out the generation of a lazily generated stream (D41), as they did when
   * the whole stream was generated before the first cycle. */
  const double secs = tnam_now_s() - r->t0 - (r->s.source ? r->s.source->seconds : 0);
  int status = r->status;
  if (r->seq.source_failed) { /* the stream ended before its end: no verdict on the rest */
    fprintf(stderr, "error: %s\n", r->s.source->err);
    if (status == TNAM_EXIT_PASS) status = TNAM_EXIT_ABORTED;
  }
  if (status == TNAM_EXIT_PASS) {
    size_t lost = tnam_seq_pending_eval(&r->seq);
    if (lost != TNAM_SEQ_NONE) {
      fprintf(stderr, "error: the evaluation at %s:%u never produced a result\n", r->s.path,
              tnam_stream_op(&r->s, lost)->line);
      status = TNAM_EXIT_FAIL;
    }
  }
  if (r->fcov) {
    char err[512];
    if (!tnam_fcov_close(r->fcov, 1, err, sizeof err)) {
      fprintf(stderr, "error: option --fcov: %s\n", err);
      if (status == TNAM_EXIT_PASS) status = TNAM_EXIT_USAGE;
    }
    r->fcov = NULL; /* closed: run_free() must not close it again */
  }
  if (r->use_model) r->model_b.close(&r->model_b);
  if (r->o.digest) printf("digest: %016" PRIx64 "\n", r->digest);
  const double rate = secs > 0 ? (double)r->cycles / secs : 0;
  /* Held edges are counted apart: they are not cycles (spec 5). */
  char held[48] = "";
  if (r->seq.held) snprintf(held, sizeof held, " (%" PRIu64 " held edges)", r->seq.held);
  printf("%s: %" PRIu64 " cycles%s, %" PRIu64
         " evaluations, mode %s, %.3f s, %.3f M cycles/s, "
         "%.3f M evaluations/s\n",
         status == TNAM_EXIT_PASS ? "PASS" : "FAIL", r->cycles, held, r->evals,
         tnam_run_mode_names[r->o.mode], secs, rate / 1e6,
         secs > 0 ? (double)r->evals / secs / 1e6 : 0);
  if (!r->o.quiet) {
    tnam_work_print(&r->work, secs);
    print_peak_memory();
  }
  if (status != TNAM_EXIT_PASS && !r->o.stream_path) printf("seed: %s\n", r->seed_text);
  run_free(r);
  return tnam_stdout_finish(status);
}

/* The Verilated RTL as the run's RTL side: one back-end step, then the check. */
typedef struct {
  tnam_run_t *r;
  tnam_backend_t *rtl_b; /* NULL in a model-only run */
} backend_dut_t;

static const tnam_chip_out_t *backend_step(void *ctx, const tnam_chip_in_t *in) {
  backend_dut_t *d = ctx;
  const tnam_chip_out_t *rtl = d->rtl_b ? d->rtl_b->step(d->rtl_b, in) : NULL;
  if (d->rtl_b && !rtl) { /* the RTL stopped (a failed assertion): it said why */
    d->r->status = TNAM_EXIT_FAIL;
    return NULL;
  }
  return run_check(d->r, in, rtl) ? d->r->ref : NULL;
}

/* The benchmark loop's calibration: the run's own, on the loop's pacer. */
static int bench_calibrate(void *run,
                           const tnam_chip_out_t *(*step)(void *ctx, const tnam_chip_in_t *in),
                           void *ctx) {
  tnam_run_t *r = run;
  tnam_run_calibrate(r, step, ctx);
  return r->status == TNAM_EXIT_PASS;
}

int tnam_run_main(int argc, char **argv, tnam_rtl_open_fn rtl_open, tnam_rtl_params_fn rtl_params,
                  int can_trace) {
  const tnam_run_dut_t dut = {.params = rtl_params, .can_trace = can_trace, .rtl_name = "RTL"};
  int status;
  tnam_run_t *r = run_open(argc, argv, rtl_open != NULL, &dut, &status);
  if (!r) return tnam_stdout_finish(status); /* --help or --version may not have been written */
  tnam_backend_t rtl_b = {0};
  int waves_failed = 0;
  r->o.waves.failed = &waves_failed;
  if (r->use_rtl) {
    char err[4096 + 256]; /* it may name the wave file: room for a path of PATH_MAX */
    if (!rtl_open(&rtl_b, &r->o.waves, err, sizeof err)) {
      fprintf(stderr, "error: %s\n", err);
      run_free(r);
      return TNAM_EXIT_USAGE;
    }
  }
  if (r->o.backend_only) {
    status = tnam_bench_backend_only(r->o.mode, &r->seq, r->use_model ? &r->model_b : NULL,
                                     r->use_rtl ? &rtl_b : NULL, &r->ctx, bench_calibrate, r);
    if (r->use_rtl) rtl_b.close(&rtl_b);
    run_free(r);
    if (waves_failed && status == TNAM_EXIT_PASS) status = TNAM_EXIT_ABORTED;
    return tnam_stdout_finish(status);
  }
  backend_dut_t d = {.r = r, .rtl_b = r->use_rtl ? &rtl_b : NULL};
  tnam_chip_in_t in;
  int next;
  while ((next = tnam_run_next(r, &in)) != 0) {
    if (next == TNAM_SEQ_CALIBRATE)
      tnam_run_calibrate(r, backend_step, &d);
    else if (!backend_step(&d, &in))
      break;
  }
  /* The wave file is closed before the summary, also after a failure. */
  if (r->use_rtl) rtl_b.close(&rtl_b);
  if (waves_failed) tnam_run_abort(r, TNAM_EXIT_ABORTED, "the wave file is incomplete");
  return tnam_run_close(r);
}
