// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Cycle-accurate C11 golden model of the TNAM ternary macro (spec: docs/architecture.md). */
#include "tnam_macro.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The sense stage is nearly all popcounts. Without -march, gcc turns __builtin_popcountll
 * into a libgcc call, which made a 64 x 16 evaluation cycle 2.2 times slower than with the
 * POPCNT instruction, so on x86-64 ELF the functions that tnam_macro_step() calls for a sense,
 * a multi-level step or a write are cloned for CPUs with POPCNT and with AVX2 (which has it;
 * its clone does a row write four columns per operation) and the loader picks the clone
 * (ifunc). -DTNAM_POPCOUNT_CLONES= builds the portable code alone. */
#ifndef TNAM_POPCOUNT_CLONES
#if defined(__x86_64__) && defined(__ELF__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define TNAM_POPCOUNT_CLONES __attribute__((target_clones("avx2", "popcnt", "default")))
#endif
#endif
#endif
#ifndef TNAM_POPCOUNT_CLONES
#define TNAM_POPCOUNT_CLONES
#endif

/* Bits 0 .. n-1 set, for n in 0 .. 64. */
static uint64_t low_bits(unsigned n) { return n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1; }

bool tnam_params_make(unsigned rows, unsigned cols, tnam_params_t *p) {
  if (rows < TNAM_MIN_ROWS || rows > TNAM_MAX_ROWS || cols < TNAM_MIN_COLS ||
      cols > TNAM_MAX_COLS) {
    return false;
  }
  p->rows = rows;
  p->cols = cols;
  p->vw = TNAM_VW(rows);
  p->raw = TNAM_RAW(rows);
  p->caw = TNAM_CAW(cols);
  p->steps = TNAM_STEPS(rows);
  p->sbw = TNAM_SBW(rows);
  p->nn = TNAM_NN(cols);
  p->naw = TNAM_NAW(cols);
  p->bw = TNAM_BW(rows);
  p->aw = TNAM_AW(rows);
  p->ow = TNAM_OW(rows);
  p->vaw = TNAM_VAW(rows, cols);
  p->vdw = TNAM_VDW(rows, cols);
  return true;
}

int32_t tnam_wrap_signed(int32_t v, unsigned vw) {
  if (vw >= 32) {
    return v;
  }
  if (vw == 0) {
    return 0;
  }
  const uint32_t sign = UINT32_C(1) << (vw - 1);
  const uint32_t low = (uint32_t)v & ((sign << 1) - 1);
  /* Flipping the sign bit gives the offset-binary code in [0, 2^vw); subtracting the offset
   * stays within int32, with no implementation-defined unsigned-to-signed conversion. */
  return (int32_t)(low ^ sign) - (int32_t)sign;
}

/* Records what a sense saw for reports (tnam_model_t.sense): its word lines, D and test mode;
 * the writes after it keep what they overwrite (tnam_at_sense_t). */
static void record_sense(tnam_model_t *m, const uint64_t wl[TNAM_ROW_WORDS], int excess,
                         bool test) {
  memcpy(m->sense.wl, wl, sizeof m->sense.wl);
  m->sense.excess = excess;
  m->sense.test = test;
  m->state.words_written_since_sense = 0;
  m->state.col_written_since_sense = 0;
}

/* The order of tnam_state_t that tnam_macro_reset() relies on: the cell and defect arrays,
 * then the variation registers, whose defect and health tables come last. FOLLOWS: field b
 * comes right after field a (nothing between them); ENDS_WITH: nothing after field a. */
#define FOLLOWS(type, a, b) (offsetof(type, b) == offsetof(type, a) + sizeof((type *)0)->a)
#define ENDS_WITH(type, a) (sizeof(type) == offsetof(type, a) + sizeof((type *)0)->a)
_Static_assert(FOLLOWS(tnam_state_t, pos, neg) && FOLLOWS(tnam_state_t, neg, defect) &&
                   FOLLOWS(tnam_state_t, defect, var) && ENDS_WITH(tnam_state_t, var) &&
                   FOLLOWS(tnam_var_state_t, defect, health) && ENDS_WITH(tnam_var_state_t, health),
               "tnam_state_t ends with pos, neg, defect and var, and var with defect and health");
#undef FOLLOWS
#undef ENDS_WITH

/* The asynchronous reset. The cell, defect and health arrays are cleared only in the row words
 * and rows in use: no write reaches beyond them (rows >= R are ignored), so the rest stays as
 * tnam_model_new() cleared it; clearing all 11.6 KB of the state was nearly all of a reset's
 * work. */
void tnam_macro_reset(tnam_model_t *m) {
  static const uint64_t no_word_lines[TNAM_ROW_WORDS];
  tnam_state_t *s = &m->state;
  const size_t words = m->row_words * sizeof s->pos[0];
  const size_t rows = m->params.rows * sizeof s->var.defect[0];
  memset(s, 0, offsetof(tnam_state_t, pos)); /* every register before the arrays */
  memset(s->pos, 0, words);
  memset(s->neg, 0, words);
  memset(s->defect, 0, words);
  memset(&s->var, 0, offsetof(tnam_var_state_t, defect)); /* D, offsets and trims */
  memset(s->var.defect, 0, rows);
  memset(s->var.health, 0, rows);
  memset(m->regs, 0, sizeof *m->regs);
  record_sense(m, no_word_lines, 0, false);
}

tnam_model_t *tnam_model_new(const tnam_params_t *p) {
  tnam_params_t checked;
  /* tnam_params_t is all unsigned fields, so it has no padding to spoil the comparison. */
  if (p == NULL || !tnam_params_make(p->rows, p->cols, &checked) ||
      memcmp(&checked, p, sizeof checked) != 0) {
    return NULL;
  }
  tnam_model_t *m = calloc(1, sizeof *m);
  if (m == NULL) {
    return NULL;
  }
  m->params = checked;
  m->regs = &m->own_regs;
  m->row_words = (checked.rows + 63) / 64;
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    const unsigned first_row = 64 * w;
    m->row_valid[w] = checked.rows > first_row ? low_bits(checked.rows - first_row) : 0;
    for (unsigned k = 0; k < 4; ++k) {
      m->act_valid[4 * w + k] = tnam_rows_to_nibbles(m->row_valid[w] >> (16 * k)) * 15u;
    }
  }
  tnam_macro_reset(m);
  return m;
}

void tnam_model_free(tnam_model_t *m) { free(m); }

void tnam_model_keep_outputs_in(tnam_model_t *m, tnam_out_t *regs) {
  memcpy(regs, m->regs, sizeof *regs);
  m->regs = regs;
}

const tnam_params_t *tnam_model_params(const tnam_model_t *m) { return &m->params; }

/* Four columns' 32-bit values, for the arithmetic of the sense stage after its popcounts: a GCC
 * vector (SSE2 on x86-64), four columns per operation. */
typedef int32_t column_quad_t __attribute__((vector_size(4 * sizeof(int32_t))));
static column_quad_t load_quad(const int32_t *columns) {
  column_quad_t v;
  memcpy(&v, columns, sizeof v);
  return v;
}
/* Bit i set iff lane i of a comparison result (0 or -1) is -1. */
static unsigned quad_mask(column_quad_t comparison) {
#if defined(__SSE2__)
  typedef float float_quad_t __attribute__((vector_size(4 * sizeof(float))));
  return (unsigned)__builtin_ia32_movmskps((float_quad_t)comparison);
#else
  const column_quad_t lane_bits = comparison & (column_quad_t){1, 2, 4, 8};
  return (unsigned)(lane_bits[0] | lane_bits[1] | lane_bits[2] | lane_bits[3]);
#endif
}

/* Counts, values, gating and decisions of every column over `words` row words: mac and
 * gate go to the registers, the decisions to *decisions (the caller decides whether dec
 * takes them); returns the number of driven non-zero cells. Always inlined so that the common
 * R <= 64 case gets a copy with words == 1 and no inner loop, the largest single saving per
 * evaluation, and so that the defect counts cost nothing in the copies without them. The
 * popcounts come first, one column at a time; the rest four columns at a time, over the
 * columns rounded up to a multiple of 4: columns >= C hold no cell, so they count 0 and
 * report 0 (their gate bits are masked off). */
static inline __attribute__((always_inline)) uint32_t sense_columns(tnam_model_t *m, unsigned words,
                                                                    bool defects,
                                                                    uint64_t *decisions) {
  const tnam_state_t *s = &m->state;
  tnam_out_t *regs = m->regs;
  const unsigned quad_cols = (m->params.cols + 3) & ~3u;
  int32_t plus[TNAM_MAX_COLS];
  int32_t minus[TNAM_MAX_COLS];
  int32_t defective[TNAM_MAX_COLS]; /* Pd - Nd */
  /* Unrolled: the loop's own increment, compare and branch were a quarter of a column's count
   * (gcc -O2 does not unroll by itself). */
#pragma GCC unroll 4
  for (unsigned c = 0; c < quad_cols; ++c) {
    int32_t column_plus = 0;
    int32_t column_minus = 0;
    int32_t column_defective = 0;
    for (unsigned w = 0; w < words; ++w) {
      const uint64_t driven_plus = s->pos[w][c] & regs->wl[w];
      const uint64_t driven_minus = s->neg[w][c] & regs->wl[w];
      column_plus += __builtin_popcountll(driven_plus);
      column_minus += __builtin_popcountll(driven_minus);
      if (defects) {
        column_defective += __builtin_popcountll(driven_plus & s->defect[w][c]) -
                            __builtin_popcountll(driven_minus & s->defect[w][c]);
      }
    }
    plus[c] = column_plus;
    minus[c] = column_minus;
    defective[c] = column_defective;
  }
  const column_quad_t zero = {0, 0, 0, 0};
  /* All lanes -1 unless test mode, where no column is gated. */
  const column_quad_t gating = zero - (s->ml.test ? 0 : 1);
  const int32_t excess = s->var.excess;
  column_quad_t nonzero_driven = zero;
  uint64_t gate = 0;
  uint64_t dec = 0;
  for (unsigned c = 0; c < quad_cols; c += 4) {
    const column_quad_t p = load_quad(&plus[c]);
    const column_quad_t n = load_quad(&minus[c]);
    /* |A_c| < 2^(VW-1) (spec section 1), so no wrap is needed. */
    column_quad_t value = p - n + load_quad(&s->net_offset[c]);
    if (defects) {
      value += excess * load_quad(&defective[c]);
    }
    const column_quad_t driven = p + n;
    const column_quad_t gated = (driven == zero) & gating;
    /* A gated column reports 0, and 0 > T_c is its forced decision. */
    value &= ~gated;
    memcpy(&regs->mac[c], &value, sizeof value);
    gate |= (uint64_t)quad_mask(gated) << c;
    dec |= (uint64_t)quad_mask(value > load_quad(&s->thr[c])) << c;
    nonzero_driven += driven;
  }
  regs->gate = gate & low_bits(m->params.cols);
  *decisions = dec;
  return (uint32_t)(nonzero_driven[0] + nonzero_driven[1] + nonzero_driven[2] + nonzero_driven[3]);
}

/* One sense of the word lines in `wl` (a threshold evaluation's sense stage or the READ of a
 * multi-level operation), from the registers of the cycle that ends: loads mac and gate,
 * counts the evaluation, its gated columns and driven cells, and remembers what it saw for
 * reports. Columns in forced_gate count as gated whatever they hold (the columns of no neuron
 * in q4 mode, even in test mode); their driven cells still draw current, so they stay in
 * cnt_nzdrv. Returns the number of gated columns. */
static inline __attribute__((always_inline)) unsigned sense_word_lines(tnam_model_t *m,
                                                                       uint64_t forced_gate,
                                                                       uint64_t *decisions) {
  tnam_state_t *s = &m->state;
  uint64_t any_row = 0;
  uint64_t any_defective_row = 0;
  for (unsigned w = 0; w < m->row_words; ++w) {
    any_row |= m->regs->wl[w];
    any_defective_row |= m->regs->wl[w] & s->defective_rows[w];
  }
  uint32_t nonzero_driven = 0;
  if (any_row || s->ml.test) {
    /* A defect changes a value only when it is driven and D != 0. */
    const bool defects = any_defective_row && s->var.excess != 0;
    if (m->row_words == 1) {
      nonzero_driven =
          defects ? sense_columns(m, 1, true, decisions) : sense_columns(m, 1, false, decisions);
    } else {
      nonzero_driven = defects ? sense_columns(m, m->row_words, true, decisions)
                               : sense_columns(m, m->row_words, false, decisions);
    }
  } else {
    /* No word line driven (most evaluations at 1% input activity) and no test mode: every
     * column is gated, its value is 0 and its decision is the sign of its threshold. */
    m->regs->gate = low_bits(m->params.cols);
    *decisions = s->thr_negative;
    memset(m->regs->mac, 0, m->params.cols * sizeof m->regs->mac[0]);
  }
  for (uint64_t forced = forced_gate; forced; forced &= forced - 1) {
    m->regs->mac[__builtin_ctzll(forced)] = 0; /* a gated column reports 0 */
  }
  m->regs->gate |= forced_gate;
  const unsigned gated = (unsigned)__builtin_popcountll(m->regs->gate);
  m->regs->cnt_eval += 1;
  m->regs->cnt_gated += gated;
  m->regs->cnt_nzdrv += nonzero_driven;
  record_sense(m, m->regs->wl, s->var.excess, s->ml.test);
  return gated;
}

/* Sense stage of a threshold evaluation (spec section 5, step 4), run before this edge's
 * writes so that it sees the cells and thresholds of the cycle that ends. */
TNAM_POPCOUNT_CLONES
void tnam_macro_sense(tnam_model_t *m) {
  const unsigned gated = sense_word_lines(m, 0, &m->regs->dec);
  m->regs->res_valid = true;
  m->regs->cnt_dec += m->params.cols - gated;
}

/* Row `row`'s non-zero cells as a column mask, columns 0 .. cols-1. */
static uint64_t nonzero_row(const tnam_state_t *s, unsigned row, unsigned cols) {
  const uint64_t *pos = s->pos[row / 64];
  const uint64_t *neg = s->neg[row / 64];
  const unsigned b = row % 64;
  uint64_t columns = 0;
  /* Highest column first, shifting the mask up: one shift per column by a loop-invariant count
   * (two variable shifts per column were most of a write cycle's time). */
  for (unsigned c = cols; c-- > 0;) {
    columns = columns << 1 | (((pos[c] | neg[c]) >> b) & 1);
  }
  return columns;
}

/* Four columns' words of a word-major column-mask array, as a GCC vector (two SSE2 operations
 * each, one AVX2 operation in the avx2 clone of tnam_macro_write()). */
typedef uint64_t column_words_t __attribute__((vector_size(4 * sizeof(uint64_t))));
/* Entry b: lane i all ones iff bit i of b is set, for selecting a row's bit in four columns. */
#define TNAM_LANE(b, i) (((b) >> (i)) & 1 ? ~UINT64_C(0) : 0)
#define TNAM_LANES(b) \
  { TNAM_LANE(b, 0), TNAM_LANE(b, 1), TNAM_LANE(b, 2), TNAM_LANE(b, 3) }
static const column_words_t column_lane_masks[16] = {
    TNAM_LANES(0),  TNAM_LANES(1),  TNAM_LANES(2),  TNAM_LANES(3), TNAM_LANES(4),  TNAM_LANES(5),
    TNAM_LANES(6),  TNAM_LANES(7),  TNAM_LANES(8),  TNAM_LANES(9), TNAM_LANES(10), TNAM_LANES(11),
    TNAM_LANES(12), TNAM_LANES(13), TNAM_LANES(14), TNAM_LANES(15)};
#undef TNAM_LANES
#undef TNAM_LANE

/* Sets row `row` of one or two word-major column-mask arrays (`second` may be NULL) from a
 * column mask each (bits >= cols are never looked at): the cells' +1 and -1 masks in one pass
 * over the columns, which halves the loop's cost per row write. Four columns at a time, the
 * columns rounded up to a multiple of 4: a column >= C gets its 0 again. Always inlined, so
 * that the test of `second` leaves the loop. */
static inline __attribute__((always_inline)) void set_rows(uint64_t (*first)[TNAM_MAX_COLS],
                                                           uint64_t first_columns,
                                                           uint64_t (*second)[TNAM_MAX_COLS],
                                                           uint64_t second_columns, unsigned row,
                                                           unsigned cols) {
  uint64_t *a = first[row / 64];
  uint64_t *b = second ? second[row / 64] : NULL;
  const column_words_t bit = (column_words_t){0} + (UINT64_C(1) << (row % 64));
  const uint64_t in_use = low_bits(cols);
  first_columns &= in_use;
  second_columns &= in_use;
  /* The columns shifted down four per step: no variable shift in the loop. */
  for (unsigned c = 0; c < cols; c += 4, first_columns >>= 4, second_columns >>= 4) {
    column_words_t words;
    memcpy(&words, &a[c], sizeof words);
    words = (words & ~bit) | (bit & column_lane_masks[first_columns & 15]);
    memcpy(&a[c], &words, sizeof words);
    if (b) {
      memcpy(&words, &b[c], sizeof words);
      words = (words & ~bit) | (bit & column_lane_masks[second_columns & 15]);
      memcpy(&b[c], &words, sizeof words);
    }
  }
}

/* Four columns' words of a word-major column-mask array, from src to dst. */
static void copy_column_words(uint64_t *dst, const uint64_t *src) {
  column_words_t words;
  memcpy(&words, src, sizeof words);
  memcpy(dst, &words, sizeof words);
}

/* Before the first write of cells or defect flags in a row word after a sense: keeps what
 * that sense saw of the word. */
static void remember_row(tnam_model_t *m, unsigned row) {
  tnam_state_t *s = &m->state;
  const unsigned w = row / 64;
  if ((s->words_written_since_sense >> w) & 1) {
    return;
  }
  s->words_written_since_sense |= UINT32_C(1) << w;
  /* Four columns per copy, the columns rounded up to a multiple of 4: cheaper than three calls
   * of memcpy for a few hundred bytes. */
  for (unsigned c = 0; c < m->params.cols; c += 4) {
    copy_column_words(&m->at_sense.pos[w][c], &s->pos[w][c]);
    copy_column_words(&m->at_sense.neg[w][c], &s->neg[w][c]);
    copy_column_words(&m->at_sense.defect[w][c], &s->defect[w][c]);
  }
}

/* Row `row`'s hazard bit, from the columns in which it holds a non-zero weight and a health
 * flag (spec section 3). */
static void set_hazard(tnam_state_t *s, unsigned row, uint64_t flagged_nonzero_columns) {
  const uint64_t bit = UINT64_C(1) << (row % 64);
  s->hazard[row / 64] = (s->hazard[row / 64] & ~bit) | (flagged_nonzero_columns ? bit : 0);
}

/* Likewise for a column's threshold, offset and trim registers. */
static void remember_column(tnam_model_t *m, unsigned col) {
  tnam_state_t *s = &m->state;
  const uint64_t bit = UINT64_C(1) << col;
  if (s->col_written_since_sense & bit) {
    return;
  }
  s->col_written_since_sense |= bit;
  m->at_sense.thr[col] = s->thr[col];
  m->at_sense.off[col] = s->var.off[col];
  m->at_sense.trim[col] = s->var.trim[col];
}

/* Inlined into tnam_macro_write() and its clones: the avx2 clone sets four columns at a time. */
static inline __attribute__((always_inline)) void write_row(tnam_model_t *m, unsigned row,
                                                            uint64_t mag, uint64_t sign) {
  tnam_state_t *s = &m->state;
  remember_row(m, row);
  set_rows(s->pos, mag & ~sign, s->neg, mag & sign, row, m->params.cols);
  set_hazard(s, row, mag & s->var.health[row]); /* var.health has no bits >= C */
  m->regs->cnt_wr += m->params.cols;
}

/* Search step k in four columns at once: tnam_sar_step() of each lane, q as 0 or -1. */
typedef struct {
  column_quad_t ref, q, code;
} sar_step_quad_t;
static sar_step_quad_t sar_step_quad(column_quad_t code, unsigned k, column_quad_t a) {
  const int32_t trial_bit = INT32_C(1) << k;
  const column_quad_t ref = code + (trial_bit - 1); /* the trial code, less one */
  const column_quad_t q = a > ref;                  /* a >= trial */
  return (sar_step_quad_t){.ref = ref, .q = q, .code = code + (q & trial_bit)};
}

tnam_sar_step_t tnam_sar_step(int32_t code, unsigned k, int32_t a) {
  const sar_step_quad_t made = sar_step_quad((column_quad_t){code}, k, (column_quad_t){a});
  return (tnam_sar_step_t){.ref = made.ref[0], .q = made.q[0] != 0, .code = made.code[0]};
}

void tnam_q4_digits(int w, int t[TNAM_Q4_DIGITS]) {
  const int sign = (w > 0) - (w < 0);
  const unsigned magnitude = (unsigned)(w < 0 ? -w : w);
  for (unsigned k = 0; k < TNAM_Q4_DIGITS; ++k) {
    t[k] = sign * (int)((magnitude >> k) & 1);
  }
}

uint32_t tnam_q4_requant(int64_t acc, unsigned shift) {
  if (acc <= 0) {
    return 0;
  }
  const int64_t scaled = acc >> shift;
  return scaled > TNAM_Q4_OUT_MAX ? TNAM_Q4_OUT_MAX : (uint32_t)scaled;
}

/* Drives the word lines with bit plane `plane` of the latched activations (0 in rows >= R:
 * tnam_macro_start() latches none there; words >= row_words stay 0). */
static void drive_plane(tnam_model_t *m, unsigned plane) {
  const uint64_t *act = m->state.ml.act;
  for (unsigned w = 0; w < m->row_words; ++w) {
    uint64_t rows = 0;
    for (unsigned k = 0; k < 4; ++k) {
      const uint64_t plane_bits = (act[4 * w + k] >> plane) & TNAM_NIBBLE_LOW_BITS;
      rows |= tnam_nibbles_to_rows(plane_bits) << (16 * k);
    }
    m->regs->wl[w] = rows;
  }
}

/* Start of a level or q4 operation (spec section 10, "Start"), from the mode and biases of
 * the cycle that ends. */
void tnam_macro_start(tnam_model_t *m, const uint64_t x[TNAM_ROW_WORDS],
                      const uint64_t act[TNAM_ACT_WORDS]) {
  tnam_state_t *s = &m->state;
  tnam_ml_state_t *ml = &s->ml;
  const bool q4 = ml->mode == TNAM_MODE_Q4;
  /* Only rows < R latch an activation; act[] words >= 4 row_words are never written (0). */
  for (unsigned i = 0; i < 4 * m->row_words; ++i) {
    /* A level operation's single plane is x: activation 1 on every driven row. */
    const uint64_t activations = q4 ? act[i] : tnam_rows_to_nibbles(x[i / 4] >> (16 * (i % 4)));
    ml->act[i] = activations & m->act_valid[i];
  }
  ml->busy = true;
  m->regs->busy = true;
  ml->planes = q4 ? TNAM_Q4_PLANES : 1;
  ml->plane = 0;
  ml->phase = TNAM_PHASE_READ;
  ml->step = m->params.steps - 1;
  drive_plane(m, 0);
  m->regs->wl_valid = true;
  if (q4) {
    for (unsigned j = 0; j < m->params.nn; ++j) {
      m->regs->acc[j] = ml->bias[j];
    }
  }
}

_Static_assert(TNAM_Q4_DIGITS == 3, "finish_plane() adds three digit planes per neuron");
/* "Plane done": the q4 accumulators take the plane's codes, then the next plane is driven or
 * the word lines are released for FINISH. */
static void finish_plane(tnam_model_t *m) {
  tnam_state_t *s = &m->state;
  tnam_ml_state_t *ml = &s->ml;
  if (ml->mode == TNAM_MODE_Q4) {
    tnam_out_t *regs = m->regs;
    for (unsigned j = 0; j < m->params.nn; ++j) {
      /* Its digit planes t0 + 2 t1 + 4 t2 (spec section 9.2), weighted by the bit plane. */
      const int32_t *code = &regs->sar_code[TNAM_Q4_DIGITS * j];
      regs->acc[j] += (code[0] + 2 * code[1] + 4 * code[2]) * (INT32_C(1) << ml->plane);
    }
  }
  if (ml->plane + 1 < ml->planes) {
    ml->plane += 1;
    ml->phase = TNAM_PHASE_READ;
    ml->step = m->params.steps - 1;
    drive_plane(m, ml->plane);
  } else {
    ml->phase = TNAM_PHASE_FINISH;
    memset(m->regs->wl, 0, sizeof m->regs->wl);
    m->regs->wl_valid = false;
  }
}

/* Makes search step k = ml.step in every column, gated columns (from the gate register loaded
 * at READ) forced to 0, then moves to the next step or finishes the plane. Cloned like the
 * sense stage: its popcount of the gated columns, once per step, was a libgcc call. */
TNAM_POPCOUNT_CLONES
static void search_step(tnam_model_t *m) {
  tnam_state_t *s = &m->state;
  tnam_ml_state_t *ml = &s->ml;
  tnam_out_t *regs = m->regs;
  const unsigned k = ml->step;
  const bool first = k == m->params.steps - 1;
  const column_quad_t start = (column_quad_t){0} + tnam_sar_start(m->params.steps);
  /* Four columns at a time, over the columns rounded up to a multiple of 4: the gated columns
   * and those >= C are masked to 0. */
  const uint64_t searched = ~regs->gate & low_bits(m->params.cols);
  const unsigned quad_cols = (m->params.cols + 3) & ~3u;
  uint64_t decisions = 0;
  for (unsigned c = 0; c < quad_cols; c += 4) {
    const column_quad_t code = first ? start : load_quad(&regs->sar_code[c]);
    const sar_step_quad_t made = sar_step_quad(code, k, load_quad(&regs->mac[c]));
    const column_quad_t lane_bits = {1, 2, 4, 8};
    const column_quad_t kept = ((int32_t)((searched >> c) & 15u) & lane_bits) != 0;
    const column_quad_t ref = made.ref & kept;
    const column_quad_t next_code = made.code & kept;
    memcpy(&regs->sar_ref[c], &ref, sizeof ref);
    memcpy(&regs->sar_code[c], &next_code, sizeof next_code);
    decisions |= (uint64_t)quad_mask(made.q & kept) << c;
  }
  regs->sar_q = decisions;
  m->regs->sar_step = true;
  m->regs->sar_bit = k;
  m->regs->cnt_step += 1;
  m->regs->cnt_dec += m->params.cols - (unsigned)__builtin_popcountll(m->regs->gate);
  if (k == 0) {
    finish_plane(m);
  } else {
    ml->step = k - 1;
    ml->phase = TNAM_PHASE_STEP;
  }
}

/* One edge of a running level or q4 operation (spec section 10); the inputs play no part. */
TNAM_POPCOUNT_CLONES
void tnam_macro_advance(tnam_model_t *m) {
  tnam_state_t *s = &m->state;
  tnam_ml_state_t *ml = &s->ml;
  m->regs->res_valid = false;
  switch (ml->phase) {
    case TNAM_PHASE_READ: {
      /* In q4 mode the columns of no neuron are gated whatever they hold. */
      const uint64_t no_neuron =
          ml->mode == TNAM_MODE_Q4 ? low_bits(m->params.cols) & ~low_bits(3 * m->params.nn) : 0;
      uint64_t threshold_decisions; /* not taken: dec holds during the operation */
      if (sense_word_lines(m, no_neuron, &threshold_decisions) == m->params.cols) {
        /* Zero detector: every column is gated, the search is skipped. */
        memset(m->regs->sar_code, 0, m->params.cols * sizeof m->regs->sar_code[0]);
        finish_plane(m);
      } else {
        search_step(m);
      }
      break;
    }
    case TNAM_PHASE_STEP: search_step(m); break;
    case TNAM_PHASE_FINISH:
      if (ml->mode == TNAM_MODE_Q4) {
        for (unsigned j = 0; j < m->params.nn; ++j) {
          m->regs->out[j] = tnam_q4_requant(m->regs->acc[j], ml->shift);
        }
      }
      m->regs->done = true;
      m->regs->busy = false;
      ml->busy = false;
      break;
  }
}

/* The configuration and bias ports (spec section 4), at an edge at which the macro is not
 * busy; cfg_en and bias_en are the enables as they apply to this macro. */
static void write_layer_registers(tnam_model_t *m, const tnam_in_t *in, bool cfg_en, bool bias_en) {
  tnam_ml_state_t *ml = &m->state.ml;
  const uint32_t mode = in->cfg_mode & 3u; /* the 2-bit port; its value 3 is no mode */
  if (cfg_en && mode <= TNAM_MODE_Q4) {
    ml->mode = mode;
    ml->shift = in->cfg_shift & TNAM_SHIFT_MAX;
    ml->test = in->cfg_test;
  }
  const uint32_t neuron = in->bias_idx & (uint32_t)low_bits(m->params.naw);
  if (bias_en && neuron < m->params.nn) {
    ml->bias[neuron] = tnam_wrap_signed(in->bias, m->params.bw);
  }
}

/* Row `row`'s defect flags (a column mask), keeping the defective rows up to date. */
static void write_defect_row(tnam_model_t *m, unsigned row, uint64_t flags) {
  tnam_state_t *s = &m->state;
  remember_row(m, row);
  const uint64_t columns = flags & low_bits(m->params.cols);
  const uint64_t bit = UINT64_C(1) << (row % 64);
  s->defective_rows[row / 64] = (s->defective_rows[row / 64] & ~bit) | (columns ? bit : 0);
  s->var.defect[row] = columns;
  set_rows(s->defect, columns, NULL, 0, row, m->params.cols);
}

/* Column `col`'s offset or trim register (*reg is var.off[col] or var.trim[col]). */
static void write_offset_or_trim(tnam_model_t *m, unsigned col, int32_t *reg, int32_t value) {
  tnam_state_t *s = &m->state;
  remember_column(m, col);
  *reg = tnam_wrap_signed(value, m->params.ow);
  s->net_offset[col] = s->var.off[col] - s->var.trim[col];
}

/* The trim, health and variation ports (spec section 4), at an edge at which the macro is not
 * busy. */
static void write_calibration_registers(tnam_model_t *m, const tnam_in_t *in) {
  tnam_state_t *s = &m->state;
  const tnam_params_t *p = &m->params;
  if (in->trim_en && in->trim_col < p->cols) {
    write_offset_or_trim(m, in->trim_col, &s->var.trim[in->trim_col], in->trim);
  }
  if (in->health_en && in->health_row < p->rows) {
    const uint64_t columns = in->health & low_bits(p->cols);
    s->var.health[in->health_row] = columns;
    set_hazard(s, in->health_row, nonzero_row(s, in->health_row, p->cols) & columns);
  }
  if (in->var_en) {
    const uint32_t addr = in->var_addr;
    switch (in->var_sel & 3u) {
      case TNAM_VAR_OFFSET:
        if (addr < p->cols) {
          /* The low OW bits; the wrap below takes only those. */
          const int32_t offset = (int32_t)(in->var_data & low_bits(p->ow));
          write_offset_or_trim(m, addr, &s->var.off[addr], offset);
        }
        break;
      case TNAM_VAR_DEFECT:
        if (addr < p->rows) {
          write_defect_row(m, addr, in->var_data);
        }
        break;
      case TNAM_VAR_EXCESS:
        s->var.excess = tnam_wrap_signed((int32_t)(in->var_data & 3u), 2);
        break;
      default: /* selector 3: no register */ break;
    }
  }
}

/* The writes of a cycle at which the macro is not busy, after its sense and drive stages:
 * those of the write, threshold, bias, trim, health and variation ports when `writes`, the
 * configuration when `configures` (see tnam_macro_step()): without `writes` no write enable
 * applies, whether the macro is not addressed or none is set. */
TNAM_POPCOUNT_CLONES
void tnam_macro_write(tnam_model_t *m, const tnam_in_t *in, bool writes, bool configures) {
  tnam_state_t *s = &m->state;
  if (writes && in->wr_en && in->wr_row < m->params.rows) {
    write_row(m, in->wr_row, in->wr_mag, in->wr_sign);
  }
  if (writes && in->thr_en && in->thr_col < m->params.cols) {
    const unsigned c = in->thr_col;
    const uint64_t bit = UINT64_C(1) << c;
    remember_column(m, c);
    s->thr[c] = tnam_wrap_signed(in->thr, m->params.vw);
    s->thr_negative = (s->thr_negative & ~bit) | ((uint64_t)(s->thr[c] < 0) << c);
  }
  if (writes && (in->trim_en || in->health_en || in->var_en)) {
    write_calibration_registers(m, in);
  }
  const bool bias_en = writes && in->bias_en;
  if (configures || bias_en) {
    write_layer_registers(m, in, configures, bias_en);
  }
}

const tnam_out_t *tnam_model_step(tnam_model_t *m, const tnam_in_t *in) {
  if (in->hold && in->rst_n) return m->regs; /* a held edge: not a cycle (spec 5) */
  tnam_macro_step(m, in, tnam_macro_writes(in), in->cfg_en, in->eval, in->x, in->act);
  return m->regs;
}

const tnam_ml_state_t *tnam_model_ml_state(const tnam_model_t *m) { return &m->state.ml; }

/* -1, 0 or +1 from a +1 mask and a -1 mask (of a row word or of a row's columns). */
static int weight_from_masks(uint64_t pos, uint64_t neg, uint64_t bit) {
  return (pos & bit) ? 1 : (neg & bit) ? -1 : 0;
}

int tnam_model_weight(const tnam_model_t *m, unsigned row, unsigned col) {
  if (row >= m->params.rows || col >= m->params.cols) {
    return 0;
  }
  const uint64_t bit = UINT64_C(1) << (row % 64);
  return weight_from_masks(m->state.pos[row / 64][col], m->state.neg[row / 64][col], bit);
}

/* Word w of the +1, -1 and defect masks of column c as the latest sense saw them. */
typedef struct {
  uint64_t pos, neg, defect;
} sensed_word_t;
static sensed_word_t sensed_word(const tnam_model_t *m, unsigned w, unsigned c) {
  const tnam_state_t *s = &m->state;
  if ((s->words_written_since_sense >> w) & 1) {
    const tnam_at_sense_t *seen = &m->at_sense;
    return (sensed_word_t){seen->pos[w][c], seen->neg[w][c], seen->defect[w][c]};
  }
  return (sensed_word_t){s->pos[w][c], s->neg[w][c], s->defect[w][c]};
}

const tnam_sense_t *tnam_model_last_sense(tnam_model_t *m) {
  tnam_state_t *s = &m->state;
  tnam_sense_t *sn = &m->sense;
  for (unsigned c = 0; c < m->params.cols; ++c) {
    const uint64_t col_bit = UINT64_C(1) << c;
    unsigned plus = 0, minus = 0, plus_defective = 0, minus_defective = 0;
    for (unsigned w = 0; w < m->row_words; ++w) {
      const sensed_word_t cells = sensed_word(m, w, c);
      const uint64_t driven_plus = cells.pos & sn->wl[w];
      const uint64_t driven_minus = cells.neg & sn->wl[w];
      plus += (unsigned)__builtin_popcountll(driven_plus);
      minus += (unsigned)__builtin_popcountll(driven_minus);
      plus_defective += (unsigned)__builtin_popcountll(driven_plus & cells.defect);
      minus_defective += (unsigned)__builtin_popcountll(driven_minus & cells.defect);
    }
    sn->p[c] = (uint16_t)plus;
    sn->n[c] = (uint16_t)minus;
    sn->pd[c] = (uint16_t)plus_defective;
    sn->nd[c] = (uint16_t)minus_defective;
    const bool rewritten = s->col_written_since_sense & col_bit;
    sn->thr[c] = rewritten ? m->at_sense.thr[c] : s->thr[c];
    sn->off[c] = rewritten ? m->at_sense.off[c] : s->var.off[c];
    sn->trim[c] = rewritten ? m->at_sense.trim[c] : s->var.trim[c];
  }
  return sn;
}

void tnam_model_sense_weights(tnam_model_t *m, unsigned col) {
  if (col >= m->params.cols) {
    return;
  }
  for (unsigned row = 0; row < m->params.rows; ++row) {
    const sensed_word_t cells = sensed_word(m, row / 64, col);
    const int weight = weight_from_masks(cells.pos, cells.neg, UINT64_C(1) << (row % 64));
    m->sense.weight_at_sense[col][row] = (int8_t)weight;
  }
}

void tnam_model_hazard(const tnam_model_t *m, uint64_t hz[TNAM_ROW_WORDS]) {
  memcpy(hz, m->state.hazard, sizeof m->state.hazard);
}

const tnam_var_state_t *tnam_model_var_state(const tnam_model_t *m) { return &m->state.var; }
