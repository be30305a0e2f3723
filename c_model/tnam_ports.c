// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The port list of tnam_ports.h as data, and access to a port's elements in the C structs. */
#include "tnam_ports.h"

/* Where a field lives, by scope: offset and size in the chip struct of its direction. */
#define FIELD_IN_NONE(f) 0, 0, 0
#define FIELD_IN_CORE(f) offsetof(tnam_chip_in_t, core.f), sizeof(((tnam_chip_in_t *)0)->core.f), 0
#define FIELD_IN_CHIP(f) offsetof(tnam_chip_in_t, f), sizeof(((tnam_chip_in_t *)0)->f), 0
#define FIELD_IN_TILE(f) \
  offsetof(tnam_chip_in_t, f), sizeof(((tnam_chip_in_t *)0)->f), sizeof(((tnam_chip_in_t *)0)->f[0])
#define FIELD_OUT_CHIP(f) offsetof(tnam_chip_out_t, f), sizeof(((tnam_chip_out_t *)0)->f), 0
#define FIELD_OUT_ARRAY(f)                                         \
  offsetof(tnam_chip_out_t, f), sizeof(((tnam_chip_out_t *)0)->f), \
      sizeof(((tnam_chip_out_t *)0)->f[0])
#define FIELD_OUT_TILE FIELD_OUT_ARRAY
#define FIELD_OUT_MACRO FIELD_OUT_ARRAY
#define FIELD_OUT_M(f) offsetof(tnam_chip_out_t, m[0].f), sizeof(((tnam_out_t *)0)->f), 0
#define FIELD_OUT_M_ARRAY(f) \
  offsetof(tnam_chip_out_t, m[0].f), sizeof(((tnam_out_t *)0)->f), sizeof(((tnam_out_t *)0)->f[0])
#define FIELD_OUT_M_COL FIELD_OUT_M_ARRAY
#define FIELD_OUT_M_NEURON FIELD_OUT_M_ARRAY

#define DIGEST(g, w, s) \
  { TNAM_DG_##g, w, s }
#define REPORT(g, rank, style, weight, unit, label) \
  { TNAM_RG_##g, rank, TNAM_STYLE_##style, weight, TNAM_UNIT_##unit, label }
#define VIEW(g, rank, format) \
  { TNAM_VIEW_##g, rank, TNAM_FMT_##format }

#define DESC_IN(name, field, scope, kind, width, view) \
  [TNAM_PORT_##name] = {#name,                         \
                        #field,                        \
                        TNAM_DIR_IN,                   \
                        TNAM_SCOPE_##scope,            \
                        TNAM_KIND_##kind,              \
                        FIELD_IN_##scope(field),       \
                        {0, 0, 0},                     \
                        {0, 0, 0, 0, 0, NULL},         \
                        VIEW view},
#define DESC_OUT(name, field, scope, kind, width, digest, report, view) \
  [TNAM_PORT_##name] = {#name,                                          \
                        #field,                                         \
                        TNAM_DIR_OUT,                                   \
                        TNAM_SCOPE_##scope,                             \
                        TNAM_KIND_##kind,                               \
                        FIELD_OUT_##scope(field),                       \
                        DIGEST digest,                                  \
                        REPORT report,                                  \
                        VIEW view},

const tnam_port_desc_t tnam_port_list[TNAM_N_PORTS] = {TNAM_PORTS_IN(DESC_IN)
                                                           TNAM_PORTS_OUT(DESC_OUT)};

unsigned tnam_port_count(const tnam_chip_params_t *p, const tnam_port_desc_t *d) {
  switch (d->scope) {
    case TNAM_SCOPE_TILE: return p->tiles;
    case TNAM_SCOPE_MACRO: return p->macros;
    case TNAM_SCOPE_M_COL: return p->core.cols;
    case TNAM_SCOPE_M_NEURON: return p->core.nn;
    default: return 1;
  }
}

unsigned tnam_port_instances(const tnam_chip_params_t *p, const tnam_port_desc_t *d) {
  return d->scope >= TNAM_SCOPE_M ? p->macros : 1;
}

unsigned tnam_port_bits(const tnam_chip_params_t *p, const tnam_port_desc_t *d) {
  return tnam_port_instances(p, d) * tnam_port_count(p, d) *
         tnam_port_width(p, (tnam_port_id_t)(d - tnam_port_list));
}

void *tnam_port_elem(const tnam_port_desc_t *d, void *chip, unsigned m, unsigned i) {
  char *at = (char *)chip + d->offset + (size_t)i * d->stride;
  if (d->scope >= TNAM_SCOPE_M) at += (size_t)m * sizeof(tnam_out_t);
  return at;
}

uint64_t tnam_port_get(const tnam_port_desc_t *d, const void *chip, unsigned m, unsigned i,
                       unsigned k) {
  const void *e = tnam_port_elem(d, (void *)chip, m, i); /* only read */
  switch (d->kind) {
    case TNAM_KIND_BOOL: return *(const bool *)e;
    case TNAM_KIND_CE: return !*(const bool *)e; /* the field is `hold`, the port's inverse */
    case TNAM_KIND_U32: return *(const uint32_t *)e;
    case TNAM_KIND_I32: return (uint32_t) * (const int32_t *)e;
    case TNAM_KIND_U64: return *(const uint64_t *)e;
    case TNAM_KIND_WORDS: return ((const uint64_t *)e)[k];
    default: return 0;
  }
}

void tnam_port_set(const tnam_port_desc_t *d, void *chip, unsigned m, unsigned i, unsigned k,
                   unsigned w, uint64_t v) {
  void *e = tnam_port_elem(d, chip, m, i);
  switch (d->kind) {
    case TNAM_KIND_BOOL: *(bool *)e = v != 0; break;
    case TNAM_KIND_CE: *(bool *)e = v == 0; break;
    case TNAM_KIND_U32: *(uint32_t *)e = (uint32_t)v; break;
    case TNAM_KIND_I32: {
      const uint32_t sign = 1u << (w - 1), low = (uint32_t)v & (sign | (sign - 1));
      *(int32_t *)e = (int32_t)((low ^ sign) - sign);
      break;
    }
    case TNAM_KIND_U64: *(uint64_t *)e = v; break;
    case TNAM_KIND_WORDS: ((uint64_t *)e)[k] = v; break;
    default: break;
  }
}

/* A port's sort key: group, then rank (the digest's word). */
static unsigned order_key(const tnam_port_desc_t *d, tnam_port_order_t key) {
  switch (key) {
    case TNAM_ORDER_DIGEST: return d->digest.group * 256u + d->digest.word;
    case TNAM_ORDER_REPORT: return d->report.group * 256u + d->report.rank;
    default: return d->view.group * 256u + d->view.rank;
  }
}

int tnam_port_sort(const tnam_port_desc_t **order, int dir, tnam_port_order_t key) {
  int n = 0;
  for (int id = 0; id < TNAM_N_PORTS; id++) {
    const tnam_port_desc_t *d = &tnam_port_list[id];
    if (dir >= 0 && d->dir != dir) continue;
    /* Insertion: stable, and the list is short. */
    int at = n++;
    for (; at > 0 && order_key(order[at - 1], key) > order_key(d, key); at--)
      order[at] = order[at - 1];
    order[at] = d;
  }
  return n;
}
