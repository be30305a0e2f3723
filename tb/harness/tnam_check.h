// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Per-cycle checker shared by every harness: compares observables, reports the first mismatch. */
#ifndef TNAM_CHECK_H
#define TNAM_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

/* The equality check of every observable of spec section 6, in every macro and in the chip:
 * two byte compares of the whole output structs (the macros in use, then the chip's own
 * fields), which glibc runs a vector at a time and which stop at the first differing word (the
 * field-by-field walk of the port list they replace cost a third more per cycle; comparing only
 * the spans of the elements in use, a third of the bytes, cost more in calls than it saved). The
 * port list now drives only the mismatch report, walked once a compare has failed. This needs
 * every byte outside the observables - padding, the entries beyond C columns, NN neurons, T
 * tiles and M macros, the bits above a port's width - to be 0 on both sides: every back end
 * zeroes its output struct once (memset, calloc or C++ value-initialisation) and then writes
 * only the fields, each within its width. */
#define TNAM_CHIP_OWN_OUTPUTS sizeof(((tnam_chip_out_t *)0)->m) /* where the chip's own begin */
static inline int tnam_chip_outputs_equal(const tnam_chip_out_t *e, const tnam_chip_out_t *a,
                                          const tnam_chip_params_t *p) {
  return memcmp(e->m, a->m, p->macros * sizeof e->m[0]) == 0 &&
         memcmp((const char *)e + TNAM_CHIP_OWN_OUTPUTS, (const char *)a + TNAM_CHIP_OWN_OUTPUTS,
                sizeof *e - TNAM_CHIP_OWN_OUTPUTS) == 0;
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
