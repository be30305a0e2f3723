// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Variation files (spec 12.1): read, write, and draw one from a seed. */
#ifndef TNAM_VAR_H
#define TNAM_VAR_H

#include <stdint.h>
#include <stdio.h>

#include "tnam_chip.h"
#include "tnam_text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The variation of a whole chip. Entries >= M, >= R or >= C are 0. */
typedef struct {
  tnam_chip_params_t p;
  int excess;                                      /* D, -2 .. 1 */
  int32_t off[TNAM_MAX_MACROS][TNAM_MAX_COLS];     /* offset per macro and column */
  uint64_t defect[TNAM_MAX_MACROS][TNAM_MAX_ROWS]; /* defect flags: column mask per row */
} tnam_var_t;

/* Parses a variation file for a chip of parameters *p (its `config` line must match); `from`
 * is the stream line that names it, or NULL. On failure fills err ("FILE:LINE: message") and
 * returns 0. */
int tnam_var_load(const char *path, const tnam_where_t *from, const tnam_chip_params_t *p,
                  tnam_var_t *v, tnam_err_t *err);

/* Writes *v in the file format (only non-zero items). Returns 0 on I/O error. */
int tnam_var_save(const tnam_var_t *v, FILE *f);

/* Draws a variation from `seed`: offsets Gaussian with standard deviation sigma (cell
 * currents), rounded to the nearest integer and clipped to the OW-bit range; every cell
 * defective with probability rate; excess D for the chip. Same arguments, same result, on
 * every machine. */
void tnam_var_draw(const tnam_chip_params_t *p, double sigma, double rate, int excess,
                   uint64_t seed, tnam_var_t *v);

/* The variation-port writes that inject *v (spec 7, `variation`), one per cycle: the excess D
 * (to every macro), then each non-zero offset, then each row holding a defect (to its macro
 * only). Start with a zeroed iterator; each call sets the mask and var_* fields of *in for
 * the next write and returns 1, or returns 0 (and leaves *in alone) when all are done. */
typedef struct {
  unsigned item; /* 0: excess, 1: offsets, 2: defect rows, 3: done */
  unsigned m, k; /* next macro and column (offsets) or row (defects) to look at */
} tnam_var_iter_t;
int tnam_var_next(const tnam_var_t *v, tnam_var_iter_t *it, tnam_chip_in_t *in);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_VAR_H */
