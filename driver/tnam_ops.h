// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The chip's command list: ops (one per cycle-consuming command of spec section 7), their
 * expectations, and appending both. Host software builds one to run work through the sequencer
 * (tnam_seq.h); the test bench reads and writes it as a .tns stream (tb/stimulus/tnam_stream.h). */
#ifndef TNAM_OPS_H
#define TNAM_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_chip.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Expanded operations, one per cycle-consuming command: every `thr *` and `load` is already
 * split into one op per cycle. Expectations are not ops: they hang off their evaluation. Each
 * kind keeps its operands in its own member of tnam_op_t's union `u`, named below. */
typedef enum {
  TNAM_OP_RESET,  /* u.reset */
  TNAM_OP_WRITE,  /* u.write (write, write4 and each row of load) */
  TNAM_OP_THR,    /* u.thr */
  TNAM_OP_EVAL,   /* u.eval: a threshold-mode evaluation */
  TNAM_OP_IDLE,   /* u.idle */
  TNAM_OP_MODE,   /* u.mode (mode, select and test) */
  TNAM_OP_BIAS,   /* u.bias */
  TNAM_OP_LEVEL,  /* u.eval: a level-mode evaluation */
  TNAM_OP_Q4,     /* u.eval: a q4 evaluation */
  TNAM_OP_MAP,    /* u.map */
  TNAM_OP_RESID,  /* u.resid */
  TNAM_OP_TRIM,   /* u.trim */
  TNAM_OP_HEALTH, /* u.health */
  TNAM_OP_INJECT, /* u.inject (inject, and each item of variation) */
  TNAM_OP_CAL,    /* u.cal */
  TNAM_OP_KINDS
} tnam_op_kind_t;

/* The highest rate of held edges a stream may ask for (spec 7, `hold`), per mille: at most
 * half of the edges, so that a stream always makes progress. */
#define TNAM_HOLD_RATE_MAX 500u

/* Configuration flags of MODE and CAL ops. */
#define TNAM_CFG_SELECT 1u
#define TNAM_CFG_TEST 2u
/* A tile map packed into 64 bits: 4 bits per macro, bit 3 = holds a tile, bits 0-2 = tile. */
#define TNAM_MAP_BITS 4
#define TNAM_MAP_VALID 8u
static inline uint32_t tnam_map_get(uint64_t map, unsigned m) {
  return (uint32_t)(map >> (TNAM_MAP_BITS * m)) & 15u;
}
/* The map after reset: macro m holds tile m for m < T. */
uint64_t tnam_map_reset(const tnam_chip_params_t *p);

/* Names of the op kinds as the stream spells the command ("eval" for both eval kinds). */
extern const char *const tnam_op_names[TNAM_OP_KINDS];
/* Names of the layer modes (TNAM_MODE_*) as `mode` spells them. */
extern const char *const tnam_mode_names[3];

/* 1 for the ops that start an evaluation (their results are checked, they carry expects). */
static inline int tnam_op_is_eval(uint32_t kind) {
  return kind == TNAM_OP_EVAL || kind == TNAM_OP_LEVEL || kind == TNAM_OP_Q4;
}
/* 1 for the multi-level evaluations (variable length, finished by done_o). */
static inline int tnam_op_is_multilevel(uint32_t kind) {
  return kind == TNAM_OP_LEVEL || kind == TNAM_OP_Q4;
}
/* 1 for the ops that write macro registers: they go to the macros in `mask` (`target`). */
static inline int tnam_op_writes_registers(uint32_t kind) {
  return kind == TNAM_OP_WRITE || kind == TNAM_OP_THR || kind == TNAM_OP_BIAS ||
         kind == TNAM_OP_TRIM || kind == TNAM_OP_HEALTH || kind == TNAM_OP_INJECT;
}

#define TNAM_NO_EXPECT UINT32_MAX

/* One op. The union keeps the op as small as its largest kind (an evaluation's word lines):
 * generated streams hold millions of ops. Read only the member of `kind`. */
typedef struct {
  uint32_t kind; /* tnam_op_kind_t */
  uint32_t line; /* source line in `path` (generated streams: the line it has when dumped) */
  uint32_t mask; /* macro mask of register writes; any other op drives it unused */
  union {
    struct {
      uint32_t cycles; /* rst_n low this long */
    } reset;
    struct {
      uint32_t cycles;
    } idle;
    struct {
      uint32_t row;
      uint64_t mag, sign; /* column masks: weight non-zero, weight negative */
    } write;
    struct {
      uint32_t col;
      int32_t value;
    } thr;
    struct {
      uint32_t neuron;
      int32_t value;
    } bias;
    struct {
      uint32_t col;
      int32_t value;
    } trim;
    struct {
      uint32_t row;
      uint64_t flags; /* bit c: column c's cell is known defective */
    } health;
    struct {
      uint32_t sel;  /* TNAM_VAR_*: which register */
      uint32_t addr; /* column (offset) or row (defect) */
      uint64_t data; /* as the variation port takes it (two's complement in its width) */
    } inject;
    struct {
      uint32_t macro;
      int32_t tile; /* -1: the macro holds no tile */
    } map;
    struct {
      uint32_t macro;
      uint32_t value;
    } resid;
    struct {
      uint32_t mode;  /* TNAM_MODE_* */
      uint32_t shift; /* requantisation shift */
      uint32_t flags; /* TNAM_CFG_* */
    } mode;
    struct { /* calibrate (spec 12.2), then restore this configuration and tile map */
      uint32_t mode, shift, flags; /* as in u.mode */
      uint64_t map;                /* TNAM_MAP_* per macro */
    } cal;
    struct {           /* EVAL, LEVEL, Q4 */
      uint32_t expect; /* index of the first of T expects (one per tile), or TNAM_NO_EXPECT */
      uint32_t pool;   /* Q4: index of its T activation vectors in act_pool (in units of
                          TNAM_ACT_WORDS words); EVAL, LEVEL: of tiles 1 .. T-1's word lines in
                          x_pool (in units of TNAM_ROW_WORDS), when T > 1 */
      uint32_t runs;   /* the tiles that run (bit t, spec 11.3) */
      uint64_t x[TNAM_ROW_WORDS]; /* EVAL, LEVEL: tile 0's word lines */
    } eval;
  } u;
} tnam_op_t;

/* The cycles an op takes: its count for reset and idle, one for any other (a multi-level
 * evaluation is counted as the cycle that starts it). */
static inline uint32_t tnam_op_cycles(const tnam_op_t *op) {
  return op->kind == TNAM_OP_RESET  ? op->u.reset.cycles
         : op->kind == TNAM_OP_IDLE ? op->u.idle.cycles
                                    : 1;
}

/* What the stream expects of one evaluation's result (spec section 7). */
enum {
  TNAM_EXPECT_DEC,    /* bits */
  TNAM_EXPECT_GATE,   /* bits */
  TNAM_EXPECT_MAC,    /* C values */
  TNAM_EXPECT_CODE,   /* C values */
  TNAM_EXPECT_ACC,    /* NN values */
  TNAM_EXPECT_OUT,    /* NN values */
  TNAM_EXPECT_CYCLES, /* bits = cycles from eval_i to done_o */
  TNAM_EXPECT_SEL,    /* bits = the macro chosen for the tile, or TNAM_SEL_NONE */
  TNAM_EXPECT_KINDS
};
#define TNAM_SEL_NONE UINT64_MAX

/* Expectation names as the stream spells them. */
extern const char *const tnam_expect_names[TNAM_EXPECT_KINDS];

typedef struct {
  uint32_t line[TNAM_EXPECT_KINDS]; /* source line of each expectation; 0 = not expected */
  uint32_t kinds;                   /* bit k: line[k] != 0 (a check visits only these kinds) */
  uint64_t bits[TNAM_EXPECT_KINDS]; /* dec, gate, cycles: the value; the value lists: the index
                                       of the first value in val_pool */
} tnam_expect_t;

struct tnam_stream_source;

/* A stream is a window onto its ops (D41): ops, expectations and the pools hold the entries
 * from absolute index *_base up to the absolute end n_*; every index an op or an expectation
 * carries is absolute, and tnam_stream_op() and the accessors below find it in the window. A
 * stream read from a file, or built by host software, is whole (every base 0, no source). A
 * lazily generated stream has a source that appends its next ops on demand
 * (tnam_stream_more(), called by the sequencer when it runs out), after dropping the ops the
 * sequencer no longer refers to: a run of any length then holds a bounded window. */
typedef struct tnam_stream {
  const char *path;        /* file name for messages, or a description of a generated stream
                              (the stream's own copy, freed by tnam_stream_free) */
  tnam_chip_params_t chip; /* from the `config` line */
  tnam_params_t params;    /* chip.core: every macro's parameters */
  unsigned config_line;    /* where that line is (0 for a generated stream) */
  tnam_op_t *ops;
  size_t n_ops, cap_ops;
  tnam_expect_t *expects;
  size_t n_expects, cap_expects;
  int32_t *val_pool; /* values of mac, code, acc and out expectations */
  size_t n_val, cap_val;
  uint64_t *act_pool; /* activations of q4 evaluations, TNAM_ACT_WORDS words per tile */
  size_t n_act, cap_act;
  uint64_t *x_pool; /* word lines of tiles 1 .. T-1, TNAM_ROW_WORDS words per tile */
  size_t n_x, cap_x;
  /* Held edges (spec 7, `hold RATE SEED`): per mille of the rising edges (0: none) and the
   * seed of their draws; a dump writes them on its comment line. */
  uint32_t hold_rate;
  uint64_t hold_seed;
  size_t dump_lines;  /* lines a dump has written so far: generated ops get these numbers */
  uint32_t dump_mask; /* the `target` a dump has in force after the ops so far */
  /* The window: absolute index of ops[0], expects[0], val_pool[0], act_pool[0], x_pool[0]. */
  size_t op_base, expect_base, val_base, act_base, x_base;
  struct tnam_stream_source *source; /* appends the next ops, or NULL: the stream is whole */
} tnam_stream_t;

/* What appends a lazily generated stream's next ops (the generator, tb/stimulus/tnam_gen.h). */
typedef struct tnam_stream_source {
  tnam_stream_t *s; /* the stream it appends to */
  int done;         /* 1 once the last op has been appended */
  /* Appends the next block of ops (at least one, unless done): 1, or 0 when out of memory or
   * when the stream would outgrow its line numbers (a message in err). */
  int (*more)(struct tnam_stream_source *src);
  void (*free)(struct tnam_stream_source *src);
  double seconds; /* wall time spent in `more` through tnam_stream_more(): a run's rates leave
                     it out, as they left out a stream generated before the first cycle */
  char err[160];
} tnam_stream_source_t;

/* An empty stream named `path` (copied), for chip *p when p is not NULL. Returns 0 when out of
 * memory (the stream is still usable and freeable, with a stand-in name). */
int tnam_stream_init(tnam_stream_t *s, const char *path, const tnam_chip_params_t *p);
/* Frees the stream and its source. */
void tnam_stream_free(tnam_stream_t *s);

/* The op at absolute index i, which must be in the window (op_base <= i < n_ops). The one way
 * to an op by its index: indices outlive the window's moves, pointers do not. */
static inline const tnam_op_t *tnam_stream_op(const tnam_stream_t *s, size_t i) {
  return &s->ops[i - s->op_base];
}

/* 1 when no op follows absolute index `next`: the window ends there and no source will add
 * more. */
static inline int tnam_stream_ended(const tnam_stream_t *s, size_t next) {
  return next >= s->n_ops && (!s->source || s->source->done);
}

/* For the sequencer of a lazily generated stream that has run out of ops: drops every op
 * before absolute index `keep` (and the expectations and pool entries only they use), then
 * has the source append its next block. 1 when ops were appended; 0 at the end of the stream
 * and for a whole stream; -1 when the source failed (its message in source->err). The stream
 * changes under the caller's const pointer: only its window moves, never an op's index. */
int tnam_stream_more(const tnam_stream_t *s, size_t keep);

/* Appends one op; returns 0 when out of memory. An op with line 0 gets the line it will
 * have in a dump. */
int tnam_stream_push(tnam_stream_t *s, const tnam_op_t *op);

/* Appends an evaluation of `kind` (EVAL, LEVEL or Q4) that runs the tiles in `runs`:
 * `vecs` holds T vectors, TNAM_ROW_WORDS words each (EVAL, LEVEL) or TNAM_ACT_WORDS (Q4).
 * Returns 0 when out of memory. */
int tnam_stream_push_eval(tnam_stream_t *s, uint32_t kind, uint32_t line, const uint64_t *vecs,
                          uint32_t runs);

/* Attaches an expectation of `kind` for `tile` to the latest op, which must be an evaluation:
 * `bits` for dec, gate, cycles and sel, `vals` for the value lists (tnam_expect_count()
 * values). Line 0: the line it will have in a dump. Returns 0 when out of memory. */
int tnam_stream_expect(tnam_stream_t *s, unsigned tile, int kind, uint64_t bits,
                       const int32_t *vals, uint32_t line);

/* Number of values of a list expectation (C or NN); 0 for dec, gate, cycles and sel. */
static inline unsigned tnam_expect_count(const tnam_params_t *p, int kind) {
  switch (kind) {
    case TNAM_EXPECT_MAC:
    case TNAM_EXPECT_CODE: return p->cols;
    case TNAM_EXPECT_ACC:
    case TNAM_EXPECT_OUT: return p->nn;
    default: return 0;
  }
}

/* The value list of expectation `kind` of e (only for list kinds). */
static inline const int32_t *tnam_expect_vals(const tnam_stream_t *s, const tnam_expect_t *e,
                                              int kind) {
  return &s->val_pool[e->bits[kind] - s->val_base];
}

/* Tile t's activations of a q4 evaluation op. */
static inline const uint64_t *tnam_op_act(const tnam_stream_t *s, const tnam_op_t *op, unsigned t) {
  return &s->act_pool[((size_t)op->u.eval.pool + t) * TNAM_ACT_WORDS - s->act_base];
}
/* Tile t's word lines of a threshold or level evaluation op. */
static inline const uint64_t *tnam_op_x(const tnam_stream_t *s, const tnam_op_t *op, unsigned t) {
  return t == 0 ? op->u.eval.x
                : &s->x_pool[((size_t)op->u.eval.pool + t - 1) * TNAM_ROW_WORDS - s->x_base];
}
/* The expectations of tile t of an evaluation op, or NULL. */
static inline const tnam_expect_t *tnam_op_expect(const tnam_stream_t *s, const tnam_op_t *op,
                                                  unsigned t) {
  return op->u.eval.expect == TNAM_NO_EXPECT ? NULL
                                             : &s->expects[op->u.eval.expect + t - s->expect_base];
}

/* Cycles the stream's ops in the window take without the drain at the end (a whole stream:
 * all of them), counting one cycle for each multi-level evaluation (whose real length depends
 * on the data). */
uint64_t tnam_stream_cycles(const tnam_stream_t *s);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_OPS_H */
