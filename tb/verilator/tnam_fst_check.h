// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// A wave file must fail loudly when it could not be written: Verilator's FST writer reports no
// write error (a full disk left a PASS, exit 0 and an unreadable file), so every tracer reads
// the closed file back (and the options refuse a path that is not a regular file:
// tnam_opt_output_file()). For builds with --trace-fst only.
#ifndef TNAM_FST_CHECK_H
#define TNAM_FST_CHECK_H

#include <cinttypes>
#include <cstdio>

#include "gtkwave/fstapi.h"

// The file's blocks (a type byte, then a big-endian length that counts itself and the
// payload) must tile it exactly, none marked as still being written (FST_BL_SKIP). A file cut
// short by a full disk fails here: fstReaderOpen() itself can spin on such a file.
static inline const char *tnam_fst_blocks_whole(const char *path) {
  std::FILE *f = std::fopen(path, "rb");
  if (!f) return "cannot be opened";
  const char *why = nullptr;
  uint64_t pos = 0;
  for (int type; !why && (type = std::fgetc(f)) != EOF;) {
    unsigned char b[8];
    uint64_t len = 0;
    if (std::fread(b, 1, 8, f) != 8) why = "ends inside a block header";
    for (int k = 0; !why && k < 8; k++) len = len << 8 | b[k];
    if (!why && (type == FST_BL_SKIP || len < 8)) why = "holds a block that was never finished";
    if (!why && std::fseek(f, (long)(len - 8), SEEK_CUR) != 0) why = "has a block past its end";
    pos += 1 + len;
  }
  if (!why) {
    std::fseek(f, 0, SEEK_END);
    if (pos == 0 || (uint64_t)std::ftell(f) != pos) why = "is cut short";
  }
  std::fclose(f);
  return why;
}

// Reads the closed file back: its blocks whole, then it must open and reach last_time (the
// time of the last dump). 1, or 0 after "error: wave file PATH: ..." on stderr.
static inline int tnam_fst_readable(const char *path, uint64_t last_time) {
  const char *why = tnam_fst_blocks_whole(path);
  if (why) {
    std::fprintf(stderr, "error: wave file %s: unreadable after writing: it %s (a full disk?)\n",
                 path, why);
    return 0;
  }
  void *r = fstReaderOpen(path);
  if (!r) {
    std::fprintf(stderr, "error: wave file %s: unreadable after writing (a full disk?)\n", path);
    return 0;
  }
  const uint64_t end = fstReaderGetEndTime(r);
  fstReaderClose(r);
  if (end < last_time) {
    std::fprintf(stderr,
                 "error: wave file %s: ends at time %" PRIu64 ", the run dumped to %" PRIu64
                 " (a full disk?)\n",
                 path, end, last_time);
    return 0;
  }
  return 1;
}

#endif // TNAM_FST_CHECK_H
