// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* libFuzzer target: the .tnn model-file reader (nn/tnam_net.c, docs/nn.md section 3) on any
 * bytes, twice: as they are, and with the header's size field and the trailing CRC-32 made to
 * fit them, so that the fields after the checksum get fuzzed too (a random change almost never
 * keeps the CRC). Property: an accepted network's compute layers have the fan-in their shapes
 * give (docs/nn.md section 3), and their weights lie inside the file. */
#define _GNU_SOURCE /* memfd_create, in tnam_fuzz.h */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "tnam_fuzz.h"
#include "tnam_net.h"

static void check_net(const tnam_net_t *net, size_t size) {
  for (unsigned i = 0; i < net->n_layers; ++i) {
    const tnam_layer_t *l = &net->layer[i];
    if (l->type == TNAM_LAYER_POOL) continue;
    const uint64_t fan_in = l->type == TNAM_LAYER_DENSE ? (uint64_t)l->in_c * l->in_h * l->in_w
                                                        : (uint64_t)l->in_c * l->k * l->k;
    TNAM_FUZZ_CHECK(l->fan_in == fan_in, "layer %u: fan-in %u, its shape gives %llu", i, l->fan_in,
                    (unsigned long long)fan_in);
    const uint8_t *w = (const uint8_t *)l->w;
    TNAM_FUZZ_CHECK(w >= net->file && w + (size_t)l->out_c * l->fan_in <= net->file + size,
                    "layer %u: weights outside the file", i);
  }
}

static void parse(const uint8_t *data, size_t size, int fix) {
  uint8_t *buf = malloc(size ? size : 1); /* tnam_net_parse takes it over on success */
  if (!buf) abort();
  memcpy(buf, data, size);
  if (fix) {
    const uint32_t crc = (uint32_t)crc32(0L, buf, (uInt)(size - 4));
    for (int i = 0; i < 4; i++) {
      buf[12 + i] = (uint8_t)(size >> 8 * i);
      buf[size - 4 + i] = (uint8_t)(crc >> 8 * i);
    }
    if (size == 16 + 4) { /* the size field and the CRC overlap: nothing to fuzz */
      free(buf);
      return;
    }
  }
  tnam_net_t net;
  char err[512];
  if (tnam_net_parse(buf, size, "fuzz.tnn", &net, err, sizeof err) == 0) {
    check_net(&net, size);
    tnam_net_free(&net); /* frees buf */
  } else {
    free(buf);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  parse(data, size, 0);
  if (size >= TNAM_NET_HEADER + 4) parse(data, size, 1);
  return 0;
}
