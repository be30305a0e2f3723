// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_sweep: does calibration, selection or placement matter? On the golden model of a
 * 64 x 16 chip with M = 4 macros holding T = 2 tiles, for a grid of offset sigma x defect
 * rate x defect excess D, it runs one seeded workload four times per drawn chip:
 *   none        static mapping, trims 0 (no calibration)
 *   trim        calibration (spec 12.2), static mapping (the tiles on macros 0 and 1):
 *               offsets cancelled, defects not avoided
 *   trim+sel    calibration and variation-aware selection (spec 11.3) between two copies of
 *               each tile (macros 0, 2 hold tile 0 and macros 1, 3 tile 1)
 *   trim+place  calibration, then no spare: each tile held once, on the macro tnam_place
 *               (spec 11.4) picks from calibration's health table; static mapping
 * and measures, against the ideal (no-variation) dot product computed here in plain C:
 * the threshold-mode decision error rate per column evaluation, the level-mode mean absolute
 * code error, and the macro-active cycles (energy proxy). It prints one TSV row per grid point.
 *
 *   tnam_sweep [--seed N] [--chips K] [--evals N] [--levels N] [--excess D] | --version
 *
 * Same arguments, same output. Exit 2 on a bad option, 1 if the model misbehaves. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tnam_cal.h"
#include "tnam_cli.h"
#include "tnam_prng.h"
#include "tnam_var.h"
#include "tnam_version.h"

#define ROWS 64
#define COLS 16
#define MACROS 4
#define TILES 2
#define MAX_CHIPS 16
#define DENSITY_PPM 300000 /* non-zero weights: 30% */
#define ACTIVITY_PPM 50000 /* driven rows: 5% */

static const double sigmas[] = {0.0, 0.5, 1.0, 2.0, 4.0}; /* offset sigma, cell currents */
static const double rates[] = {0.0, 0.001, 0.01, 0.03};   /* defect probability per cell */
enum { NONE, TRIM, TRIM_SEL, TRIM_PLACE, MITIGATIONS };

/* One layer: ternary weights and thresholds per tile, and the seed of its input sequence. */
typedef struct {
  uint64_t mag[TILES][ROWS], sign[TILES][ROWS]; /* column masks per row */
  int32_t thr[TILES][COLS];
  uint64_t input_seed;
} layer_t;

typedef struct {
  uint64_t thr_err, thr_n; /* wrong decisions, column evaluations */
  uint64_t lvl_abs, lvl_n; /* sum |code - ideal|, column reads */
  uint64_t active;         /* macro-active cycles of the workload, all macros */
  uint64_t cal_cycles;
} stats_t;

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("tnam_sweep: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(1);
}

static void make_layer(uint64_t seed, layer_t *w) {
  tnam_prng_t g;
  tnam_prng_seed(&g, seed);
  memset(w, 0, sizeof *w);
  for (unsigned t = 0; t < TILES; t++) {
    for (unsigned r = 0; r < ROWS; r++)
      for (unsigned c = 0; c < COLS; c++)
        if (tnam_prng_chance(&g, DENSITY_PPM)) {
          w->mag[t][r] |= 1ULL << c;
          if (tnam_prng_below(&g, 2)) w->sign[t][r] |= 1ULL << c;
        }
    /* With about 3 driven rows and 30% density a column's dot product is mostly -2 .. 2:
     * thresholds 0 and 1 (fire at 1 or more, 2 or more) sit in the middle of it. */
    for (unsigned c = 0; c < COLS; c++) w->thr[t][c] = (int32_t)tnam_prng_below(&g, 2);
  }
  w->input_seed = tnam_prng_next(&g);
}

/* Word lines of every tile for the next evaluation. */
static void draw_inputs(tnam_prng_t *g, uint64_t x[TILES]) {
  for (unsigned t = 0; t < TILES; t++) {
    x[t] = 0;
    for (unsigned r = 0; r < ROWS; r++)
      if (tnam_prng_chance(g, ACTIVITY_PPM)) x[t] |= 1ULL << r;
  }
}

/* The ideal dot product P_c - N_c of every column of tile t. */
static void ideal_mac(const layer_t *w, unsigned t, uint64_t x, int32_t mac[COLS]) {
  memset(mac, 0, COLS * sizeof *mac);
  for (; x; x &= x - 1) {
    unsigned r = (unsigned)__builtin_ctzll(x);
    for (unsigned c = 0; c < COLS; c++)
      if ((w->mag[t][r] >> c) & 1u) mac[c] += ((w->sign[t][r] >> c) & 1u) ? -1 : 1;
  }
}

typedef struct {
  tnam_port_t port;
  const tnam_chip_out_t *o;
} run_t;

static void step(run_t *k, const tnam_chip_in_t *in) { k->o = k->port.step(k->port.ctx, in); }

static uint64_t active_cycles(const tnam_chip_out_t *o) {
  uint64_t sum = 0;
  for (unsigned m = 0; m < MACROS; m++) sum += o->cnt_active[m];
  return sum;
}

/* Threshold mode, one evaluation per cycle: the result of the evaluation issued in one step
 * is on the outputs after the next step, in the macro its selection chose. */
static void run_threshold(run_t *k, const layer_t *w, unsigned evals, stats_t *st) {
  tnam_prng_t g;
  tnam_prng_seed(&g, w->input_seed);
  uint64_t x[TILES], prev_x[TILES] = {0};
  uint32_t prev_sel[TILES] = {0}, prev_valid = 0;
  tnam_chip_in_t in;
  for (unsigned i = 0; i <= evals; i++) {
    tnam_port_idle(&in);
    if (i < evals) {
      draw_inputs(&g, x);
      in.core.eval = true;
      for (unsigned t = 0; t < TILES; t++) in.x[t][0] = x[t];
    }
    step(k, &in);
    if (i > 0) {
      for (unsigned t = 0; t < TILES; t++) {
        int32_t mac[COLS];
        ideal_mac(w, t, prev_x[t], mac);
        const tnam_out_t *m = &k->o->m[prev_sel[t]];
        if (((prev_valid >> t) & 1u) && !m->res_valid)
          die("evaluation %u: no result in macro %u", i - 1, prev_sel[t]);
        for (unsigned c = 0; c < COLS; c++) {
          /* A tile that ran nowhere has the known result for MAC = 0. */
          bool got = ((prev_valid >> t) & 1u) ? (m->dec >> c) & 1u : w->thr[t][c] < 0;
          st->thr_err += got != (mac[c] > w->thr[t][c]);
        }
        st->thr_n += COLS;
      }
    }
    memcpy(prev_x, x, sizeof x);
    memcpy(prev_sel, k->o->sel, sizeof prev_sel);
    prev_valid = k->o->sel_valid;
  }
}

/* Level mode: one read at a time; codes are read when the chip is done. */
static void run_level(run_t *k, const layer_t *w, unsigned reads, stats_t *st) {
  const unsigned limit = 2 + 4 * k->port.p->core.steps;
  tnam_prng_t g;
  tnam_prng_seed(&g, w->input_seed ^ 0x6c6576656cULL); /* not the threshold sequence */
  uint64_t x[TILES];
  tnam_chip_in_t in, idle;
  tnam_port_idle(&idle);
  for (unsigned i = 0; i < reads; i++) {
    draw_inputs(&g, x);
    tnam_port_idle(&in);
    in.core.eval = true;
    for (unsigned t = 0; t < TILES; t++) in.x[t][0] = x[t];
    step(k, &in);
    const uint32_t valid = k->o->sel_valid;
    uint32_t sel[TILES];
    memcpy(sel, k->o->sel, sizeof sel);
    if (valid) { /* an evaluation that runs on no macro is over at once */
      for (unsigned len = 1; k->o->busy; len++) {
        if (len == limit) die("level read %u still busy after %u cycles", i, limit);
        step(k, &idle);
      }
      if (!k->o->done) die("level read %u ended without done", i);
    }
    for (unsigned t = 0; t < TILES; t++) {
      int32_t mac[COLS];
      ideal_mac(w, t, x[t], mac);
      for (unsigned c = 0; c < COLS; c++) {
        int32_t got = ((valid >> t) & 1u) ? k->o->m[sel[t]].sar_code[c] : 0;
        st->lvl_abs += (uint64_t)labs((long)got - mac[c]);
      }
      st->lvl_n += COLS;
    }
  }
}

/* One chip with variation v running layer w under one mitigation. */
static void run_chip(const tnam_chip_params_t *p, const tnam_var_t *v, const layer_t *w,
                     int mitigation, unsigned evals, unsigned reads, stats_t *st) {
  tnam_chip_t *chip = tnam_chip_new(p);
  if (!chip) die("out of memory");
  run_t k;
  tnam_port_model(&k.port, chip);
  tnam_chip_in_t in;
  tnam_var_iter_t it = {0};
  for (tnam_port_idle(&in); tnam_var_next(v, &it, &in); tnam_port_idle(&in)) step(&k, &in);

  /* Macro m holds tile m % T: macros 0, 1 the tiles, macros 2, 3 their spares (which static
   * mapping never runs). */
  tnam_chip_cfg_t cfg = {
      .mode = TNAM_MODE_THRESH, .select = mitigation == TRIM_SEL, .map_valid = (1u << MACROS) - 1u};
  for (unsigned m = 0; m < MACROS; m++) cfg.map_tile[m] = m % TILES;
  char err[256];
  if (mitigation == NONE) {
    if (!tnam_port_configure(&k.port, &cfg, err, sizeof err)) die("%s", err);
  } else {
    static tnam_cal_result_t res;
    if (!tnam_cal_run(&k.port, &cfg, &res, err, sizeof err)) die("%s", err);
    st->cal_cycles += res.cycles;
    if (mitigation == TRIM_PLACE) {
      /* No spare: the host places each tile once, from the health table it just measured,
       * and writes the new tile map (the other two macros hold no tile). */
      static tnam_nonzero_t nz;
      memset(&nz, 0, sizeof nz);
      for (unsigned t = 0; t < TILES; t++) memcpy(nz.row[t], w->mag[t], sizeof w->mag[t]);
      if (!tnam_place(p, &res, &nz, &cfg)) die("tnam_place failed");
      if (!tnam_port_configure(&k.port, &cfg, err, sizeof err)) die("%s", err);
    }
  }

  /* Every macro holding a tile takes its weights and thresholds in the same writes. */
  for (unsigned t = 0; t < TILES; t++) {
    uint32_t copies = 0;
    for (unsigned m = 0; m < MACROS; m++)
      if (((cfg.map_valid >> m) & 1u) && cfg.map_tile[m] == t) copies |= 1u << m;
    for (unsigned r = 0; r < ROWS; r++) {
      tnam_port_idle(&in);
      in.mask = copies;
      in.core.wr_en = true;
      in.core.wr_row = r;
      in.core.wr_mag = w->mag[t][r];
      in.core.wr_sign = w->sign[t][r];
      if (r < COLS) {
        in.core.thr_en = true;
        in.core.thr_col = r;
        in.core.thr = w->thr[t][r];
      }
      step(&k, &in);
    }
  }

  const uint64_t active0 = active_cycles(k.o);
  run_threshold(&k, w, evals, st);
  cfg.mode = TNAM_MODE_LEVEL;
  if (!tnam_port_configure(&k.port, &cfg, err, sizeof err)) die("%s", err);
  run_level(&k, w, reads, st);
  /* The counters are 32 bits and a run is far shorter than 2^32 cycles. */
  st->active += active_cycles(k.o) - active0;
  tnam_chip_free(chip);
}

static const char sweep_usage[] =
    "usage: tnam_sweep [--seed N] [--chips K] [--evals N] [--levels N] [--excess 1|-1]\n"
    "       tnam_sweep --version\n"
    "  writes the sweep table (TSV) of docs/variation.md to standard output\n";

/* A bad command line: the message is on stderr; the usage follows it. */
static int usage_error(void) {
  fputs(sweep_usage, stderr);
  return TNAM_EXIT_USAGE;
}

int main(int argc, char **argv) {
  uint64_t seed = 1;
  unsigned chips = 16, evals = 5000, reads = 1000;
  int excess_only = 0, excesses[] = {1, -1};
  tnam_opt_seen_t seen = {0};
  for (int i = 1; i < argc; i++) {
    const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
      fputs(sweep_usage, stdout);
      return tnam_stdout_finish(TNAM_EXIT_PASS);
    }
    if (strcmp(opt, "--version") == 0) {
      printf("tnam_sweep %s\n", TNAM_VERSION);
      return tnam_stdout_finish(TNAM_EXIT_PASS);
    }
    if (!val) {
      fprintf(stderr, "error: option '%s' needs a value (or is unknown)\n", opt);
      return usage_error();
    }
    i++;
    if (!tnam_opt_once(&seen, opt)) return usage_error();
    int ok = 1;
    if (strcmp(opt, "--seed") == 0)
      ok = tnam_opt_u64(opt, val, 0, 4000000000UL, &seed);
    else if (strcmp(opt, "--chips") == 0)
      ok = tnam_opt_uint(opt, val, 1, MAX_CHIPS, &chips);
    else if (strcmp(opt, "--evals") == 0)
      ok = tnam_opt_uint(opt, val, 1, 10000000, &evals);
    else if (strcmp(opt, "--levels") == 0)
      ok = tnam_opt_uint(opt, val, 1, 1000000, &reads);
    else if (strcmp(opt, "--excess") == 0) {
      /* One D per process, so a script can run the D values on separate cores. */
      if (strcmp(val, "1") == 0)
        excess_only = 1;
      else if (strcmp(val, "-1") == 0)
        excess_only = -1;
      else {
        fprintf(stderr, "error: option --excess: '%s' must be 1 or -1\n", val);
        ok = 0;
      }
    } else {
      fprintf(stderr, "error: unknown option '%s'\n", opt);
      ok = 0;
    }
    if (!ok) return usage_error();
  }

  tnam_chip_params_t p;
  if (!tnam_chip_params_make(ROWS, COLS, MACROS, TILES, &p)) die("bad chip parameters");
  printf("# tnam_sweep --seed %" PRIu64 " --chips %u --evals %u --levels %u%s\n", seed, chips,
         evals, reads, excess_only ? (excess_only > 0 ? " --excess 1" : " --excess -1") : "");
  printf(
      "# chip rows %d cols %d macros %d tiles %d (one spare copy per tile; trim_place: no "
      "spare, tiles placed by tnam_place); weights %d%% non-zero, thresholds 0 or 1, %d%% of "
      "rows driven\n",
      ROWS, COLS, MACROS, TILES, DENSITY_PPM / 10000, ACTIVITY_PPM / 10000);
  printf(
      "# chip k of a grid point: variation seed var_seed + k (tnam_var ... --seed), layer "
      "seed %" PRIu64 " * 1000 + k\n",
      seed);
  printf(
      "D\tsigma\trate\tvar_seed\tthr_err_none\tthr_err_trim\tthr_err_trim_sel"
      "\tthr_err_trim_place\tlvl_mae_none\tlvl_mae_trim\tlvl_mae_trim_sel"
      "\tlvl_mae_trim_place\tactive_none\tactive_trim\tactive_trim_sel\tactive_trim_place"
      "\tcal_cycles\n");

  static layer_t layers[MAX_CHIPS];
  for (unsigned k = 0; k < chips; k++) make_layer(seed * 1000 + k, &layers[k]);
  static tnam_var_t v;
  for (size_t e = 0; e < sizeof excesses / sizeof excesses[0]; e++) {
    if (excess_only && excesses[e] != excess_only) continue;
    for (size_t si = 0; si < sizeof sigmas / sizeof sigmas[0]; si++)
      for (size_t ri = 0; ri < sizeof rates / sizeof rates[0]; ri++) {
        /* Seeds depend on the grid position only, so a one-D run gives the same rows. */
        const uint64_t var_seed = seed * 1000000 + (uint64_t)(e * 100 + si * 10 + ri) * MAX_CHIPS;
        stats_t st[MITIGATIONS] = {{0}};
        for (unsigned k = 0; k < chips; k++) {
          tnam_var_draw(&p, sigmas[si], rates[ri], excesses[e], var_seed + k, &v);
          for (int mi = 0; mi < MITIGATIONS; mi++)
            run_chip(&p, &v, &layers[k], mi, evals, reads, &st[mi]);
        }
        printf("%+d\t%g\t%g\t%" PRIu64, excesses[e], sigmas[si], rates[ri], var_seed);
        for (int mi = 0; mi < MITIGATIONS; mi++)
          printf("\t%.6f", (double)st[mi].thr_err / (double)st[mi].thr_n);
        for (int mi = 0; mi < MITIGATIONS; mi++)
          printf("\t%.4f", (double)st[mi].lvl_abs / (double)st[mi].lvl_n);
        for (int mi = 0; mi < MITIGATIONS; mi++) printf("\t%" PRIu64, st[mi].active);
        printf("\t%" PRIu64 "\n", st[TRIM].cal_cycles / chips);
        /* A row that cannot be written stops the sweep at once (a full disk, a closed pipe). */
        if (fflush(stdout) != 0 || ferror(stdout)) return tnam_stdout_finish(TNAM_EXIT_PASS);
      }
  }
  return tnam_stdout_finish(TNAM_EXIT_PASS);
}
