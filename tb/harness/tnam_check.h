// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Per-cycle checker shared by every harness: compares observables, reports the first mismatch. */
#ifndef TNAM_CHECK_H
#define TNAM_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tnam_seq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a report needs besides the two output sets. */
typedef struct {
  const tnam_stream_t *s;
  const tnam_seq_t *seq;
  tnam_chip_t *chip;        /* operands come from here; NULL when the model does not run */
  const char *seed_text;    /* decimal seed of a generated stream, NULL for a stream file */
  const char *repro;        /* one command line that reproduces the run */
  const char *exp_name;     /* "golden model" */
  const char *act_name;     /* "RTL" */
  bool untimed;             /* the actual side's waves have no 10 ns chip cycle (a board):
                            reports give no wave time */
  const tnam_chip_in_t *in; /* the inputs of the cycle being compared */
  FILE *out;
} tnam_check_ctx_t;

/* 1 when every observable of spec section 6 is equal. Inline, branch-free and without
 * library calls: it runs every cycle of every lockstep run. */
static inline int tnam_outputs_equal(const tnam_out_t *e, const tnam_out_t *a,
                                     const tnam_params_t *p) {
  uint64_t diff = (uint64_t)(e->wl_valid ^ a->wl_valid) | (uint64_t)(e->res_valid ^ a->res_valid) |
                  (e->gate ^ a->gate) | (e->dec ^ a->dec) | (e->cnt_eval ^ a->cnt_eval) |
                  (e->cnt_dec ^ a->cnt_dec) | (e->cnt_gated ^ a->cnt_gated) |
                  (e->cnt_nzdrv ^ a->cnt_nzdrv) | (e->cnt_wr ^ a->cnt_wr) |
                  (e->cnt_step ^ a->cnt_step) | (uint64_t)(e->busy ^ a->busy) |
                  (uint64_t)(e->done ^ a->done) | (uint64_t)(e->sar_step ^ a->sar_step) |
                  (e->sar_bit ^ a->sar_bit) | (e->sar_q ^ a->sar_q);
  for (int w = 0; w < TNAM_ROW_WORDS; w++) diff |= e->wl[w] ^ a->wl[w];
  for (unsigned k = 0; k < p->cols; k++)
    diff |= (uint32_t)(e->mac[k] ^ a->mac[k]) | (uint32_t)(e->sar_ref[k] ^ a->sar_ref[k]) |
            (uint32_t)(e->sar_code[k] ^ a->sar_code[k]);
  for (unsigned j = 0; j < p->nn; j++)
    diff |= (uint32_t)(e->acc[j] ^ a->acc[j]) | (e->out[j] ^ a->out[j]);
  return diff == 0;
}

/* 1 when the chip's own observables (selection, enables, counters, map) are equal. */
static inline int tnam_chip_fields_equal(const tnam_chip_out_t *e, const tnam_chip_out_t *a,
                                         const tnam_chip_params_t *p) {
  uint32_t diff = (uint32_t)(e->busy ^ a->busy) | (uint32_t)(e->done ^ a->done) |
                  (e->sel_valid ^ a->sel_valid) | (e->men ^ a->men) | (e->map_valid ^ a->map_valid);
  for (unsigned t = 0; t < p->tiles; t++) diff |= e->sel[t] ^ a->sel[t];
  for (unsigned m = 0; m < p->macros; m++)
    diff |= (e->cnt_active[m] ^ a->cnt_active[m]) | (e->map_tile[m] ^ a->map_tile[m]) |
            (e->resid[m] ^ a->resid[m]);
  return diff == 0;
}

/* 1 when every observable of spec section 6 is equal, in every macro and in the chip. */
static inline int tnam_chip_outputs_equal(const tnam_chip_out_t *e, const tnam_chip_out_t *a,
                                          const tnam_chip_params_t *p) {
  int equal = tnam_chip_fields_equal(e, a, p);
  for (unsigned m = 0; m < p->macros; m++)
    equal &= tnam_outputs_equal(&e->m[m], &a->m[m], &p->core);
  return equal;
}

/* Compares every observable of one cycle. Returns 1 when equal; otherwise prints the
 * mismatch report and returns 0. */
int tnam_check_report_mismatch(const tnam_check_ctx_t *c, uint64_t cycle,
                               const tnam_chip_out_t *exp, const tnam_chip_out_t *act);
static inline int tnam_check_outputs(const tnam_check_ctx_t *c, uint64_t cycle,
                                     const tnam_chip_out_t *exp, const tnam_chip_out_t *act) {
  return tnam_chip_outputs_equal(exp, act, &c->s->chip) ||
         tnam_check_report_mismatch(c, cycle, exp, act);
}

/* Checks the stream's expect lines of evaluation `eval_op` against `out`, the outputs of
 * back end `side`, with the selection it made in the sequencer's retired_sel*, and `latency`
 * (cycles from its eval_i to this result; 0 for an evaluation that ran nowhere). Returns 1
 * when all hold; otherwise prints a report and returns 0. */
int tnam_check_expects(const tnam_check_ctx_t *c, uint64_t cycle, size_t eval_op,
                       const tnam_chip_out_t *out, const char *side, uint64_t latency);

/* Reports a result that came at the wrong time, or a stuck busy_o (outcome `r` of
 * tnam_seq_retire), and returns 0. */
int tnam_check_report_timing(const tnam_check_ctx_t *c, uint64_t cycle, tnam_retire_t r,
                             size_t eval_op, const char *side);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_CHECK_H */
