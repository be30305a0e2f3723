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

// Reads the closed file back: it must open and reach last_time (the time of the last dump).
// 1, or 0 after "error: wave file PATH: ..." on stderr.
static inline int tnam_fst_readable(const char *path, uint64_t last_time) {
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
