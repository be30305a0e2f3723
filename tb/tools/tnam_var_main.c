// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_var: draws a variation file (spec 12.1) from a seed.
 *
 *   tnam_var --rows R --cols C --macros M --sigma S --rate P --excess D --seed N [-o FILE]
 *   tnam_var --version
 *
 * Exit status 0 on success, 2 on a bad option or an unwritable output. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tnam_cli.h"
#include "tnam_var.h"
#include "tnam_version.h"

static const char usage[] =
    "usage: tnam_var --rows R --cols C --macros M --sigma S --rate P --excess D --seed N "
    "[-o FILE]\n"
    "       tnam_var --version\n"
    "  R in 2..256, C in 3..64, M in 1..8; S >= 0 (offset sigma, cell currents);\n"
    "  P in [0, 1] (probability that a cell is defective); D in -2..1 (excess current of a\n"
    "  defective cell); N the seed. Writes the file to FILE, or to standard output.\n";

static int bad(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("tnam_var: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\n", stderr);
  fputs(usage, stderr);
  return 2;
}

/* An integer in [lo, hi], strictly decimal (tnam_cli.h). */
static int parse_int(const char *text, long lo, long hi, long *out) {
  int64_t v;
  if (tnam_num_i64(text, lo, hi, &v) != TNAM_NUM_OK) return 0;
  *out = (long)v;
  return 1;
}

int main(int argc, char **argv) {
  long rows = -1, cols = -1, macros = -1, excess = 0;
  double sigma = 0.0, rate = 0.0;
  const char *sigma_text = NULL, *rate_text = NULL, *seed_text = NULL, *out = NULL;
  int have_excess = 0;
  uint64_t seed = 0;
  tnam_opt_seen_t seen = {0};
  for (int i = 1; i < argc; i++) {
    const char *opt = argv[i];
    if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
      fputs(usage, stdout);
      return tnam_stdout_finish(TNAM_EXIT_PASS);
    }
    if (strcmp(opt, "--version") == 0) {
      printf("tnam_var %s\n", TNAM_VERSION);
      return tnam_stdout_finish(TNAM_EXIT_PASS);
    }
    if (i + 1 == argc) return bad("option '%s' needs a value", opt);
    const char *val = argv[++i];
    if (tnam_opt_given(&seen, opt)) return bad("option %s is given twice", opt);
    tnam_opt_once(&seen, opt);
    if (strcmp(opt, "--rows") == 0) {
      if (!parse_int(val, TNAM_MIN_ROWS, TNAM_MAX_ROWS, &rows))
        return bad("--rows '%s' is not an integer in 2..256", val);
    } else if (strcmp(opt, "--cols") == 0) {
      if (!parse_int(val, TNAM_MIN_COLS, TNAM_MAX_COLS, &cols))
        return bad("--cols '%s' is not an integer in 3..64", val);
    } else if (strcmp(opt, "--macros") == 0) {
      if (!parse_int(val, 1, TNAM_MAX_MACROS, &macros))
        return bad("--macros '%s' is not an integer in 1..8", val);
    } else if (strcmp(opt, "--excess") == 0) {
      if (!parse_int(val, TNAM_EXCESS_MIN, TNAM_EXCESS_MAX, &excess))
        return bad("--excess '%s' is not an integer in -2..1", val);
      have_excess = 1;
    } else if (strcmp(opt, "--sigma") == 0) {
      if (tnam_num_real(val, 0.0, 1e9, &sigma) != TNAM_NUM_OK)
        return bad("--sigma '%s' is not a number in [0, 1e9]", val);
      sigma_text = val;
    } else if (strcmp(opt, "--rate") == 0) {
      if (tnam_num_real(val, 0.0, 1.0, &rate) != TNAM_NUM_OK)
        return bad("--rate '%s' is not a probability in [0, 1]", val);
      rate_text = val;
    } else if (strcmp(opt, "--seed") == 0) {
      if (tnam_num_u64(val, 0, UINT64_MAX, &seed) != TNAM_NUM_OK)
        return bad("--seed '%s' is not an unsigned 64-bit integer", val);
      seed_text = val;
    } else if (strcmp(opt, "-o") == 0) {
      out = val;
    } else {
      return bad("unknown option '%s'", opt);
    }
  }
  /* Every value is required (but -o): a file must say exactly how it was drawn. */
  if (rows < 0 || cols < 0 || macros < 0 || !sigma_text || !rate_text || !have_excess || !seed_text)
    return bad("--rows, --cols, --macros, --sigma, --rate, --excess and --seed are all required");

  tnam_chip_params_t p;
  if (!tnam_chip_params_make((unsigned)rows, (unsigned)cols, (unsigned)macros, 1, &p))
    return bad("rows %ld cols %ld macros %ld is not a valid chip", rows, cols, macros);
  static tnam_var_t v;
  tnam_var_draw(&p, sigma, rate, (int)excess, seed, &v);

  FILE *f = out ? fopen(out, "w") : stdout;
  if (!f) {
    fprintf(stderr, "tnam_var: cannot write %s: %s\n", out, strerror(errno));
    return 2;
  }
  /* The command that drew the file, with the values as given, so it can be drawn again. */
  fprintf(f,
          "# tnam_var --rows %ld --cols %ld --macros %ld --sigma %s --rate %s --excess %ld "
          "--seed %s\n",
          rows, cols, macros, sigma_text, rate_text, excess, seed_text);
  int ok = tnam_var_save(&v, f);
  /* An unwritable output is exit 2 here (the usage above), standard output included. */
  if (!out) return tnam_stdout_finish(ok ? TNAM_EXIT_PASS : TNAM_EXIT_USAGE) ? TNAM_EXIT_USAGE : 0;
  if (fclose(f) != 0) ok = 0;
  if (!ok) {
    fprintf(stderr, "tnam_var: cannot write %s: %s\n", out, strerror(errno));
    remove(out); /* whole or not at all */
    return 2;
  }
  return 0;
}
