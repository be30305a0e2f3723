// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Seeded pseudo-random numbers for the testbench: xoshiro256** seeded by splitmix64. */
#ifndef TNAM_PRNG_H
#define TNAM_PRNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* xoshiro256** (Blackman & Vigna): fast, 256-bit state, and identical on every platform,
 * so one printed seed reproduces a run bit for bit. */
typedef struct {
  uint64_t s[4];
} tnam_prng_t;

static inline uint64_t tnam_splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline void tnam_prng_seed(tnam_prng_t *g, uint64_t seed) {
  for (int i = 0; i < 4; i++) g->s[i] = tnam_splitmix64(&seed);
}

static inline uint64_t tnam_rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t tnam_prng_next(tnam_prng_t *g) {
  uint64_t *s = g->s;
  const uint64_t result = tnam_rotl64(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = tnam_rotl64(s[3], 45);
  return result;
}

/* Uniform integer in [0, n), n >= 1 (Lemire's multiply-shift; the bias is below 2^-32 for
 * the small n a testbench uses). */
static inline uint32_t tnam_prng_below(tnam_prng_t *g, uint32_t n) {
  return (uint32_t)(((tnam_prng_next(g) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform integer in [lo, hi]. */
static inline int32_t tnam_prng_range(tnam_prng_t *g, int32_t lo, int32_t hi) {
  return lo + (int32_t)tnam_prng_below(g, (uint32_t)(hi - lo) + 1u);
}

/* True with probability ppm / 1e6. */
static inline int tnam_prng_chance(tnam_prng_t *g, uint32_t ppm) {
  return tnam_prng_below(g, 1000000u) < ppm;
}

#ifdef __cplusplus
}
#endif

#endif /* TNAM_PRNG_H */
