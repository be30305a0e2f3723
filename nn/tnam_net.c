// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The .tnn reader: every field checked in the order docs/nn.md lists them. */
#include "tnam_net.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "tnam_nnio.h"

static unsigned u16(const uint8_t *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

const char *tnam_net_mode_name(tnam_net_mode_t mode) {
  return mode == TNAM_NET_BIN ? "bin" : mode == TNAM_NET_Q4 ? "q4" : "unknown";
}

const char *tnam_layer_type_name(tnam_layer_type_t type) {
  switch (type) {
    case TNAM_LAYER_DENSE: return "dense";
    case TNAM_LAYER_CONV: return "conv";
    case TNAM_LAYER_POOL: return "pool";
  }
  return "unknown";
}

unsigned tnam_net_classes(const tnam_net_t *net) { return net->layer[net->n_layers - 1].out_c; }

void tnam_net_free(tnam_net_t *net) {
  for (unsigned i = 0; i < TNAM_NET_MAX_LAYERS; ++i) free(net->layer[i].param);
  free(net->file);
  memset(net, 0, sizeof *net);
}

/* The header's fields after the checksum has been checked. */
static int parse_header(const uint8_t *b, const char *path, tnam_net_t *net, char *err, size_t n) {
  memcpy(net->name, b + 16, TNAM_NET_NAME);
  net->name[TNAM_NET_NAME] = '\0';
  size_t name_len = strlen(net->name);
  for (size_t i = 0; i < TNAM_NET_NAME; ++i) {
    const uint8_t c = b[16 + i];
    if (i < name_len ? (c < 0x20 || c > 0x7e) : c != 0) {
      tnam_nn_error(err, n, path, "network name: byte %zu is 0x%02x (printable ASCII, then NULs)",
                    i, c);
      return -1;
    }
  }
  if (name_len == 0) {
    tnam_nn_error(err, n, path, "network name is empty");
    return -1;
  }
  const unsigned mode = b[48];
  if (mode != TNAM_NET_BIN && mode != TNAM_NET_Q4) {
    tnam_nn_error(err, n, path, "unknown mode %u (1 = bin, 2 = q4)", mode);
    return -1;
  }
  net->mode = (tnam_net_mode_t)mode;
  net->n_layers = b[49];
  if (net->n_layers < 1 || net->n_layers > TNAM_NET_MAX_LAYERS) {
    tnam_nn_error(err, n, path, "%u layers (1 .. %d)", net->n_layers, TNAM_NET_MAX_LAYERS);
    return -1;
  }
  net->in_c = u16(b + 50);
  net->in_h = u16(b + 52);
  net->in_w = u16(b + 54);
  net->pixel_max = u16(b + 56);
  net->in_param = u16(b + 58);
  if (!net->in_c || !net->in_h || !net->in_w || !net->pixel_max) {
    tnam_nn_error(err, n, path, "input shape %ux%ux%u, pixel_max %u: none may be 0", net->in_c,
                  net->in_h, net->in_w, net->pixel_max);
    return -1;
  }
  if (net->mode == TNAM_NET_Q4 && net->in_param > 7) {
    tnam_nn_error(err, n, path, "input shift %u (0 .. 7)", net->in_param);
    return -1;
  }
  return 0;
}

/* The output shape a layer's type, input and k imply; 0 when it has none. */
static int expected_out(const tnam_layer_t *l, unsigned out[3]) {
  switch (l->type) {
    case TNAM_LAYER_DENSE:
      out[0] = l->out_c, out[1] = 1, out[2] = 1;
      return l->k == 0 && l->out_c > 0;
    case TNAM_LAYER_CONV:
      if (l->k < 1 || l->k > l->in_h || l->k > l->in_w) return 0;
      out[0] = l->out_c, out[1] = l->in_h - l->k + 1, out[2] = l->in_w - l->k + 1;
      return l->out_c > 0;
    case TNAM_LAYER_POOL:
      if (l->k < 2 || l->k > l->in_h || l->k > l->in_w) return 0;
      out[0] = l->in_c, out[1] = l->in_h / l->k, out[2] = l->in_w / l->k;
      return 1;
  }
  return 0;
}

/* One layer record at b (avail bytes left before the checksum); *used gets its size. */
static int parse_layer(const tnam_net_t *net, unsigned index, const unsigned in[3],
                       const uint8_t *b, size_t avail, const char *path, tnam_layer_t *l,
                       size_t *used, char *err, size_t n) {
  if (avail < TNAM_NET_LAYER_HEADER) {
    tnam_nn_error(err, n, path, "layer %u: record header past the end of the layers", index);
    return -1;
  }
  const unsigned type = b[0], mode = b[1];
  if (type < TNAM_LAYER_DENSE || type > TNAM_LAYER_POOL) {
    tnam_nn_error(err, n, path, "layer %u: unknown type %u (1 dense, 2 conv, 3 pool)", index, type);
    return -1;
  }
  l->type = (tnam_layer_type_t)type;
  const char *tname = tnam_layer_type_name(l->type);
  if (mode != net->mode) {
    tnam_nn_error(err, n, path, "layer %u (%s): mode %u, the network's is %u (%s)", index, tname,
                  mode, net->mode, tnam_net_mode_name(net->mode));
    return -1;
  }
  if (b[3] != 0 || u16(b + 18) != 0) {
    tnam_nn_error(err, n, path, "layer %u (%s): reserved bytes are not 0", index, tname);
    return -1;
  }
  const int last = index + 1 == net->n_layers;
  const int compute = l->type != TNAM_LAYER_POOL;
  l->shift = b[2];
  l->in_c = u16(b + 4), l->in_h = u16(b + 6), l->in_w = u16(b + 8);
  l->out_c = u16(b + 10), l->out_h = u16(b + 12), l->out_w = u16(b + 14);
  l->k = u16(b + 16);
  if (l->in_c != in[0] || l->in_h != in[1] || l->in_w != in[2]) {
    tnam_nn_error(err, n, path, "layer %u (%s): input shape %ux%ux%u, but the %s gives %ux%ux%u",
                  index, tname, l->in_c, l->in_h, l->in_w,
                  index ? "previous layer" : "network input", in[0], in[1], in[2]);
    return -1;
  }
  unsigned out[3];
  if (!expected_out(l, out)) {
    tnam_nn_error(err, n, path, "layer %u (%s): k %u does not fit input %ux%ux%u%s", index, tname,
                  l->k, l->in_c, l->in_h, l->in_w,
                  l->type == TNAM_LAYER_DENSE ? " (dense: k 0 and at least one output)" : "");
    return -1;
  }
  if (l->out_c != out[0] || l->out_h != out[1] || l->out_w != out[2]) {
    tnam_nn_error(err, n, path,
                  "layer %u (%s): output shape %ux%ux%u, its input and k give %ux%ux%u", index,
                  tname, l->out_c, l->out_h, l->out_w, out[0], out[1], out[2]);
    return -1;
  }
  if (l->type == TNAM_LAYER_POOL && (index == 0 || last)) {
    tnam_nn_error(err, n, path, "layer %u: a pool layer may not be first or last", index);
    return -1;
  }
  if (last && l->type != TNAM_LAYER_DENSE) {
    tnam_nn_error(err, n, path, "layer %u (%s): the last layer must be dense", index, tname);
    return -1;
  }
  const int has_shift = compute && !last && net->mode == TNAM_NET_Q4;
  if (has_shift ? l->shift > 31 : l->shift != 0) {
    tnam_nn_error(err, n, path, "layer %u (%s): shift %u (%s)", index, tname, l->shift,
                  has_shift ? "0 .. 31" : "must be 0: only q4 hidden layers requantise");
    return -1;
  }
  *used = TNAM_NET_LAYER_HEADER;
  if (!compute) return 0;
  /* The fan-in in 64 bits, bounded before it sizes anything: in 32 bits the product of three
   * 16-bit shape fields wraps (found writing its fuzz target: a dense layer on 256x4096x4096
   * was read as fan-in 0 and accepted). */
  const int wmax = net->mode == TNAM_NET_BIN ? 1 : 7;
  const uint64_t xmax = net->mode == TNAM_NET_BIN ? 1 : 15;
  const uint64_t fan_in = l->type == TNAM_LAYER_DENSE ? (uint64_t)l->in_c * l->in_h * l->in_w
                                                      : (uint64_t)l->in_c * l->k * l->k;
  const uint64_t smax = fan_in * (uint64_t)wmax * xmax;
  if (smax >= (UINT64_C(1) << 31)) {
    tnam_nn_error(err, n, path, "layer %u (%s): fan-in %llu: a neuron's sum can leave int32", index,
                  tname, (unsigned long long)fan_in);
    return -1;
  }
  l->fan_in = (unsigned)fan_in;
  const size_t nw = (size_t)l->out_c * l->fan_in, np = 4 * (size_t)l->out_c;
  if (avail - TNAM_NET_LAYER_HEADER < nw + np) {
    tnam_nn_error(err, n, path,
                  "layer %u (%s): %zu bytes of weights and parameters past the end of the layers",
                  index, tname, nw + np);
    return -1;
  }
  l->w = (const int8_t *)(b + TNAM_NET_LAYER_HEADER);
  for (size_t i = 0; i < nw; ++i) {
    if (l->w[i] < -wmax || l->w[i] > wmax) {
      tnam_nn_error(err, n, path, "layer %u (%s): weight [%zu][%zu] = %d outside -%d .. %d (%s)",
                    index, tname, i / l->fan_in, i % l->fan_in, l->w[i], wmax, wmax,
                    tnam_net_mode_name(net->mode));
      return -1;
    }
  }
  /* The parameters are copied out: the file has no alignment for int32. */
  l->param = malloc(np);
  if (!l->param) {
    tnam_nn_error(err, n, path, "out of memory");
    return -1;
  }
  const uint8_t *pb = b + TNAM_NET_LAYER_HEADER + nw;
  for (unsigned o = 0; o < l->out_c; ++o) {
    l->param[o] = (int32_t)u32(pb + 4 * o);
    const int64_t p = l->param[o];
    if (smax + (uint64_t)(p < 0 ? -p : p) >= (UINT64_C(1) << 31)) {
      tnam_nn_error(err, n, path,
                    "layer %u (%s): neuron %u: fan-in %u with parameter %d can leave int32", index,
                    tname, o, l->fan_in, l->param[o]);
      return -1;
    }
  }
  *used += nw + np;
  return 0;
}

int tnam_net_parse(uint8_t *buf, size_t len, const char *path, tnam_net_t *net, char *err,
                   size_t n) {
  memset(net, 0, sizeof *net);
  if (len < 8 || memcmp(buf, TNAM_NET_MAGIC, 8) != 0) {
    tnam_nn_error(err, n, path, "wrong magic: not a TNAM model file (.tnn, docs/nn.md)");
    return -1;
  }
  if (len < TNAM_NET_HEADER + 4) {
    tnam_nn_error(err, n, path, "truncated: %zu bytes, shorter than the header and checksum", len);
    return -1;
  }
  if (u16(buf + 8) != TNAM_NET_VERSION) {
    tnam_nn_error(err, n, path, "format version %u, this reader knows version %d", u16(buf + 8),
                  TNAM_NET_VERSION);
    return -1;
  }
  if (u16(buf + 10) != TNAM_NET_HEADER) {
    tnam_nn_error(err, n, path, "header size %u, expected %d", u16(buf + 10), TNAM_NET_HEADER);
    return -1;
  }
  const uint32_t size = u32(buf + 12);
  if (size != len) {
    tnam_nn_error(err, n, path, "%s: the header says %u bytes, the file has %zu",
                  size > len ? "truncated" : "trailing bytes", size, len);
    return -1;
  }
  const uint32_t stored = u32(buf + len - 4);
  const uint32_t crc = (uint32_t)crc32(0L, buf, (uInt)(len - 4));
  if (crc != stored) {
    tnam_nn_error(err, n, path, "checksum fails: CRC-32 of the file is 0x%08x, it stores 0x%08x",
                  crc, stored);
    return -1;
  }
  if (parse_header(buf, path, net, err, n)) return -1;
  unsigned shape[3] = {net->in_c, net->in_h, net->in_w};
  size_t at = TNAM_NET_HEADER;
  for (unsigned i = 0; i < net->n_layers; ++i) {
    size_t used;
    if (parse_layer(net, i, shape, buf + at, len - 4 - at, path, &net->layer[i], &used, err, n)) {
      tnam_net_free(net); /* net->file is not set yet: buf stays the caller's */
      return -1;
    }
    at += used;
    shape[0] = net->layer[i].out_c, shape[1] = net->layer[i].out_h, shape[2] = net->layer[i].out_w;
  }
  if (at != len - 4) {
    tnam_nn_error(err, n, path, "%zu bytes after the last layer, before the checksum",
                  len - 4 - at);
    tnam_net_free(net);
    return -1;
  }
  net->file = buf;
  return 0;
}

int tnam_net_load(const char *path, tnam_net_t *net, char *err, size_t n) {
  uint8_t *buf;
  size_t len;
  if (tnam_nn_read_file(path, &buf, &len, err, n)) return -1;
  if (tnam_net_parse(buf, len, path, net, err, n)) {
    free(buf);
    return -1;
  }
  return 0;
}
