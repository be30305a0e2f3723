// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The run digest: FNV-1a over every observable of a cycle, expanded from the port list. */
#include "tnam_digest.h"

#include <stddef.h>

#include "tnam_ports.h"

static uint64_t fnv1a(uint64_t h, const uint64_t *words, size_t n) {
  const unsigned char *b = (const unsigned char *)words;
  for (size_t i = 0; i < n * sizeof words[0]; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}

/* The words of one element of a digest group: ports[0 .. n) are the group's, by word. */
static size_t group_words(const tnam_port_desc_t *const *ports, int n, const tnam_chip_out_t *out,
                          unsigned m, unsigned i, uint64_t *words) {
  size_t len = 0;
  for (int s = 0, next; s < n; s = next) {
    const tnam_port_desc_t *d = ports[s];
    next = s + 1;
    if (d->kind == TNAM_KIND_WORDS) { /* a word array alone in its word: all of its words */
      for (unsigned k = 0; k < d->size / sizeof words[0]; k++)
        words[len++] = tnam_port_get(d, out, m, i, k);
      continue;
    }
    uint64_t w = tnam_port_get(d, out, m, i, 0) << d->digest.shift;
    for (; next < n && ports[next]->digest.word == d->digest.word; next++)
      w ^= tnam_port_get(ports[next], out, m, i, 0) << ports[next]->digest.shift;
    words[len++] = w;
  }
  return len;
}

/* Hashes the groups of macro m (per_macro) or of the chip, group by group, element by
 * element. */
static uint64_t digest_groups(uint64_t h, const tnam_port_desc_t *const *order, int len,
                              int per_macro, const tnam_chip_out_t *out,
                              const tnam_chip_params_t *p, unsigned m) {
  uint64_t words[2 * TNAM_N_PORTS + TNAM_ROW_WORDS];
  for (int s = 0, next; s < len; s = next) {
    for (next = s; next < len && order[next]->digest.group == order[s]->digest.group;) next++;
    if ((order[s]->scope >= TNAM_SCOPE_M) != per_macro) continue;
    const unsigned count = tnam_port_count(p, order[s]);
    for (unsigned i = 0; i < count; i++)
      h = fnv1a(h, words, group_words(order + s, next - s, out, m, i, words));
  }
  return h;
}

uint64_t tnam_digest_chip(uint64_t h, const tnam_chip_out_t *out, const tnam_chip_params_t *p) {
  static const tnam_port_desc_t *order[TNAM_N_PORTS]; /* sorted once: it runs every cycle */
  static int len;
  if (!len) len = tnam_port_sort(order, TNAM_DIR_OUT, TNAM_ORDER_DIGEST);
  for (unsigned m = 0; m < p->macros; m++) h = digest_groups(h, order, len, 1, out, p, m);
  return digest_groups(h, order, len, 0, out, p, 0);
}
