// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Private to c_model/: one macro's state and its cycle, shared by tnam_model.c and tnam_chip.c
 * so that the chip's step compiles each macro's cycle in place, without a call and its
 * argument set-up per macro and cycle. The rest of the project sees tnam_model.h only. */
#ifndef TNAM_MACRO_H
#define TNAM_MACRO_H

#include <stdbool.h>
#include <stdint.h>

#include "tnam_model.h"

/* Everything that reset clears, with the output registers (tnam_model_t.regs). The cell,
 * defect and health arrays come last, in this order, so that reset clears them only in the
 * rows in use (tnam_macro_reset()). */
typedef struct {
  int32_t thr[TNAM_MAX_COLS];        /* threshold registers, already reduced to VW bits */
  uint64_t thr_negative;             /* column c's bit set iff thr[c] < 0: the decisions of an
                                 evaluation in which every column is gated */
  int32_t net_offset[TNAM_MAX_COLS]; /* o_c - trim_c: one add per column in the sense */
  /* The rows holding a defect flag (bit r of defective_rows[r / 64]): while no driven row
   * holds one (or D is 0) the sense skips the defect popcounts, so a chip without defects, or
   * an evaluation that drives none of its defective rows, pays nothing for them. */
  uint64_t defective_rows[TNAM_ROW_WORDS];
  /* Hazard rows (spec section 3), bit r of hazard[r / 64]: a function of the cells and the
   * health table, kept up to date by the writes of either, so that a selection reads them
   * instead of deriving them from every column of every candidate. */
  uint64_t hazard[TNAM_ROW_WORDS];
  /* Bit w: a row of word w was written (cells or defect flags) since the latest sense; the
   * first such write copied word w of the +1, -1 and defect masks as that sense saw them
   * (tnam_at_sense_t), so that tnam_model_last_sense() and tnam_model_sense_weights() can
   * report what the sense stage saw without copying the array on every evaluation. A copy per
   * row word rather than per row: a burst of row writes between two senses copies each word
   * once. */
  uint32_t words_written_since_sense;
  /* Likewise for the column registers (threshold, offset, trim). */
  uint64_t col_written_since_sense;
  /* Layer configuration, biases and the running multi-level operation (spec section 10). */
  tnam_ml_state_t ml;
  /* Cell (r, c) is +1 iff bit r % 64 of pos[r / 64][c] is set, -1 iff that bit of neg is
   * set: an evaluation is then two popcounts per column and row word. Word-major, so that
   * the masks an evaluation of up to 64 rows reads are contiguous (a few cache lines): the
   * model shares the cache with the Verilated RTL in lockstep. */
  uint64_t pos[TNAM_ROW_WORDS][TNAM_MAX_COLS];
  uint64_t neg[TNAM_ROW_WORDS][TNAM_MAX_COLS];
  /* Defect flags, word-major like the cells so that the sense counts Pd and Nd with the same
   * popcounts. */
  uint64_t defect[TNAM_ROW_WORDS][TNAM_MAX_COLS];
  /* Variation, trim and health registers in the row-major form tnam_model_var_state()
   * shows; the sense uses the word-major copies above and net_offset. */
  tnam_var_state_t var;
} tnam_state_t;

/* What the latest sense saw of the row words and columns written since, copied by their first
 * write (see words_written_since_sense). Read only where those bits are set, and reset clears
 * them, so reset does not clear these copies. */
typedef struct {
  uint64_t pos[TNAM_ROW_WORDS][TNAM_MAX_COLS];
  uint64_t neg[TNAM_ROW_WORDS][TNAM_MAX_COLS];
  uint64_t defect[TNAM_ROW_WORDS][TNAM_MAX_COLS];
  int32_t thr[TNAM_MAX_COLS];
  int32_t off[TNAM_MAX_COLS];
  int32_t trim[TNAM_MAX_COLS];
} tnam_at_sense_t;

struct tnam_model {
  tnam_params_t params;
  unsigned row_words;                 /* 64-row words in use: ceil(R / 64) */
  uint64_t row_valid[TNAM_ROW_WORDS]; /* bits of the rows < R */
  uint64_t act_valid[TNAM_ACT_WORDS]; /* the same in act[] form: nibbles of the rows < R */
  /* The output registers, which tnam_model_step() returns: own_regs, or where
   * tnam_model_keep_outputs_in() put them. */
  tnam_out_t *regs;
  tnam_out_t own_regs;
  tnam_state_t state; /* reset clears it */
  tnam_at_sense_t at_sense;
  /* The latest sense, for reports: every sense records its wl, excess and test (and reset
   * records none: record_sense()); the per-column operands are derived on demand by
   * tnam_model_last_sense() and tnam_model_sense_weights() (reports need them, the per-cycle
   * comparison does not), so reset leaves them: of a reset cycle's work, clearing the 16 KB of
   * weights and the copies above was two thirds. tnam_model_new() clears everything once. */
  tnam_sense_t sense;
};

/* The parts of a cycle that tnam_macro_step() calls (tnam_model.c). */
void tnam_macro_reset(tnam_model_t *m);
void tnam_macro_advance(tnam_model_t *m);
void tnam_macro_sense(tnam_model_t *m);
void tnam_macro_start(tnam_model_t *m, const uint64_t x[TNAM_ROW_WORDS],
                      const uint64_t act[TNAM_ACT_WORDS]);
void tnam_macro_write(tnam_model_t *m, const tnam_in_t *in, bool writes, bool configures);

/* Whether `in` enables a write of a register that an addressed macro takes (all but cfg_en):
 * tested once per cycle, not once per macro. */
static inline bool tnam_macro_writes(const tnam_in_t *in) {
  return in->wr_en | in->thr_en | in->trim_en | in->health_en | in->var_en | in->bias_en;
}

/* One cycle of macro m (tnam_model_step()), on the ports `in` except for its eval, x and act,
 * which the arguments replace (in the chip: the macro's evaluation and its tile's word lines
 * and activations, x and act read only with eval). `writes`: the macro is addressed (the
 * chip's mask bit, the chip not busy) and tnam_macro_writes(in); `configures`: in->cfg_en
 * and the chip not busy. The registers are then in *m->regs. */
static inline __attribute__((always_inline)) void tnam_macro_step(
    tnam_model_t *m, const tnam_in_t *in, bool writes, bool configures, bool eval,
    const uint64_t x[TNAM_ROW_WORDS], const uint64_t act[TNAM_ACT_WORDS]) {
  tnam_out_t *regs = m->regs;
  if (!in->rst_n) {
    tnam_macro_reset(m);
    return;
  }
  regs->sar_step = false;
  regs->done = false;
  if (m->state.ml.busy) {
    /* Every input except reset is ignored while a multi-level operation runs. */
    tnam_macro_advance(m);
    return;
  }
  /* The sense stage sees the word lines, cells and thresholds of the cycle that ends, so it
   * comes before the drive stage and the writes. */
  if (regs->wl_valid) {
    tnam_macro_sense(m);
  } else {
    regs->res_valid = false;
  }
  /* An operation starts from the mode and biases of the cycle that ends: before the writes. */
  if (eval && m->state.ml.mode != TNAM_MODE_THRESH) {
    tnam_macro_start(m, x, act);
  } else {
    /* Drive stage: word lines are released (0) when there is no evaluation. They are already
     * 0 when not valid (every path that clears wl_valid clears them), so a cycle without an
     * evaluation after one without rewrites nothing; words >= row_words are never driven. */
    if (eval || regs->wl_valid) {
      const uint64_t drive = eval ? ~UINT64_C(0) : 0;
      for (unsigned w = 0; w < m->row_words; ++w) {
        regs->wl[w] = x[w] & m->row_valid[w] & drive;
      }
    }
    regs->wl_valid = eval;
  }
  /* One test, where the rare writes would cost every cycle. */
  if (writes || configures) {
    tnam_macro_write(m, in, writes, configures);
  }
}

#endif /* TNAM_MACRO_H */
