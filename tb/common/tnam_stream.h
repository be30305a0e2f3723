/* Test streams (.tns): parsed command list shared by every harness (spec section 7). */
#ifndef TNAM_STREAM_H
#define TNAM_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tnam_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Expanded operations, one per cycle-consuming command: every `thr *` and `load` is already
 * split into one op per cycle. Expectations are not ops: they hang off their evaluation. */
typedef enum {
  TNAM_OP_RESET, /* arg = cycles with rst_n low */
  TNAM_OP_WRITE, /* arg = row; mag, sign = column masks (write and write4) */
  TNAM_OP_THR,   /* arg = column; value = threshold */
  TNAM_OP_EVAL,  /* threshold mode: bits = word lines; arg = index in expects, or
                    TNAM_NO_EXPECT */
  TNAM_OP_IDLE,  /* arg = cycles */
  TNAM_OP_MODE,  /* arg = mode (TNAM_MODE_*); value = shift */
  TNAM_OP_BIAS,  /* arg = neuron; value = bias */
  TNAM_OP_LEVEL, /* level-mode evaluation: bits = word lines; arg as for EVAL */
  TNAM_OP_Q4,    /* q4 evaluation: value = index of its activations in act_pool (in units of
                    TNAM_ACT_WORDS words); arg as for EVAL */
  TNAM_OP_KINDS
} tnam_op_kind_t;

/* Names of the op kinds as the stream spells the command ("eval" for both eval kinds). */
extern const char *const tnam_op_names[TNAM_OP_KINDS];

/* 1 for the ops that start an evaluation (their results are checked, they carry expects). */
static inline int tnam_op_is_eval(uint32_t kind) {
  return kind == TNAM_OP_EVAL || kind == TNAM_OP_LEVEL || kind == TNAM_OP_Q4;
}
/* 1 for the multi-level evaluations (variable length, finished by done_o). */
static inline int tnam_op_is_multilevel(uint32_t kind) {
  return kind == TNAM_OP_LEVEL || kind == TNAM_OP_Q4;
}

#define TNAM_NO_EXPECT UINT32_MAX

typedef struct {
  uint32_t kind; /* tnam_op_kind_t */
  uint32_t line; /* source line in `path` (generated streams: the line it has when dumped) */
  uint32_t arg;
  int32_t value;
  uint64_t mag;
  uint64_t sign;
  uint64_t bits[TNAM_ROW_WORDS];
} tnam_op_t;

/* What the stream expects of one evaluation's result (spec section 7). */
enum {
  TNAM_EXPECT_DEC,    /* bits */
  TNAM_EXPECT_GATE,   /* bits */
  TNAM_EXPECT_MAC,    /* C values */
  TNAM_EXPECT_CODE,   /* C values */
  TNAM_EXPECT_ACC,    /* NN values */
  TNAM_EXPECT_OUT,    /* NN values */
  TNAM_EXPECT_CYCLES, /* bits = cycles from eval_i to done_o */
  TNAM_EXPECT_KINDS
};

/* Expectation names as the stream spells them. */
extern const char *const tnam_expect_names[TNAM_EXPECT_KINDS];

typedef struct {
  uint32_t line[TNAM_EXPECT_KINDS]; /* source line of each expectation; 0 = not expected */
  uint64_t bits[TNAM_EXPECT_KINDS]; /* dec, gate, cycles: the value; the value lists: the index
                                       of the first value in val_pool */
} tnam_expect_t;

typedef struct {
  char path[256];       /* file name for messages, or a description of a generated stream */
  tnam_params_t params; /* from the `config` line */
  unsigned config_line; /* where that line is (0 for a generated stream) */
  tnam_op_t *ops;
  size_t n_ops, cap_ops;
  tnam_expect_t *expects;
  size_t n_expects, cap_expects;
  int32_t *val_pool; /* values of mac, code, acc and out expectations */
  size_t n_val, cap_val;
  uint64_t *act_pool; /* activations of q4 evaluations, TNAM_ACT_WORDS words each */
  size_t n_act, cap_act;
  size_t dump_lines; /* lines a dump has written so far: generated ops get these numbers */
} tnam_stream_t;

/* Error text: "FILE:LINE: message". */
typedef struct {
  char msg[512];
} tnam_err_t;

void tnam_stream_init(tnam_stream_t *s, const char *path, const tnam_params_t *p);
void tnam_stream_free(tnam_stream_t *s);

/* Appends one op; returns 0 when out of memory. An op with line 0 gets the line it will
 * have in a dump. */
int tnam_stream_push(tnam_stream_t *s, const tnam_op_t *op);

/* Appends a q4 evaluation with these activations (TNAM_ACT_WORDS words). Returns 0 when out
 * of memory. */
int tnam_stream_push_q4(tnam_stream_t *s, uint32_t line, const uint64_t *act);

/* Attaches an expectation of `kind` to the latest op, which must be an evaluation:
 * `bits` for dec, gate and cycles, `vals` for the value lists (tnam_expect_count() values).
 * Line 0: the line it will have in a dump. Returns 0 when out of memory. */
int tnam_stream_expect(tnam_stream_t *s, int kind, uint64_t bits, const int32_t *vals,
                       uint32_t line);

/* Number of values of a list expectation (C or NN); 0 for dec, gate and cycles. */
unsigned tnam_expect_count(const tnam_params_t *p, int kind);

/* The value list of expectation `kind` of e (only for list kinds). */
static inline const int32_t *tnam_expect_vals(const tnam_stream_t *s, const tnam_expect_t *e,
                                              int kind) {
  return &s->val_pool[e->bits[kind]];
}

/* The activations of a q4 evaluation op. */
static inline const uint64_t *tnam_op_act(const tnam_stream_t *s, const tnam_op_t *op) {
  return &s->act_pool[(size_t)(uint32_t)op->value * TNAM_ACT_WORDS];
}

/* Parses a whole .tns file. On failure fills err, frees what it built, returns 0. */
int tnam_stream_load(const char *path, tnam_stream_t *s, tnam_err_t *err);

/* Writes the stream as a .tns text that parses back to the same ops. Returns 0 on I/O error. */
int tnam_stream_dump(const tnam_stream_t *s, FILE *f);

/* Cycles the stream takes without the drain at the end, counting one cycle for each
 * multi-level evaluation (whose real length depends on the data). */
uint64_t tnam_stream_cycles(const tnam_stream_t *s);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_STREAM_H */
