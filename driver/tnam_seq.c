// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Stream sequencer: one port-level input set per cycle, evaluations tracked to their result. */
#include "tnam_seq.h"

#include <stddef.h>
#include <string.h>

#include "tnam_ports.h"

static uint64_t low_mask(unsigned bits) { return bits >= 64 ? ~0ULL : (1ULL << bits) - 1; }

/* Where word w of tile t's vector `field` (x or act, `words` words a tile) is in
 * tnam_chip_in_t, in bytes (tnam_seq_masks_t.vector_at). */
#define VECTOR_WORD_AT(field, words, t, w) \
  (uint16_t)(offsetof(tnam_chip_in_t, field) + ((t) * (words) + (w)) * sizeof(uint64_t))
_Static_assert(sizeof(tnam_chip_in_t) <= UINT16_MAX, "vector_at holds offsets in tnam_chip_in_t");

void tnam_seq_init(tnam_seq_t *q, const tnam_stream_t *s) {
  memset(q, 0, sizeof *q);
  q->s = s;
  q->cur_op = TNAM_SEQ_NONE;
  q->norun_op = TNAM_SEQ_NONE;
  q->drain_left = TNAM_EVAL_LATENCY;
  q->cycle = UINT64_MAX; /* the first tnam_seq_next() prepares cycle 0 */
  tnam_prng_seed(&q->noise, 0x6e6f697365ULL);
  q->hold_rate = s->hold_rate;
  tnam_prng_seed(&q->hold_draw, s->hold_seed);
  q->rst_n_before = 1;
  q->max_latency = 2 + TNAM_Q4_PLANES * s->params.steps;
  q->macros = s->chip.macros;
  q->tiles = s->chip.tiles;
  const tnam_params_t *p = &s->params;
  q->masks = (tnam_seq_masks_t){.raw = low_mask(p->raw),
                                .caw = low_mask(p->caw),
                                .cols = low_mask(p->cols),
                                .vw = low_mask(p->vw),
                                .naw = low_mask(p->naw),
                                .bw = low_mask(p->bw),
                                .ow = low_mask(p->ow),
                                .vaw = low_mask(p->vaw),
                                .vdw = low_mask(p->vdw),
                                .macros = low_mask(s->chip.macros),
                                .mw = low_mask(s->chip.mw),
                                .tw = low_mask(s->chip.tw)};
  const unsigned x_words = (p->rows + 63) / 64, act_words = (4 * p->rows + 63) / 64;
  tnam_seq_masks_t *k = &q->masks;
  for (unsigned t = 0; t < s->chip.tiles; t++) {
    for (unsigned w = 0; w < x_words; w++) {
      k->vector_at[k->vector_words] = VECTOR_WORD_AT(x, TNAM_ROW_WORDS, t, w);
      k->vector_keep[k->vector_words++] =
          w + 1 < x_words ? ~0ULL : low_mask((p->rows - 1) % 64 + 1);
    }
    for (unsigned w = 0; w < act_words; w++) {
      k->vector_at[k->vector_words] = VECTOR_WORD_AT(act, TNAM_ACT_WORDS, t, w);
      k->vector_keep[k->vector_words++] =
          w + 1 < act_words ? ~0ULL : low_mask((4 * p->rows - 1) % 64 + 1);
    }
  }
}

/* The tiles' vectors get random bits within their width (none above it: a Verilated port must
 * not see bits above it). The words above the width are left alone: adopt_buffer() zeroed
 * them when the buffer was new, and no op carries bits there (the reader refuses them). One
 * loop over the word table of tnam_seq_init(), in the same order of draws as a loop per tile
 * and vector, whose set-up cost about 26 instructions a cycle more (callgrind, 64 x 16). */
static inline void fill_vectors(tnam_prng_t *g, const tnam_seq_masks_t *k, tnam_chip_in_t *in) {
  char *base = (char *)in;
  for (unsigned i = 0; i < k->vector_words; i++) {
    uint64_t *word = (uint64_t *)(base + k->vector_at[i]);
    *word = tnam_prng_next(g) & k->vector_keep[i];
  }
}

/* Don't-care values within each port's width (masks from tnam_seq_init()). Inlined in both
 * callers (a cycle's and a held edge's): as a call it cost 4 instructions a cycle (callgrind).
 * The generator runs on a local copy of its state: through q->noise every store into *in
 * could alias it, and the state went to memory and back around each of the ~15 draws of a
 * cycle. */
static inline __attribute__((always_inline)) void fill_noise(tnam_seq_t *q, tnam_chip_in_t *in) {
  const tnam_seq_masks_t *k = &q->masks;
  tnam_prng_t noise = q->noise, *g = &noise;
  tnam_in_t *c = &in->core;
  c->wr_row = (uint32_t)(tnam_prng_next(g) & k->raw);
  c->wr_mag = tnam_prng_next(g) & k->cols;
  c->wr_sign = tnam_prng_next(g) & k->cols;
  c->thr_col = (uint32_t)(tnam_prng_next(g) & k->caw);
  c->thr = (int32_t)(tnam_prng_next(g) & k->vw);
  fill_vectors(g, k, in);
  uint64_t r = tnam_prng_next(g);
  c->cfg_mode = (uint32_t)(r & 3);
  c->cfg_shift = (uint32_t)(r >> 2) & TNAM_SHIFT_MAX;
  c->bias_idx = (uint32_t)((r >> 7) & k->naw);
  c->cfg_test = (r >> 12) & 1;
  in->cfg_select = (r >> 13) & 1;
  c->bias = (int32_t)((r >> 16) & k->bw);
  in->mask = (uint32_t)((r >> 40) & k->macros);
  r = tnam_prng_next(g);
  c->trim_col = (uint32_t)(r & k->caw);
  c->trim = (int32_t)((r >> 8) & k->ow);
  c->health_row = (uint32_t)((r >> 24) & k->raw);
  c->var_sel = (uint32_t)(r >> 32) & 3u;
  c->var_addr = (uint32_t)((r >> 34) & k->vaw);
  in->map_macro = (uint32_t)((r >> 44) & k->mw);
  in->map_tile = (uint32_t)((r >> 48) & k->tw);
  in->map_valid = (r >> 52) & 1;
  in->resid_macro = (uint32_t)((r >> 53) & k->mw);
  in->resid = (uint32_t)(r >> 56) & 0xffu;
  c->health = tnam_prng_next(g) & k->cols;
  c->var_data = tnam_prng_next(g) & k->vdw;
  q->noise = noise;
}

/* The enables of a cycle from the bits of `r` (0: all low, before an op raises its own) and
 * the reset inactive. While the chip is busy the caller passes random bits: every enable is
 * random then (spec section 10 says they are all ignored). */
static void set_enables(tnam_chip_in_t *in, uint64_t r) {
  in->core.rst_n = 1;
  in->core.hold = 0;
  in->core.wr_en = r & 1;
  in->core.thr_en = (r >> 1) & 1;
  in->core.eval = (r >> 2) & 1;
  in->core.cfg_en = (r >> 3) & 1;
  in->core.bias_en = (r >> 4) & 1;
  in->core.trim_en = (r >> 5) & 1;
  in->core.health_en = (r >> 6) & 1;
  in->core.var_en = (r >> 7) & 1;
  in->map_en = (r >> 8) & 1;
  in->resid_en = (r >> 9) & 1;
}

/* The port inputs of one cycle of op `op`. */
static void drive_op(tnam_seq_t *q, const tnam_op_t *op, tnam_chip_in_t *in) {
  const tnam_stream_t *s = q->s;
  tnam_in_t *c = &in->core;
  in->mask = op->mask;
  switch (op->kind) {
    case TNAM_OP_RESET:
      c->rst_n = 0;
      q->fifo_count = 0; /* the reset clears the pipeline: nothing in flight survives */
      q->norun_op = TNAM_SEQ_NONE;
      break;
    case TNAM_OP_WRITE:
      c->wr_en = 1;
      c->wr_row = op->u.write.row;
      c->wr_mag = op->u.write.mag;
      c->wr_sign = op->u.write.sign;
      break;
    case TNAM_OP_THR:
      c->thr_en = 1;
      c->thr_col = op->u.thr.col;
      c->thr = op->u.thr.value;
      break;
    case TNAM_OP_MODE:
      c->cfg_en = 1;
      c->cfg_mode = op->u.mode.mode;
      c->cfg_shift = op->u.mode.shift;
      c->cfg_test = (op->u.mode.flags & TNAM_CFG_TEST) != 0;
      in->cfg_select = (op->u.mode.flags & TNAM_CFG_SELECT) != 0;
      break;
    case TNAM_OP_BIAS:
      c->bias_en = 1;
      c->bias_idx = op->u.bias.neuron;
      c->bias = op->u.bias.value;
      break;
    case TNAM_OP_TRIM:
      c->trim_en = 1;
      c->trim_col = op->u.trim.col;
      c->trim = op->u.trim.value;
      break;
    case TNAM_OP_HEALTH:
      c->health_en = 1;
      c->health_row = op->u.health.row;
      c->health = op->u.health.flags;
      break;
    case TNAM_OP_INJECT:
      c->var_en = 1;
      c->var_sel = op->u.inject.sel;
      c->var_addr = op->u.inject.addr;
      c->var_data = op->u.inject.data;
      break;
    case TNAM_OP_MAP:
      in->map_en = 1;
      in->map_macro = op->u.map.macro;
      in->map_valid = op->u.map.tile >= 0;
      in->map_tile = op->u.map.tile >= 0 ? (uint32_t)op->u.map.tile : 0;
      break;
    case TNAM_OP_RESID:
      in->resid_en = 1;
      in->resid_macro = op->u.resid.macro;
      in->resid = op->u.resid.value;
      break;
    case TNAM_OP_EVAL:
    case TNAM_OP_LEVEL:
    case TNAM_OP_Q4: {
      c->eval = 1;
      for (unsigned t = 0; t < q->tiles; t++) {
        if (op->kind == TNAM_OP_Q4)
          memcpy(in->act[t], tnam_op_act(s, op, t), sizeof in->act[t]);
        else
          memcpy(in->x[t], tnam_op_x(s, op, t), sizeof in->x[t]);
      }
      if (op->u.eval.runs == 0) { /* no macro runs: no result, only the selection to check */
        q->norun_op = q->cur_op;
        break;
      }
      unsigned tail = (q->fifo_head + q->fifo_count) % TNAM_SEQ_FIFO;
      q->fifo_op[tail] = q->cur_op;
      q->fifo_cycle[tail] = q->cycle;
      q->fifo_count++; /* at most TNAM_EVAL_LATENCY are ever in flight */
      break;
    }
    default: break;
  }
}

/* The ports: fill_noise() writes every data field of the port list and set_enables() the
 * reset and every enable, so a port added to the list needs a line in one of them. */
#define COUNT_PORT(...) +1
_Static_assert(0 TNAM_PORTS_IN(COUNT_PORT) == 39,
               "an input port was added or removed: update fill_noise() or set_enables()");
#undef COUNT_PORT

/* A buffer new to the sequencer is cleared whole: the fields no port drives (the macros' own
 * x and act, which the chip's per-tile ports replace, the tiles beyond T, the padding) stay 0
 * from then on, and every other field is rewritten each cycle. */
static void adopt_buffer(tnam_seq_t *q, tnam_chip_in_t *in) {
  if (in == q->filled) return;
  memset(in, 0, sizeof *in);
  q->filled = in;
}

/* The oldest op the sequencer still refers to (in flight, issued in the last cycles, driving
 * the current one) or will issue: a lazily generated stream may drop the ops before it. */
static size_t oldest_needed_op(const tnam_seq_t *q) {
  size_t keep = q->next_op;
  const size_t refs[] = {q->cur_op,       q->norun_op,     q->issued_op[0],
                         q->issued_op[1], q->issued_op[2], q->issued_op[3]};
  for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
    if (refs[i] < keep) keep = refs[i]; /* TNAM_SEQ_NONE is never below */
  for (unsigned i = 0; i < q->fifo_count; i++) {
    const size_t op = q->fifo_op[(q->fifo_head + i) % TNAM_SEQ_FIFO];
    if (op < keep) keep = op;
  }
  return keep;
}

/* The window has no op left: the stream's source appends its next block (D41). Apart from the
 * hot path, which only compares next_op with n_ops. A source that fails ends the run at once
 * (no drain): its caller sees source_failed. */
static __attribute__((noinline, cold)) int refill(tnam_seq_t *q) {
  if (q->source_failed) return 0; /* asked once more by the same cycle: no second try */
  const int r = tnam_stream_more(q->s, oldest_needed_op(q));
  if (r < 0) {
    q->source_failed = 1;
    q->drain_left = 0;
    q->repeat_left = 0;
  }
  return r > 0;
}

/* 1 when an op is waiting to be issued: in the window, or appended to it now. */
static inline int have_next_op(tnam_seq_t *q) {
  return q->next_op < q->s->n_ops || (q->s->source && refill(q));
}

/* A held edge (spec 5, 7): ce_i = 0, rst_ni as in the cycle before, every other input random
 * (enables included), or 0 when the edge is not held. None before the first cycle (the RTL's
 * registers are undefined until its reset) and none after the last. */
static int held_edge(tnam_seq_t *q, tnam_chip_in_t *in) {
  if (q->cycle == UINT64_MAX || tnam_prng_below(&q->hold_draw, 1000) >= q->hold_rate) return 0;
  if (q->repeat_left == 0 && q->drain_left == 0 && !have_next_op(q)) return 0;
  fill_noise(q, in);
  set_enables(in, tnam_prng_next(&q->noise));
  in->core.rst_n = q->rst_n_before;
  in->core.hold = 1;
  q->held++;
  return 1;
}

int tnam_seq_hold(tnam_seq_t *q, tnam_chip_in_t *in) { return q->hold_rate && held_edge(q, in); }

/* The inputs of the next cycle (tnam_seq_next() without held edges). */
static int next_cycle(tnam_seq_t *q, tnam_chip_in_t *in, int busy) {
  const tnam_stream_t *s = q->s;
  fill_noise(q, in);
  /* Commands wait for a running multi-level operation; a reset or idle op already under way
   * cannot meet one (only an evaluation starts one). Calibration also waits until every
   * evaluation has retired, since it reads the outputs itself. */
  const int next_ready = q->repeat_left == 0 && have_next_op(q);
  const int cal_next = next_ready && tnam_stream_op(s, q->next_op)->kind == TNAM_OP_CAL;
  if ((busy || (cal_next && q->fifo_count)) && q->repeat_left == 0 &&
      (next_ready || q->drain_left > 0)) {
    set_enables(in, busy ? tnam_prng_next(&q->noise) : 0);
    q->stall++;
    q->cycle++;
    q->issued_op[q->cycle % 4] = TNAM_SEQ_NONE;
    return 1;
  }
  q->stall = 0;
  set_enables(in, 0);
  if (cal_next) {
    q->cur_op = q->next_op++;
    return TNAM_SEQ_CALIBRATE;
  }
  if (q->repeat_left == 0) {
    if (!next_ready) {
      q->cur_op = TNAM_SEQ_NONE;
      if (q->drain_left == 0) return 0;
      q->drain_left--;
      q->cycle++;
      q->issued_op[q->cycle % 4] = TNAM_SEQ_NONE;
      return 1;
    }
    q->cur_op = q->next_op++;
    q->repeat_left = tnam_op_cycles(tnam_stream_op(s, q->cur_op));
  }
  q->repeat_left--;
  q->cycle++;
  q->issued_op[q->cycle % 4] = q->cur_op;
  drive_op(q, tnam_stream_op(s, q->cur_op), in);
  return 1;
}

int tnam_seq_next(tnam_seq_t *q, tnam_chip_in_t *in, int busy) {
  adopt_buffer(q, in);
  if (q->hold_rate && held_edge(q, in)) return 1;
  const int r = next_cycle(q, in, busy);
  if (r == 1) q->rst_n_before = in->core.rst_n; /* `calibrate` drives its own cycles */
  return r;
}

void tnam_seq_cal_cycle(tnam_seq_t *q) {
  q->rst_n_before = 1;
  q->cycle++;
  q->issued_op[q->cycle % 4] = q->cur_op;
}

/* The selection on `out`: sel_valid_o and sel_o (all of it: entries >= T are 0, and a copy of
 * constant size needs no call to memcpy). */
static void capture_sel(const tnam_chip_out_t *out, uint32_t *valid, uint32_t sel[TNAM_MAX_TILES]) {
  *valid = out->sel_valid;
  memcpy(sel, out->sel, sizeof out->sel);
}

tnam_retire_t tnam_seq_retire(tnam_seq_t *q, const tnam_chip_out_t *out, size_t *eval_op,
                              uint64_t *latency) {
  if (q->stall > q->max_latency) return TNAM_RETIRE_STUCK;
  int res_valid = 0;
  for (unsigned m = 0; m < q->macros; m++) res_valid |= out->m[m].res_valid;
  const int result = res_valid || out->done;
  if (q->fifo_count == 0) {
    *eval_op = TNAM_SEQ_NONE;
    return result ? TNAM_RETIRE_SPURIOUS : TNAM_RETIRE_NONE;
  }
  /* The selection an evaluation made is on the outputs in the cycle after it was issued. */
  const unsigned newest = (q->fifo_head + q->fifo_count - 1) % TNAM_SEQ_FIFO;
  if (q->fifo_cycle[newest] == q->cycle)
    capture_sel(out, &q->fifo_sel_valid[newest], q->fifo_sel[newest]);
  const size_t head = q->fifo_op[q->fifo_head];
  const int head_ml = tnam_op_is_multilevel(tnam_stream_op(q->s, head)->kind);
  /* Cycles from the head's eval_i to the cycle in which these outputs are visible. */
  const uint64_t age = q->cycle + 1 - q->fifo_cycle[q->fifo_head];
  *eval_op = head;
  if (!result) {
    /* A result overdue by a cycle is as wrong as a spurious one. */
    if (age >= (head_ml ? q->max_latency : TNAM_EVAL_LATENCY)) return TNAM_RETIRE_LATE_EARLY;
    return TNAM_RETIRE_NONE;
  }
  /* Exactly one result of the kind the oldest evaluation in flight gives. */
  if ((res_valid && out->done) || (out->done != head_ml)) return TNAM_RETIRE_SPURIOUS;
  q->retired_sel_valid = q->fifo_sel_valid[q->fifo_head];
  memcpy(q->retired_sel, q->fifo_sel[q->fifo_head], sizeof q->retired_sel);
  q->fifo_head = (q->fifo_head + 1) % TNAM_SEQ_FIFO;
  q->fifo_count--;
  *latency = age;
  return head_ml || age == TNAM_EVAL_LATENCY ? TNAM_RETIRE_OK : TNAM_RETIRE_LATE_EARLY;
}

size_t tnam_seq_retire_norun(tnam_seq_t *q, const tnam_chip_out_t *out) {
  const size_t op = q->norun_op;
  if (op == TNAM_SEQ_NONE || q->issued_op[q->cycle % 4] != op) {
    q->norun_op = TNAM_SEQ_NONE;
    return TNAM_SEQ_NONE;
  }
  q->norun_op = TNAM_SEQ_NONE;
  capture_sel(out, &q->retired_sel_valid, q->retired_sel);
  return op;
}

size_t tnam_seq_issued_op(const tnam_seq_t *q, uint64_t cycle) {
  if (cycle > q->cycle || q->cycle - cycle >= 4) return TNAM_SEQ_NONE;
  return q->issued_op[cycle % 4];
}

size_t tnam_seq_pending_eval(const tnam_seq_t *q) {
  return q->fifo_count ? q->fifo_op[q->fifo_head] : TNAM_SEQ_NONE;
}
