// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_infer: runs a model file on a data set's test images on one back end (the integer
 * reference, the golden model, the RTL, or the RTL in lockstep with the golden model) and
 * prints accuracy, speed, the chip's work per image and each compute layer's activity. A chip
 * back end is compared with the reference on every image (docs/nn.md section 5). Everything is
 * validated before the first image runs, so a bad input never yields a partial result; --out
 * is written whole or not at all. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "tnam_infer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tnam_chipnet.h"
#include "tnam_digits.h"
#include "tnam_idx.h"
#include "tnam_net.h"
#include "tnam_ref.h"
#include "tnam_version.h"

static void usage(FILE *f) {
  fprintf(
      f,
      "usage: tnam_infer --model FILE (--data DIR | --digits FILE) [--split test|train]\n"
      "                  [--first N] [--limit N] [--backend ref|model|rtl|lockstep] [--batch N]\n"
      "                  [--rows R --cols C --macros M --tiles T] [--no-compare] [--out FILE]\n"
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
      "exit status: 0 ok, 1 a chip result differs, 2 bad option or input, 3 aborted\n");
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
  const char *model, *data, *digits, *split, *backend, *out;
  unsigned long first, limit, batch, chip[4];
  int compare;
} options_t;

static const char *const backends[] = {"ref", "model", "rtl", "lockstep"};
enum { BACKEND_REF, BACKEND_MODEL, BACKEND_RTL, BACKEND_LOCKSTEP };

static int count_option(const char *a, const char *v, unsigned long *x, int zero_ok) {
  char *end;
  errno = 0;
  *x = strtoul(v, &end, 10);
  if (errno || *end || !*v || v[0] == '-' || (*x == 0 && !zero_ok)) {
    fprintf(stderr, "tnam_infer: %s %s: not a %s count\n", a, v, zero_ok ? "" : "positive");
    return -1;
  }
  return 0;
}

/* Returns the back end's index, -1 on a bad command line, -2 after --help or --version. */
static int parse_options(int argc, char **argv, const tnam_infer_rtl_t *rtl, options_t *o) {
  memset(o, 0, sizeof *o);
  static const char *const chip_opts[4] = {"--rows", "--cols", "--macros", "--tiles"};
  o->split = "test";
  o->backend = "ref";
  o->batch = 32;
  o->compare = 1;
  o->chip[0] = 64, o->chip[1] = 16, o->chip[2] = 1, o->chip[3] = 1;
  int chip_given = 0;
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
      o->compare = 0;
      continue;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "tnam_infer: %s: unknown option or missing value\n", a);
      return -1;
    }
    const char *v = argv[++i];
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
    else if (!strcmp(a, "--limit") || !strcmp(a, "--batch") || !strcmp(a, "--first")) {
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
} infer_t;

/* The command that runs the images first .. first+count-1 again on this back end. */
static void repro_line(const infer_t *r, size_t first, size_t count, char *buf, size_t n) {
  snprintf(buf, n,
           "%s --model %s %s %s --split %s --backend %s --batch %lu --first %zu --limit %zu",
           r->prog, r->o.model, r->o.data ? "--data" : "--digits", r->data, r->o.split,
           r->o.backend, r->o.batch, first, count);
}

/* The lockstep back end's account of a failing op: image, layer, neurons; the batch again. */
static void describe(void *ctx, size_t op, char *where, size_t wn, char *repro, size_t rn) {
  const infer_t *r = ctx;
  tnam_chipnet_describe(&r->cn, op, where, wn);
  repro_line(r, r->batch_first, r->batch_count, repro, rn);
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
  return tnam_chipnet_init(&r->cn, &r->net, &r->sess, r->o.batch);
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
  const tnam_layer_t *ly = &net->layer[l];
  const unsigned plane = ly->out_h * ly->out_w;
  char repro[1024];
  repro_line(r, image, 1, repro, sizeof repro);
  fprintf(stderr,
          "MISMATCH at image %zu, layer %u (%s), neuron %u (channel %u, position (%u, %u)): "
          "expected (reference) %ld, actual (%s) %ld\n",
          image, l, tnam_layer_type_name(ly->type), neuron, neuron / plane,
          neuron % plane / ly->out_w, neuron % ly->out_w, exp, r->o.backend, act);
  fprintf(stderr, "  %-12s: %s\n", "reproduce", repro);
  return 1;
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
         chip ? "  read        passes  cycles/img  decisions/img  gated" : "");
  uint64_t cycles = 0, decisions = 0;
  for (unsigned l = 0; l < net->n_layers; ++l) {
    const tnam_layer_t *ly = &net->layer[l];
    char in[32], outs[32];
    snprintf(in, sizeof in, "%ux%ux%u", ly->in_c, ly->in_h, ly->in_w);
    snprintf(outs, sizeof outs, "%ux%ux%u", ly->out_c, ly->out_h, ly->out_w);
    printf("  %-5u  %-5s  %-12s  %-12s  ", l, tnam_layer_type_name(ly->type), in, outs);
    if (!r->ref.presented[l]) {
      printf("-\n");
      continue;
    }
    printf(chip ? "%-14.4f" : "%.4f", (double)r->ref.driven[l] / (double)r->ref.presented[l]);
    if (chip) {
      const tnam_layer_stats_t *st = &r->cn.stats[l];
      const double reads = (double)st->cnt_eval * r->sess.cp.core.cols;
      printf("  %-10s  %6llu  %10.1f  %13.1f  %.4f", tnam_read_names[r->cn.map[l].read],
             (unsigned long long)st->passes, (double)st->cycles / count,
             (double)st->cnt_dec / count, reads > 0 ? (double)st->cnt_gated / reads : 0.0);
      cycles += st->cycles;
      decisions += st->cnt_dec;
    }
    printf("\n");
  }
  printf("accuracy: %u / %u = %.2f %%\n", correct, count, 100.0 * correct / count);
  if (chip)
    printf("chip: %.1f cycles and %.1f comparator decisions per image\n", (double)cycles / count,
           (double)decisions / count);
  printf("speed: %.1f images/s (%.3f s)\n", secs > 0 ? count / secs : 0.0, secs);
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
  r->backend = parse_options(argc, argv, rtl, &r->o);
  if (r->backend < 0) {
    const int status = r->backend == -2 ? TNAM_EXIT_PASS : TNAM_EXIT_USAGE;
    if (r->backend == -1) usage(stderr);
    free(r);
    return status;
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
  char tmp[4096];
  FILE *out = NULL;
  if (!rc && o->out) {
    snprintf(tmp, sizeof tmp, "%s.tmp", o->out);
    out = fopen(tmp, "w");
    if (!out) {
      fprintf(stderr, "tnam_infer: %s: cannot write: %s\n", tmp, strerror(errno));
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
  if (status == TNAM_EXIT_PASS) print_report(r, r->ds.count, correct, secs);
  close_all(r);
  free(r);
  return status;
}
