// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_infer: runs a model file on a data set's test images and prints accuracy, speed and
 * each compute layer's input activity. Everything is validated before the first image runs,
 * so a bad input never yields a partial result; --out is written whole or not at all. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tnam_backend.h"
#include "tnam_digits.h"
#include "tnam_idx.h"
#include "tnam_net.h"
#include "tnam_ref.h"

static void usage(FILE *f) {
  fprintf(
      f,
      "usage: tnam_infer --model FILE (--data DIR | --digits FILE) [--split test|train]\n"
      "                  [--limit N] [--backend ref] [--out FILE]\n"
      "  --data DIR     MNIST-format IDX files (train-/t10k-{images-idx3,labels-idx1}-ubyte[.gz])\n"
      "  --digits FILE  scikit-learn's digits.csv.gz (test: its last 360 rows)\n"
      "  --limit N      the first N images of the split\n"
      "  --out FILE     per image: index, label, class, logits (tab-separated)\n"
      "exit status: 0 ok, 2 bad option or input (docs/nn.md)\n");
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
  const char *model, *data, *digits, *split, *backend, *out;
  unsigned long limit;
} options_t;

static int parse_options(int argc, char **argv, options_t *o) {
  memset(o, 0, sizeof *o);
  o->split = "test";
  o->backend = "ref";
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      exit(TNAM_EXIT_PASS);
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "tnam_infer: %s: unknown option or missing value\n", a);
      return -1;
    }
    const char *v = argv[++i];
    if (!strcmp(a, "--model"))
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
    else if (!strcmp(a, "--limit")) {
      char *end;
      errno = 0;
      o->limit = strtoul(v, &end, 10);
      if (errno || *end || !*v || v[0] == '-' || o->limit == 0) {
        fprintf(stderr, "tnam_infer: --limit %s: not a positive count\n", v);
        return -1;
      }
    } else {
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
  if (strcmp(o->backend, "ref")) {
    fprintf(stderr, "tnam_infer: --backend %s: only ref (the integer reference) so far\n",
            o->backend);
    return -1;
  }
  return 0;
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

int main(int argc, char **argv) {
  options_t o;
  if (parse_options(argc, argv, &o)) {
    usage(stderr);
    return TNAM_EXIT_USAGE;
  }
  char err[1024];
  tnam_net_t net;
  if (tnam_net_load(o.model, &net, err, sizeof err)) {
    fprintf(stderr, "tnam_infer: %s\n", err);
    return TNAM_EXIT_USAGE;
  }
  tnam_dataset_t ds;
  const int test = !strcmp(o.split, "test");
  const char *data = o.data ? o.data : o.digits;
  int rc = o.data ? tnam_idx_load_dir(o.data, test ? "t10k" : "train", &ds, err, sizeof err)
                  : tnam_digits_load(o.digits, test ? TNAM_SPLIT_TEST : TNAM_SPLIT_TRAIN, &ds, err,
                                     sizeof err);
  if (rc) {
    fprintf(stderr, "tnam_infer: %s\n", err);
    tnam_net_free(&net);
    return TNAM_EXIT_USAGE;
  }
  if (o.limit && o.limit < ds.count) ds.count = (uint32_t)o.limit;
  tnam_ref_t ref;
  char tmp[4096];
  FILE *out = NULL;
  rc = check_fit(&net, &ds, o.model, data);
  if (!rc && tnam_ref_init(&ref, &net)) {
    fprintf(stderr, "tnam_infer: out of memory\n");
    rc = -1;
  }
  if (!rc && o.out) {
    snprintf(tmp, sizeof tmp, "%s.tmp", o.out);
    out = fopen(tmp, "w");
    if (!out) {
      fprintf(stderr, "tnam_infer: %s: cannot write: %s\n", tmp, strerror(errno));
      tnam_ref_free(&ref);
      rc = -1;
    }
  }
  if (rc) {
    tnam_dataset_free(&ds);
    tnam_net_free(&net);
    return TNAM_EXIT_USAGE;
  }
  const unsigned classes = tnam_net_classes(&net);
  const size_t image = (size_t)ds.rows * ds.cols;
  uint32_t correct = 0;
  const double t0 = now();
  for (uint32_t i = 0; i < ds.count; ++i) {
    const unsigned cls = tnam_ref_run(&ref, ds.pixels + i * image);
    correct += cls == ds.labels[i];
    if (out) {
      fprintf(out, "%u\t%u\t%u", i, ds.labels[i], cls);
      for (unsigned c = 0; c < classes; ++c) fprintf(out, "\t%d", ref.logits[c]);
      fputc('\n', out);
    }
  }
  const double secs = now() - t0;
  if (out && (fclose(out) != 0 || rename(tmp, o.out) != 0)) {
    fprintf(stderr, "tnam_infer: %s: cannot write: %s\n", o.out, strerror(errno));
    remove(tmp);
    return TNAM_EXIT_USAGE;
  }
  printf("tnam_infer: model %s (%s, mode %s, %u layers, %u classes)\n", o.model, net.name,
         tnam_net_mode_name(net.mode), net.n_layers, classes);
  printf("tnam_infer: data %s (%s split, %u images), backend %s\n", data, o.split, ds.count,
         o.backend);
  printf("  layer  type   input         output        input activity\n");
  for (unsigned l = 0; l < net.n_layers; ++l) {
    const tnam_layer_t *ly = &net.layer[l];
    char in[32], outs[32];
    snprintf(in, sizeof in, "%ux%ux%u", ly->in_c, ly->in_h, ly->in_w);
    snprintf(outs, sizeof outs, "%ux%ux%u", ly->out_c, ly->out_h, ly->out_w);
    printf("  %-5u  %-5s  %-12s  %-12s  ", l, tnam_layer_type_name(ly->type), in, outs);
    if (ref.presented[l])
      printf("%.4f\n", (double)ref.driven[l] / (double)ref.presented[l]);
    else
      printf("-\n");
  }
  printf("accuracy: %u / %u = %.2f %%\n", correct, ds.count, 100.0 * correct / ds.count);
  printf("speed: %.0f images/s (%.3f s)\n", secs > 0 ? ds.count / secs : 0.0, secs);
  tnam_ref_free(&ref);
  tnam_dataset_free(&ds);
  tnam_net_free(&net);
  return TNAM_EXIT_PASS;
}
