// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Data sets of labelled 8-bit images, and the IDX reader (docs/nn.md section 1). */
#ifndef TNAM_IDX_H
#define TNAM_IDX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* count images of rows x cols pixels (0 .. pixel_max, row-major) with their labels. */
typedef struct {
  uint32_t count, rows, cols;
  unsigned pixel_max;
  uint8_t *pixels; /* count * rows * cols */
  uint8_t *labels; /* count */
} tnam_dataset_t;

void tnam_dataset_free(tnam_dataset_t *ds);

/* Parses one IDX file held in memory (path names it in errors): unsigned-byte elements,
 * `ndims` dimensions, the element count equal to the bytes after the header. On success
 * dims[0 .. ndims-1] are the sizes and *elems points into buf. Returns 0, or -1 with err. */
int tnam_idx_parse(const uint8_t *buf, size_t len, const char *path, unsigned ndims,
                   uint32_t dims[3], const uint8_t **elems, char *err, size_t n);

/* Reads an image file (3 dimensions) and its label file (1 dimension), gzip or plain, and
 * checks that they hold the same count. Returns 0, or -1 with err naming the file. */
int tnam_idx_load(const char *images, const char *labels, tnam_dataset_t *ds, char *err, size_t n);

/* The MNIST distribution's names in dir: split "train" or "t10k", each file plain or .gz
 * (the plain one when both exist). */
int tnam_idx_load_dir(const char *dir, const char *split, tnam_dataset_t *ds, char *err, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_IDX_H */
