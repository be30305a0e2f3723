// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* What the libFuzzer targets of tb/fuzz share: an input as a file that lives in memory, the chips
 * a target picks from, and the stop on a broken property. Each target is one translation unit
 * that includes this header once. */
#ifndef TNAM_FUZZ_H
#define TNAM_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tnam_chip.h"

/* The input as a file that a reader can open by name: an anonymous memory file (memfd), named
 * /proc/self/fd/N. A reader that takes a path (the variation reader, gzip through zlib, a
 * stream's `load FILE`) then runs as it does on a file on disk, with nothing written to one.
 * The same memory file is rewritten for every input. */
static inline const char *tnam_fuzz_file(const uint8_t *data, size_t size) {
  static int fd = -1;
  static char path[64];
  if (fd < 0) {
    fd = memfd_create("tnam-fuzz", 0);
    if (fd < 0) {
      perror("tnam_fuzz: memfd_create");
      abort();
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  }
  if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
    perror("tnam_fuzz: writing the memory file");
    abort();
  }
  return path;
}

/* The chips a target reads its file for, chosen by the input's first byte: the make sim
 * chips, the extremes of rows and columns, rows that are not a power of two, the iCEBreaker's
 * board and the smallest legal macro. */
static const unsigned tnam_fuzz_chips[][4] = {{64, 16, 1, 1}, {64, 16, 4, 2}, {8, 4, 4, 2},
                                              {37, 5, 3, 2},  {256, 8, 1, 1}, {8, 64, 1, 1},
                                              {4, 6, 2, 1},   {2, 3, 8, 4}};
#define TNAM_FUZZ_CHIPS (sizeof tnam_fuzz_chips / sizeof tnam_fuzz_chips[0])

static inline tnam_chip_params_t tnam_fuzz_chip(uint8_t pick) {
  const unsigned *c = tnam_fuzz_chips[pick % TNAM_FUZZ_CHIPS];
  tnam_chip_params_t p;
  if (!tnam_chip_params_make(c[0], c[1], c[2], c[3], &p)) abort();
  return p;
}

/* A property of the code under test that does not hold: the fuzzer keeps the input. */
#define TNAM_FUZZ_CHECK(cond, ...)                                 \
  do {                                                             \
    if (!(cond)) {                                                 \
      fprintf(stderr, "tnam_fuzz: property broken: " __VA_ARGS__); \
      fputc('\n', stderr);                                         \
      abort();                                                     \
    }                                                              \
  } while (0)

#endif /* TNAM_FUZZ_H */
