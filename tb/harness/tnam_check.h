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

/* The equality check of every observable of spec section 6, in every macro and in the chip,
 * planned once per chip configuration. It compares each output field of the elements in use
 * (the columns below C, the neurons below NN, the tiles below T, the macros below M): all of
 * the field, but only the W bits of a field whose bits the report lists one by one (gate, dec,
 * sar_q, sel_valid, map_valid). The plan covers those bytes with 32-byte windows, each with
 * the mask of its compared bits, so a cycle's compare is a load, XOR, AND and OR per window
 * (AVX2 where the CPU has it). Padding and unused entries lie outside every mask: the compare
 * needs no zeroing of the output structs (docs/decisions.md D31). */
#define TNAM_OUT_WINDOW 32
#define TNAM_OUT_UNROLL 8
/* Windows never overlap (the last may be moved back inside the struct); up to TNAM_OUT_UNROLL
 * - 1 unused entries lead them. */
#define TNAM_OUT_WINDOWS_MAX (sizeof(tnam_chip_out_t) / TNAM_OUT_WINDOW + TNAM_OUT_UNROLL)
/* x86-64 has an AVX2 version of the compare, chosen at run time. */
#if defined(__x86_64__) && defined(__GNUC__)
#define TNAM_OUT_AVX2 1
#else
#define TNAM_OUT_AVX2 0
#endif
typedef struct tnam_out_plan tnam_out_plan_t;
struct tnam_out_plan {
  int (*equal)(const tnam_out_plan_t *plan, const tnam_chip_out_t *e, const tnam_chip_out_t *a);
  unsigned n;                                               /* windows */
  uint32_t offset[TNAM_OUT_WINDOWS_MAX];                    /* in tnam_chip_out_t */
  uint64_t mask[TNAM_OUT_WINDOWS_MAX][TNAM_OUT_WINDOW / 8]; /* its compared bits */
};

/* Plans the compare of chip *p. */
void tnam_out_plan_init(tnam_out_plan_t *plan, const tnam_chip_params_t *p);
/* 1 when *e and *a are equal in every compared bit. */
static inline int tnam_out_plan_equal(const tnam_out_plan_t *plan, const tnam_chip_out_t *e,
                                      const tnam_chip_out_t *a) {
  return plan->equal(plan, e, a);
}
/* The same for callers that compare now and then (tests): plans the compare on every call. */
int tnam_chip_outputs_equal(const tnam_chip_out_t *e, const tnam_chip_out_t *a,
                            const tnam_chip_params_t *p);

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
  /* The compare of the chip of s, for tnam_check_outputs(). */
  const tnam_out_plan_t *plan;
  FILE *out;
} tnam_check_ctx_t;

/* Compares every observable of one cycle. Returns 1 when equal; otherwise prints the
 * mismatch report and returns 0. */
int tnam_check_report_mismatch(const tnam_check_ctx_t *c, uint64_t cycle,
                               const tnam_chip_out_t *exp, const tnam_chip_out_t *act);
static inline int tnam_check_outputs(const tnam_check_ctx_t *c, uint64_t cycle,
                                     const tnam_chip_out_t *exp, const tnam_chip_out_t *act) {
  return tnam_out_plan_equal(c->plan, exp, act) || tnam_check_report_mismatch(c, cycle, exp, act);
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

/* What one cycle's outputs retired (tnam_check_retire()). */
typedef struct {
  size_t eval_op;   /* the evaluation whose result they show, or TNAM_SEQ_NONE */
  size_t norun;     /* an evaluation that ran on no macro, or TNAM_SEQ_NONE */
  uint64_t latency; /* cycles from eval_op's issue to this result */
} tnam_retired_t;

/* After a cycle: retires what `out` (the outputs of back end `side`) completes in c->seq
 * (which the caller passes writable as seq) and checks the stream's expectations of it, and
 * the timing of results. Returns 1, or 0 after the report. */
static inline int tnam_check_retire(const tnam_check_ctx_t *c, tnam_seq_t *seq, uint64_t cycle,
                                    const tnam_chip_out_t *out, const char *side,
                                    tnam_retired_t *done) {
  done->latency = 0;
  done->norun = TNAM_SEQ_NONE;
  const tnam_retire_t ret = tnam_seq_retire(seq, out, &done->eval_op, &done->latency);
  if (ret != TNAM_RETIRE_OK) {
    const size_t op = done->eval_op;
    done->eval_op = TNAM_SEQ_NONE;
    if (ret != TNAM_RETIRE_NONE) return tnam_check_report_timing(c, cycle, ret, op, side);
  } else if (!tnam_check_expects(c, cycle, done->eval_op, out, side, done->latency)) {
    return 0;
  }
  /* Called only after a cycle that issued an evaluation running on no macro (most issue none). */
  if (seq->norun_op != TNAM_SEQ_NONE) done->norun = tnam_seq_retire_norun(seq, out);
  return done->norun == TNAM_SEQ_NONE || tnam_check_expects(c, cycle, done->norun, out, side, 0);
}

#ifdef __cplusplus
}
#endif

#endif /* TNAM_CHECK_H */
