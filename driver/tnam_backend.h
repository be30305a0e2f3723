// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Driver API: one narrow step() interface with interchangeable back ends (model, RTL, ...). */
#ifndef TNAM_BACKEND_H
#define TNAM_BACKEND_H

#include <stdint.h>

#include "tnam_chip.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Wave-dump request, honoured by back ends that can trace. */
typedef struct {
  const char *path;    /* NULL: no waves */
  uint64_t from_cycle; /* first cycle dumped */
  uint64_t to_cycle;   /* last cycle dumped (UINT64_MAX: to the end) */
  int *failed;         /* optional: set by the back end when the file could not be written
                          whole (it says why on stderr) */
} tnam_waves_t;

/* Exit codes of every tool (harnesses, host tool, virtual board). */
enum {
  TNAM_EXIT_PASS = 0,
  TNAM_EXIT_FAIL = 1,   /* mismatch, failed expectation, timing error */
  TNAM_EXIT_USAGE = 2,  /* bad option, bad stream or weight file */
  TNAM_EXIT_ABORTED = 3 /* timeout, cycle limit, interrupted */
};

struct tnam_stream;
struct tnam_seq;

typedef struct tnam_backend tnam_backend_t;
struct tnam_backend {
  const char *name;
  /* One clock cycle of the chip: drive *in, clock the rising edge; returns the registers
   * after the edge, valid until the next step; NULL when the back end cannot go on (a board
   * that stopped answering, a lockstep mismatch: it has said why on stderr). */
  const tnam_chip_out_t *(*step)(tnam_backend_t *b, const tnam_chip_in_t *in);
  /* Optional (NULL): told the op list and the sequencer that drive the next steps (NULL, NULL
   * when they end), so that a back end which checks (lockstep) can name the op of a failing
   * cycle. The executor (tnam_exec.h) calls it. */
  void (*bind)(tnam_backend_t *b, const struct tnam_stream *s, const struct tnam_seq *q);
  /* Ends the run: flushes and closes any wave file. Safe to call once from any state. */
  void (*close)(tnam_backend_t *b);
  void *impl;
};

/* The golden model as a back end; `chip` stays owned by the caller. */
void tnam_backend_model_init(tnam_backend_t *b, tnam_chip_t *chip);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_BACKEND_H */
