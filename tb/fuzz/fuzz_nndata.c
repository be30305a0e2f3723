// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* libFuzzer target: the data readers of nn/ on any bytes: the IDX parser (nn/tnam_idx.c) as an
 * image file and as a label file, and the same bytes as a file (a memory file) through the
 * whole-file reader (nn/tnam_nnio.c: gzip or plain) into the IDX loader and the digits CSV
 * reader (nn/tnam_digits.c). */
#define _GNU_SOURCE /* memfd_create */
#include "tnam_digits.h"
#include "tnam_fuzz.h"
#include "tnam_idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[512];
  uint32_t dims[3];
  const uint8_t *elems;
  tnam_idx_parse(data, size, "fuzz.idx", 3, dims, &elems, err, sizeof err);
  tnam_idx_parse(data, size, "fuzz.idx", 1, dims, &elems, err, sizeof err);

  const char *path = tnam_fuzz_file(data, size);
  tnam_dataset_t ds;
  /* The same file as images and labels: the labels fail unless the images do first. */
  if (tnam_idx_load(path, path, &ds, err, sizeof err) == 0) tnam_dataset_free(&ds);
  if (tnam_digits_load(path, TNAM_SPLIT_TEST, &ds, err, sizeof err) == 0) tnam_dataset_free(&ds);
  return 0;
}
