// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The harness command line: option parsing, usage text, --version, the reproduce line. */
#define _POSIX_C_SOURCE 200809L
#include "tnam_opts.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tnam_chip.h"
#include "tnam_cli.h"
#include "tnam_gen.h"
#include "tnam_version.h"

const char *const tnam_run_mode_names[3] = {"lockstep", "rtl", "model"};

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
          "  --dump-stream FILE write the generated stream as a .tns file\n"
          "  --hold-rate N      held edges (ce_i = 0, every other input random) per mille of\n"
          "                     the generated stream's rising edges, 0 .. %u (default %u;\n"
          "                     0: none)\n",
          argv0, TNAM_HOLD_RATE_MAX, TNAM_GEN_HOLD_RATE);
  if (can_rtl)
    fprintf(f,
            "  --mode M           lockstep (RTL checked against the golden model, default),\n"
            "                     rtl (RTL alone) or model (golden model alone)\n"
            "  --waves FILE.fst   write waves (binary built with WAVES=1)\n"
            "  --wave-from N      first clock period in the wave file (default 0; held\n"
            "                     edges are periods too: a report's `time` line says where)\n"
            "  --wave-to N        last clock period in the wave file (default: the end)\n");
  else
    fprintf(f,
            "  --rows R --cols C  configuration of generated streams (default 64 x 16)\n"
            "  --macros M --tiles T  chip of generated streams (default 1 and 1)\n");
  fprintf(f,
          "  --max-cycles N     stop with exit 3 after N cycles (default: no limit)\n"
          "  --timeout S        stop with exit 3 after S seconds of wall-clock time\n"
          "  --digest           print a digest of every cycle's outputs (for determinism)\n"
          "  --fcov FILE        count the functional coverage bins, adding to the counts in FILE\n"
          "  --backend-only     benchmark: sequence the whole stream into memory first, then\n"
          "                     time only the back-end steps (and the lockstep compare)\n"
          "  --quiet            print only failures and the final line\n"
          "  --help             print this text (on stdout, exit 0)\n"
          "  --version          print the program and the project's version (exit 0)\n"
          "exit: 0 pass, 1 mismatch or failed expectation, 2 bad input, 3 timeout/interrupt\n");
}

static uint64_t fresh_seed(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t x =
      (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
  return x % 1000000000000ULL; /* short enough to type */
}

/* Option a with its value val. 1, or 0 after a message. */
static int set_value(tnam_opts_t *o, const char *a, const char *val, int can_rtl, int can_trace) {
  uint64_t v;
  if (strcmp(a, "--stream") == 0)
    o->stream_path = val;
  else if (strcmp(a, "--dump-stream") == 0)
    o->dump_path = val;
  else if (strcmp(a, "--fcov") == 0)
    o->fcov_path = val;
  else if (strcmp(a, "--seed") == 0) {
    o->have_seed = 1;
    if (strcmp(val, "random") == 0)
      o->seed = fresh_seed();
    else if (!tnam_opt_u64(a, val, 0, UINT64_MAX, &o->seed))
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
  } else if (strcmp(a, "--hold-rate") == 0) {
    unsigned rate;
    if (!tnam_opt_uint(a, val, 0, TNAM_HOLD_RATE_MAX, &rate)) return 0;
    o->have_hold_rate = 1;
    o->hold_rate = rate;
  } else if (strcmp(a, "--cycles") == 0) {
    if (!tnam_opt_u64(a, val, 1, TNAM_OPTS_CYCLES_MAX, &o->cycles)) return 0;
  } else if (strcmp(a, "--mode") == 0) {
    int m = -1;
    for (int k = 0; k < 3; k++)
      if (strcmp(val, tnam_run_mode_names[k]) == 0) m = k;
    if (m < 0 || (!can_rtl && m != TNAM_MODE_MODEL)) {
      fprintf(stderr, "error: option --mode: '%s' is not %s\n", val,
              can_rtl ? "lockstep, rtl or model" : "available here (model only)");
      return 0;
    }
    o->mode = (tnam_run_mode_t)m;
  } else if (strcmp(a, "--waves") == 0) {
    if (!can_trace) {
      fprintf(stderr,
              "error: option --waves: this binary was built without waves; "
              "build with 'make sim WAVES=1'\n");
      return 0;
    }
    if (!tnam_opt_output_file(a, val)) return 0;
    o->waves.path = val;
  } else if (strcmp(a, "--wave-from") == 0) {
    if (!tnam_opt_u64(a, val, 0, UINT64_MAX - 1, &o->waves.from_cycle)) return 0;
  } else if (strcmp(a, "--wave-to") == 0) {
    if (!tnam_opt_u64(a, val, 0, UINT64_MAX - 1, &o->waves.to_cycle)) return 0;
  } else if (strcmp(a, "--max-cycles") == 0) {
    if (!tnam_opt_u64(a, val, 1, UINT64_MAX, &o->max_cycles)) return 0;
  } else if (strcmp(a, "--timeout") == 0) {
    if (!tnam_opt_u64(a, val, 1, 1000000, &v)) return 0;
    o->timeout_s = (double)v;
  } else {
    /* --rows, --cols, --macros, --tiles */
    static const struct {
      const char *opt;
      unsigned lo, hi;
      size_t field;
    } dims[] = {{"--rows", TNAM_MIN_ROWS, TNAM_MAX_ROWS, offsetof(tnam_opts_t, rows)},
                {"--cols", TNAM_MIN_COLS, TNAM_MAX_COLS, offsetof(tnam_opts_t, cols)},
                {"--macros", 1, TNAM_MAX_MACROS, offsetof(tnam_opts_t, macros)},
                {"--tiles", 1, TNAM_MAX_TILES, offsetof(tnam_opts_t, tiles)}};
    if (can_rtl) {
      fprintf(stderr,
              "error: option %s: the RTL build fixes the configuration; "
              "choose it with 'make sim ROWS=.. COLS=.. MACROS=.. TILES=..'\n",
              a);
      return 0;
    }
    for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++) {
      if (strcmp(a, dims[k].opt) != 0) continue;
      if (!tnam_opt_u64(a, val, dims[k].lo, dims[k].hi, &v)) return 0;
      *(unsigned *)((char *)o + dims[k].field) = (unsigned)v;
    }
  }
  return 1;
}

/* What no single option can say: 1, or 0 after a message. */
static int consistent(const tnam_opts_t *o, const tnam_opt_seen_t *seen) {
  if (!o->stream_path == !o->have_seed) {
    fprintf(stderr, "error: give exactly one of --stream FILE and --seed N (see --help)\n");
    return 0;
  }
  if (o->stream_path && o->have_hold_rate) {
    fprintf(stderr,
            "error: option --hold-rate is for generated streams; a stream's own "
            "'hold' line sets its held edges\n");
    return 0;
  }
  if (o->waves.path && o->mode == TNAM_MODE_MODEL) {
    fprintf(stderr, "error: option --waves needs the RTL (--mode lockstep or rtl)\n");
    return 0;
  }
  if (o->fcov_path && (o->mode == TNAM_MODE_RTL || o->backend_only)) {
    fprintf(stderr, "error: option --fcov counts the golden model's bins: not with %s\n",
            o->backend_only ? "--backend-only" : "--mode rtl");
    return 0;
  }
  if (o->stream_path && o->dump_path) {
    fprintf(stderr,
            "error: option --dump-stream writes a generated stream: it needs --seed, not "
            "--stream\n");
    return 0;
  }
  static const char *const generated_only[] = {"--profile", "--modes", "--cycles", "--ideal"};
  for (size_t k = 0; o->stream_path && k < sizeof generated_only / sizeof generated_only[0]; k++)
    if (tnam_opt_given(seen, generated_only[k])) {
      fprintf(stderr, "error: option %s shapes a generated stream: it needs --seed, not --stream\n",
              generated_only[k]);
      return 0;
    }
  static const char *const not_benchmarked[] = {"--digest", "--max-cycles", "--timeout"};
  for (size_t k = 0; o->backend_only && k < sizeof not_benchmarked / sizeof not_benchmarked[0]; k++)
    if (tnam_opt_given(seen, not_benchmarked[k])) {
      fprintf(stderr, "error: option %s: the --backend-only benchmark loop does not honour it\n",
              not_benchmarked[k]);
      return 0;
    }
  if (o->waves.from_cycle > o->waves.to_cycle) {
    fprintf(stderr, "error: --wave-from %" PRIu64 " is after --wave-to %" PRIu64 "\n",
            o->waves.from_cycle, o->waves.to_cycle);
    return 0;
  }
  static const char *const window[] = {"--wave-from", "--wave-to"};
  for (size_t k = 0; !o->waves.path && k < 2; k++)
    if (tnam_opt_given(seen, window[k])) {
      fprintf(stderr, "error: option %s: only with --waves FILE\n", window[k]);
      return 0;
    }
  return 1;
}

tnam_opts_status_t tnam_opts_parse(int argc, char **argv, int can_rtl, int can_trace,
                                   tnam_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->profile = TNAM_GEN_MIXED;
  o->layer_modes = TNAM_GEN_ALL_MODES;
  o->cycles = 20000;
  o->hold_rate = TNAM_GEN_HOLD_RATE;
  o->mode = can_rtl ? TNAM_MODE_LOCKSTEP : TNAM_MODE_MODEL;
  o->rows = 64;
  o->cols = 16;
  o->macros = o->tiles = 1;
  o->waves.to_cycle = UINT64_MAX;
  tnam_opt_seen_t seen = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout, argv[0], can_rtl);
      return TNAM_OPTS_ANSWERED;
    }
    if (strcmp(a, "--version") == 0) {
      const char *slash = strrchr(argv[0], '/');
      printf("%s %s\n", slash ? slash + 1 : argv[0], TNAM_VERSION);
      return TNAM_OPTS_ANSWERED;
    }
    /* Known or not (an unknown one is refused below), an option counts once. */
    if (!tnam_opt_once(&seen, a)) return TNAM_OPTS_ERROR;
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
        "--rows",   "--cols",  "--macros",    "--tiles",   "--fcov",       "--hold-rate"};
    int known = 0;
    for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
      known |= strcmp(a, with_value[k]) == 0;
    if (!known) {
      fprintf(stderr, "error: unknown option '%s' (see --help)\n", a);
      return TNAM_OPTS_ERROR;
    }
    if (i + 1 == argc) {
      fprintf(stderr, "error: option %s needs a value (see --help)\n", a);
      return TNAM_OPTS_ERROR;
    }
    if (!set_value(o, a, argv[++i], can_rtl, can_trace)) return TNAM_OPTS_ERROR;
  }
  return consistent(o, &seen) ? TNAM_OPTS_RUN : TNAM_OPTS_ERROR;
}

int tnam_opts_repro(const tnam_opts_t *o, const char *argv0, int can_rtl, tnam_str_t *out) {
  tnam_str_add(out, "%s", argv0);
  if (o->stream_path)
    tnam_str_add(out, " --stream %s", o->stream_path);
  else {
    char modes[32];
    tnam_gen_modes_text(o->layer_modes, modes, sizeof modes);
    tnam_str_add(out, " --seed %" PRIu64 " --profile %s --modes %s --cycles %" PRIu64 "%s", o->seed,
                 tnam_gen_profile_name(o->profile), modes, o->cycles, o->ideal ? " --ideal" : "");
    if (o->hold_rate != TNAM_GEN_HOLD_RATE) tnam_str_add(out, " --hold-rate %u", o->hold_rate);
  }
  if (o->mode != TNAM_MODE_LOCKSTEP) tnam_str_add(out, " --mode %s", tnam_run_mode_names[o->mode]);
  /* A model-only binary takes the configuration as options (an RTL build has it built in and
   * refuses them); a stream run needs them too, since the stream's config line must match. */
  if (!can_rtl)
    tnam_str_add(out, " --rows %u --cols %u --macros %u --tiles %u", o->rows, o->cols, o->macros,
                 o->tiles);
  if (out->failed) fprintf(stderr, "error: out of memory for the reproduce line\n");
  return !out->failed;
}
