// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Seeded constrained-random test-stream generator with an independent expected-result oracle. */
#ifndef TNAM_GEN_H
#define TNAM_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_stream.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Input-activity profiles (fraction of word lines driven per evaluation). */
typedef enum {
  TNAM_GEN_SPARSE, /* about 1% of rows, as in the chip's workloads */
  TNAM_GEN_HALF,   /* 50% of rows */
  TNAM_GEN_DENSE,  /* 90% to 100% of rows: the extremes of the bitline range */
  TNAM_GEN_RANDOM, /* a fresh uniform density for every evaluation */
  TNAM_GEN_MIXED,  /* stretches of each of the four above */
  TNAM_GEN_PROFILES
} tnam_gen_profile_t;

/* Profile by name ("sparse", "half", "dense", "random", "mixed"); -1 if unknown. */
int tnam_gen_profile_from_name(const char *name);
const char *tnam_gen_profile_name(int profile);

/* Layer modes a stream may use: a mask of 1 << TNAM_MODE_*. */
#define TNAM_GEN_ALL_MODES \
  ((1u << TNAM_MODE_THRESH) | (1u << TNAM_MODE_LEVEL) | (1u << TNAM_MODE_Q4))

/* Mode list "thresh,level,q4" (any non-empty subset) to a mask; 0 if malformed. */
unsigned tnam_gen_modes_from_text(const char *text);
/* The mask as that list, into buf. */
void tnam_gen_modes_text(unsigned modes, char *buf, size_t size);

/* Held edges of generated streams (spec 7, `hold`), per mille of the rising edges: few enough
 * that a stream covers the same ground in the same cycles. */
#define TNAM_GEN_HOLD_RATE 30u

/* Builds a stream of at least `cycles` cycles into *s (initialised here), switching between
 * the layer modes in `modes` without resets, with TNAM_GEN_HOLD_RATE held edges (their seed
 * derived from `seed`; a caller may change s->hold_rate). Every evaluation carries
 * expectations computed by a plain dot product over the generator's own copy of the weights
 * (threshold: dec, gate, mac; level: gate, mac, code, cycles; q4: acc, out, cycles). Returns 0
 * when out of memory. */
int tnam_gen_stream(const tnam_chip_params_t *p, uint64_t seed, int profile, unsigned modes,
                    uint64_t cycles, tnam_stream_t *s);

/* The same with `ideal` set: no variation, no calibration, no trims or health rows, no test
 * mode and static mapping (the chip as the earlier issues' macro), for figures that should
 * describe the design itself, such as the price of precision in make bench. */
int tnam_gen_stream_ideal(const tnam_chip_params_t *p, uint64_t seed, int profile, unsigned modes,
                          uint64_t cycles, int ideal, tnam_stream_t *s);

/* The same stream, generated as it is run (D41): *s gets its first block of ops and the
 * generator as its source, which appends the next block whenever the sequencer runs out,
 * after dropping the ops no longer referred to. The ops, their lines and every draw are those
 * of tnam_gen_stream_ideal(); a run of any length holds a bounded window. Returns 0 when out
 * of memory. tnam_stream_dump() of such a stream consumes it. */
int tnam_gen_stream_open(const tnam_chip_params_t *p, uint64_t seed, int profile, unsigned modes,
                         uint64_t cycles, int ideal, tnam_stream_t *s);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_GEN_H */
