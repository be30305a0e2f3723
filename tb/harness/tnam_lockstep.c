// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The lockstep back end: RTL and golden model stepped together, compared every cycle. */
#include "tnam_lockstep.h"

#include <stdio.h>
#include <stdlib.h>

#include "tnam_check.h"

typedef struct {
  tnam_backend_t rtl, model;
  tnam_chip_t *chip;
  tnam_out_plan_t plan; /* the compare's */
  const tnam_stream_t *s;
  const tnam_seq_t *q;
  tnam_exec_describe_fn describe;
  void *ctx;
} lockstep_t;

static void lockstep_bind(tnam_backend_t *b, const struct tnam_stream *s,
                          const struct tnam_seq *q) {
  lockstep_t *k = b->impl;
  k->s = s;
  k->q = q;
}

/* The first difference: the report of make sim, naming the op in the caller's terms. */
static void report(const lockstep_t *k, const tnam_chip_in_t *in, const tnam_chip_out_t *exp,
                   const tnam_chip_out_t *act) {
  const size_t pending = tnam_seq_pending_eval(k->q);
  const size_t op = pending != TNAM_SEQ_NONE ? pending : tnam_seq_issued_op(k->q, k->q->cycle);
  char work[1024] = ""; /* image, layer, neurons: short */
  tnam_str_t repro = {0};
  if (op != TNAM_SEQ_NONE && k->describe) k->describe(k->ctx, op, work, sizeof work, &repro);
  const tnam_check_ctx_t c = {.s = k->s,
                              .seq = k->q,
                              .chip = k->chip,
                              .repro = tnam_str_get(&repro),
                              .exp_name = "golden model",
                              .act_name = k->rtl.name,
                              .in = in,
                              .work = work[0] ? work : NULL,
                              .out = stderr};
  tnam_check_report_mismatch(&c, k->q->cycle, exp, act);
  tnam_str_free(&repro);
}

static const tnam_chip_out_t *lockstep_step(tnam_backend_t *b, const tnam_chip_in_t *in) {
  lockstep_t *k = b->impl;
  if (!k->s) {
    fprintf(stderr, "error: the lockstep back end runs only under the executor\n");
    return NULL;
  }
  const tnam_chip_out_t *act = k->rtl.step(&k->rtl, in);
  if (!act) return NULL;
  const tnam_chip_out_t *exp = k->model.step(&k->model, in);
  if (tnam_out_plan_equal(&k->plan, exp, act)) return exp;
  report(k, in, exp, act);
  return NULL;
}

static void lockstep_close(tnam_backend_t *b) {
  lockstep_t *k = b->impl;
  if (!k) return;
  k->rtl.close(&k->rtl);
  k->model.close(&k->model);
  tnam_chip_free(k->chip);
  free(k);
  b->impl = NULL;
}

int tnam_lockstep_open(tnam_backend_t *b, tnam_backend_t *rtl, const tnam_chip_params_t *cp,
                       tnam_exec_describe_fn describe, void *ctx, char *err, size_t err_size) {
  lockstep_t *k = calloc(1, sizeof *k);
  if (!k || !(k->chip = tnam_chip_new(cp))) {
    snprintf(err, err_size, "out of memory for the golden model");
    free(k);
    return 0;
  }
  k->rtl = *rtl;
  tnam_out_plan_init(&k->plan, cp);
  k->describe = describe;
  k->ctx = ctx;
  tnam_backend_model_init(&k->model, k->chip);
  b->name = "lockstep (RTL against the golden model)";
  b->step = lockstep_step;
  b->bind = lockstep_bind;
  b->close = lockstep_close;
  b->impl = k;
  return 1;
}
