// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The digits CSV: 1797 lines of 64 pixels and a label, strictly checked. */
#include "tnam_digits.h"

#include <stdlib.h>
#include <string.h>

#include "tnam_nnio.h"
#include "tnam_text.h"

enum { FIELDS = TNAM_DIGITS_SIDE * TNAM_DIGITS_SIDE + 1 };

/* One field: a decimal (tnam_decimal_syntax) that is an exact integer: scikit-learn has
 * written both 5 and 5.000000000000000000e+00. */
static int parse_field(const char **p, const char *end, long *value) {
  char tmp[64];
  size_t len = 0;
  while (*p + len < end && (*p)[len] != ',' && (*p)[len] != '\n' && (*p)[len] != '\r') ++len;
  if (len == 0 || len >= sizeof tmp || !tnam_decimal_syntax(*p, len)) return -1;
  memcpy(tmp, *p, len);
  tmp[len] = '\0';
  const double v = strtod(tmp, NULL);
  if (!(v <= 1e9) || v != (double)(long)v) return -1;
  *value = (long)v;
  *p += len;
  return 0;
}

int tnam_digits_load(const char *path, tnam_split_t split, tnam_dataset_t *ds, char *err,
                     size_t n) {
  memset(ds, 0, sizeof *ds);
  uint8_t *buf;
  size_t len;
  if (tnam_nn_read_file(path, &buf, &len, err, n)) return -1;
  const uint32_t first = split == TNAM_SPLIT_TEST ? TNAM_DIGITS_ROWS - TNAM_DIGITS_TEST : 0;
  const uint32_t last =
      split == TNAM_SPLIT_TRAIN ? TNAM_DIGITS_ROWS - TNAM_DIGITS_TEST : TNAM_DIGITS_ROWS;
  ds->count = last - first;
  ds->rows = ds->cols = TNAM_DIGITS_SIDE;
  ds->pixel_max = TNAM_DIGITS_PIXEL_MAX;
  ds->pixels = malloc((size_t)ds->count * (FIELDS - 1));
  ds->labels = malloc(ds->count);
  if (!ds->pixels || !ds->labels) {
    tnam_nn_error(err, n, path, "out of memory");
    goto fail;
  }
  const char *p = (const char *)buf, *end = p + len;
  uint32_t line = 0;
  while (p < end) {
    if (line == TNAM_DIGITS_ROWS) {
      tnam_nn_error(err, n, path, "more than %d lines", TNAM_DIGITS_ROWS);
      goto fail;
    }
    uint8_t row[FIELDS];
    for (int f = 0; f < FIELDS; ++f) {
      long v;
      if (parse_field(&p, end, &v)) {
        tnam_nn_error(err, n, path, "line %u, field %d: not a number", line + 1, f + 1);
        goto fail;
      }
      const long max = f == FIELDS - 1 ? 9 : TNAM_DIGITS_PIXEL_MAX;
      if (v < 0 || v > max) {
        tnam_nn_error(err, n, path, "line %u, field %d: %ld outside 0 .. %ld (%s)", line + 1, f + 1,
                      v, max, f == FIELDS - 1 ? "label" : "pixel");
        goto fail;
      }
      row[f] = (uint8_t)v;
      const char want = f == FIELDS - 1 ? '\n' : ',';
      if (p < end && *p == '\r' && want == '\n') ++p;
      if (p == end && f == FIELDS - 1) break; /* a last line without its newline */
      if (p == end || *p != want) {
        tnam_nn_error(err, n, path, "line %u: expected %d comma-separated fields", line + 1,
                      FIELDS);
        goto fail;
      }
      ++p;
    }
    if (line >= first && line < last) {
      memcpy(ds->pixels + (size_t)(line - first) * (FIELDS - 1), row, FIELDS - 1);
      ds->labels[line - first] = row[FIELDS - 1];
    }
    ++line;
  }
  if (line != TNAM_DIGITS_ROWS) {
    tnam_nn_error(err, n, path, "%u lines, expected %d (truncated?)", line, TNAM_DIGITS_ROWS);
    goto fail;
  }
  free(buf);
  return 0;
fail:
  free(buf);
  tnam_dataset_free(ds);
  return -1;
}
