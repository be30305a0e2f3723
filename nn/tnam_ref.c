// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Plain integer inference. Deliberately independent of the golden model (it does not call
 * tnam_q4_requant): a judge that shares code with what it judges would share its bugs; the
 * unit tests check that the two requantisations agree. */
#include "tnam_ref.h"

#include <stdlib.h>
#include <string.h>

unsigned tnam_argmax(const int32_t *v, unsigned n) {
  unsigned best = 0;
  for (unsigned i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

uint8_t tnam_ref_requant(int32_t acc, unsigned shift) {
  if (acc <= 0) return 0;
  const int32_t q = acc >> shift;
  return (uint8_t)(q > 15 ? 15 : q);
}

void tnam_ref_free(tnam_ref_t *r) {
  for (unsigned l = 0; l < TNAM_NET_MAX_LAYERS; ++l) free(r->act[l]);
  free(r->logits);
  free(r->patch);
  memset(r, 0, sizeof *r);
}

int tnam_ref_init(tnam_ref_t *r, const tnam_net_t *net) {
  memset(r, 0, sizeof *r);
  r->net = net;
  unsigned max_fan_in = 1;
  for (unsigned l = 0; l < net->n_layers; ++l) {
    const tnam_layer_t *ly = &net->layer[l];
    r->act[l] = malloc((size_t)ly->in_c * ly->in_h * ly->in_w);
    if (!r->act[l]) goto fail;
    if (ly->fan_in > max_fan_in) max_fan_in = ly->fan_in;
  }
  r->logits = malloc(sizeof *r->logits * tnam_net_classes(net));
  r->patch = malloc(max_fan_in);
  if (r->logits && r->patch) return 0;
fail:
  tnam_ref_free(r);
  return -1;
}

static int32_t dot(const int8_t *w, const uint8_t *x, unsigned n) {
  int32_t s = 0;
  for (unsigned i = 0; i < n; ++i) s += (int32_t)w[i] * x[i];
  return s;
}

static unsigned nonzero(const uint8_t *x, unsigned n) {
  unsigned c = 0;
  for (unsigned i = 0; i < n; ++i) c += x[i] != 0;
  return c;
}

/* Every neuron of a compute layer on one input vector x; outputs at out[o * stride]. */
static void neurons(tnam_ref_t *r, unsigned l, const uint8_t *x, uint8_t *out, size_t stride) {
  const tnam_net_t *net = r->net;
  const tnam_layer_t *ly = &net->layer[l];
  r->driven[l] += nonzero(x, ly->fan_in);
  r->presented[l] += ly->fan_in;
  const int last = l + 1 == net->n_layers;
  for (unsigned o = 0; o < ly->out_c; ++o) {
    const int32_t s = dot(ly->w + (size_t)o * ly->fan_in, x, ly->fan_in);
    if (last)
      r->logits[o] = s + ly->param[o];
    else if (net->mode == TNAM_NET_BIN)
      out[o * stride] = s > ly->param[o];
    else
      out[o * stride] = tnam_ref_requant(s + ly->param[o], ly->shift);
  }
}

static void conv(tnam_ref_t *r, unsigned l, const uint8_t *in, uint8_t *out) {
  const tnam_layer_t *ly = &r->net->layer[l];
  const unsigned k = ly->k, plane = ly->out_h * ly->out_w;
  for (unsigned y = 0; y < ly->out_h; ++y) {
    for (unsigned x = 0; x < ly->out_w; ++x) {
      uint8_t *p = r->patch;
      for (unsigned c = 0; c < ly->in_c; ++c)
        for (unsigned ky = 0; ky < k; ++ky)
          for (unsigned kx = 0; kx < k; ++kx)
            *p++ = in[((size_t)c * ly->in_h + y + ky) * ly->in_w + x + kx];
      neurons(r, l, r->patch, out + (size_t)y * ly->out_w + x, plane);
    }
  }
}

static void pool(const tnam_layer_t *ly, const uint8_t *in, uint8_t *out) {
  const unsigned k = ly->k;
  for (unsigned c = 0; c < ly->out_c; ++c) {
    for (unsigned y = 0; y < ly->out_h; ++y) {
      for (unsigned x = 0; x < ly->out_w; ++x) {
        uint8_t m = 0;
        for (unsigned ky = 0; ky < k; ++ky)
          for (unsigned kx = 0; kx < k; ++kx) {
            const uint8_t v = in[((size_t)c * ly->in_h + y * k + ky) * ly->in_w + x * k + kx];
            if (v > m) m = v;
          }
        out[((size_t)c * ly->out_h + y) * ly->out_w + x] = m;
      }
    }
  }
}

unsigned tnam_ref_run(tnam_ref_t *r, const uint8_t *pixels) {
  const tnam_net_t *net = r->net;
  const size_t n_in = (size_t)net->in_c * net->in_h * net->in_w;
  for (size_t i = 0; i < n_in; ++i) {
    const unsigned p = pixels[i];
    r->act[0][i] =
        net->mode == TNAM_NET_BIN ? p > net->in_param : tnam_ref_requant((int32_t)p, net->in_param);
  }
  for (unsigned l = 0; l < net->n_layers; ++l) {
    const tnam_layer_t *ly = &net->layer[l];
    uint8_t *out = l + 1 < net->n_layers ? r->act[l + 1] : NULL;
    switch (ly->type) {
      case TNAM_LAYER_DENSE: neurons(r, l, r->act[l], out, 1); break;
      case TNAM_LAYER_CONV: conv(r, l, r->act[l], out); break;
      case TNAM_LAYER_POOL: pool(ly, r->act[l], out); break;
    }
  }
  return tnam_argmax(r->logits, tnam_net_classes(net));
}
