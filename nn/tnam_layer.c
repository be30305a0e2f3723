// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The mapper and the layer-level API (docs/nn.md section 5). */
#include "tnam_layer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const tnam_read_names[4] = {"threshold", "level", "q4", "q4 acc"};

void tnam_session_init(tnam_session_t *s, tnam_backend_t *b, const tnam_chip_params_t *cp) {
  memset(s, 0, sizeof *s);
  s->b = b;
  s->cp = *cp;
  s->copies = 1;
}

const char *const tnam_mitigation_names[TNAM_MIT_COUNT] = {"none", "cal", "cal+sel"};

/* Calibration's view of the session's back end. The back end stays bound to an empty op list
 * and a sequencer that numbers calibration's cycles, as the harness binds it for a `calibrate`
 * op: a lockstep back end then checks every cycle and can report where. */
typedef struct {
  tnam_backend_t *b;
  tnam_seq_t q;
  const tnam_chip_out_t *out;
} cal_port_t;

static const tnam_chip_out_t *cal_step(void *ctx, const tnam_chip_in_t *in) {
  cal_port_t *k = ctx;
  tnam_seq_cal_cycle(&k->q);
  k->out = k->b->step(k->b, in);
  return k->out;
}

int tnam_session_prepare(tnam_session_t *s, const tnam_var_t *v, tnam_mitigation_t mit,
                         tnam_cal_result_t *cal, char *err, size_t err_size) {
  const tnam_chip_params_t *cp = &s->cp;
  if (mit == TNAM_MIT_CAL_SEL && cp->macros < 2 * cp->tiles) {
    snprintf(err, err_size,
             "--mitigation cal+sel stores every tile twice: it needs macros >= 2 x tiles; the "
             "chip has macros %u tiles %u",
             cp->macros, cp->tiles);
    return TNAM_EXIT_USAGE;
  }
  tnam_stream_t ops;
  tnam_stream_init(&ops, "variation", cp);
  const tnam_op_t reset = {.kind = TNAM_OP_RESET, .u.reset.cycles = 1};
  int ok = tnam_stream_push(&ops, &reset);
  tnam_var_iter_t it = {0};
  tnam_chip_in_t in;
  while (ok && v && tnam_var_next(v, &it, &in)) {
    const tnam_op_t op = {
        .kind = TNAM_OP_INJECT,
        .mask = in.mask,
        .u.inject = {.sel = in.core.var_sel, .addr = in.core.var_addr, .data = in.core.var_data}};
    ok = tnam_stream_push(&ops, &op);
  }
  tnam_exec_stats_t es;
  int status = TNAM_EXIT_ABORTED;
  if (!ok)
    snprintf(err, err_size, "out of memory for the variation's op list");
  else
    status = tnam_exec_run(s->b, &ops, NULL, NULL, &es, err, err_size);
  if (status == TNAM_EXIT_PASS) s->last = es.last;
  if (status == TNAM_EXIT_PASS && mit != TNAM_MIT_NONE) {
    /* The layers write their own configuration and tile maps: calibration leaves none. */
    const tnam_chip_cfg_t restore = {.mode = TNAM_MODE_THRESH, .select = mit == TNAM_MIT_CAL_SEL};
    tnam_stream_t none;
    tnam_stream_init(&none, "calibration", cp);
    cal_port_t k = {.b = s->b};
    tnam_seq_init(&k.q, &none);
    const tnam_port_t port = {.step = cal_step, .ctx = &k, .p = cp};
    if (s->b->bind) s->b->bind(s->b, &none, &k.q);
    if (!tnam_cal_run(&port, &restore, cal, err, err_size)) status = TNAM_EXIT_FAIL;
    if (s->b->bind) s->b->bind(s->b, NULL, NULL);
    if (status == TNAM_EXIT_PASS) s->last = *k.out;
    tnam_stream_free(&none);
  }
  tnam_stream_free(&ops);
  s->started = status == TNAM_EXIT_PASS;
  s->copies = mit == TNAM_MIT_CAL_SEL ? 2 : 1;
  return status;
}

/* 1 when every v[o] fits a signed register of `bits` bits. */
static int all_fit(const int32_t *v, unsigned n, unsigned bits) {
  const int64_t lo = -((int64_t)1 << (bits - 1)), hi = ((int64_t)1 << (bits - 1)) - 1;
  for (unsigned o = 0; o < n; o++)
    if (v[o] < lo || v[o] > hi) return 0;
  return 1;
}

void tnam_layer_map(tnam_layer_map_t *L, const tnam_chip_params_t *cp,
                    const tnam_layer_spec_t *spec) {
  memset(L, 0, sizeof *L);
  L->spec = *spec;
  L->cp = *cp;
  const tnam_params_t *p = &cp->core;
  const int bin = spec->mode == TNAM_NET_BIN;
  L->per_macro = bin ? p->cols : p->nn;
  L->groups = (spec->out + L->per_macro - 1) / L->per_macro;
  L->blocks = (spec->fan_in + p->rows - 1) / p->rows;
  L->units = L->groups * L->blocks;
  L->copies = 1;
  L->banks = cp->macros / cp->tiles;
  const int whole = L->blocks == 1;
  if (bin)
    L->read = whole && !spec->last && all_fit(spec->param, spec->out, p->vw) ? TNAM_READ_THRESH
                                                                             : TNAM_READ_LEVEL;
  else {
    L->bias_on_chip = whole && all_fit(spec->param, spec->out, p->bw);
    L->read = L->bias_on_chip && !spec->last ? TNAM_READ_Q4OUT : TNAM_READ_Q4ACC;
  }
}

void tnam_layer_free(tnam_layer_map_t *L) {
  tnam_stream_free(&L->ops);
  free(L->evals);
  L->evals = NULL;
  L->n_evals = L->cap_evals = 0;
}

/* The weight of neuron o, input i, or 0 beyond the layer (padding). */
static int weight(const tnam_layer_map_t *L, unsigned o, unsigned i) {
  if (o >= L->spec.out || i >= L->spec.fan_in) return 0;
  return L->spec.w[(size_t)o * L->spec.fan_in + i];
}

/* Row r of unit u as one write op to the macros in mask: bin, neuron j in column j; q4,
 * neuron j's three digits in columns 3j .. 3j+2 (spec 9.2). */
static int push_row(tnam_layer_map_t *L, unsigned u, unsigned r, uint32_t mask) {
  const unsigned g = u / L->blocks, i = (u % L->blocks) * L->cp.core.rows + r;
  tnam_op_t op = {.kind = TNAM_OP_WRITE, .mask = mask, .u.write.row = r};
  for (unsigned j = 0; j < L->per_macro; j++) {
    const int w = weight(L, g * L->per_macro + j, i);
    if (L->spec.mode == TNAM_NET_BIN) {
      if (w) op.u.write.mag |= 1ULL << j;
      if (w < 0) op.u.write.sign |= 1ULL << j;
      continue;
    }
    int t[TNAM_Q4_DIGITS];
    tnam_q4_digits(w, t);
    for (unsigned k = 0; k < TNAM_Q4_DIGITS; k++) {
      if (t[k]) op.u.write.mag |= 1ULL << (3 * j + k);
      if (t[k] < 0) op.u.write.sign |= 1ULL << (3 * j + k);
    }
  }
  return tnam_stream_push(&L->ops, &op);
}

/* The registers of unit u in the macros of mask: thresholds (threshold mode) or biases (q4
 * mode). */
static int push_registers(tnam_layer_map_t *L, unsigned u, uint32_t mask) {
  const unsigned o0 = u / L->blocks * L->per_macro;
  for (unsigned j = 0; j < L->per_macro; j++) {
    const unsigned o = o0 + j;
    const int32_t param = o < L->spec.out ? L->spec.param[o] : 0;
    tnam_op_t op = {.mask = mask};
    if (L->read == TNAM_READ_THRESH) {
      op.kind = TNAM_OP_THR;
      op.u.thr.col = j;
      op.u.thr.value = param;
    } else if (L->spec.mode == TNAM_NET_Q4) {
      op.kind = TNAM_OP_BIAS;
      op.u.bias.neuron = j;
      op.u.bias.value = L->bias_on_chip ? param : 0;
    } else {
      return 1; /* level mode has no registers */
    }
    if (!tnam_stream_push(&L->ops, &op)) return 0;
  }
  return 1;
}

/* The vector's row block of unit u as tile inputs: word lines, or 4-bit activations. */
static void tile_input(const tnam_layer_map_t *L, unsigned u, const uint8_t *x, uint64_t *vec) {
  const unsigned rows = L->cp.core.rows, base = (u % L->blocks) * rows;
  const unsigned n = base + rows <= L->spec.fan_in ? rows : L->spec.fan_in - base;
  for (unsigned r = 0; r < n; r++) {
    const uint64_t a = x[base + r];
    if (L->spec.mode == TNAM_NET_BIN)
      vec[r / 64] |= (uint64_t)(a != 0) << (r % 64);
    else
      vec[r / 16] |= a << (4 * (r % 16));
  }
}

/* The macros that hold unit k of the pass: bank k / T, tile k % T, and with two copies the
 * bank's second half holds the same tiles in the same order. */
static uint32_t unit_macros(const tnam_layer_map_t *L, unsigned k) {
  const unsigned T = L->cp.tiles, base = k / T * L->copies * T + k % T;
  return L->copies == 2 ? 1u << base | 1u << (base + T) : 1u << base;
}

/* The op list of one pass: configuration, the weights and registers of its units (in every
 * copy), then per bank the tile map and one evaluation per vector. */
static int build_pass(tnam_layer_map_t *L, tnam_session_t *sess, const uint8_t *x, size_t count) {
  const tnam_chip_params_t *cp = &L->cp;
  const unsigned T = cp->tiles, M = cp->macros;
  tnam_stream_t *s = &L->ops;
  tnam_stream_free(s);
  tnam_stream_init(s, "layer", cp);
  L->n_evals = L->retired = 0;
  if (!sess->started) {
    const tnam_op_t reset = {.kind = TNAM_OP_RESET, .u.reset.cycles = 1};
    if (!tnam_stream_push(s, &reset)) return 0;
  }
  static const uint32_t chip_mode[] = {TNAM_MODE_THRESH, TNAM_MODE_LEVEL, TNAM_MODE_Q4,
                                       TNAM_MODE_Q4};
  const tnam_op_t mode = {.kind = TNAM_OP_MODE,
                          .u.mode = {.mode = chip_mode[L->read],
                                     .shift = L->spec.shift,
                                     .flags = L->copies == 2 ? TNAM_CFG_SELECT : 0}};
  if (!tnam_stream_push(s, &mode)) return 0;
  for (unsigned k = 0; k < L->pass_units; k++) {
    const uint32_t mask = unit_macros(L, k);
    for (unsigned r = 0; r < cp->core.rows; r++)
      if (!push_row(L, L->pass_first + k, r, mask)) return 0;
    if (!push_registers(L, L->pass_first + k, mask)) return 0;
  }
  const size_t vec_words = L->spec.mode == TNAM_NET_BIN ? TNAM_ROW_WORDS : TNAM_ACT_WORDS;
  const uint32_t kind = L->spec.mode == TNAM_NET_BIN
                            ? (L->read == TNAM_READ_THRESH ? TNAM_OP_EVAL : TNAM_OP_LEVEL)
                            : TNAM_OP_Q4;
  uint64_t vecs[TNAM_MAX_TILES * TNAM_ACT_WORDS];
  for (unsigned b = 0; b * T < L->pass_units; b++) {
    const unsigned first = b * L->copies * T, end = first + L->copies * T;
    for (unsigned m = 0; m < M; m++) {
      const int in_bank = m >= first && m < end;
      const tnam_op_t map = {
          .kind = TNAM_OP_MAP,
          .u.map = {.macro = m, .tile = in_bank ? (int32_t)((m - first) % T) : -1}};
      if (!tnam_stream_push(s, &map)) return 0;
    }
    for (size_t v = 0; v < count; v++) {
      memset(vecs, 0, sizeof vecs);
      /* Static mapping runs every tile; selection runs only the tiles with a driven row. */
      uint32_t runs = L->copies == 1 ? (1u << T) - 1 : 0;
      for (unsigned t = 0; t < T && b * T + t < L->pass_units; t++) {
        uint64_t *tv = vecs + t * vec_words;
        tile_input(L, L->pass_first + b * T + t, x + v * L->spec.fan_in, tv);
        for (size_t i = 0; i < vec_words; i++) runs |= (uint32_t)(tv[i] != 0) << t;
      }
      if (!tnam_stream_push_eval(s, kind, 0, vecs, runs)) return 0;
      if (L->n_evals == L->cap_evals) {
        const size_t cap = L->cap_evals ? 2 * L->cap_evals : 1024;
        tnam_layer_eval_t *e = realloc(L->evals, cap * sizeof *e);
        if (!e) return 0;
        L->evals = e;
        L->cap_evals = cap;
      }
      L->evals[L->n_evals++] = (tnam_layer_eval_t){s->n_ops - 1, (uint32_t)v, b, runs};
    }
  }
  return 1;
}

/* What the read of neuron o gives, from *y so far, when its tile ran nowhere: the chip's result
 * for MAC = 0 (spec 11.3), which the host knows from the registers it wrote. */
static int32_t known_zero(const tnam_layer_map_t *L, unsigned o, int32_t y) {
  const int32_t param = L->spec.param[o];
  switch (L->read) {
    case TNAM_READ_THRESH: return 0 > param;
    case TNAM_READ_Q4OUT: return (int32_t)tnam_q4_requant(param, L->spec.shift);
    case TNAM_READ_Q4ACC: return y + (L->bias_on_chip ? param : 0);
    default: return y; /* level mode: a code of 0 */
  }
}

/* A retired evaluation: each tile's neurons from the macro the chip chose for it, or, for a
 * tile that selection left unrun, the results it would have given. */
/* Tile t of evaluation e ran nowhere: its neurons take the known results. */
static void tile_known_zero(const tnam_layer_map_t *L, const tnam_layer_eval_t *e, unsigned t) {
  const unsigned o0 = (L->pass_first + e->bank * L->cp.tiles + t) / L->blocks * L->per_macro;
  int32_t *y = L->y + (size_t)e->vec * L->spec.out;
  for (unsigned j = 0; j < L->per_macro && o0 + j < L->spec.out; j++)
    y[o0 + j] = known_zero(L, o0 + j, y[o0 + j]);
}

/* The evaluations before op `upto` that gave no result because no tile ran (the executor
 * hands only results to on_result). 0 if one of them should have given a result. */
static int retire_unrun(tnam_layer_map_t *L, size_t upto) {
  for (; L->retired < L->n_evals && L->evals[L->retired].op < upto; L->retired++) {
    const tnam_layer_eval_t *e = &L->evals[L->retired];
    if (e->runs) return 0;
    for (unsigned t = 0; t < L->cp.tiles && e->bank * L->cp.tiles + t < L->pass_units; t++)
      tile_known_zero(L, e, t);
  }
  return 1;
}

static int on_result(void *ctx, size_t eval_op, const tnam_chip_out_t *out, const tnam_seq_t *q) {
  tnam_layer_map_t *L = ctx;
  if (!retire_unrun(L, eval_op)) return 0;
  if (L->retired == L->n_evals || L->evals[L->retired].op != eval_op) return 0;
  const tnam_layer_eval_t *e = &L->evals[L->retired++];
  const unsigned T = L->cp.tiles, n_out = L->spec.out;
  for (unsigned t = 0; t < T && e->bank * T + t < L->pass_units; t++) {
    if (!((q->retired_sel_valid >> t) & 1)) {
      /* Only selection leaves a mapped tile unrun: it had no driven row (spec 11.3). */
      if ((e->runs >> t) & 1) return 0;
      tile_known_zero(L, e, t);
      continue;
    }
    const unsigned o0 = (L->pass_first + e->bank * T + t) / L->blocks * L->per_macro;
    int32_t *y = L->y + (size_t)e->vec * n_out;
    const tnam_out_t *mo = &out->m[q->retired_sel[t]];
    for (unsigned j = 0; j < L->per_macro && o0 + j < n_out; j++) {
      switch (L->read) {
        case TNAM_READ_THRESH: y[o0 + j] = (int32_t)((mo->dec >> j) & 1); break;
        case TNAM_READ_LEVEL: y[o0 + j] += mo->sar_code[j]; break;
        case TNAM_READ_Q4OUT: y[o0 + j] = (int32_t)mo->out[j]; break;
        case TNAM_READ_Q4ACC: y[o0 + j] += mo->acc[j]; break;
      }
    }
  }
  return 1;
}

/* The digital end of a split sum (docs/nn.md section 5). */
static void finish(const tnam_layer_map_t *L, int32_t *y, size_t count) {
  if (L->read == TNAM_READ_THRESH || L->read == TNAM_READ_Q4OUT) return;
  const tnam_layer_spec_t *sp = &L->spec;
  for (size_t v = 0; v < count; v++)
    for (unsigned o = 0; o < sp->out; o++) {
      int32_t *s = &y[v * sp->out + o];
      const int32_t param = sp->param[o];
      if (sp->mode == TNAM_NET_BIN)
        *s = sp->last ? *s + param : *s > param;
      else if (!L->bias_on_chip)
        *s += param;
      if (sp->mode == TNAM_NET_Q4 && !sp->last) *s = (int32_t)tnam_q4_requant(*s, sp->shift);
    }
}

int tnam_layer_run(tnam_layer_map_t *L, tnam_session_t *sess, const uint8_t *x, size_t count,
                   int32_t *y, tnam_layer_stats_t *st, char *err, size_t err_size) {
  memset(y, 0, count * L->spec.out * sizeof *y);
  L->y = y;
  /* The copies are the session's (set when it was prepared, after the layers were mapped). */
  L->copies = sess->copies;
  L->banks = L->cp.macros / (L->copies * L->cp.tiles);
  const unsigned per_pass = L->banks * L->cp.tiles;
  for (L->pass_first = 0; L->pass_first < L->units; L->pass_first += per_pass) {
    L->pass_units = L->units - L->pass_first < per_pass ? L->units - L->pass_first : per_pass;
    if (!build_pass(L, sess, x, count)) {
      snprintf(err, err_size, "out of memory for the op list of %zu vectors", count);
      return TNAM_EXIT_ABORTED;
    }
    tnam_exec_stats_t es;
    const int status = tnam_exec_run(sess->b, &L->ops, on_result, L, &es, err, err_size);
    if (status != TNAM_EXIT_PASS) return status;
    if (!retire_unrun(L, SIZE_MAX)) {
      snprintf(err, err_size, "an evaluation of the pass from unit %u gave no result",
               L->pass_first);
      return TNAM_EXIT_FAIL;
    }
    sess->started = 1;
    st->cycles += es.cycles;
    st->evals += es.evals;
    st->passes++;
    const uint64_t reads = st->ev.eval;
    tnam_energy_add_chip(&st->ev, &sess->last, &es.last, L->cp.macros);
    if (L->spec.mode == TNAM_NET_Q4) st->ev.q4_reads += st->ev.eval - reads;
    sess->last = es.last;
  }
  finish(L, y, count);
  /* A split fan-in's row blocks meet in NB - 1 host additions per neuron (finish). */
  st->ev.psum_adds += (uint64_t)count * L->spec.out * (L->blocks - 1);
  st->ev.cols = L->cp.core.cols;
  for (size_t i = 0; i < count * L->spec.fan_in; i++) st->driven += x[i] != 0;
  st->presented += (uint64_t)count * L->spec.fan_in;
  return TNAM_EXIT_PASS;
}

long tnam_layer_describe(const tnam_layer_map_t *L, size_t op, char *buf, size_t n) {
  /* The evaluations are in op order: the last one at or before op. */
  size_t lo = 0, hi = L->n_evals;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (L->evals[mid].op <= op)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0 || L->evals[lo - 1].op != op) {
    snprintf(buf, n, "weight, register and tile map writes of units %u .. %u", L->pass_first,
             L->pass_first + L->pass_units - 1);
    return -1;
  }
  const tnam_layer_eval_t *e = &L->evals[lo - 1];
  const unsigned T = L->cp.tiles, rows = L->cp.core.rows;
  size_t len = (size_t)snprintf(buf, n, "%s read", tnam_read_names[L->read]);
  for (unsigned t = 0; t < T && e->bank * T + t < L->pass_units && len < n; t++) {
    const unsigned u = L->pass_first + e->bank * T + t, o0 = u / L->blocks * L->per_macro;
    const unsigned o1 = o0 + L->per_macro < L->spec.out ? o0 + L->per_macro : L->spec.out;
    const unsigned i0 = (u % L->blocks) * rows;
    const unsigned i1 = i0 + rows < L->spec.fan_in ? i0 + rows : L->spec.fan_in;
    len += (size_t)snprintf(buf + len, n - len, "; tile %u: neurons %u .. %u, inputs %u .. %u", t,
                            o0, o1 - 1, i0, i1 - 1);
  }
  return (long)e->vec;
}
