// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Variation files (spec 12.1): parse, write, draw from a seed, and the port writes that inject
 * one into the chip. */
#include "tnam_var.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tnam_prng.h"

#define VAR_LINE_MAX 256
#define VAR_MAX_TOKENS 8

/* The OW-bit range of offsets and trims. */
static long off_min(const tnam_chip_params_t *p) { return -(1L << (p->core.ow - 1)); }
static long off_max(const tnam_chip_params_t *p) { return (1L << (p->core.ow - 1)) - 1; }

/* ---- parsing ---------------------------------------------------------------------------- */

typedef struct {
  const tnam_chip_params_t *p;
  tnam_var_t *v;
  int have_version, have_config, have_excess;
  /* Offsets may legitimately be listed as 0, so a duplicate is found by this mask, not by
   * the value (a defect's own flag bit serves for defects). */
  uint64_t off_seen[TNAM_MAX_MACROS];
} var_parse_t;

static int parse_item(var_parse_t *ps, const tnam_where_t *w, char **tok, int n) {
  const tnam_chip_params_t *p = ps->p;
  tnam_var_t *v = ps->v;
  const char *item = tok[0];
  long a, b, c;

  if (!ps->have_version) {
    if (strcmp(item, "tnamvar") != 0) return tnam_fail(w, "the first item must be 'tnamvar 1'");
    if (n != 2 || strcmp(tok[1], "1") != 0)
      return tnam_fail(w, "unsupported variation file version; this reader takes 'tnamvar 1'");
    ps->have_version = 1;
    return 1;
  }
  if (strcmp(item, "tnamvar") == 0) return tnam_fail(w, "'tnamvar' appears twice");
  if (!ps->have_config) {
    if (strcmp(item, "config") != 0)
      return tnam_fail(w, "'config rows R cols C macros M' must come before '%s'", item);
    if (n != 7 || strcmp(tok[1], "rows") != 0 || strcmp(tok[3], "cols") != 0 ||
        strcmp(tok[5], "macros") != 0)
      return tnam_fail(w, "usage: config rows R cols C macros M");
    if (!tnam_parse_long(w, "rows", tok[2], TNAM_MIN_ROWS, TNAM_MAX_ROWS, &a) ||
        !tnam_parse_long(w, "cols", tok[4], TNAM_MIN_COLS, TNAM_MAX_COLS, &b) ||
        !tnam_parse_long(w, "macros", tok[6], 1, TNAM_MAX_MACROS, &c))
      return 0;
    if ((unsigned long)a != p->core.rows || (unsigned long)b != p->core.cols ||
        (unsigned long)c != p->macros)
      return tnam_fail(w,
                       "the file is for rows %ld cols %ld macros %ld; the chip has rows %u cols %u "
                       "macros %u",
                       a, b, c, p->core.rows, p->core.cols, p->macros);
    ps->have_config = 1;
    return 1;
  }
  if (strcmp(item, "config") == 0) return tnam_fail(w, "'config' appears twice");

  if (strcmp(item, "excess") == 0) {
    if (n != 2) return tnam_fail(w, "usage: excess D");
    if (ps->have_excess) return tnam_fail(w, "'excess' appears twice");
    if (!tnam_parse_long(w, "excess", tok[1], TNAM_EXCESS_MIN, TNAM_EXCESS_MAX, &a)) return 0;
    v->excess = (int)a;
    ps->have_excess = 1;
    return 1;
  }
  if (strcmp(item, "offset") == 0) {
    long val;
    if (n != 4) return tnam_fail(w, "usage: offset MACRO COL VALUE");
    if (!tnam_parse_long(w, "macro", tok[1], 0, (long)p->macros - 1, &a) ||
        !tnam_parse_long(w, "column", tok[2], 0, (long)p->core.cols - 1, &b) ||
        !tnam_parse_long(w, "offset", tok[3], off_min(p), off_max(p), &val))
      return 0;
    uint64_t bit = 1ULL << b;
    if (ps->off_seen[a] & bit)
      return tnam_fail(w, "offset of macro %ld column %ld appears twice", a, b);
    ps->off_seen[a] |= bit;
    v->off[a][b] = (int32_t)val;
    return 1;
  }
  if (strcmp(item, "defect") == 0) {
    if (n != 4) return tnam_fail(w, "usage: defect MACRO ROW COL");
    if (!tnam_parse_long(w, "macro", tok[1], 0, (long)p->macros - 1, &a) ||
        !tnam_parse_long(w, "row", tok[2], 0, (long)p->core.rows - 1, &b) ||
        !tnam_parse_long(w, "column", tok[3], 0, (long)p->core.cols - 1, &c))
      return 0;
    uint64_t bit = 1ULL << c;
    if (v->defect[a][b] & bit)
      return tnam_fail(w, "defect of macro %ld row %ld column %ld appears twice", a, b, c);
    v->defect[a][b] |= bit;
    return 1;
  }
  return tnam_fail(w, "unknown item '%s' (items: excess offset defect)", item);
}

int tnam_var_load(const char *path, const tnam_where_t *from, const tnam_chip_params_t *p,
                  tnam_var_t *v, tnam_err_t *err) {
  memset(v, 0, sizeof *v);
  v->p = *p;
  tnam_where_t w = {.path = path, .err = err};
  FILE *f = tnam_text_open(path, "variation file", from, err);
  if (!f) return 0;
  var_parse_t ps = {.p = p, .v = v};
  char buf[VAR_LINE_MAX];
  char *tok[VAR_MAX_TOKENS];
  int ok = 1;
  int r;
  while (ok && (w.line++, r = tnam_read_line(f, buf, sizeof buf, &w)) > 0) {
    int n = tnam_tokenize(buf, tok, VAR_MAX_TOKENS);
    if (n < 0)
      ok = tnam_fail(&w, "too many fields on one line");
    else if (n > 0)
      ok = parse_item(&ps, &w, tok, n);
  }
  if (ok && r < 0) ok = 0;
  if (ok && !ps.have_config)
    ok = tnam_fail(&w, "file ends before its 'tnamvar 1' and 'config' lines");
  fclose(f);
  return ok;
}

/* ---- writing ---------------------------------------------------------------------------- */

int tnam_var_save(const tnam_var_t *v, FILE *f) {
  const tnam_chip_params_t *p = &v->p;
  fprintf(f, "tnamvar 1\nconfig rows %u cols %u macros %u\n", p->core.rows, p->core.cols,
          p->macros);
  if (v->excess) fprintf(f, "excess %d\n", v->excess);
  for (unsigned m = 0; m < p->macros; m++)
    for (unsigned c = 0; c < p->core.cols; c++)
      if (v->off[m][c]) fprintf(f, "offset %u %u %d\n", m, c, (int)v->off[m][c]);
  for (unsigned m = 0; m < p->macros; m++)
    for (unsigned r = 0; r < p->core.rows; r++)
      for (unsigned c = 0; c < p->core.cols; c++)
        if ((v->defect[m][r] >> c) & 1u) fprintf(f, "defect %u %u %u\n", m, r, c);
  return fflush(f) == 0 && !ferror(f);
}

/* ---- drawing ---------------------------------------------------------------------------- */

/* Uniform double in (0, 1): 53 random bits, never 0, so its logarithm is finite. */
static double uniform_open(tnam_prng_t *g) {
  return ((double)(tnam_prng_next(g) >> 11) + 0.5) * 0x1p-53;
}

/* Standard normal deviate, Marsaglia's polar method. It needs only log() and sqrt() (sqrt is
 * correctly rounded by IEEE 754, glibc's log is correctly rounded in practice), and -std=c11
 * stops GCC from fusing multiply-adds, so a seed gives the same bits on every machine (a
 * last-ulp difference elsewhere could matter only at an exact rounding boundary). */
static double normal(tnam_prng_t *g) {
  for (;;) {
    double u = 2.0 * uniform_open(g) - 1.0, w = 2.0 * uniform_open(g) - 1.0;
    double s = u * u + w * w;
    if (s > 0.0 && s < 1.0) return u * sqrt(-2.0 * log(s) / s);
  }
}

void tnam_var_draw(const tnam_chip_params_t *p, double sigma, double rate, int excess,
                   uint64_t seed, tnam_var_t *v) {
  memset(v, 0, sizeof *v);
  v->p = *p;
  v->excess = excess;
  tnam_prng_t g;
  tnam_prng_seed(&g, seed);
  const double lo = (double)off_min(p), hi = (double)off_max(p);
  for (unsigned m = 0; m < p->macros; m++)
    for (unsigned c = 0; c < p->core.cols; c++) {
      double y = sigma * normal(&g);
      v->off[m][c] = (int32_t)lround(y < lo ? lo : y > hi ? hi : y);
    }
  /* An integer threshold on 53 random bits: the comparison involves no rounding at all. */
  const uint64_t below = (uint64_t)(rate * 0x1p53);
  for (unsigned m = 0; m < p->macros; m++)
    for (unsigned r = 0; r < p->core.rows; r++)
      for (unsigned c = 0; c < p->core.cols; c++)
        if ((tnam_prng_next(&g) >> 11) < below) v->defect[m][r] |= 1ULL << c;
}

/* ---- injection -------------------------------------------------------------------------- */

int tnam_var_next(const tnam_var_t *v, tnam_var_iter_t *it, tnam_chip_in_t *in) {
  const tnam_chip_params_t *p = &v->p;
  if (it->item == 0) {
    /* D is one value for the whole chip, so it goes to every macro in one write. */
    it->item = 1;
    in->mask = (1u << p->macros) - 1u;
    in->core.var_en = true;
    in->core.var_sel = TNAM_VAR_EXCESS;
    in->core.var_addr = 0;
    in->core.var_data = (uint64_t)v->excess & 3u;
    return 1;
  }
  for (; it->item == 1 && it->m < p->macros; it->m++, it->k = 0)
    for (; it->k < p->core.cols; it->k++)
      if (v->off[it->m][it->k]) {
        in->mask = 1u << it->m;
        in->core.var_en = true;
        in->core.var_sel = TNAM_VAR_OFFSET;
        in->core.var_addr = it->k;
        in->core.var_data = (uint64_t)(uint32_t)v->off[it->m][it->k] & ((1ULL << p->core.ow) - 1u);
        it->k++;
        return 1;
      }
  if (it->item == 1) *it = (tnam_var_iter_t){.item = 2};
  for (; it->item == 2 && it->m < p->macros; it->m++, it->k = 0)
    for (; it->k < p->core.rows; it->k++)
      if (v->defect[it->m][it->k]) {
        in->mask = 1u << it->m;
        in->core.var_en = true;
        in->core.var_sel = TNAM_VAR_DEFECT;
        in->core.var_addr = it->k;
        in->core.var_data = v->defect[it->m][it->k];
        it->k++;
        return 1;
      }
  it->item = 3;
  return 0;
}
