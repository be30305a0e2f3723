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
  tnam_model_t *model;   /* operands come from here; NULL when the model does not run */
  const char *seed_text; /* decimal seed of a generated stream, NULL for a stream file */
  const char *repro;     /* one command line that reproduces the run */
  const char *exp_name;  /* "golden model" */
  const char *act_name;  /* "RTL" */
  FILE *out;
} tnam_check_ctx_t;

/* Compares every observable of one cycle. Returns 1 when equal; otherwise prints the
 * mismatch report and returns 0. */
int tnam_check_outputs(const tnam_check_ctx_t *c, uint64_t cycle, const tnam_out_t *exp,
                       const tnam_out_t *act);

/* Checks the stream's expect lines of evaluation `eval_op` against `out`, the outputs of
 * back end `side`. Returns 1 when all hold; otherwise prints a report and returns 0. */
int tnam_check_expects(const tnam_check_ctx_t *c, uint64_t cycle, size_t eval_op,
                       const tnam_out_t *out, const char *side);

/* Reports a result that came at the wrong time (see tnam_seq_retire) and returns 0. */
int tnam_check_report_timing(const tnam_check_ctx_t *c, uint64_t cycle, int spurious,
                             size_t eval_op, const char *side);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_CHECK_H */
