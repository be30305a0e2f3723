// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* libFuzzer target: variation files (driver/tnam_var.c). The input's first byte picks the chip
 * (tnam_fuzz.h), the rest is the file, held in a memory file. Properties: a file that loads is
 * written (tnam_var_save) as one that loads to the same variation, and its port writes
 * (tnam_var_next) end, each to existing macros with a legal address. */
#define _GNU_SOURCE /* open_memstream, memfd_create */
#include <string.h>

#include "tnam_fuzz.h"
#include "tnam_var.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const tnam_chip_params_t p = tnam_fuzz_chip(data[0]);
  static tnam_var_t v, again; /* 17 kB each: off the stack */
  tnam_err_t err;
  const char *path = tnam_fuzz_file(data + 1, size - 1);
  if (!tnam_var_load(path, NULL, &p, &v, &err)) return 0;

  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) abort();
  TNAM_FUZZ_CHECK(tnam_var_save(&v, f), "tnam_var_save failed on a memory stream");
  fclose(f);
  const char *saved = tnam_fuzz_file((const uint8_t *)text, len);
  TNAM_FUZZ_CHECK(tnam_var_load(saved, NULL, &p, &again, &err),
                  "a saved variation file does not load: %s\n%s", err.msg, text);
  TNAM_FUZZ_CHECK(memcmp(&v, &again, sizeof v) == 0,
                  "a saved variation file loads to another variation:\n%s", text);
  free(text);

  tnam_var_iter_t it = {0};
  tnam_chip_in_t in;
  const unsigned most = 1 + p.macros * (p.core.cols + p.core.rows);
  unsigned writes = 0;
  while (tnam_var_next(&v, &it, &in)) {
    TNAM_FUZZ_CHECK(++writes <= most, "more than %u variation writes", most);
    TNAM_FUZZ_CHECK(in.mask && in.mask < (1u << p.macros), "a write to macros 0x%x",
                    (unsigned)in.mask);
  }
  return 0;
}
