// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* scikit-learn's 8x8 handwritten digits (digits.csv.gz; docs/nn.md section 1). */
#ifndef TNAM_DIGITS_H
#define TNAM_DIGITS_H

#include <stddef.h>

#include "tnam_idx.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  TNAM_DIGITS_ROWS = 1797, /* lines of the file */
  TNAM_DIGITS_TEST = 360,  /* the last 360 rows are the test set */
  TNAM_DIGITS_SIDE = 8,
  TNAM_DIGITS_PIXEL_MAX = 16
};

typedef enum { TNAM_SPLIT_TRAIN, TNAM_SPLIT_TEST, TNAM_SPLIT_ALL } tnam_split_t;

/* Reads the file (gzip or plain) and keeps the rows of the split. Returns 0, or -1 with err
 * naming the file, line and what is wrong. */
int tnam_digits_load(const char *path, tnam_split_t split, tnam_dataset_t *ds, char *err, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_DIGITS_H */
