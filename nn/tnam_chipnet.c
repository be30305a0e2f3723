// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* A network on the chip, batch by batch and layer by layer. The host's parts (input rule,
 * im2col, pooling) are written here again rather than shared with the reference (tnam_ref.c):
 * the reference is the judge of this path and must not share its bugs. */
#include "tnam_chipnet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t in_size(const tnam_layer_t *ly) { return (size_t)ly->in_c * ly->in_h * ly->in_w; }

/* Vectors per image of a compute layer: one per output position. */
static size_t positions(const tnam_layer_t *ly) { return (size_t)ly->out_h * ly->out_w; }

void tnam_chipnet_free(tnam_chipnet_t *c) {
  for (unsigned l = 0; l < TNAM_NET_MAX_LAYERS; l++) {
    free(c->act[l]);
    tnam_layer_free(&c->map[l]);
  }
  free(c->logits);
  free(c->vecs);
  free(c->y);
  memset(c, 0, sizeof *c);
}

int tnam_chipnet_init(tnam_chipnet_t *c, const tnam_net_t *net, tnam_session_t *sess,
                      size_t batch) {
  memset(c, 0, sizeof *c);
  c->net = net;
  c->sess = sess;
  c->batch = batch;
  size_t max_vec = 1, max_y = 1;
  for (unsigned l = 0; l < net->n_layers; l++) {
    const tnam_layer_t *ly = &net->layer[l];
    c->act[l] = malloc(batch * in_size(ly));
    if (!c->act[l]) goto fail;
    if (ly->type == TNAM_LAYER_POOL) continue;
    const tnam_layer_spec_t spec = {.mode = net->mode,
                                    .last = l + 1 == net->n_layers,
                                    .fan_in = ly->fan_in,
                                    .out = ly->out_c,
                                    .shift = ly->shift,
                                    .w = ly->w,
                                    .param = ly->param};
    tnam_layer_map(&c->map[l], &sess->cp, &spec);
    const size_t vecs = batch * positions(ly);
    if (vecs * ly->fan_in > max_vec) max_vec = vecs * ly->fan_in;
    if (vecs * ly->out_c > max_y) max_y = vecs * ly->out_c;
  }
  c->logits = malloc(batch * tnam_net_classes(net) * sizeof *c->logits);
  c->vecs = malloc(max_vec);
  c->y = malloc(max_y * sizeof *c->y);
  if (c->logits && c->vecs && c->y) return 0;
fail:
  tnam_chipnet_free(c);
  return -1;
}

/* The vectors of layer l for every image: dense, the input itself; conv, the patches in
 * output-position order, element (ch*K + ky)*K + kx = input (ch, y+ky, x+kx). */
static void vectors(const tnam_layer_t *ly, const uint8_t *in, size_t count, uint8_t *v) {
  const size_t n_in = in_size(ly);
  if (ly->type == TNAM_LAYER_DENSE) {
    memcpy(v, in, count * n_in);
    return;
  }
  for (size_t img = 0; img < count; img++, in += n_in)
    for (unsigned y = 0; y < ly->out_h; y++)
      for (unsigned x = 0; x < ly->out_w; x++)
        for (unsigned ch = 0; ch < ly->in_c; ch++)
          for (unsigned ky = 0; ky < ly->k; ky++) {
            memcpy(v, in + ((size_t)ch * ly->in_h + y + ky) * ly->in_w + x, ly->k);
            v += ly->k;
          }
}

/* Layer outputs y[(image * positions + pos) * out_c + o] into the next layer's input tensors
 * (channel-major per image). */
static void scatter(const tnam_layer_t *ly, const int32_t *y, size_t count, uint8_t *next) {
  const size_t pos = positions(ly);
  for (size_t img = 0; img < count; img++)
    for (size_t p = 0; p < pos; p++)
      for (unsigned o = 0; o < ly->out_c; o++)
        next[(img * ly->out_c + o) * pos + p] = (uint8_t)y[(img * pos + p) * ly->out_c + o];
}

static void max_pool(const tnam_layer_t *ly, const uint8_t *in, size_t count, uint8_t *out) {
  const unsigned k = ly->k;
  for (size_t img = 0; img < count * ly->out_c; img++, in += (size_t)ly->in_h * ly->in_w)
    for (unsigned y = 0; y < ly->out_h; y++)
      for (unsigned x = 0; x < ly->out_w; x++) {
        uint8_t m = 0;
        for (unsigned i = 0; i < k * k; i++) {
          const uint8_t a = in[(size_t)(y * k + i / k) * ly->in_w + x * k + i % k];
          m = a > m ? a : m;
        }
        *out++ = m;
      }
}

int tnam_chipnet_run(tnam_chipnet_t *c, const uint8_t *pixels, size_t count, size_t first,
                     char *err, size_t err_size) {
  const tnam_net_t *net = c->net;
  c->first = first;
  const size_t n_in = (size_t)net->in_c * net->in_h * net->in_w;
  for (size_t i = 0; i < count * n_in; i++)
    c->act[0][i] = net->mode == TNAM_NET_BIN ? pixels[i] > net->in_param
                                             : (uint8_t)tnam_q4_requant(pixels[i], net->in_param);
  for (unsigned l = 0; l < net->n_layers; l++) {
    const tnam_layer_t *ly = &net->layer[l];
    const int last = l + 1 == net->n_layers;
    c->layer = l;
    if (ly->type == TNAM_LAYER_POOL) {
      max_pool(ly, c->act[l], count, c->act[l + 1]);
      continue;
    }
    vectors(ly, c->act[l], count, c->vecs);
    int32_t *y = last ? c->logits : c->y;
    const int status = tnam_layer_run(&c->map[l], c->sess, c->vecs, count * positions(ly), y,
                                      &c->stats[l], err, err_size);
    if (status != TNAM_EXIT_PASS) return status;
    if (!last) scatter(ly, y, count, c->act[l + 1]);
  }
  return TNAM_EXIT_PASS;
}

size_t tnam_chipnet_describe(const tnam_chipnet_t *c, size_t op, char *buf, size_t n) {
  const tnam_layer_t *ly = &c->net->layer[c->layer];
  char units[512];
  const long v = tnam_layer_describe(&c->map[c->layer], op, units, sizeof units);
  if (v < 0) {
    snprintf(buf, n, "layer %u (%s), batch from image %zu: %s", c->layer,
             tnam_layer_type_name(ly->type), c->first, units);
    return c->first;
  }
  const size_t pos = positions(ly), image = c->first + (size_t)v / pos;
  const unsigned p = (unsigned)((size_t)v % pos);
  snprintf(buf, n, "image %zu, layer %u (%s), output position (%u, %u): %s", image, c->layer,
           tnam_layer_type_name(ly->type), p / ly->out_w, p % ly->out_w, units);
  return image;
}
