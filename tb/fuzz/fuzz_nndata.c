// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* libFuzzer target: the data readers of nn/ on any bytes: the IDX parser (nn/tnam_idx.c) as an
 * image file and as a label file, and the same bytes as a file (a memory file) through the
 * whole-file reader (nn/tnam_nnio.c: gzip or plain) into the IDX loader and the digits CSV
 * reader (nn/tnam_digits.c). Property: an accepted IDX file holds exactly the elements its
 * dimensions give. */
#define _GNU_SOURCE /* memfd_create */
#include "tnam_digits.h"
#include "tnam_fuzz.h"
#include "tnam_idx.h"

/* Property: an accepted IDX file's elements are exactly its dimensions' product, counted by
 * division so that no product can wrap. */
static void idx(const uint8_t *data, size_t size, unsigned ndims) {
  char err[512];
  uint32_t dims[3];
  const uint8_t *elems;
  if (tnam_idx_parse(data, size, "fuzz.idx", ndims, dims, &elems, err, sizeof err)) return;
  size_t left = size - (size_t)(elems - data);
  for (unsigned d = 0; d < ndims; ++d) {
    TNAM_FUZZ_CHECK(dims[d] && left % dims[d] == 0,
                    "IDX dimension %u (%u) does not divide the data", d, dims[d]);
    left /= dims[d];
  }
  TNAM_FUZZ_CHECK(left == 1, "an IDX file's dimensions are not its element count");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[512];
  idx(data, size, 3);
  idx(data, size, 1);

  const char *path = tnam_fuzz_file(data, size);
  tnam_dataset_t ds;
  /* The same file as images and labels: the labels fail unless the images do first. */
  if (tnam_idx_load(path, path, &ds, err, sizeof err) == 0) tnam_dataset_free(&ds);
  if (tnam_digits_load(path, TNAM_SPLIT_TEST, &ds, err, sizeof err) == 0) tnam_dataset_free(&ds);
  return 0;
}
