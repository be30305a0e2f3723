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
} tnam_waves_t;

/* Exit codes of every tool (harnesses, host tool, virtual board). */
enum {
  TNAM_EXIT_PASS = 0,
  TNAM_EXIT_FAIL = 1,   /* mismatch, failed expectation, timing error */
  TNAM_EXIT_USAGE = 2,  /* bad option, bad stream or weight file */
  TNAM_EXIT_ABORTED = 3 /* timeout, cycle limit, interrupted */
};

typedef struct tnam_backend tnam_backend_t;
struct tnam_backend {
  const char *name;
  /* One clock cycle of the chip: drive *in, clock the rising edge; returns the registers
   * after the edge, valid until the next step. */
  const tnam_chip_out_t *(*step)(tnam_backend_t *b, const tnam_chip_in_t *in);
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
