// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The energy model: the config reader and the sum over events (docs/energy.md). */
#include "tnam_energy.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tnam_nnio.h"
#include "tnam_text.h"

const char *const tnam_energy_names[TNAM_E_CLASSES] = {
    [TNAM_E_CELL] = "cell_read",          [TNAM_E_DEC] = "comparator_decision",
    [TNAM_E_STEP] = "search_step_column", [TNAM_E_ZD] = "zero_detect_column",
    [TNAM_E_WRITE] = "cell_write",        [TNAM_E_Q4] = "q4_neuron_plane",
    [TNAM_E_PSUM] = "psum_add",           [TNAM_E_ACTIVE] = "macro_active_cycle",
};

/* The one unit the file accepts: one unit means no conversion to get wrong. */
#define ENERGY_UNIT "fJ"

static bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }

/* [p, end) without leading and trailing blanks. */
static void trim(const char **p, const char **end) {
  while (*p < *end && is_blank(**p)) (*p)++;
  while (*end > *p && is_blank((*end)[-1])) (*end)--;
}

/* The next blank-delimited word of [*p, end): its start and length; *p moves past it. */
static size_t word(const char **p, const char *end, const char **start) {
  while (*p < end && is_blank(**p)) (*p)++;
  *start = *p;
  while (*p < end && !is_blank(**p) && **p != '#') (*p)++;
  return (size_t)(*p - *start);
}

static int find_name(const char *s, size_t len) {
  for (int k = 0; k < TNAM_E_CLASSES; k++)
    if (strlen(tnam_energy_names[k]) == len && memcmp(tnam_energy_names[k], s, len) == 0) return k;
  return -1;
}

/* One constant line (not blank, not a comment). Returns 0 or -1 with err set. */
static int parse_line(const char *p, const char *end, const char *file, unsigned line,
                      unsigned first_line[TNAM_E_CLASSES], double fj[TNAM_E_CLASSES], char *err,
                      size_t n) {
  const char *name, *num, *unit;
  size_t name_len = word(&p, end, &name);
  int k = find_name(name, name_len);
  if (k < 0) {
    snprintf(err, n, "%s:%u: unknown constant '%.*s'", file, line, (int)name_len, name);
    return -1;
  }
  if (first_line[k]) {
    snprintf(err, n, "%s:%u: duplicate constant '%s' (first on line %u)", file, line,
             tnam_energy_names[k], first_line[k]);
    return -1;
  }
  size_t num_len = word(&p, end, &num);
  if (num_len == 0) {
    snprintf(err, n, "%s:%u: '%s' has no value", file, line, tnam_energy_names[k]);
    return -1;
  }
  if (num[0] == '-' && tnam_decimal_syntax(num + 1, num_len - 1)) {
    snprintf(err, n, "%s:%u: negative value %.*s for '%s'", file, line, (int)num_len, num,
             tnam_energy_names[k]);
    return -1;
  }
  char buf[64];
  if (!tnam_decimal_syntax(num, num_len) || num_len >= sizeof buf) {
    snprintf(err, n, "%s:%u: bad number '%.*s' for '%s'", file, line, (int)num_len, num,
             tnam_energy_names[k]);
    return -1;
  }
  memcpy(buf, num, num_len);
  buf[num_len] = '\0';
  double v = strtod(buf, NULL);
  if (!isfinite(v)) {
    snprintf(err, n, "%s:%u: bad number '%s' for '%s' (out of range)", file, line, buf,
             tnam_energy_names[k]);
    return -1;
  }
  size_t unit_len = word(&p, end, &unit);
  if (unit_len != strlen(ENERGY_UNIT) || memcmp(unit, ENERGY_UNIT, unit_len) != 0) {
    snprintf(err, n, "%s:%u: unit of '%s' must be %s, not '%.*s'", file, line, tnam_energy_names[k],
             ENERGY_UNIT, (int)unit_len, unit);
    return -1;
  }
  /* The source is the reason a constant may be trusted: a line without one is refused. */
  while (p < end && is_blank(*p)) p++;
  if (p == end || *p != '#') {
    snprintf(err, n, "%s:%u: '%s' needs '# source' after its unit", file, line,
             tnam_energy_names[k]);
    return -1;
  }
  const char *src = p + 1, *src_end = end;
  trim(&src, &src_end);
  if (src == src_end) {
    snprintf(err, n, "%s:%u: '%s' has an empty source comment", file, line, tnam_energy_names[k]);
    return -1;
  }
  fj[k] = v;
  first_line[k] = line;
  return 0;
}

int tnam_energy_parse(const char *text, size_t len, const char *file, tnam_energy_cfg_t *cfg,
                      char *err, size_t n) {
  unsigned first_line[TNAM_E_CLASSES] = {0};
  double fj[TNAM_E_CLASSES] = {0};
  const char *p = text, *text_end = text + len;
  for (unsigned line = 1; p < text_end; line++) {
    const char *end = memchr(p, '\n', (size_t)(text_end - p));
    if (!end) end = text_end;
    const char *bad = NULL;
    for (const char *q = p; q < end && !bad; q++)
      if (*q == '\r' || *q == '\0') bad = q;
    if (bad) {
      snprintf(err, n, "%s:%u: %s (lines end with LF alone)", file, line,
               *bad == '\r' ? "carriage return" : "NUL byte");
      return -1;
    }
    const char *s = p, *e = end;
    trim(&s, &e);
    if (s < e && *s != '#' && parse_line(s, e, file, line, first_line, fj, err, n) != 0) return -1;
    p = end + 1;
  }
  for (int k = 0; k < TNAM_E_CLASSES; k++)
    if (!first_line[k]) {
      snprintf(err, n, "%s: missing constant '%s'", file, tnam_energy_names[k]);
      return -1;
    }
  memcpy(cfg->fj, fj, sizeof fj);
  return 0;
}

int tnam_energy_load(const char *path, tnam_energy_cfg_t *cfg, char *err, size_t n) {
  uint8_t *data;
  size_t len;
  if (tnam_nn_read_file(path, &data, &len, err, n) != 0) return -1;
  int rc = tnam_energy_parse((const char *)data, len, path, cfg, err, n);
  free(data);
  if (rc != 0 && n > 0) { /* the message quotes the file's bytes: escaped (D36) */
    char *raw = malloc(n);
    if (raw) {
      memcpy(raw, err, n);
      tnam_escape(err, n, raw);
      free(raw);
    }
  }
  return rc;
}

void tnam_energy_add_chip(tnam_energy_counts_t *c, const tnam_chip_out_t *before,
                          const tnam_chip_out_t *after, unsigned macros) {
  for (unsigned m = 0; m < macros && m < TNAM_MAX_MACROS; m++) {
    const tnam_out_t *b = &before->m[m], *a = &after->m[m];
    /* Unsigned 32-bit subtraction is the increment modulo 2^32. */
    c->eval += (uint32_t)(a->cnt_eval - b->cnt_eval);
    c->dec += (uint32_t)(a->cnt_dec - b->cnt_dec);
    c->gated += (uint32_t)(a->cnt_gated - b->cnt_gated);
    c->nzdrv += (uint32_t)(a->cnt_nzdrv - b->cnt_nzdrv);
    c->wr += (uint32_t)(a->cnt_wr - b->cnt_wr);
    c->step += (uint32_t)(a->cnt_step - b->cnt_step);
    c->active += (uint32_t)(after->cnt_active[m] - before->cnt_active[m]);
  }
}

void tnam_energy_counts_add(tnam_energy_counts_t *a, const tnam_energy_counts_t *b) {
  a->eval += b->eval;
  a->dec += b->dec;
  a->gated += b->gated;
  a->nzdrv += b->nzdrv;
  a->wr += b->wr;
  a->step += b->step;
  a->active += b->active;
  a->q4_reads += b->q4_reads;
  a->psum_adds += b->psum_adds;
  if (!a->cols) a->cols = b->cols;
  a->ops += b->ops;
  a->inferences += b->inferences;
}

uint64_t tnam_energy_net_ops(const tnam_net_t *net) {
  uint64_t ops = 0;
  for (unsigned l = 0; l < net->n_layers; l++) {
    const tnam_layer_t *L = &net->layer[l];
    if (L->type == TNAM_LAYER_POOL) continue;
    uint64_t neurons = (uint64_t)L->out_c * L->out_h * L->out_w;
    ops += 2 * neurons * L->fan_in;
  }
  return ops;
}

int tnam_energy_compute(const tnam_energy_cfg_t *cfg, const tnam_energy_counts_t *c,
                        tnam_energy_report_t *r) {
  if (c->cols == 0 && (c->eval || c->step || c->q4_reads)) return -1;
  memset(r, 0, sizeof *r);
  r->events[TNAM_E_CELL] = c->nzdrv;
  r->events[TNAM_E_DEC] = c->dec;
  /* Every column's search register is written in every step, gated or not (spec 10). */
  r->events[TNAM_E_STEP] = c->step * c->cols;
  /* Every read evaluates every column's zero detector: that is how gating is decided. */
  r->events[TNAM_E_ZD] = c->eval * c->cols;
  r->events[TNAM_E_WRITE] = c->wr;
  r->events[TNAM_E_Q4] = c->q4_reads * (c->cols / 3);
  r->events[TNAM_E_PSUM] = c->psum_adds;
  r->events[TNAM_E_ACTIVE] = c->active;
  for (int k = 0; k < TNAM_E_CLASSES; k++) {
    r->fj[k] = (double)r->events[k] * cfg->fj[k];
    r->total_fj += r->fj[k];
  }
  if (c->inferences) r->per_inference_fj = r->total_fj / (double)c->inferences;
  /* ops / (fJ * 1e-15 J) / 1e12 = 1000 * ops / fJ. */
  if (r->total_fj > 0) r->tops_per_w = 1000.0 * (double)c->ops / r->total_fj;
  r->gating_saved_min_fj = (double)c->gated * cfg->fj[TNAM_E_DEC];
  return 0;
}
