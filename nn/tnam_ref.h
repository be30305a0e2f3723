// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The integer reference: a network on one image with plain integer arithmetic, written from
 * docs/nn.md alone (no chip), keeping every layer's input for activity statistics. */
#ifndef TNAM_REF_H
#define TNAM_REF_H

#include <stdint.h>

#include "tnam_net.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const tnam_net_t *net;
  /* act[l]: the input of layer l (in_c * in_h * in_w values, {0,1} or 0 .. 15) of the last
   * image run. */
  uint8_t *act[TNAM_NET_MAX_LAYERS];
  int32_t *logits; /* the output layer's out_c logits */
  uint8_t *patch;  /* one im2col patch */
  /* Summed over every image run, per compute layer: the inputs a chip would drive (non-zero
   * patch or dense inputs) and all inputs presented. */
  uint64_t driven[TNAM_NET_MAX_LAYERS], presented[TNAM_NET_MAX_LAYERS];
} tnam_ref_t;

/* Allocates the buffers for net (kept by pointer). Returns 0, or -1 when out of memory. */
int tnam_ref_init(tnam_ref_t *r, const tnam_net_t *net);
void tnam_ref_free(tnam_ref_t *r);

/* Runs one image of in_c * in_h * in_w pixels; returns the class (r->logits holds the logits). */
unsigned tnam_ref_run(tnam_ref_t *r, const uint8_t *pixels);

/* The index of the largest value; ties go to the lowest index. */
unsigned tnam_argmax(const int32_t *v, unsigned n);

/* min(15, max(acc, 0) >> shift): the requantisation of docs/nn.md section 2. */
uint8_t tnam_ref_requant(int32_t acc, unsigned shift);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_REF_H */
