// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_infer: runs a model file on a data set's test images on one back end (the integer
 * reference, the golden model, the RTL, or the RTL in lockstep with the golden model) and
 * prints accuracy, speed, the chip's work per image and each compute layer's activity. A chip
 * back end is compared with the reference on every image (docs/nn.md section 5) and its events
 * priced by the energy model (docs/energy.md). Everything is validated before the first image
 * runs, so a bad input never yields a partial result; --out is written whole or not at all and
 * --tsv gets one whole row or nothing. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, open, ftruncate */
#include "tnam_infer.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tnam_chipnet.h"
#include "tnam_cli.h"
#include "tnam_digits.h"
#include "tnam_energy.h"
#include "tnam_idx.h"
#include "tnam_net.h"
#include "tnam_nnio.h"
#include "tnam_ref.h"
#include "tnam_version.h"

static void usage(FILE *f) {
  fprintf(
      f,
      "usage: tnam_infer --model FILE (--data DIR | --digits FILE) [--split test|train]\n"
      "                  [--first N] [--limit N] [--backend ref|model|rtl|lockstep] [--batch N]\n"
      "                  [--rows R --cols C --macros M --tiles T] [--no-compare] [--out FILE]\n"
      "                  [--energy FILE] [--tsv FILE]\n"
      "                  [--variation FILE | --var-seed N [--sigma S] [--defects R] [--excess D]]\n"
      "                  [--mitigation none|cal|cal+sel]\n"
      "  --data DIR     MNIST-format IDX files (train-/t10k-{images-idx3,labels-idx1}-ubyte[.gz])\n"
      "  --digits FILE  scikit-learn's digits.csv.gz (test: its last 360 rows)\n"
      "  --first N      start at image N of the split (default 0)\n"
      "  --limit N      at most N images\n"
      "  --backend B    ref: the integer reference; model: the golden model; rtl, lockstep: the\n"
      "                 Verilated chip (build/<cfg>/tnam_infer), alone or checked every cycle\n"
      "  --batch N      images per batch on a chip (each layer's weights written once per batch)\n"
      "  --rows ..      the golden model's chip (default 64 16 1 1; an RTL build has its own)\n"
      "  --no-compare   do not run the reference beside a chip back end\n"
      "  --out FILE     per image: index, label, class, logits (tab-separated)\n"
      "  --energy FILE  the energy model's constants for a chip back end (default nn/energy.cfg)\n"
      "  --tsv FILE     append one tab-separated row of the run's figures (a header when new)\n"
      "  --variation F  inject the variation file F (spec 12.1) into the chip before the network\n"
      "  --var-seed N   inject a random chip drawn from seed N: offsets of sigma S (default 0),\n"
      "                 each cell defective with probability R (default 0), excess D (default 1)\n"
      "  --mitigation   none (default), cal (calibration first), cal+sel (calibration, two copies\n"
      "                 of every tile and the chip's selection: needs macros >= 2 x tiles)\n"
      "                 with a variation or a mitigation, images whose logits differ from the\n"
      "                 reference are counted, not a stop (docs/nn.md section 5, Variation)\n"
      "exit status: 0 ok, 1 a chip result differs, 2 bad option or input, 3 aborted\n");
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
  const char *model, *data, *digits, *split, *backend, *out, *energy, *tsv;
  unsigned long first, limit, batch, chip[4];
  int compare;
  /* The chip's variation and mitigation (docs/nn.md section 5, "Variation"). */
  const char *variation;
  unsigned long var_seed;
  int have_seed, have_draw, mitigation;
  double sigma, defects;
  long excess;
} options_t;

/* --sigma and --defects: a number in [lo, hi]. */
static int real_option(const char *a, const char *v, double lo, double hi, double *x) {
  if (tnam_num_real(v, lo, hi, x) != TNAM_NUM_OK) {
    fprintf(stderr, "tnam_infer: %s %s: not a number in %g .. %g\n", a, v, lo, hi);
    return -1;
  }
  return 0;
}

static const char *const backends[] = {"ref", "model", "rtl", "lockstep"};
enum { BACKEND_REF, BACKEND_MODEL, BACKEND_RTL, BACKEND_LOCKSTEP };

static int count_option(const char *a, const char *v, unsigned long *x, int zero_ok) {
  uint64_t n = 0;
  if (tnam_num_u64(v, zero_ok ? 0 : 1, ULONG_MAX, &n) != TNAM_NUM_OK) {
    fprintf(stderr, "tnam_infer: %s %s: not a %s count\n", a, v, zero_ok ? "" : "positive");
    return -1;
  }
  *x = (unsigned long)n;
  return 0;
}

/* Returns the back end's index, -1 on a bad command line, -2 after --help or --version. */
static int parse_options(int argc, char **argv, const tnam_infer_rtl_t *rtl, options_t *o) {
  memset(o, 0, sizeof *o);
  static const char *const chip_opts[4] = {"--rows", "--cols", "--macros", "--tiles"};
  o->split = "test";
  o->backend = "ref";
  o->energy = "nn/energy.cfg";
  o->batch = 32;
  o->compare = 1;
  o->chip[0] = 64, o->chip[1] = 16, o->chip[2] = 1, o->chip[3] = 1;
  o->excess = 1;
  int chip_given = 0;
  tnam_opt_seen_t seen = {0};
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return -2;
    }
    if (!strcmp(a, "--version")) {
      printf("tnam_infer %s\n", TNAM_VERSION);
      return -2;
    }
    if (!strcmp(a, "--no-compare")) {
      if (!tnam_opt_once(&seen, a)) return -1;
      o->compare = 0;
      continue;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "tnam_infer: %s: unknown option or missing value\n", a);
      return -1;
    }
    const char *v = argv[++i];
    if (!tnam_opt_once(&seen, a)) return -1;
    int known = 1, c;
    for (c = 0; c < 4 && strcmp(a, chip_opts[c]); c++) continue;
    if (c < 4) {
      if (count_option(a, v, &o->chip[c], 0)) return -1;
      chip_given = 1;
    } else if (!strcmp(a, "--model"))
      o->model = v;
    else if (!strcmp(a, "--data"))
      o->data = v;
    else if (!strcmp(a, "--digits"))
      o->digits = v;
    else if (!strcmp(a, "--split"))
      o->split = v;
    else if (!strcmp(a, "--backend"))
      o->backend = v;
    else if (!strcmp(a, "--out"))
      o->out = v;
    else if (!strcmp(a, "--energy"))
      o->energy = v;
    else if (!strcmp(a, "--tsv"))
      o->tsv = v;
    else if (!strcmp(a, "--variation"))
      o->variation = v;
    else if (!strcmp(a, "--var-seed")) {
      if (count_option(a, v, &o->var_seed, 1)) return -1;
      o->have_seed = 1;
    } else if (!strcmp(a, "--sigma") || !strcmp(a, "--defects")) {
      /* Offsets beyond a few hundred cell currents are clipped to the OW-bit range anyway. */
      if (real_option(a, v, 0.0, a[2] == 's' ? 1000.0 : 1.0, a[2] == 's' ? &o->sigma : &o->defects))
        return -1;
      o->have_draw = 1;
    } else if (!strcmp(a, "--excess")) {
      int64_t d = 0;
      if (tnam_num_i64(v, TNAM_EXCESS_MIN, TNAM_EXCESS_MAX, &d) != TNAM_NUM_OK) {
        fprintf(stderr, "tnam_infer: --excess %s: an integer in %d .. %d\n", v, TNAM_EXCESS_MIN,
                TNAM_EXCESS_MAX);
        return -1;
      }
      o->excess = (long)d;
      o->have_draw = 1;
    } else if (!strcmp(a, "--mitigation")) {
      for (o->mitigation = 0;
           o->mitigation < TNAM_MIT_COUNT && strcmp(v, tnam_mitigation_names[o->mitigation]);
           o->mitigation++)
        continue;
      if (o->mitigation == TNAM_MIT_COUNT) {
        fprintf(stderr, "tnam_infer: --mitigation %s: one of none, cal, cal+sel\n", v);
        return -1;
      }
    } else if (!strcmp(a, "--limit") || !strcmp(a, "--batch") || !strcmp(a, "--first")) {
      unsigned long *x = a[2] == 'l' ? &o->limit : a[2] == 'b' ? &o->batch : &o->first;
      if (count_option(a, v, x, a[2] == 'f')) return -1;
    } else
      known = 0;
    if (!known) {
      fprintf(stderr, "tnam_infer: unknown option %s\n", a);
      return -1;
    }
  }
  if (!o->model || !o->data == !o->digits) {
    fprintf(stderr, "tnam_infer: need --model and one of --data or --digits\n");
    return -1;
  }
  if (strcmp(o->split, "test") && strcmp(o->split, "train")) {
    fprintf(stderr, "tnam_infer: --split %s: test or train\n", o->split);
    return -1;
  }
  int b;
  for (b = 0; b < 4 && strcmp(o->backend, backends[b]); b++) continue;
  if (b == 4) {
    fprintf(stderr, "tnam_infer: --backend %s: one of ref, model, rtl, lockstep\n", o->backend);
    return -1;
  }
  if (b >= BACKEND_RTL && !rtl) {
    fprintf(stderr,
            "tnam_infer: --backend %s: this tnam_infer has no RTL; build/<cfg>/tnam_infer has "
            "(make infer-build ROWS=.. COLS=.. MACROS=.. TILES=..)\n",
            o->backend);
    return -1;
  }
  if (o->variation && (o->have_seed || o->have_draw)) {
    fprintf(stderr, "tnam_infer: --variation %s: give a variation file or --var-seed, not both\n",
            o->variation);
    return -1;
  }
  if (o->have_draw && !o->have_seed) {
    fprintf(stderr,
            "tnam_infer: --sigma, --defects and --excess draw a chip: they need --var-seed\n");
    return -1;
  }
  if (b == BACKEND_REF && (o->variation || o->have_seed || o->mitigation)) {
    fprintf(stderr, "tnam_infer: a variation or --mitigation needs a chip back end, not ref\n");
    return -1;
  }
  if (o->tsv && (o->variation || o->have_seed || o->mitigation)) {
    /* Its columns describe an ideal chip; make infer-variation keeps its own table. */
    fprintf(stderr,
            "tnam_infer: --tsv %s: the table has no variation columns; not with a "
            "variation or --mitigation\n",
            o->tsv);
    return -1;
  }
  if (b >= BACKEND_RTL && chip_given) {
    unsigned r, c, m, t;
    rtl->params(&r, &c, &m, &t);
    if (r != o->chip[0] || c != o->chip[1] || m != o->chip[2] || t != o->chip[3]) {
      fprintf(stderr,
              "tnam_infer: --rows %lu --cols %lu --macros %lu --tiles %lu: this build is rows %u "
              "cols %u macros %u tiles %u\n",
              o->chip[0], o->chip[1], o->chip[2], o->chip[3], r, c, m, t);
      return -1;
    }
  }
  return b;
}

/* The data set must be what the model was trained for: shape, pixel range, classes. */
static int check_fit(const tnam_net_t *net, const tnam_dataset_t *ds, const char *model,
                     const char *data) {
  if (net->in_c != 1 || net->in_h != ds->rows || net->in_w != ds->cols ||
      net->pixel_max != ds->pixel_max) {
    fprintf(stderr,
            "tnam_infer: %s: the model takes %ux%ux%u images of pixels 0 .. %u; %s has 1x%ux%u "
            "of 0 .. %u\n",
            model, net->in_c, net->in_h, net->in_w, net->pixel_max, data, ds->rows, ds->cols,
            ds->pixel_max);
    return -1;
  }
  const unsigned classes = tnam_net_classes(net);
  for (uint32_t i = 0; i < ds->count; ++i) {
    if (ds->labels[i] >= classes) {
      fprintf(stderr, "tnam_infer: %s: image %u has label %u, the model %s has %u classes\n", data,
              i, ds->labels[i], model, classes);
      return -1;
    }
  }
  return 0;
}

/* Everything a run holds. */
typedef struct {
  options_t o;
  const char *prog, *data;
  int backend;
  tnam_net_t net;
  tnam_dataset_t ds;
  tnam_ref_t ref;
  tnam_chip_t *chip;
  tnam_backend_t rtl_b, b;
  int have_b;
  tnam_session_t sess;
  tnam_chipnet_t cn;
  size_t batch_first, batch_count; /* the batch on the chip now (data indices) */
  size_t skip;                     /* images before --first, cut off the data set's front */
  tnam_energy_cfg_t energy;        /* a chip back end's energy constants (--energy) */
  int tsv_fd, tsv_created;         /* --tsv, open from before the run; created by this run */
  /* From the model's .json (docs/nn.md section 3) when it has one, else from the options. */
  tnam_str_t json; /* MODEL.json: a path of any length */
  char dataset[64], net_name[64];
  double float_acc; /* the float baseline's accuracy (fraction), < 0 when unknown */
  unsigned float_images;
  /* A varied or mitigated chip: images whose logits (differ) and whose class (class_differ)
   * differ from the reference's are counted, not a stop; calibration's result. */
  int varied;
  size_t differ, class_differ;
  tnam_var_t var;
  tnam_cal_result_t cal;
} infer_t;

/* The command that runs the images first .. first+count-1 again on this back end, appended to
 * *out (of any length: the paths are the user's). */
static void repro_line(const infer_t *r, size_t first, size_t count, tnam_str_t *out) {
  const options_t *o = &r->o;
  tnam_str_add(out,
               "%s --model %s %s %s --split %s --backend %s --batch %lu --first %zu --limit %zu",
               r->prog, o->model, o->data ? "--data" : "--digits", r->data, o->split, o->backend,
               o->batch, first, count);
  /* The chip is prepared the same whatever the images, so the same options give it again. */
  if (o->variation)
    tnam_str_add(out, " --variation %s", o->variation);
  else if (o->have_seed)
    tnam_str_add(out, " --var-seed %lu --sigma %.17g --defects %.17g --excess %ld", o->var_seed,
                 o->sigma, o->defects, o->excess);
  if (o->mitigation) tnam_str_add(out, " --mitigation %s", tnam_mitigation_names[o->mitigation]);
}

/* The lockstep back end's account of a failing op: image, layer, neurons; the batch again. */
static void describe(void *ctx, size_t op, char *where, size_t wn, tnam_str_t *repro) {
  const infer_t *r = ctx;
  tnam_chipnet_describe(&r->cn, op, where, wn);
  repro_line(r, r->batch_first, r->batch_count, repro);
}

/* The variation and the mitigation of docs/nn.md section 5, "Variation", before the first image. 0, or
 * -1 after a message. */
static int prepare_chip(infer_t *r, const tnam_chip_params_t *cp) {
  const options_t *o = &r->o;
  r->varied = o->variation || o->have_seed || o->mitigation != TNAM_MIT_NONE;
  if (!r->varied) return 0;
  if (o->variation) {
    tnam_err_t e;
    if (!tnam_var_load(o->variation, NULL, cp, &r->var, &e)) {
      fprintf(stderr, "tnam_infer: %s\n", e.msg);
      return -1;
    }
  } else {
    tnam_var_draw(cp, o->sigma, o->defects, (int)o->excess, o->var_seed, &r->var);
  }
  char err[512];
  const int status = tnam_session_prepare(&r->sess, &r->var, (tnam_mitigation_t)o->mitigation,
                                          &r->cal, err, sizeof err);
  if (status == TNAM_EXIT_PASS) return 0;
  fprintf(stderr, "tnam_infer: %s\n", err);
  return -1;
}

/* Opens the chip back end and maps the network. 0, or -1 after a message. */
static int open_chip(infer_t *r, const tnam_infer_rtl_t *rtl) {
  char err[512];
  tnam_chip_params_t cp;
  unsigned c[4] = {(unsigned)r->o.chip[0], (unsigned)r->o.chip[1], (unsigned)r->o.chip[2],
                   (unsigned)r->o.chip[3]};
  if (r->backend >= BACKEND_RTL) rtl->params(&c[0], &c[1], &c[2], &c[3]);
  if (!tnam_chip_params_make(c[0], c[1], c[2], c[3], &cp)) {
    fprintf(stderr, "tnam_infer: chip rows %u cols %u macros %u tiles %u is out of range\n", c[0],
            c[1], c[2], c[3]);
    return -1;
  }
  if (r->backend == BACKEND_MODEL) {
    if (!(r->chip = tnam_chip_new(&cp))) return -1;
    tnam_backend_model_init(&r->b, r->chip);
  } else {
    const tnam_waves_t no_waves = {0};
    if (!rtl->open_rtl(&r->rtl_b, &no_waves, err, sizeof err)) {
      fprintf(stderr, "tnam_infer: %s\n", err);
      return -1;
    }
    if (r->backend == BACKEND_RTL)
      r->b = r->rtl_b;
    else if (!rtl->open_lockstep(&r->b, &r->rtl_b, &cp, describe, r, err, sizeof err)) {
      r->rtl_b.close(&r->rtl_b);
      fprintf(stderr, "tnam_infer: %s\n", err);
      return -1;
    }
  }
  r->have_b = 1;
  tnam_session_init(&r->sess, &r->b, &cp);
  if (tnam_chipnet_init(&r->cn, &r->net, &r->sess, r->o.batch)) return -1;
  return prepare_chip(r, &cp);
}

/* The chip's result of image i of the batch against the reference's: the first layer whose
 * output differs, or the logits. Returns 0 when they agree, else prints the report. */
static int compare(infer_t *r, size_t i) {
  const tnam_net_t *net = &r->net;
  const size_t image = r->batch_first + i;
  const unsigned classes = tnam_net_classes(net);
  unsigned l = 0, neuron = 0;
  long exp = 0, act = 0;
  int differs = 0;
  for (; l + 1 < net->n_layers && !differs; l++) {
    const tnam_layer_t *nx = &net->layer[l + 1];
    const size_t n = (size_t)nx->in_c * nx->in_h * nx->in_w;
    for (size_t k = 0; k < n && !differs; k++)
      if (r->ref.act[l + 1][k] != r->cn.act[l + 1][i * n + k]) {
        differs = 1, neuron = (unsigned)k;
        exp = r->ref.act[l + 1][k], act = r->cn.act[l + 1][i * n + k];
      }
  }
  if (differs) l--;
  for (unsigned o = 0; o < classes && !differs; o++)
    if (r->ref.logits[o] != r->cn.logits[i * classes + o])
      differs = 1, neuron = o, exp = r->ref.logits[o], act = r->cn.logits[i * classes + o];
  if (!differs) return 0;
  if (r->varied) { /* a varied chip is expected to differ: measured, not reported */
    r->differ++;
    /* Most differences move a logit by a little; what costs accuracy is a changed class. */
    r->class_differ +=
        tnam_argmax(r->ref.logits, classes) != tnam_argmax(r->cn.logits + i * classes, classes);
    return 0;
  }
  const tnam_layer_t *ly = &net->layer[l];
  const unsigned plane = ly->out_h * ly->out_w;
  tnam_str_t repro = {0};
  repro_line(r, image, 1, &repro);
  fprintf(stderr,
          "MISMATCH at image %zu, layer %u (%s), neuron %u (channel %u, position (%u, %u)): "
          "expected (reference) %ld, actual (%s) %ld\n",
          image, l, tnam_layer_type_name(ly->type), neuron, neuron / plane,
          neuron % plane / ly->out_w, neuron % ly->out_w, exp, r->o.backend, act);
  fprintf(stderr, "  %-12s: %s\n", "reproduce", tnam_str_get(&repro));
  tnam_str_free(&repro);
  return 1;
}

/* Layer l's driven and presented inputs: a chip back end's own vectors (so that --no-compare
 * keeps them), the reference's otherwise. */
static void layer_inputs(const infer_t *r, unsigned l, uint64_t *driven, uint64_t *presented) {
  const int chip = r->backend != BACKEND_REF;
  *driven = chip ? r->cn.stats[l].driven : r->ref.driven[l];
  *presented = chip ? r->cn.stats[l].presented : r->ref.presented[l];
}

/* Over every compute layer: activity, and the share of column reads the zero detector gated
 * (docs/nn.md section 5, "Counters"). */
static void run_activity(const infer_t *r, double *activity, double *gated) {
  uint64_t driven = 0, presented = 0, g = 0, reads = 0;
  for (unsigned l = 0; l < r->net.n_layers; l++) {
    uint64_t d, p;
    layer_inputs(r, l, &d, &p);
    driven += d, presented += p;
    if (r->backend != BACKEND_REF) {
      g += r->cn.stats[l].ev.gated;
      reads += r->cn.stats[l].ev.eval * r->sess.cp.core.cols;
    }
  }
  *activity = presented ? (double)driven / (double)presented : 0.0;
  *gated = reads ? (double)g / (double)reads : 0.0;
}

/* The run's events (every compute layer's, the network's dense-equivalent operations for count
 * images) and their energy, with the weight writes and without them (docs/energy.md 4). */
static void run_energy(const infer_t *r, uint32_t count, tnam_energy_counts_t *c,
                       tnam_energy_report_t *all, tnam_energy_report_t *no_load) {
  memset(c, 0, sizeof *c);
  for (unsigned l = 0; l < r->net.n_layers; l++) tnam_energy_counts_add(c, &r->cn.stats[l].ev);
  c->ops = tnam_energy_net_ops(&r->net) * count;
  c->inferences = count;
  tnam_energy_counts_t nl = *c;
  nl.wr = 0;
  /* Neither fails: every compute layer set cols. */
  tnam_energy_compute(&r->energy, c, all);
  tnam_energy_compute(&r->energy, &nl, no_load);
}

static void print_energy(const infer_t *r, uint32_t count) {
  tnam_energy_counts_t c;
  tnam_energy_report_t e, nl;
  run_energy(r, count, &c, &e, &nl);
  printf("energy: %s (45 nm, 0.9 V assumed; docs/energy.md), per image, weight loading counted\n",
         r->o.energy);
  printf("  %-22s %12s %9s %12s %7s\n", "event class", "events/img", "fJ each", "pJ/img", "share");
  for (int k = 0; k < TNAM_E_CLASSES; k++)
    printf("  %-22s %12.1f %9.4g %12.2f %6.1f%%\n", tnam_energy_names[k],
           (double)e.events[k] / count, r->energy.fj[k], e.fj[k] / count / 1000.0,
           e.total_fj > 0 ? 100.0 * e.fj[k] / e.total_fj : 0.0);
  printf("  %-22s %12s %9s %12.2f\n", "total", "", "", e.per_inference_fj / 1000.0);
  printf("  %-22s %12s %9s %12.2f  (cell_write left out)\n", "without weight loading", "", "",
         nl.per_inference_fj / 1000.0);
  printf(
      "weight loading: counted; every layer's weights are written once per batch of %lu images "
      "and pass (%.1f writes per image), a cost of the mapping, hence the figure without it\n",
      r->o.batch, (double)c.wr / count);
  printf("counts: cols=%u eval=%" PRIu64 " dec=%" PRIu64 " gated=%" PRIu64 " nzdrv=%" PRIu64
         " wr=%" PRIu64 " step=%" PRIu64 " active=%" PRIu64 " q4_reads=%" PRIu64
         " psum_adds=%" PRIu64 " ops=%" PRIu64 " inferences=%" PRIu64 "\n",
         c.cols, c.eval, c.dec, c.gated, c.nzdrv, c.wr, c.step, c.active, c.q4_reads, c.psum_adds,
         c.ops, c.inferences);
  printf(
      "TOPS/W: %.4g modelled, %.4g without weight loading; the chip's published %.3g (VLSI 2019) "
      "is not comparable: the model prices the macro array's events alone at an assumed node "
      "(docs/energy.md section 7)\n",
      e.tops_per_w, nl.tops_per_w, TNAM_ENERGY_PUBLISHED_TOPS_W);
}

static void print_report(const infer_t *r, uint32_t count, uint32_t correct, double secs) {
  const tnam_net_t *net = &r->net;
  const int chip = r->backend != BACKEND_REF;
  printf("tnam_infer: model %s (%s, mode %s, %u layers, %u classes)\n", r->o.model, net->name,
         tnam_net_mode_name(net->mode), net->n_layers, tnam_net_classes(net));
  printf("tnam_infer: data %s (%s split, images %lu .. %lu), backend %s", r->data, r->o.split,
         r->o.first, r->o.first + count - 1, r->o.backend);
  if (chip)
    printf(", chip rows %u cols %u macros %u tiles %u, batch %lu%s", r->sess.cp.core.rows,
           r->sess.cp.core.cols, r->sess.cp.macros, r->sess.cp.tiles, r->o.batch,
           r->o.compare ? ", compared with the reference" : "");
  printf("\n  layer  type   input         output        input activity%s\n",
         chip ? "  read        passes  cycles/img  decisions/img  gated   pJ/img" : "");
  uint64_t cycles = 0, decisions = 0, writes = 0;
  for (unsigned l = 0; l < net->n_layers; ++l) {
    const tnam_layer_t *ly = &net->layer[l];
    char in[32], outs[32];
    snprintf(in, sizeof in, "%ux%ux%u", ly->in_c, ly->in_h, ly->in_w);
    snprintf(outs, sizeof outs, "%ux%ux%u", ly->out_c, ly->out_h, ly->out_w);
    printf("  %-5u  %-5s  %-12s  %-12s  ", l, tnam_layer_type_name(ly->type), in, outs);
    uint64_t driven, presented;
    layer_inputs(r, l, &driven, &presented);
    if (!presented) {
      printf("-\n");
      continue;
    }
    printf(chip ? "%-14.4f" : "%.4f", (double)driven / (double)presented);
    if (chip) {
      const tnam_layer_stats_t *st = &r->cn.stats[l];
      const double reads = (double)st->ev.eval * r->sess.cp.core.cols;
      tnam_energy_counts_t ev = st->ev;
      ev.inferences = count;
      tnam_energy_report_t e;
      tnam_energy_compute(&r->energy, &ev, &e); /* cannot fail: the layer set cols */
      printf("  %-10s  %6llu  %10.1f  %13.1f  %.4f  %.2f", tnam_read_names[r->cn.map[l].read],
             (unsigned long long)st->passes, (double)st->cycles / count, (double)st->ev.dec / count,
             reads > 0 ? (double)st->ev.gated / reads : 0.0, e.per_inference_fj / 1000.0);
      cycles += st->cycles;
      decisions += st->ev.dec;
      writes += st->ev.wr;
    }
    printf("\n");
  }
  printf("accuracy: %u / %u = %.2f %%", correct, count, 100.0 * correct / count);
  if (r->float_acc >= 0)
    printf("; float baseline %.2f %% on %u test images (%s)", 100.0 * r->float_acc, r->float_images,
           tnam_str_get(&r->json));
  printf("\n");
  if (r->varied) {
    const options_t *o = &r->o;
    if (o->variation)
      printf("variation: file %s", o->variation);
    else
      printf("variation: seed %lu sigma %g defects %g excess %ld", o->var_seed, o->sigma,
             o->defects, o->excess);
    printf("; mitigation %s", tnam_mitigation_names[o->mitigation]);
    if (o->mitigation != TNAM_MIT_NONE)
      printf(" (calibration %llu cycles, not counted below)", (unsigned long long)r->cal.cycles);
    if (o->compare)
      printf(
          "; logits differ from the reference on %zu / %u images (%.2f %%), the class on %zu "
          "(%.2f %%)",
          r->differ, count, 100.0 * (double)r->differ / count, r->class_differ,
          100.0 * (double)r->class_differ / count);
    printf("\n");
  }
  double activity, gated;
  run_activity(r, &activity, &gated);
  printf("activity: %.4f of the compute layers' inputs non-zero", activity);
  if (chip) printf("; %.4f of the column reads gated by the zero detector", gated);
  printf("\n");
  if (chip) {
    printf(
        "chip: %.1f cycles, %.1f comparator decisions and %.1f cell writes (weights) per image\n",
        (double)cycles / count, (double)decisions / count, (double)writes / count);
    print_energy(r, count);
  }
  printf("speed: %.1f images/s (%.3f s)\n", secs > 0 ? count / secs : 0.0, secs);
}

/* The value of "key" in a flat JSON object (the trainer's .json), past its colon; NULL when
 * absent. */
static const char *json_value(const char *text, const char *key) {
  char k[64];
  snprintf(k, sizeof k, "\"%s\"", key);
  const char *p = strstr(text, k);
  if (!p) return NULL;
  p += strlen(k) + strspn(p + strlen(k), " \t\r\n");
  if (*p != ':') return NULL;
  return p + 1 + strspn(p + 1, " \t\r\n");
}

/* A string value into buf, printable characters only (it becomes a TSV field); buf is left as
 * it was when the key is absent or not a string. */
static void json_string(const char *text, const char *key, char *buf, size_t n) {
  const char *v = json_value(text, key);
  if (!v || *v != '"') return;
  size_t i = 0;
  for (v++; *v && *v != '"' && i + 1 < n; v++)
    if (*v > 0x20 && *v < 0x7f) buf[i++] = *v;
  if (i) buf[i] = '\0';
}

/* What the table calls the run: the data set by the data that ran (digits, or the --data
 * folder's name), the network by the model's .json when it is there (MODEL.tnn -> MODEL.json;
 * else the model's own name), the float baseline only from the .json. A missing or unreadable
 * .json is not an error: models from elsewhere have none. */
static void describe_run(infer_t *r) {
  const char *m = r->o.model, *dot = strrchr(m, '.');
  const int stem = dot && !strcmp(dot, ".tnn") ? (int)(dot - m) : (int)strlen(m);
  if (!tnam_str_add(&r->json, "%.*s.json", stem, m)) return; /* out of memory: no baseline */
  if (r->o.digits)
    snprintf(r->dataset, sizeof r->dataset, "digits");
  else {
    size_t len = strlen(r->o.data);
    while (len > 1 && r->o.data[len - 1] == '/') len--;
    size_t b = len;
    while (b > 0 && r->o.data[b - 1] != '/') b--;
    snprintf(r->dataset, sizeof r->dataset, "%.*s", (int)(len - b), r->o.data + b);
  }
  snprintf(r->net_name, sizeof r->net_name, "%s", r->net.name);
  r->float_acc = -1;
  uint8_t *data;
  size_t len;
  char err[512];
  if (tnam_nn_read_file(tnam_str_get(&r->json), &data, &len, err, sizeof err)) return;
  char *text = realloc(data, len + 1);
  if (!text) {
    free(data);
    return;
  }
  text[len] = '\0';
  json_string(text, "net", r->net_name, sizeof r->net_name);
  const char *f = json_value(text, "float_accuracy"), *n = json_value(text, "test_images");
  char *end;
  const double acc = f ? strtod(f, &end) : -1;
  if (f && end != f && acc >= 0 && acc <= 1 && n) {
    r->float_acc = acc;
    r->float_images = (unsigned)strtoul(n, NULL, 10);
  }
  free(text);
}

/* The --tsv table's header: one name per column; energies in pJ per image by event class. */
static void tsv_header(FILE *f) {
  fputs(
      "dataset\tnet\tmode\tbackend\tchip\tbatch\tfirst\timages\tcorrect\taccuracy\tfloat"
      "\tactivity\tgated\tcycles_per_image\tdecisions_per_image\twrites_per_image",
      f);
  for (int k = 0; k < TNAM_E_CLASSES; k++) fprintf(f, "\t%s", tnam_energy_names[k]);
  fputs("\tenergy_pj\tenergy_no_load_pj\ttops_w\ttops_w_no_load\timages_per_s\n", f);
}

/* Opens --tsv before the run, so that a path it cannot write fails before any result, and
 * checks that a table already there has this header (rows of another layout would not parse).
 * 0, or -1 after a message. */
static int tsv_open(infer_t *r) {
  const char *path = r->o.tsv;
  r->tsv_fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL, 0644);
  r->tsv_created = r->tsv_fd >= 0;
  if (r->tsv_fd < 0 && errno == EEXIST) r->tsv_fd = open(path, O_RDWR | O_APPEND);
  if (r->tsv_fd < 0) {
    fprintf(stderr, "tnam_infer: %s: cannot write: %s\n", path, strerror(errno));
    return -1;
  }
  char *want = NULL;
  size_t want_len = 0;
  FILE *h = open_memstream(&want, &want_len);
  if (!h) {
    fprintf(stderr, "tnam_infer: out of memory\n");
    return -1;
  }
  tsv_header(h);
  fclose(h);
  char *have = malloc(want_len);
  const ssize_t got = have ? pread(r->tsv_fd, have, want_len, 0) : -1;
  const int ok = got == 0 || (got == (ssize_t)want_len && !memcmp(have, want, want_len));
  free(have);
  free(want);
  if (!ok) {
    fprintf(stderr, "tnam_infer: %s: its first line is not this tnam_infer's --tsv header\n", path);
    close(r->tsv_fd);
    r->tsv_fd = -1;
    return -1;
  }
  return 0;
}

/* "-" for a figure a back end does not have (the reference has no chip). */
static void tsv_num(FILE *f, int have, const char *fmt, double v) {
  fputc('\t', f);
  if (have)
    fprintf(f, fmt, v);
  else
    fputc('-', f);
}

/* Appends the run's row (and the header to an empty file) with one write, and undoes a short
 * one, so that the table never holds half a row. 0, or -1 after a message. */
static int tsv_write(infer_t *r, uint32_t count, uint32_t correct, double secs) {
  const int chip = r->backend != BACKEND_REF;
  struct stat st;
  char *row = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&row, &len);
  if (!f || fstat(r->tsv_fd, &st)) {
    if (f) fclose(f);
    free(row);
    fprintf(stderr, "tnam_infer: %s: cannot write: %s\n", r->o.tsv, strerror(errno));
    return -1;
  }
  if (st.st_size == 0) tsv_header(f);
  fprintf(f, "%s\t%s\t%s\t%s\t", r->dataset, r->net_name, tnam_net_mode_name(r->net.mode),
          r->o.backend);
  if (chip)
    fprintf(f, "%ux%um%ut%u", r->sess.cp.core.rows, r->sess.cp.core.cols, r->sess.cp.macros,
            r->sess.cp.tiles);
  else
    fputc('-', f);
  fprintf(f, "\t%lu\t%lu\t%u\t%u\t%.4f", chip ? r->o.batch : 1, r->o.first, count, correct,
          100.0 * correct / count);
  tsv_num(f, r->float_acc >= 0, "%.4f", 100.0 * r->float_acc);
  double activity, gated;
  run_activity(r, &activity, &gated);
  fprintf(f, "\t%.6f", activity);
  tnam_energy_counts_t c;
  tnam_energy_report_t e, nl;
  memset(&c, 0, sizeof c);
  memset(&e, 0, sizeof e);
  memset(&nl, 0, sizeof nl);
  uint64_t cycles = 0;
  if (chip) {
    run_energy(r, count, &c, &e, &nl);
    for (unsigned l = 0; l < r->net.n_layers; l++) cycles += r->cn.stats[l].cycles;
  }
  tsv_num(f, chip, "%.6f", gated);
  tsv_num(f, chip, "%.1f", (double)cycles / count);
  tsv_num(f, chip, "%.1f", (double)c.dec / count);
  tsv_num(f, chip, "%.1f", (double)c.wr / count);
  /* pJ per image as tnam_energy --tsv prints them: the same arithmetic gives the same text. */
  for (int k = 0; k < TNAM_E_CLASSES; k++) tsv_num(f, chip, "%.6g", e.fj[k] / count / 1000.0);
  tsv_num(f, chip, "%.6g", e.per_inference_fj / 1000.0);
  tsv_num(f, chip, "%.6g", nl.per_inference_fj / 1000.0);
  tsv_num(f, chip, "%.4g", e.tops_per_w);
  tsv_num(f, chip, "%.4g", nl.tops_per_w);
  fprintf(f, "\t%.1f\n", secs > 0 ? count / secs : 0.0);
  fclose(f);
  const ssize_t n = row ? write(r->tsv_fd, row, len) : -1;
  const int err = errno;
  free(row);
  if (n == (ssize_t)len) return 0;
  if (n > 0 && ftruncate(r->tsv_fd, st.st_size)) { /* the row's start would stay: say so */
    fprintf(stderr, "tnam_infer: %s: a partial row remains after byte %lld\n", r->o.tsv,
            (long long)st.st_size);
  }
  fprintf(stderr, "tnam_infer: %s: cannot write: %s\n", r->o.tsv,
          n < 0 ? strerror(err) : "short write");
  return -1;
}

/* Runs every image: returns the exit status. */
static int run(infer_t *r, FILE *out, uint32_t *correct_out, double *secs) {
  const unsigned classes = tnam_net_classes(&r->net);
  const size_t image = (size_t)r->ds.rows * r->ds.cols;
  const int chip = r->backend != BACKEND_REF;
  const size_t batch = chip ? r->o.batch : 1;
  uint32_t correct = 0;
  const double t0 = now();
  for (size_t b0 = 0; b0 < r->ds.count; b0 += batch) {
    const size_t n = r->ds.count - b0 < batch ? r->ds.count - b0 : batch;
    r->batch_first = r->o.first + b0;
    r->batch_count = n;
    const uint8_t *px = r->ds.pixels + b0 * image;
    if (chip) {
      char err[512];
      const int status = tnam_chipnet_run(&r->cn, px, n, r->batch_first, err, sizeof err);
      if (status != TNAM_EXIT_PASS) {
        fprintf(stderr, "tnam_infer: %s\n", err);
        return status;
      }
    }
    for (size_t i = 0; i < n; i++) {
      const int32_t *logits = chip ? r->cn.logits + i * classes : r->ref.logits;
      if (!chip || r->o.compare) tnam_ref_run(&r->ref, px + i * image);
      if (chip && r->o.compare && compare(r, i)) return TNAM_EXIT_FAIL;
      const unsigned cls = tnam_argmax(logits, classes);
      correct += cls == r->ds.labels[b0 + i];
      if (out) {
        fprintf(out, "%zu\t%u\t%u", r->batch_first + i, r->ds.labels[b0 + i], cls);
        for (unsigned c = 0; c < classes; ++c) fprintf(out, "\t%d", logits[c]);
        fputc('\n', out);
      }
    }
  }
  *secs = now() - t0;
  *correct_out = correct;
  return TNAM_EXIT_PASS;
}

static void close_all(infer_t *r) {
  tnam_chipnet_free(&r->cn);
  if (r->have_b) r->b.close(&r->b);
  tnam_chip_free(r->chip);
  tnam_ref_free(&r->ref);
  r->ds.pixels -= r->skip * r->ds.rows * r->ds.cols;
  r->ds.labels -= r->skip;
  tnam_dataset_free(&r->ds);
  tnam_net_free(&r->net);
}

int tnam_infer_main(int argc, char **argv, const tnam_infer_rtl_t *rtl) {
  infer_t *r = calloc(1, sizeof *r);
  if (!r) return TNAM_EXIT_ABORTED;
  r->prog = argv[0];
  r->tsv_fd = -1;
  r->backend = parse_options(argc, argv, rtl, &r->o);
  if (r->backend < 0) {
    const int status = r->backend == -2 ? TNAM_EXIT_PASS : TNAM_EXIT_USAGE;
    if (r->backend == -1) usage(stderr);
    free(r);
    return tnam_stdout_finish(status);
  }
  const options_t *o = &r->o;
  char err[1024];
  if (tnam_net_load(o->model, &r->net, err, sizeof err)) {
    fprintf(stderr, "tnam_infer: %s\n", err);
    free(r);
    return TNAM_EXIT_USAGE;
  }
  const int test = !strcmp(o->split, "test");
  r->data = o->data ? o->data : o->digits;
  int rc = o->data ? tnam_idx_load_dir(o->data, test ? "t10k" : "train", &r->ds, err, sizeof err)
                   : tnam_digits_load(o->digits, test ? TNAM_SPLIT_TEST : TNAM_SPLIT_TRAIN, &r->ds,
                                      err, sizeof err);
  if (rc) {
    fprintf(stderr, "tnam_infer: %s\n", err);
    tnam_net_free(&r->net);
    free(r);
    return TNAM_EXIT_USAGE;
  }
  rc = check_fit(&r->net, &r->ds, o->model, r->data);
  if (!rc && o->first >= r->ds.count) {
    fprintf(stderr, "tnam_infer: --first %lu: %s has %u images in its %s split\n", o->first,
            r->data, r->ds.count, o->split);
    rc = -1;
  }
  if (!rc) {
    r->skip = o->first; /* close_all() moves the pointers back */
    r->ds.pixels += r->skip * r->ds.rows * r->ds.cols;
    r->ds.labels += r->skip;
    r->ds.count -= (uint32_t)r->skip;
    if (o->limit && o->limit < r->ds.count) r->ds.count = (uint32_t)o->limit;
  }
  if (!rc && tnam_ref_init(&r->ref, &r->net)) {
    fprintf(stderr, "tnam_infer: out of memory\n");
    rc = -1;
  }
  if (!rc && r->backend != BACKEND_REF && open_chip(r, rtl)) rc = -1;
  if (!rc && r->backend != BACKEND_REF &&
      tnam_energy_load(o->energy, &r->energy, err, sizeof err)) {
    fprintf(stderr, "tnam_infer: %s\n", err);
    rc = -1;
  }
  if (!rc) describe_run(r);
  if (!rc && o->tsv && tsv_open(r)) rc = -1;
  tnam_str_t tmp_path = {0}; /* --out's temporary name: a path of any length */
  const char *tmp = "";
  FILE *out = NULL;
  if (!rc && o->out) {
    tnam_str_add(&tmp_path, "%s.tmp", o->out);
    tmp = tnam_str_get(&tmp_path);
    out = tmp_path.failed ? NULL : fopen(tmp, "w");
    if (!out) {
      fprintf(stderr, "tnam_infer: %s.tmp: cannot write: %s\n", o->out,
              tmp_path.failed ? "out of memory" : strerror(errno));
      rc = -1;
    }
  }
  int status = rc ? TNAM_EXIT_USAGE : TNAM_EXIT_PASS;
  uint32_t correct = 0;
  double secs = 0;
  if (!rc) status = run(r, out, &correct, &secs);
  if (out && (fclose(out) != 0 || status != TNAM_EXIT_PASS || rename(tmp, o->out) != 0)) {
    if (status == TNAM_EXIT_PASS) {
      fprintf(stderr, "tnam_infer: %s: cannot write: %s\n", o->out, strerror(errno));
      status = TNAM_EXIT_USAGE;
    }
    remove(tmp);
  }
  if (status == TNAM_EXIT_PASS && r->tsv_fd >= 0 && tsv_write(r, r->ds.count, correct, secs))
    status = TNAM_EXIT_USAGE;
  if (r->tsv_fd >= 0) {
    close(r->tsv_fd);
    /* A table this run created holds nothing unless the run's row went in. */
    if (status != TNAM_EXIT_PASS && r->tsv_created) remove(o->tsv);
  }
  if (status == TNAM_EXIT_PASS) print_report(r, r->ds.count, correct, secs);
  close_all(r);
  tnam_str_free(&tmp_path);
  tnam_str_free(&r->json);
  free(r);
  return tnam_stdout_finish(status);
}
