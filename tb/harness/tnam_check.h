// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Per-cycle checker shared by every harness: compares observables, reports the first mismatch. */
#ifndef TNAM_CHECK_H
#define TNAM_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tnam_ports.h"
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
  const char *work;         /* what the op serves in the caller's terms (a network run: image,
                               layer, neurons), or NULL */
  FILE *out;
} tnam_check_ctx_t;

/* The equality check, expanded from the port list (tnam_ports.h): every output field is
 * compared. diff collects the bits in which the two sides differ: an I32 as its 32 bits, a word
 * array word by word (all of its words). */
#define TNAM_EQ_BOOL(x, y) diff |= (uint64_t)((x) ^ (y));
#define TNAM_EQ_U32(x, y) diff |= (uint64_t)((x) ^ (y));
#define TNAM_EQ_I32(x, y) diff |= (uint32_t)((x) ^ (y));
#define TNAM_EQ_U64(x, y) diff |= (x) ^ (y);
#define TNAM_EQ_WORDS(x, y) \
  for (size_t k_ = 0; k_ < sizeof(x) / sizeof(x)[0]; k_++) diff |= (x)[k_] ^ (y)[k_];
#define TNAM_EQ_EACH(kind, f, n)       \
  for (unsigned k = 0; k < (n); k++) { \
    TNAM_EQ_##kind(e->f[k], a->f[k])   \
  }
/* A macro's observables (p: its tnam_params_t) ... */
#define TNAM_EQ_MACRO_M(kind, f) TNAM_EQ_##kind(e->f, a->f)
#define TNAM_EQ_MACRO_M_COL(kind, f) TNAM_EQ_EACH(kind, f, p->cols)
#define TNAM_EQ_MACRO_M_NEURON(kind, f) TNAM_EQ_EACH(kind, f, p->nn)
#define TNAM_EQ_MACRO_CHIP(kind, f)
#define TNAM_EQ_MACRO_TILE(kind, f)
#define TNAM_EQ_MACRO_MACRO(kind, f)
#define TNAM_EQ_MACRO(name, field, scope, kind, ...) TNAM_EQ_MACRO_##scope(kind, field)
/* ... and the chip's own (p: the tnam_chip_params_t). */
#define TNAM_EQ_CHIP_M(kind, f)
#define TNAM_EQ_CHIP_M_COL(kind, f)
#define TNAM_EQ_CHIP_M_NEURON(kind, f)
#define TNAM_EQ_CHIP_CHIP(kind, f) TNAM_EQ_##kind(e->f, a->f)
#define TNAM_EQ_CHIP_TILE(kind, f) TNAM_EQ_EACH(kind, f, p->tiles)
#define TNAM_EQ_CHIP_MACRO(kind, f) TNAM_EQ_EACH(kind, f, p->macros)
#define TNAM_EQ_CHIP(name, field, scope, kind, ...) TNAM_EQ_CHIP_##scope(kind, field)

/* 1 when every observable of spec section 6 of one macro is equal. Inline, branch-free and
 * without library calls: it runs every cycle of every lockstep run. */
static inline int tnam_outputs_equal(const tnam_out_t *e, const tnam_out_t *a,
                                     const tnam_params_t *p) {
  uint64_t diff = 0;
  TNAM_PORTS_OUT(TNAM_EQ_MACRO)
  return diff == 0;
}

/* 1 when the chip's own observables (selection, enables, counters, map) are equal. */
static inline int tnam_chip_fields_equal(const tnam_chip_out_t *e, const tnam_chip_out_t *a,
                                         const tnam_chip_params_t *p) {
  uint64_t diff = 0;
  TNAM_PORTS_OUT(TNAM_EQ_CHIP)
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
