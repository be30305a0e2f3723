/* Seeded constrained-random test-stream generator with an independent expected-result oracle. */
#ifndef TNAM_GEN_H
#define TNAM_GEN_H

#include <stdint.h>

#include "tnam_stream.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Input-activity profiles (fraction of word lines driven per evaluation). */
typedef enum {
  TNAM_GEN_SPARSE, /* about 1% of rows, as in the chip's workloads */
  TNAM_GEN_DENSE,  /* 90% to 100% of rows: the extremes of the bitline range */
  TNAM_GEN_RANDOM, /* a fresh uniform density for every evaluation */
  TNAM_GEN_MIXED,  /* each evaluation picks one of the three above */
  TNAM_GEN_PROFILES
} tnam_gen_profile_t;

/* Profile by name ("sparse", "dense", "random", "mixed"); -1 if unknown. */
int tnam_gen_profile_from_name(const char *name);
const char *tnam_gen_profile_name(int profile);

/* Builds a stream of at least `cycles` cycles into *s (initialised here). Every evaluation
 * carries expect dec/gate/mac lines computed by a plain dot product over the generator's own
 * copy of the weights. Returns 0 when out of memory. */
int tnam_gen_stream(const tnam_params_t *p, uint64_t seed, int profile, uint64_t cycles,
                    tnam_stream_t *s);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_GEN_H */
