// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* A whole network on a chip, a batch of images at a time, layer by layer (docs/nn.md section
 * 5): the input rule, im2col and pooling on the host, every compute layer through the layer API
 * (tnam_layer.h) on the session's back end. */
#ifndef TNAM_CHIPNET_H
#define TNAM_CHIPNET_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_layer.h"
#include "tnam_net.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const tnam_net_t *net;
  tnam_session_t *sess;
  size_t batch; /* images per batch, at most */
  tnam_layer_map_t map[TNAM_NET_MAX_LAYERS];
  tnam_layer_stats_t stats[TNAM_NET_MAX_LAYERS]; /* summed over every batch run */
  /* act[l]: the input of layer l for every image of the batch (image-major), as the chip
   * computed it; logits: the output layer's, classes per image. */
  uint8_t *act[TNAM_NET_MAX_LAYERS];
  int32_t *logits;
  uint8_t *vecs; /* the vectors of the layer being run */
  int32_t *y;    /* its outputs */
  /* What is running, for reports. */
  unsigned layer;
  size_t first; /* data index of the batch's first image */
} tnam_chipnet_t;

/* Maps every compute layer of net onto the session's chip. Returns 0, or -1 (out of memory). */
int tnam_chipnet_init(tnam_chipnet_t *c, const tnam_net_t *net, tnam_session_t *sess, size_t batch);
void tnam_chipnet_free(tnam_chipnet_t *c);

/* Runs `count` (<= batch) images of in_c * in_h * in_w pixels each; `first` is the first's
 * index in the data (for reports). c->logits holds the logits. Returns TNAM_EXIT_PASS, or a
 * layer's status with err saying why. */
int tnam_chipnet_run(tnam_chipnet_t *c, const uint8_t *pixels, size_t count, size_t first,
                     char *err, size_t err_size);

/* Op `op` of the layer running now: "image 12, layer 2 (conv), output position (3, 1); ...".
 * Returns the image's data index, or the batch's first when the op serves no single image. */
size_t tnam_chipnet_describe(const tnam_chipnet_t *c, size_t op, char *buf, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_CHIPNET_H */
