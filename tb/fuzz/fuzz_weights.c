// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* libFuzzer target: weight files, as a stream's `load FILE` reads them (cmd_load in
 * tb/stimulus/tnam_stream_parse.c). The input's first byte picks the chip (tnam_fuzz.h), the
 * rest is the weight file, held in a memory file that a stream in memory loads by name. */
#define _GNU_SOURCE /* fmemopen, memfd_create */
#include "tnam_fuzz.h"
#include "tnam_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const tnam_chip_params_t p = tnam_fuzz_chip(data[0]);
  char text[256];
  const int len =
      snprintf(text, sizeof text, "tns 1\nconfig rows %u cols %u macros %u tiles %u\nload %s\n",
               p.core.rows, p.core.cols, p.macros, p.tiles, tnam_fuzz_file(data + 1, size - 1));
  FILE *f = fmemopen(text, (size_t)len, "r");
  if (!f) abort();
  tnam_stream_t s;
  tnam_err_t err;
  if (tnam_stream_read(f, "fuzz-weights.tns", &s, &err)) {
    /* One write per row of the chip, all from the load line. */
    TNAM_FUZZ_CHECK(s.n_ops == p.core.rows, "a weight file loaded as %zu rows, the chip has %u",
                    (size_t)s.n_ops, p.core.rows);
    tnam_stream_free(&s);
  }
  fclose(f);
  return 0;
}
