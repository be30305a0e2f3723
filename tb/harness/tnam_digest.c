// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The run digest: FNV-1a over every observable of a cycle, expanded from the port list. */
#include "tnam_digest.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tnam_ports.h"

static uint64_t fnv1a(uint64_t h, uint64_t word) {
  const unsigned char *b = (const unsigned char *)&word;
  for (size_t i = 0; i < sizeof word; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}

/* One field element of a cycle's digest: its bytes in tnam_chip_out_t, shifted into the word
 * being built; the last field of a word hashes it. */
typedef struct {
  uint32_t offset;
  uint8_t size; /* 1 (bool), 4 (U32, I32 as its 32 bits) or 8 (U64, one word of a WORDS) */
  uint8_t shift;
  bool ends_word;
} digest_step_t;

/* The fields of one element of a digest group (their offsets from *out): ports[0 .. n) are the
 * group's, by word; with steps NULL only counts them. */
static size_t group_steps(const tnam_port_desc_t *const *ports, int n, const tnam_chip_out_t *out,
                          unsigned m, unsigned i, digest_step_t *steps, size_t len) {
  for (int s = 0; s < n; s++) {
    const tnam_port_desc_t *d = ports[s];
    const size_t at =
        (size_t)((const char *)tnam_port_elem(d, (void *)out, m, i) - (const char *)out);
    if (d->kind == TNAM_KIND_WORDS) { /* a word array alone in its word: all of its words */
      for (unsigned k = 0; k < d->size / sizeof(uint64_t); k++, len++)
        if (steps) steps[len] = (digest_step_t){(uint32_t)(at + k * sizeof(uint64_t)), 8, 0, true};
      continue;
    }
    if (steps) {
      const uint8_t size = d->kind == TNAM_KIND_BOOL ? 1 : d->kind == TNAM_KIND_U64 ? 8 : 4;
      const bool last = s + 1 == n || ports[s + 1]->digest.word != d->digest.word;
      steps[len] = (digest_step_t){(uint32_t)at, size, d->digest.shift, last};
    }
    len++;
  }
  return len;
}

/* Every step of a cycle's digest on chip *p, in hashing order: the groups of each macro, then
 * the chip's, group by group, element by element (the order of the port list's digest column);
 * with steps NULL only counts them. */
static size_t digest_steps(const tnam_chip_params_t *p, const tnam_chip_out_t *out,
                           digest_step_t *steps) {
  const tnam_port_desc_t *order[TNAM_N_PORTS];
  const int len = tnam_port_sort(order, TNAM_DIR_OUT, TNAM_ORDER_DIGEST);
  size_t n = 0;
  for (unsigned m = 0; m <= p->macros; m++) {
    const int per_macro = m < p->macros; /* the last pass: the chip's own groups */
    for (int s = 0, next; s < len; s = next) {
      for (next = s; next < len && order[next]->digest.group == order[s]->digest.group;) next++;
      if ((order[s]->scope >= TNAM_SCOPE_M) != per_macro) continue;
      const unsigned count = tnam_port_count(p, order[s]);
      for (unsigned i = 0; i < count; i++)
        n = group_steps(order + s, next - s, out, per_macro ? m : 0, i, steps, n);
    }
  }
  return n;
}

/* The steps of the chip last hashed: the port list is walked once per configuration, not per
 * cycle (the walk cost 10-20% of a --digest run). */
static struct {
  tnam_chip_params_t params;
  digest_step_t *steps;
  size_t n;
} plan;

uint64_t tnam_digest_chip(uint64_t h, const tnam_chip_out_t *out, const tnam_chip_params_t *p) {
  /* tnam_chip_params_t is all unsigned fields: no padding to spoil the comparison. */
  if (!plan.steps || memcmp(&plan.params, p, sizeof *p) != 0) {
    const size_t n = digest_steps(p, out, NULL);
    digest_step_t *steps = realloc(plan.steps, n * sizeof *steps);
    if (!steps) abort(); /* a few KB at most */
    plan.steps = steps;
    plan.n = digest_steps(p, out, steps);
    plan.params = *p;
  }
  const unsigned char *base = (const unsigned char *)out;
  uint64_t word = 0;
  for (size_t k = 0; k < plan.n; k++) {
    const digest_step_t *st = &plan.steps[k];
    const unsigned char *at = base + st->offset;
    const uint64_t v = st->size == 1   ? *(const bool *)at
                       : st->size == 4 ? *(const uint32_t *)at
                                       : *(const uint64_t *)at;
    word ^= v << st->shift;
    if (st->ends_word) {
      h = fnv1a(h, word);
      word = 0;
    }
  }
  return h;
}
