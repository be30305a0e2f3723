// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_fcov: merges functional coverage counts files (`--fcov FILE` of the harnesses) by adding
 * and prints the closure report: every bin with its count, then the bins never hit.
 *
 *   tnam_fcov [--waivers FILE] [--out FILE] [--quiet] COUNTS...
 *   tnam_fcov --list | --version | --help
 *
 * Exit status 0 when every bin is hit or waived, 1 when a bin is never hit and not waived (or
 * a waived bin was hit: its reason no longer holds), 2 on a bad option or file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tnam_fcov.h"
#include "tnam_version.h"

static const char usage[] =
    "usage: tnam_fcov [--waivers FILE] [--out FILE] [--quiet] COUNTS...\n"
    "       tnam_fcov --list | --version | --help\n"
    "  Adds the counts files (written by --fcov FILE of tnam_sim, tnam_sim_sc, tnam_model_run,\n"
    "  tnam_host) and prints every bin with its count, then the bins never hit.\n"
    "  --waivers FILE  bins that need not be hit, each with its reason ('waive NAME REASON')\n"
    "  --out FILE      also write the merged counts (a counts file, to merge again)\n"
    "  --quiet         print only the bins never hit and the summary\n"
    "  --list          print every bin and its meaning\n"
    "exit: 0 every bin hit or waived, 1 a bin not hit and not waived (or a waived bin hit),\n"
    "      2 bad option or file\n";

static int bad(const char *msg, const char *arg) {
  fprintf(stderr, "tnam_fcov: %s%s\n%s", msg, arg, usage);
  return 2;
}

static void list_bins(void) {
  for (unsigned p = 0; p < TNAM_FCOV_POINT_COUNT; p++) {
    const tnam_fcov_point_t *pt = &tnam_fcov_points[p];
    printf("%s", pt->name);
    if (pt->labels) {
      printf("[");
      for (unsigned i = 0; i < pt->size; i++) printf("%s%s", i ? "|" : "", pt->labels[i]);
      printf("]");
    }
    printf("\n    %s\n", pt->meaning);
  }
}

int main(int argc, char **argv) {
  const char *waivers = NULL, *out = NULL;
  int quiet = 0, files = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage, stdout);
      return 0;
    }
    if (strcmp(a, "--version") == 0) {
      printf("tnam_fcov %s\n", TNAM_VERSION);
      return 0;
    }
    if (strcmp(a, "--list") == 0) {
      list_bins();
      return 0;
    }
    if (strcmp(a, "--quiet") == 0) {
      quiet = 1;
    } else if (strcmp(a, "--waivers") == 0 || strcmp(a, "--out") == 0) {
      const char **slot = a[2] == 'w' ? &waivers : &out;
      if (i + 1 == argc) return bad("option needs a value: ", a);
      if (*slot) return bad("option given twice: ", a);
      *slot = argv[++i];
    } else if (a[0] == '-' && a[1] != '\0') {
      return bad("unknown option: ", a);
    } else {
      files++;
    }
  }
  if (!files) return bad("no counts file given", "");

  const unsigned bins = tnam_fcov_bin_count();
  uint64_t *counts = calloc(bins, sizeof *counts);
  char **reason = calloc(bins, sizeof *reason);
  char err[512];
  int status = 0;
  if (!counts || !reason) {
    fprintf(stderr, "tnam_fcov: out of memory\n");
    status = 2;
    goto done;
  }
  if (waivers && !tnam_fcov_read_waivers(waivers, reason, err, sizeof err)) {
    fprintf(stderr, "tnam_fcov: %s\n", err);
    status = 2;
    goto done;
  }
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--waivers") == 0 || strcmp(argv[i], "--out") == 0) {
      i++;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0') continue;
    if (!tnam_fcov_read_counts(argv[i], counts, err, sizeof err)) {
      fprintf(stderr, "tnam_fcov: %s\n", err);
      status = 2;
      goto done;
    }
  }
  if (out) {
    FILE *f = fopen(out, "w");
    int ok = f && tnam_fcov_write_counts(f, counts);
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) {
      fprintf(stderr, "tnam_fcov: cannot write %s\n", out);
      status = 2;
      goto done;
    }
  }

  char name[96];
  unsigned hit = 0, waived = 0, missing = 0, stale = 0;
  if (!quiet)
    printf("fcov: %d counts file%s merged; every bin and its count:\n", files,
           files == 1 ? "" : "s");
  for (unsigned b = 0; b < bins; b++) {
    tnam_fcov_bin_name(b, name, sizeof name, NULL);
    if (!quiet)
      printf("  %-34s %14llu%s\n", name, (unsigned long long)counts[b],
             reason[b] ? "  (waived)" : "");
    hit += counts[b] != 0;
  }
  printf("fcov: bins never hit:\n");
  for (unsigned b = 0; b < bins; b++) {
    unsigned p;
    tnam_fcov_bin_name(b, name, sizeof name, &p);
    if (counts[b] && reason[b]) {
      printf("  %-34s WAIVED BUT HIT %llu times: the waiver's reason no longer holds (%s)\n", name,
             (unsigned long long)counts[b], reason[b]);
      stale++;
    } else if (!counts[b] && reason[b]) {
      printf("  %-34s waived: %s\n", name, reason[b]);
      waived++;
    } else if (!counts[b]) {
      printf("  %-34s NOT HIT: %s\n", name, tnam_fcov_points[p].meaning);
      missing++;
    }
  }
  if (!missing && !waived && !stale) printf("  (none)\n");
  status = missing || stale ? 1 : 0;
  printf("fcov: %u of %u bins hit, %u waived, %u not hit%s: %s\n", hit, bins, waived, missing,
         stale ? ", some waived bins hit" : "", status ? "FAIL" : "PASS");
done:
  if (reason) tnam_fcov_free_reasons(reason);
  free(reason);
  free(counts);
  return status;
}
