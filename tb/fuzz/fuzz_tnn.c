// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* libFuzzer target: the .tnn model-file reader (nn/tnam_net.c, docs/nn.md section 3) on any
 * bytes, twice: as they are, and with the header's size field and the trailing CRC-32 made to
 * fit them, so that the fields after the checksum get fuzzed too (a random change almost never
 * keeps the CRC). */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "tnam_net.h"

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
  if (tnam_net_parse(buf, size, "fuzz.tnn", &net, err, sizeof err) == 0)
    tnam_net_free(&net); /* frees buf */
  else
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  parse(data, size, 0);
  if (size >= TNAM_NET_HEADER + 4) parse(data, size, 1);
  return 0;
}
