// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The harness run loop: stream in, back ends stepped in lockstep, every cycle checked. */
#define _POSIX_C_SOURCE 200809L
#include "tnam_run.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tnam_cal.h"
#include "tnam_check.h"
#include "tnam_gen.h"

typedef enum { MODE_LOCKSTEP, MODE_RTL, MODE_MODEL } run_mode_t;
static const char *const mode_names[] = {"lockstep", "rtl", "model"};

typedef struct {
  const char *stream_path;
  const char *dump_path;
  int have_seed;
  uint64_t seed;
  int profile;
  unsigned layer_modes; /* TNAM_GEN_* mode mask of generated streams */
  int ideal;            /* generated streams without variation (tnam_gen_stream_ideal) */
  uint64_t cycles;
  run_mode_t mode;
  unsigned rows, cols, macros, tiles; /* model-only binaries: configuration of generated
                                         streams */
  tnam_waves_t waves;
  uint64_t max_cycles;
  double timeout_s;
  int digest;
  int quiet;
  int backend_only;
} opts_t;

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { interrupted = sig; }

static void usage(FILE *f, const char *argv0, int can_rtl) {
  fprintf(f,
          "usage: %s (--stream FILE | --seed N|random [--profile P] [--cycles N]) [options]\n"
          "  --stream FILE      run a .tns test stream (docs/architecture.md section 7)\n"
          "  --seed N|random    generate a constrained-random stream from seed N\n"
          "  --profile P        input activity: sparse (1%%) | half (50%%) | dense (90-100%%) |\n"
          "                     random | mixed (default mixed)\n"
          "  --modes LIST       layer modes the generated stream uses, switching between them:\n"
          "                     any of thresh,level,q4 (default all three)\n"
          "  --cycles N         length of the generated stream (default 20000)\n"
          "  --ideal            generate without variation, calibration, trims, health rows,\n"
          "                     test mode or selection (the design itself, e.g. for energy)\n"
          "  --dump-stream FILE write the generated stream as a .tns file\n",
          argv0);
  if (can_rtl)
    fprintf(f,
            "  --mode M           lockstep (RTL checked against the golden model, default),\n"
            "                     rtl (RTL alone) or model (golden model alone)\n"
            "  --waves FILE.fst   write waves (binary built with WAVES=1)\n"
            "  --wave-from N      first cycle in the wave file (default 0)\n"
            "  --wave-to N        last cycle in the wave file (default: the end)\n");
  else
    fprintf(f,
            "  --rows R --cols C  configuration of generated streams (default 64 x 16)\n"
            "  --macros M --tiles T  chip of generated streams (default 1 and 1)\n");
  fprintf(f,
          "  --max-cycles N     stop with exit 3 after N cycles (default: no limit)\n"
          "  --timeout S        stop with exit 3 after S seconds of wall-clock time\n"
          "  --digest           print a digest of every cycle's outputs (for determinism)\n"
          "  --backend-only     benchmark: sequence the whole stream into memory first, then\n"
          "                     time only the back-end steps (and the lockstep compare)\n"
          "  --quiet            print only failures and the final line\n"
          "exit: 0 pass, 1 mismatch or failed expectation, 2 bad input, 3 timeout/interrupt\n");
}

static int parse_u64(const char *opt, const char *text, uint64_t lo, uint64_t hi, uint64_t *v) {
  char *end;
  errno = 0;
  if (text[0] == '-' || text[0] == '\0') goto bad;
  unsigned long long x = strtoull(text, &end, 10);
  if (*end != '\0' || errno == ERANGE || x < lo || x > hi) goto bad;
  *v = x;
  return 1;
bad:
  fprintf(stderr, "error: option %s: '%s' is not a whole number in [%" PRIu64 ", %" PRIu64 "]\n",
          opt, text, lo, hi);
  return 0;
}

static uint64_t fresh_seed(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t x =
      (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
  return x % 1000000000000ULL; /* short enough to type */
}

static int parse_opts(int argc, char **argv, int can_rtl, int can_trace, opts_t *o) {
  memset(o, 0, sizeof *o);
  o->profile = TNAM_GEN_MIXED;
  o->layer_modes = TNAM_GEN_ALL_MODES;
  o->cycles = 20000;
  o->mode = can_rtl ? MODE_LOCKSTEP : MODE_MODEL;
  o->rows = 64;
  o->cols = 16;
  o->macros = o->tiles = 1;
  o->waves.to_cycle = UINT64_MAX;
  uint64_t v;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout, argv[0], can_rtl);
      exit(TNAM_EXIT_PASS);
    }
    if (strcmp(a, "--digest") == 0) {
      o->digest = 1;
      continue;
    }
    if (strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
      continue;
    }
    if (strcmp(a, "--backend-only") == 0) {
      o->backend_only = 1;
      continue;
    }
    if (strcmp(a, "--ideal") == 0) {
      o->ideal = 1;
      continue;
    }
    static const char *const with_value[] = {
        "--stream", "--seed",  "--profile",   "--modes",   "--cycles",     "--dump-stream",
        "--mode",   "--waves", "--wave-from", "--wave-to", "--max-cycles", "--timeout",
        "--rows",   "--cols",  "--macros",    "--tiles"};
    int known = 0;
    for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
      known |= strcmp(a, with_value[k]) == 0;
    if (!known) {
      fprintf(stderr, "error: unknown option '%s' (see --help)\n", a);
      return 0;
    }
    if (i + 1 == argc) {
      fprintf(stderr, "error: option %s needs a value (see --help)\n", a);
      return 0;
    }
    const char *val = argv[++i];
    if (strcmp(a, "--stream") == 0)
      o->stream_path = val;
    else if (strcmp(a, "--dump-stream") == 0)
      o->dump_path = val;
    else if (strcmp(a, "--seed") == 0) {
      o->have_seed = 1;
      if (strcmp(val, "random") == 0)
        o->seed = fresh_seed();
      else if (!parse_u64(a, val, 0, UINT64_MAX, &o->seed))
        return 0;
    } else if (strcmp(a, "--profile") == 0) {
      o->profile = tnam_gen_profile_from_name(val);
      if (o->profile < 0) {
        fprintf(stderr,
                "error: option --profile: '%s' is not sparse, half, dense, random or "
                "mixed\n",
                val);
        return 0;
      }
    } else if (strcmp(a, "--modes") == 0) {
      o->layer_modes = tnam_gen_modes_from_text(val);
      if (!o->layer_modes) {
        fprintf(stderr,
                "error: option --modes: '%s' is not a comma-separated list of thresh, "
                "level and q4\n",
                val);
        return 0;
      }
    } else if (strcmp(a, "--cycles") == 0) {
      if (!parse_u64(a, val, 1, 1000000000ULL, &o->cycles)) return 0;
    } else if (strcmp(a, "--mode") == 0) {
      int m = -1;
      for (int k = 0; k < 3; k++)
        if (strcmp(val, mode_names[k]) == 0) m = k;
      if (m < 0 || (!can_rtl && m != MODE_MODEL)) {
        fprintf(stderr, "error: option --mode: '%s' is not %s\n", val,
                can_rtl ? "lockstep, rtl or model" : "available here (model only)");
        return 0;
      }
      o->mode = (run_mode_t)m;
    } else if (strcmp(a, "--waves") == 0) {
      if (!can_trace) {
        fprintf(stderr,
                "error: option --waves: this binary was built without waves; "
                "build with 'make sim WAVES=1'\n");
        return 0;
      }
      o->waves.path = val;
    } else if (strcmp(a, "--wave-from") == 0) {
      if (!parse_u64(a, val, 0, UINT64_MAX - 1, &o->waves.from_cycle)) return 0;
    } else if (strcmp(a, "--wave-to") == 0) {
      if (!parse_u64(a, val, 0, UINT64_MAX - 1, &o->waves.to_cycle)) return 0;
    } else if (strcmp(a, "--max-cycles") == 0) {
      if (!parse_u64(a, val, 1, UINT64_MAX, &o->max_cycles)) return 0;
    } else if (strcmp(a, "--timeout") == 0) {
      if (!parse_u64(a, val, 1, 1000000, &v)) return 0;
      o->timeout_s = (double)v;
    } else {
      /* --rows, --cols, --macros, --tiles */
      static const struct {
        const char *opt;
        unsigned lo, hi;
        size_t field;
      } dims[] = {{"--rows", TNAM_MIN_ROWS, TNAM_MAX_ROWS, offsetof(opts_t, rows)},
                  {"--cols", TNAM_MIN_COLS, TNAM_MAX_COLS, offsetof(opts_t, cols)},
                  {"--macros", 1, TNAM_MAX_MACROS, offsetof(opts_t, macros)},
                  {"--tiles", 1, TNAM_MAX_TILES, offsetof(opts_t, tiles)}};
      if (can_rtl) {
        fprintf(stderr,
                "error: option %s: the RTL build fixes the configuration; "
                "choose it with 'make sim ROWS=.. COLS=.. MACROS=.. TILES=..'\n",
                a);
        return 0;
      }
      for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++) {
        if (strcmp(a, dims[k].opt) != 0) continue;
        if (!parse_u64(a, val, dims[k].lo, dims[k].hi, &v)) return 0;
        *(unsigned *)((char *)o + dims[k].field) = (unsigned)v;
      }
    }
  }
  if (!o->stream_path == !o->have_seed) {
    fprintf(stderr, "error: give exactly one of --stream FILE and --seed N (see --help)\n");
    return 0;
  }
  if (o->waves.path && o->mode == MODE_MODEL) {
    fprintf(stderr, "error: option --waves needs the RTL (--mode lockstep or rtl)\n");
    return 0;
  }
  if (o->waves.from_cycle > o->waves.to_cycle) {
    fprintf(stderr, "error: --wave-from %" PRIu64 " is after --wave-to %" PRIu64 "\n",
            o->waves.from_cycle, o->waves.to_cycle);
    return 0;
  }
  return 1;
}

/* The canonical command line that reproduces this run. */
static void build_repro(const opts_t *o, const char *argv0, char *buf, size_t size) {
  size_t n = 0;
  n += (size_t)snprintf(buf + n, size - n, "%s", argv0);
  if (o->stream_path)
    n += (size_t)snprintf(buf + n, size - n, " --stream %s", o->stream_path);
  else {
    char modes[32];
    tnam_gen_modes_text(o->layer_modes, modes, sizeof modes);
    n += (size_t)snprintf(
        buf + n, size - n, " --seed %" PRIu64 " --profile %s --modes %s --cycles %" PRIu64 "%s",
        o->seed, tnam_gen_profile_name(o->profile), modes, o->cycles, o->ideal ? " --ideal" : "");
  }
  if (o->mode != MODE_LOCKSTEP && n < size)
    n += (size_t)snprintf(buf + n, size - n, " --mode %s", mode_names[o->mode]);
  if (o->mode == MODE_MODEL && o->stream_path == NULL && n < size)
    snprintf(buf + n, size - n, " --rows %u --cols %u --macros %u --tiles %u", o->rows, o->cols,
             o->macros, o->tiles);
}

/* FNV-1a over one macro's observables of one cycle. */
static uint64_t digest_out(uint64_t h, const tnam_out_t *out, const tnam_params_t *p) {
  uint64_t words[7 + TNAM_ROW_WORDS + 3 * TNAM_MAX_COLS + 2 * TNAM_MAX_NEURONS];
  size_t n = 0;
  words[n++] = (uint64_t)out->wl_valid | (uint64_t)out->res_valid << 1 | (uint64_t)out->busy << 2 |
               (uint64_t)out->done << 3 | (uint64_t)out->sar_step << 4 |
               (uint64_t)out->sar_bit << 8;
  words[n++] = out->gate ^ (out->dec << 1);
  words[n++] = out->sar_q;
  words[n++] = (uint64_t)out->cnt_eval | (uint64_t)out->cnt_dec << 32;
  words[n++] =
      (uint64_t)out->cnt_gated ^ (uint64_t)out->cnt_nzdrv << 32 ^ (uint64_t)out->cnt_wr << 16;
  words[n++] = out->cnt_step;
  for (int w = 0; w < TNAM_ROW_WORDS; w++) words[n++] = out->wl[w];
  for (unsigned c = 0; c < p->cols; c++) {
    words[n++] = (uint64_t)(uint32_t)out->mac[c];
    words[n++] = (uint64_t)(uint32_t)out->sar_ref[c];
    words[n++] = (uint64_t)(uint32_t)out->sar_code[c];
  }
  for (unsigned j = 0; j < p->nn; j++) {
    words[n++] = (uint64_t)(uint32_t)out->acc[j];
    words[n++] = out->out[j];
  }
  const unsigned char *b = (const unsigned char *)words;
  for (size_t i = 0; i < n * sizeof words[0]; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}

/* FNV-1a over every observable of the chip in one cycle. */
static uint64_t digest_chip(uint64_t h, const tnam_chip_out_t *out, const tnam_chip_params_t *p) {
  for (unsigned m = 0; m < p->macros; m++) h = digest_out(h, &out->m[m], &p->core);
  uint64_t words[2 + TNAM_MAX_TILES + 3 * TNAM_MAX_MACROS];
  size_t n = 0;
  words[n++] = (uint64_t)out->busy | (uint64_t)out->done << 1 | (uint64_t)out->sel_valid << 8 |
               (uint64_t)out->men << 16 | (uint64_t)out->map_valid << 24;
  for (unsigned t = 0; t < p->tiles; t++) words[n++] = out->sel[t];
  for (unsigned m = 0; m < p->macros; m++) {
    words[n++] = out->cnt_active[m];
    words[n++] = out->map_tile[m];
    words[n++] = out->resid[m];
  }
  const unsigned char *b = (const unsigned char *)words;
  for (size_t i = 0; i < n * sizeof words[0]; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}

/* What the evaluations of one kind cost, for the price-of-precision figures of make bench. */
typedef struct {
  uint64_t ops;       /* evaluations retired */
  uint64_t neurons;   /* neuron evaluations: C per threshold or level op, NN per q4 op */
  uint64_t cycles;    /* cycles the macro was occupied: 1 per threshold evaluation (one per
                         cycle back to back), L per multi-level operation */
  uint64_t decisions; /* comparator decisions (from cnt_dec_o) */
} work_t;

#define DEC_RING 64 /* > the longest operation, 2 + 4 S <= 42 */

typedef struct {
  work_t kind[3];               /* threshold, level, q4 */
  uint32_t dec_after[DEC_RING]; /* cnt_dec_o after each of the last cycles, by cycle % 64 */
} work_stats_t;

/* Called every cycle with that cycle's outputs; `retired` is the evaluation whose result they
 * show (or TNAM_SEQ_NONE), issued `latency` cycles before they are visible. */
static void work_account(work_stats_t *w, const tnam_stream_t *s, uint64_t cycle,
                         const tnam_chip_out_t *chip_out, size_t retired, size_t norun,
                         uint64_t latency) {
  /* Decisions of the whole chip (the counters wrap together modulo 2^32). */
  uint32_t cnt_dec = 0;
  for (unsigned m = 0; m < s->chip.macros; m++) cnt_dec += chip_out->m[m].cnt_dec;
  w->dec_after[cycle % DEC_RING] = cnt_dec;
  const size_t done[2] = {retired, norun};
  for (int i = 0; i < 2; i++) {
    if (done[i] == TNAM_SEQ_NONE) continue;
    const uint32_t kind = s->ops[done[i]].kind;
    work_t *k = &w->kind[kind == TNAM_OP_EVAL ? 0 : kind == TNAM_OP_LEVEL ? 1 : 2];
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
    const uint32_t before = w->dec_after[(cycle + 1 - latency) % DEC_RING];
    k->decisions += cnt_dec >= before ? cnt_dec - before : cnt_dec;
  }
}

static void work_print(const work_stats_t *w, double secs) {
  static const char *const names[] = {"1.5-bit (thresh)", "multi-level (level)", "4-bit (q4)"};
  for (int i = 0; i < 3; i++) {
    const work_t *k = &w->kind[i];
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

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Inputs are sequenced in chunks small enough to stay in the cache while the back ends run
 * them: the timer then sees the back ends, not the memory traffic of a prepared stream. */
#define BENCH_CHUNK 8192

/* The benchmark loop of --backend-only: the sequencer's inputs are prepared a chunk at a
 * time, and only the back ends' steps (and, in lockstep, the per-cycle comparison) are
 * timed. The cycles a command waits for a multi-level operation depend on busy_o, so a
 * private golden model paces the sequencer. Expectations are not checked here (the normal
 * run does that). */
static int run_backend_only(const opts_t *o, tnam_seq_t *seq, tnam_backend_t *model_b,
                            tnam_backend_t *rtl_b, const tnam_check_ctx_t *ctx) {
  const int use_model = o->mode != MODE_RTL, use_rtl = o->mode != MODE_MODEL;
  tnam_chip_in_t *ins = malloc(BENCH_CHUNK * sizeof *ins);
  tnam_chip_t *pacer = tnam_chip_new(&seq->s->chip);
  if (!ins || !pacer) {
    fprintf(stderr, "error: out of memory for the benchmark inputs\n");
    free(ins);
    tnam_chip_free(pacer);
    return TNAM_EXIT_USAGE;
  }
  uint64_t evals = 0, total = 0;
  int status = TNAM_EXIT_PASS, busy = 0, more = 1;
  double secs = 0;
  while (more && status == TNAM_EXIT_PASS) {
    size_t n = 0;
    /* A calibrate op is not benchmarked: the bench streams have none. */
    while (n < BENCH_CHUNK && (more = tnam_seq_next(seq, &ins[n], busy)) == 1)
      busy = tnam_chip_step(pacer, &ins[n++])->busy;
    const double t0 = now_s();
    for (size_t i = 0; i < n; i++) {
      const tnam_chip_out_t *mo = use_model ? model_b->step(model_b, &ins[i]) : NULL;
      const tnam_chip_out_t *ro = use_rtl ? rtl_b->step(rtl_b, &ins[i]) : NULL;
      if (mo && ro && !tnam_check_outputs(ctx, total + i, mo, ro)) {
        status = TNAM_EXIT_FAIL;
        break;
      }
      evals += (mo ? mo : ro)->m[0].res_valid | (mo ? mo : ro)->done;
    }
    secs += now_s() - t0;
    total += n;
  }
  free(ins);
  tnam_chip_free(pacer);
  printf("%s: %" PRIu64 " cycles, %" PRIu64
         " evaluations, mode %s (back end only), %.3f s, %.3f M "
         "cycles/s, %.3f M evaluations/s\n",
         status == TNAM_EXIT_PASS ? "PASS" : "FAIL", total, evals, mode_names[o->mode], secs,
         secs > 0 ? (double)total / secs / 1e6 : 0, secs > 0 ? (double)evals / secs / 1e6 : 0);
  return status;
}

struct tnam_run {
  opts_t o;
  tnam_chip_params_t chip_params;
  tnam_stream_t s;
  char seed_text[32];
  char repro[1024];
  int use_model, use_rtl;
  tnam_chip_t *model;
  tnam_backend_t model_b;
  tnam_seq_t seq;
  tnam_check_ctx_t ctx;
  const char *ref_name;       /* the side whose outputs retire results */
  const tnam_chip_out_t *ref; /* outputs of the latest cycle: the model's if it runs */
  uint64_t cycles, evals, digest;
  int status;
  int calibrating; /* cycles driven by `calibrate` are compared but retire nothing */
  double t0;
  work_stats_t work;
};

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
  opts_t *o = &r->o;
  if (!parse_opts(argc, argv, can_rtl, dut ? dut->can_trace : 0, o)) goto fail;
  r->use_model = o->mode != MODE_RTL;
  r->use_rtl = o->mode != MODE_MODEL;
  if (dut && dut->params) dut->params(&o->rows, &o->cols, &o->macros, &o->tiles);
  if (!tnam_chip_params_make(o->rows, o->cols, o->macros, o->tiles, &r->chip_params)) {
    fprintf(stderr, "error: configuration rows %u cols %u macros %u tiles %u is out of range\n",
            o->rows, o->cols, o->macros, o->tiles);
    goto fail;
  }
  const tnam_chip_params_t *cp = &r->chip_params;

  /* Installed first, so that Ctrl-C while a long stream is generated also ends cleanly. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  /* The whole stream is read and checked before the first cycle. */
  tnam_stream_t *s = &r->s;
  if (o->stream_path) {
    tnam_err_t err;
    if (!tnam_stream_load(o->stream_path, s, &err)) {
      fprintf(stderr, "error: %s\n", err.msg);
      goto fail;
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
      goto fail_stream;
    }
  } else {
    snprintf(r->seed_text, sizeof r->seed_text, "%" PRIu64, o->seed);
    printf("seed: %s\n", r->seed_text);
    fflush(stdout);
    if (!tnam_gen_stream_ideal(cp, o->seed, o->profile, o->layer_modes, o->cycles, o->ideal, s)) {
      fprintf(stderr, "error: out of memory generating %" PRIu64 " cycles\n", o->cycles);
      goto fail;
    }
    if (o->dump_path) {
      FILE *f = fopen(o->dump_path, "w");
      int ok = f && tnam_stream_dump(s, f);
      if (f && fclose(f) != 0) ok = 0;
      if (!ok) {
        fprintf(stderr, "error: cannot write %s: %s\n", o->dump_path, strerror(errno));
        goto fail_stream;
      }
    }
  }
  build_repro(o, dut && dut->command ? dut->command : argv[0], r->repro, sizeof r->repro);

  if (r->use_model) {
    r->model = tnam_chip_new(cp);
    if (!r->model) {
      fprintf(stderr, "error: out of memory for the golden model\n");
      goto fail_stream;
    }
    tnam_backend_model_init(&r->model_b, r->model);
  }
  tnam_seq_init(&r->seq, s);
  r->ctx = (tnam_check_ctx_t){.s = s,
                              .seq = &r->seq,
                              .chip = r->model,
                              .seed_text = o->stream_path ? NULL : r->seed_text,
                              .repro = r->repro,
                              .exp_name = "golden model",
                              .act_name = dut && dut->rtl_name ? dut->rtl_name : "RTL",
                              .untimed = dut && dut->untimed,
                              .out = stderr};
  r->ref_name = r->use_model ? "golden model" : r->ctx.act_name;
  r->digest = 0xcbf29ce484222325ULL;
  if (interrupted) {
    fprintf(stderr, "interrupted by signal %d before the first cycle\n", (int)interrupted);
    *status = TNAM_EXIT_ABORTED;
    tnam_chip_free(r->model);
    goto fail_stream;
  }
  if (!o->quiet)
    printf("run: %s, mode %s, rows %u cols %u macros %u tiles %u, at least %" PRIu64 " cycles\n",
           s->path, mode_names[o->mode], cp->core.rows, cp->core.cols, cp->macros, cp->tiles,
           tnam_stream_cycles(s) + TNAM_EVAL_LATENCY);
  fflush(stdout);
  r->t0 = now_s();
  *status = TNAM_EXIT_PASS;
  return r;
fail_stream:
  tnam_stream_free(&r->s);
fail:
  free(r);
  return NULL;
}

tnam_run_t *tnam_run_open(int argc, char **argv, const tnam_run_dut_t *dut, int *status) {
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], "--mode") == 0 && strcmp(argv[i + 1], "model") == 0) {
      fprintf(stderr,
              "error: option --mode: this harness clocks the RTL itself; for the model "
              "alone use tnam_model_run\n");
      *status = TNAM_EXIT_USAGE;
      return NULL;
    }
  return run_open(argc, argv, 1, dut, status);
}

const tnam_waves_t *tnam_run_waves(const tnam_run_t *r) { return &r->o.waves; }

const tnam_chip_out_t *tnam_run_ref(const tnam_run_t *r) { return r->ref; }

int tnam_run_next(tnam_run_t *r, tnam_chip_in_t *in) {
  if (r->status != TNAM_EXIT_PASS) return 0;
  return tnam_seq_next(&r->seq, in, r->ref ? r->ref->busy : 0);
}

int tnam_run_check(tnam_run_t *r, const tnam_chip_in_t *in, const tnam_chip_out_t *rtl) {
  const uint64_t cycle = r->seq.cycle;
  const tnam_chip_out_t *mo = r->use_model ? r->model_b.step(&r->model_b, in) : NULL;
  r->ref = mo ? mo : rtl;
  r->cycles++;
  r->ctx.in = in;
  if (mo && rtl && !tnam_check_outputs(&r->ctx, cycle, mo, rtl)) {
    r->status = TNAM_EXIT_FAIL;
    return 0;
  }
  if (r->o.digest) r->digest = digest_chip(r->digest, r->ref, &r->chip_params);
  if (interrupted) {
    fprintf(stderr, "interrupted by signal %d at cycle %" PRIu64 "; waves closed\n",
            (int)interrupted, cycle);
    r->status = TNAM_EXIT_ABORTED;
    return 0;
  }
  if (r->o.timeout_s > 0 && (r->cycles & 0xffff) == 0 && now_s() - r->t0 > r->o.timeout_s) {
    fprintf(stderr, "error: timeout after %.0f s at cycle %" PRIu64 "\n", r->o.timeout_s, cycle);
    r->status = TNAM_EXIT_ABORTED;
    return 0;
  }
  if (r->calibrating) return 1;

  size_t eval_op;
  uint64_t latency = 0;
  const tnam_retire_t ret = tnam_seq_retire(&r->seq, r->ref, &eval_op, &latency);
  if (ret == TNAM_RETIRE_OK) {
    r->evals++;
    if (!tnam_check_expects(&r->ctx, cycle, eval_op, r->ref, r->ref_name, latency)) {
      r->status = TNAM_EXIT_FAIL;
      return 0;
    }
  } else if (ret != TNAM_RETIRE_NONE) {
    tnam_check_report_timing(&r->ctx, cycle, ret, eval_op, r->ref_name);
    r->status = TNAM_EXIT_FAIL;
    return 0;
  }
  const size_t norun = tnam_seq_retire_norun(&r->seq, r->ref);
  if (norun != TNAM_SEQ_NONE &&
      !tnam_check_expects(&r->ctx, cycle, norun, r->ref, r->ref_name, 0)) {
    r->status = TNAM_EXIT_FAIL;
    return 0;
  }
  work_account(&r->work, &r->s, cycle, r->ref, ret == TNAM_RETIRE_OK ? eval_op : TNAM_SEQ_NONE,
               norun, latency);
  if (r->o.max_cycles && r->cycles >= r->o.max_cycles && r->seq.next_op < r->s.n_ops) {
    fprintf(stderr, "error: cycle limit %" PRIu64 " reached before the end of the stream\n",
            r->o.max_cycles);
    r->status = TNAM_EXIT_ABORTED;
    return 0;
  }
  return 1;
}

/* The calibration's view of the chip: each cycle is numbered by the sequencer, then driven and
 * checked by the harness's step. */
typedef struct {
  tnam_run_t *r;
  const tnam_chip_out_t *(*step)(void *ctx, const tnam_chip_in_t *in);
  void *ctx;
  uint64_t cycles;
} cal_port_t;

static const tnam_chip_out_t *cal_step(void *ctx, const tnam_chip_in_t *in) {
  cal_port_t *cp = ctx;
  tnam_seq_cal_cycle(&cp->r->seq);
  cp->cycles++;
  return cp->step(cp->ctx, in);
}

void tnam_run_calibrate(tnam_run_t *r,
                        const tnam_chip_out_t *(*step)(void *ctx, const tnam_chip_in_t *in),
                        void *ctx) {
  const tnam_op_t *op = &r->s.ops[r->seq.cur_op];
  tnam_chip_cfg_t restore = {.mode = op->u.cal.mode,
                             .shift = op->u.cal.shift,
                             .select = (op->u.cal.flags & TNAM_CFG_SELECT) != 0,
                             .test = (op->u.cal.flags & TNAM_CFG_TEST) != 0};
  for (unsigned m = 0; m < r->s.chip.macros; m++) {
    const uint32_t e = tnam_map_get(op->u.cal.map, m);
    if (e & TNAM_MAP_VALID) restore.map_valid |= 1u << m;
    restore.map_tile[m] = e & 7u;
  }
  cal_port_t cp = {.r = r, .step = step, .ctx = ctx};
  const tnam_port_t port = {.step = cal_step, .ctx = &cp, .p = &r->s.chip};
  tnam_cal_result_t *res = malloc(sizeof *res);
  char err[256] = "out of memory";
  r->calibrating = 1;
  const int ok = res && tnam_cal_run(&port, &restore, res, err, sizeof err);
  r->calibrating = 0;
  if (!ok && r->status == TNAM_EXIT_PASS) {
    fprintf(stderr, "CALIBRATION FAILED at %s:%u: %s\n", r->s.path, op->line, err);
    r->status = TNAM_EXIT_FAIL;
  } else if (ok && !r->o.quiet) {
    printf("calibrate: %s:%u: %" PRIu64 " cycles\n", r->s.path, op->line, cp.cycles);
  }
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
    snprintf(buf, n, "cycle %" PRIu64 ", %s line %u", r->seq.cycle, r->s.path, r->s.ops[op].line);
}

int tnam_run_close(tnam_run_t *r) {
  const double secs = now_s() - r->t0;
  int status = r->status;
  if (status == TNAM_EXIT_PASS) {
    size_t lost = tnam_seq_pending_eval(&r->seq);
    if (lost != TNAM_SEQ_NONE) {
      fprintf(stderr, "error: the evaluation at %s:%u never produced a result\n", r->s.path,
              r->s.ops[lost].line);
      status = TNAM_EXIT_FAIL;
    }
  }
  if (r->use_model) r->model_b.close(&r->model_b);
  if (r->o.digest) printf("digest: %016" PRIx64 "\n", r->digest);
  const double rate = secs > 0 ? (double)r->cycles / secs : 0;
  printf("%s: %" PRIu64 " cycles, %" PRIu64
         " evaluations, mode %s, %.3f s, %.3f M cycles/s, "
         "%.3f M evaluations/s\n",
         status == TNAM_EXIT_PASS ? "PASS" : "FAIL", r->cycles, r->evals, mode_names[r->o.mode],
         secs, rate / 1e6, secs > 0 ? (double)r->evals / secs / 1e6 : 0);
  if (!r->o.quiet) work_print(&r->work, secs);
  if (status != TNAM_EXIT_PASS && !r->o.stream_path) printf("seed: %s\n", r->seed_text);
  fflush(stdout);
  tnam_chip_free(r->model);
  tnam_stream_free(&r->s);
  free(r);
  return status;
}

/* The Verilated RTL as the run's RTL side: one back-end step, then the check. */
typedef struct {
  tnam_run_t *r;
  tnam_backend_t *rtl_b; /* NULL in a model-only run */
} backend_dut_t;

static const tnam_chip_out_t *backend_step(void *ctx, const tnam_chip_in_t *in) {
  backend_dut_t *d = ctx;
  const tnam_chip_out_t *rtl = d->rtl_b ? d->rtl_b->step(d->rtl_b, in) : NULL;
  return tnam_run_check(d->r, in, rtl) ? tnam_run_ref(d->r) : NULL;
}

int tnam_run_main(int argc, char **argv, tnam_rtl_open_fn rtl_open, tnam_rtl_params_fn rtl_params,
                  int can_trace) {
  const tnam_run_dut_t dut = {.params = rtl_params, .can_trace = can_trace, .rtl_name = "RTL"};
  int status;
  tnam_run_t *r = run_open(argc, argv, rtl_open != NULL, &dut, &status);
  if (!r) return status;
  tnam_backend_t rtl_b = {0};
  if (r->use_rtl) {
    char err[256];
    if (!rtl_open(&rtl_b, &r->o.waves, err, sizeof err)) {
      fprintf(stderr, "error: %s\n", err);
      tnam_chip_free(r->model);
      tnam_stream_free(&r->s);
      free(r);
      return TNAM_EXIT_USAGE;
    }
  }
  if (r->o.backend_only) {
    status = run_backend_only(&r->o, &r->seq, r->use_model ? &r->model_b : NULL,
                              r->use_rtl ? &rtl_b : NULL, &r->ctx);
    if (r->use_rtl) rtl_b.close(&rtl_b);
    tnam_chip_free(r->model);
    tnam_stream_free(&r->s);
    free(r);
    return status;
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
  return tnam_run_close(r);
}
