// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* IDX files (LeCun's MNIST format), validated against their size before any element is used. */
#define _POSIX_C_SOURCE 200809L /* access */
#include "tnam_idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tnam_nnio.h"

#define IDX_UBYTE 0x08

void tnam_dataset_free(tnam_dataset_t *ds) {
  free(ds->pixels);
  free(ds->labels);
  memset(ds, 0, sizeof *ds);
}

static uint32_t be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int tnam_idx_parse(const uint8_t *buf, size_t len, const char *path, unsigned ndims,
                   uint32_t dims[3], const uint8_t **elems, char *err, size_t n) {
  if (len < 4) {
    tnam_nn_error(err, n, path, "truncated: %zu bytes, shorter than the 4-byte IDX magic", len);
    return -1;
  }
  if (buf[0] != 0 || buf[1] != 0) {
    tnam_nn_error(err, n, path,
                  "wrong magic 0x%02x%02x%02x%02x: not an IDX file (expected 0x0000 then type "
                  "and dimensions)",
                  buf[0], buf[1], buf[2], buf[3]);
    return -1;
  }
  if (buf[2] != IDX_UBYTE) {
    tnam_nn_error(err, n, path, "IDX element type 0x%02x not supported (only 0x08, unsigned byte)",
                  buf[2]);
    return -1;
  }
  if (buf[3] != ndims) {
    tnam_nn_error(err, n, path, "IDX file has %u dimensions, expected %u (%s)", buf[3], ndims,
                  ndims == 3 ? "an image file: count, rows, cols" : "a label file: count");
    return -1;
  }
  const size_t header = 4 + 4 * (size_t)ndims;
  if (len < header) {
    tnam_nn_error(err, n, path, "truncated: %zu bytes, shorter than the %zu-byte IDX header", len,
                  header);
    return -1;
  }
  /* Three 32-bit dimensions can multiply past 64 bits, and a product that wraps to the size of
   * the data passed (2^22 x 2^21 x 2^21 images in a 16-byte file; tb/fuzz/regress/nndata): the
   * count stops growing once it is larger than any file. */
  uint64_t count = 1;
  for (unsigned d = 0; d < ndims; ++d) {
    dims[d] = be32(buf + 4 + 4 * d);
    if (dims[d] == 0) {
      tnam_nn_error(err, n, path, "IDX dimension %u is 0", d);
      return -1;
    }
    count = count > UINT64_MAX / dims[d] ? UINT64_MAX : count * dims[d];
  }
  if (count == UINT64_MAX) {
    tnam_nn_error(err, n, path,
                  "header's dimensions multiply to 2^64 elements or more; the file holds %zu bytes "
                  "after its %zu-byte header (truncated)",
                  len - header, header);
    return -1;
  }
  if (count != len - header) {
    tnam_nn_error(err, n, path,
                  "header says %llu elements, the file holds %zu bytes after its %zu-byte header "
                  "(%s)",
                  (unsigned long long)count, len - header, header,
                  count > len - header ? "truncated" : "trailing bytes");
    return -1;
  }
  *elems = buf + header;
  return 0;
}

/* Reads and parses one IDX file and copies its elements out. */
static int load_one(const char *path, unsigned ndims, uint32_t dims[3], uint8_t **out, char *err,
                    size_t n) {
  uint8_t *buf;
  size_t len;
  if (tnam_nn_read_file(path, &buf, &len, err, n)) return -1;
  const uint8_t *elems;
  int rc = tnam_idx_parse(buf, len, path, ndims, dims, &elems, err, n);
  if (rc == 0) {
    size_t count = len - (size_t)(elems - buf);
    /* The elements are the tail of the buffer: move them to its front. */
    memmove(buf, elems, count);
    *out = buf;
  } else {
    free(buf);
  }
  return rc;
}

int tnam_idx_load(const char *images, const char *labels, tnam_dataset_t *ds, char *err, size_t n) {
  memset(ds, 0, sizeof *ds);
  uint32_t idims[3], ldims[3];
  if (load_one(images, 3, idims, &ds->pixels, err, n)) return -1;
  if (load_one(labels, 1, ldims, &ds->labels, err, n)) {
    tnam_dataset_free(ds);
    return -1;
  }
  if (ldims[0] != idims[0]) {
    tnam_nn_error(err, n, labels, "holds %u labels but the image file %s holds %u images", ldims[0],
                  images, idims[0]);
    tnam_dataset_free(ds);
    return -1;
  }
  ds->count = idims[0];
  ds->rows = idims[1];
  ds->cols = idims[2];
  ds->pixel_max = 255;
  return 0;
}

/* dir/base, or dir/base.gz when only that exists (malloc'ed); NULL with err set when
 * neither does. */
static char *find_file(const char *dir, const char *base, char *err, size_t n) {
  const size_t len = strlen(dir) + strlen(base) + sizeof "/.gz";
  char *path = malloc(len);
  if (!path) {
    tnam_nn_error(err, n, dir, "out of memory");
    return NULL;
  }
  snprintf(path, len, "%s/%s", dir, base);
  if (access(path, F_OK) == 0) return path;
  snprintf(path, len, "%s/%s.gz", dir, base);
  if (access(path, F_OK) == 0) return path;
  free(path);
  tnam_nn_error(err, n, dir, "no %s or %s.gz (the MNIST distribution's file names)", base, base);
  return NULL;
}

int tnam_idx_load_dir(const char *dir, const char *split, tnam_dataset_t *ds, char *err, size_t n) {
  char base[64];
  snprintf(base, sizeof base, "%s-images-idx3-ubyte", split);
  char *images = find_file(dir, base, err, n);
  if (!images) return -1;
  snprintf(base, sizeof base, "%s-labels-idx1-ubyte", split);
  char *labels = find_file(dir, base, err, n);
  const int rc = labels ? tnam_idx_load(images, labels, ds, err, n) : -1;
  free(images);
  free(labels);
  return rc;
}
