// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_energy: the energy model on counts given on the command line (docs/energy.md section 5
 * runs its worked examples through it); checks a config file. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tnam_cli.h"
#include "tnam_energy.h"

static const char usage[] =
    "usage: tnam_energy --config FILE [--tsv NAME | --tsv-header] [COUNT=N ...]\n"
    "  COUNT: eval dec gated nzdrv wr step active q4_reads psum_adds cols ops inferences\n"
    "  prints energy per event class, per inference and TOPS/W; --tsv prints instead one row:\n"
    "  NAME, then each class's energy per inference in pJ (the input of scripts/energy_plot.sh);\n"
    "  --tsv-header prints that table's header line\n";

/* Sets the count named in "NAME=N"; -1 if the name or the number is not one, or the count
 * was given before (bit k of *given: count k given; bit 31: cols). */
static int set_count(tnam_energy_counts_t *c, const char *arg, uint32_t *given) {
  struct {
    const char *name;
    uint64_t *field;
  } counts[] = {{"eval", &c->eval},
                {"dec", &c->dec},
                {"gated", &c->gated},
                {"nzdrv", &c->nzdrv},
                {"wr", &c->wr},
                {"step", &c->step},
                {"active", &c->active},
                {"q4_reads", &c->q4_reads},
                {"psum_adds", &c->psum_adds},
                {"ops", &c->ops},
                {"inferences", &c->inferences}};
  const char *eq = strchr(arg, '=');
  uint64_t v;
  if (!eq || tnam_num_u64(eq + 1, 0, UINT64_MAX, &v) != TNAM_NUM_OK) return -1;
  size_t len = (size_t)(eq - arg);
  if (len == 4 && strncmp(arg, "cols", 4) == 0) {
    if (v > 64 || (*given >> 31)) return -1;
    *given |= 1u << 31;
    c->cols = (unsigned)v;
    return 0;
  }
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
    if (strlen(counts[i].name) == len && strncmp(arg, counts[i].name, len) == 0) {
      if ((*given >> i) & 1u) return -1;
      *given |= 1u << i;
      *counts[i].field = v;
      return 0;
    }
  return -1;
}

static int energy_main(int argc, char **argv) {
  const char *config = NULL, *tsv = NULL;
  bool header = false;
  tnam_energy_counts_t c = {0};
  tnam_opt_seen_t seen = {0};
  uint32_t given = 0;
  for (int i = 1; i < argc; i++) {
    /* An option given twice is refused, not the last one taken (a count: set_count). */
    if (strncmp(argv[i], "--", 2) == 0 && !tnam_opt_once(&seen, argv[i])) {
      fputs(usage, stderr);
      return 2;
    }
    if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config = argv[++i];
    } else if (strcmp(argv[i], "--tsv") == 0 && i + 1 < argc) {
      tsv = argv[++i];
    } else if (strcmp(argv[i], "--tsv-header") == 0) {
      header = true;
    } else if (strcmp(argv[i], "--help") == 0) {
      fputs(usage, stdout);
      return 0; /* main checks the write */
    } else if (set_count(&c, argv[i], &given) != 0) {
      fprintf(stderr, "tnam_energy: bad argument '%s' (or a count given twice)\n%s", argv[i],
              usage);
      return 2;
    }
  }
  if (header) {
    printf("configuration");
    for (int k = 0; k < TNAM_E_CLASSES; k++) printf("\t%s", tnam_energy_names[k]);
    printf("\n");
    return 0;
  }
  if (!config) {
    fprintf(stderr, "tnam_energy: --config FILE is required\n%s", usage);
    return 2;
  }
  char err[512];
  tnam_energy_cfg_t cfg;
  if (tnam_energy_load(config, &cfg, err, sizeof err) != 0) {
    fprintf(stderr, "tnam_energy: %s\n", err);
    return 2;
  }
  tnam_energy_report_t r;
  if (tnam_energy_compute(&cfg, &c, &r) != 0) {
    fprintf(stderr, "tnam_energy: cols=N is required when reads or steps are counted\n");
    return 2;
  }
  /* Per inference when images are given, else for the whole run. */
  double div = c.inferences ? (double)c.inferences : 1.0;
  if (tsv) {
    printf("%s", tsv);
    for (int k = 0; k < TNAM_E_CLASSES; k++) printf("\t%.6g", r.fj[k] / div / 1000.0);
    printf("\n");
    return 0;
  }
  printf("%-20s %14s %10s %14s %7s\n", "event class", "events", "fJ each", "fJ", "share");
  for (int k = 0; k < TNAM_E_CLASSES; k++)
    printf("%-20s %14" PRIu64 " %10.4g %14.6g %6.1f%%\n", tnam_energy_names[k], r.events[k],
           cfg.fj[k], r.fj[k], r.total_fj > 0 ? 100.0 * r.fj[k] / r.total_fj : 0.0);
  printf("total energy         %.6g fJ\n", r.total_fj);
  if (c.inferences) printf("energy per inference %.6g fJ\n", r.per_inference_fj);
  printf("gating saved         at least %.6g fJ (one decision per gated column read)\n",
         r.gating_saved_min_fj);
  printf("operations           %" PRIu64 " (2 per dense-equivalent MAC)\n", c.ops);
  printf("TOPS/W               %.4g (model) vs %.3g (published chip, VLSI 2019)\n", r.tops_per_w,
         TNAM_ENERGY_PUBLISHED_TOPS_W);
  return 0;
}

int main(int argc, char **argv) { return tnam_stdout_finish(energy_main(argc, argv)); }
