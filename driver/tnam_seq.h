// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Sequencer: turns a stream into per-cycle port inputs and tracks evaluations in flight. */
#ifndef TNAM_SEQ_H
#define TNAM_SEQ_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_prng.h"
#include "tnam_ops.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Cycles from `eval_i` to the result on the outputs (spec section 5) for a threshold
 * evaluation; a multi-level one takes at most tnam_seq_t.max_latency (spec section 10). */
#define TNAM_EVAL_LATENCY 2
#define TNAM_SEQ_NONE ((size_t)-1)
#define TNAM_SEQ_FIFO 8

/* Masks of the low W bits, by the width W they are named after: what the idle-port noise of a
 * field keeps (computed once, not per field and cycle); and the tiles' vectors' noise, one
 * word per draw in the order drawn (per tile its x words, R bits, then its act words, 4R
 * bits): where each word is in tnam_chip_in_t (bytes) and the bits it keeps. */
#define TNAM_SEQ_VECTOR_WORDS (TNAM_MAX_TILES * (TNAM_ROW_WORDS + TNAM_ACT_WORDS))
typedef struct {
  uint64_t raw, caw, cols, vw, naw, bw, ow, vaw, vdw, macros, mw, tw;
  unsigned vector_words;
  uint16_t vector_at[TNAM_SEQ_VECTOR_WORDS];
  uint64_t vector_keep[TNAM_SEQ_VECTOR_WORDS];
} tnam_seq_masks_t;

typedef struct tnam_seq {
  const tnam_stream_t *s;
  unsigned macros, tiles;        /* the stream's chip: M and T */
  size_t next_op;                /* next op to issue */
  size_t cur_op;                 /* op driving the current cycle (TNAM_SEQ_NONE while draining) */
  uint32_t repeat_left;          /* cycles still to issue for the current reset/idle op */
  unsigned drain_left;           /* idle cycles after the last op, so every result appears */
  uint64_t cycle;                /* index of the cycle the last tnam_seq_next() prepared */
  size_t fifo_op[TNAM_SEQ_FIFO]; /* evaluations in flight: op index */
  uint64_t fifo_cycle[TNAM_SEQ_FIFO];               /* and the cycle each was issued in */
  uint32_t fifo_sel_valid[TNAM_SEQ_FIFO];           /* sel_valid_o after its edge */
  uint32_t fifo_sel[TNAM_SEQ_FIFO][TNAM_MAX_TILES]; /* sel_o after its edge */
  unsigned fifo_head, fifo_count;
  /* The selection of the evaluation last retired (read by the expectation checks). */
  uint32_t retired_sel_valid;
  uint32_t retired_sel[TNAM_MAX_TILES];
  size_t norun_op;     /* an evaluation that runs on no macro, issued in the last cycle */
  size_t issued_op[4]; /* op that drove each of the last cycles, by cycle % 4 (for reports) */
  tnam_prng_t noise;   /* don't-care values for the data inputs of idle ports */
  tnam_seq_masks_t masks;
  unsigned max_latency;         /* longest multi-level operation: 2 + 4 S */
  unsigned stall;               /* consecutive cycles spent waiting for busy_o to fall */
  const tnam_chip_in_t *filled; /* the inputs tnam_seq_next() wrote last */
  /* Held edges (ce_i = 0, spec 7 `hold`): the stream's rate per mille (0: none), the draws. */
  uint32_t hold_rate;
  tnam_prng_t hold_draw;
  uint64_t held;    /* held edges so far */
  int rst_n_before; /* rst_ni of the latest cycle: a held edge keeps it */
  /* The source of a lazily generated stream failed to append its next ops (its message in
   * s->source->err): tnam_seq_next() returned 0 before the end of the stream. */
  int source_failed;
} tnam_seq_t;

void tnam_seq_init(tnam_seq_t *q, const tnam_stream_t *s);

/* Prepares the inputs of the next rising edge: a cycle, or a held edge (in->core.hold set:
 * ce_i = 0, not a cycle; the stream's `hold` line draws them, spec 7) whose outputs retire
 * nothing. `busy` is chip_busy_o as the last cycle left it (0 before the first). Returns 0
 * when the stream and the drain are done, and TNAM_SEQ_CALIBRATE when the next op is
 * `calibrate`: the caller then runs the calibration (every evaluation has retired by then),
 * calling tnam_seq_cal_cycle() for each cycle it drives (and tnam_seq_hold() before each).
 * The data inputs of every port whose enable is low carry pseudo-random values (from a fixed
 * seed, so runs stay repeatable): a design must ignore them, and the test shows it does.
 * While the macro is busy no command is issued: the cycle carries random enables as well,
 * which the macro must ignore (spec section 10). *in is written whole; given the buffer of its
 * last call again, only the fields a port drives are rewritten, so the caller must not write
 * that buffer between calls. */
#define TNAM_SEQ_CALIBRATE 2
int tnam_seq_next(tnam_seq_t *q, tnam_chip_in_t *in, int busy);

/* One cycle driven by the calibration op: the cycle count moves on and reports name the op. */
void tnam_seq_cal_cycle(tnam_seq_t *q);

/* Draws whether the next rising edge is held (spec 7, `hold`); if so, fills *in with a held
 * edge and returns 1. For calibration, which drives its cycles itself: call it before each of
 * them, and step each held edge it gives, until it returns 0. `in` is not the buffer given to
 * tnam_seq_next() and must have been cleared once. */
int tnam_seq_hold(tnam_seq_t *q, tnam_chip_in_t *in);

/* Outcome of tnam_seq_retire(). */
typedef enum {
  TNAM_RETIRE_NONE,       /* no result this cycle */
  TNAM_RETIRE_OK,         /* *eval_op is the evaluation whose result is on the outputs */
  TNAM_RETIRE_SPURIOUS,   /* res_valid or done_o with no such evaluation in flight */
  TNAM_RETIRE_LATE_EARLY, /* a threshold result not TNAM_EVAL_LATENCY cycles after its eval,
                             or a multi-level one not done within max_latency */
  TNAM_RETIRE_STUCK       /* busy_o stayed high longer than any operation can take */
} tnam_retire_t;

/* Call after each step with that cycle's outputs. On TNAM_RETIRE_OK, *latency is the
 * number of cycles from the evaluation's eval_i to the cycle its result is visible in, and
 * retired_sel* hold the selection it made. */
tnam_retire_t tnam_seq_retire(tnam_seq_t *q, const tnam_chip_out_t *out, size_t *eval_op,
                              uint64_t *latency);

/* After tnam_seq_retire(): an evaluation issued in the last cycle that runs on no macro (it
 * has no result; its selection is on these outputs, now in retired_sel*), or TNAM_SEQ_NONE. */
size_t tnam_seq_retire_norun(tnam_seq_t *q, const tnam_chip_out_t *out);

/* The op that drove `cycle` (one of the last four), or TNAM_SEQ_NONE (drain, or too old). */
size_t tnam_seq_issued_op(const tnam_seq_t *q, uint64_t cycle);

/* The oldest evaluation still waiting for its result, or TNAM_SEQ_NONE (after the run: one
 * that never produced it). */
size_t tnam_seq_pending_eval(const tnam_seq_t *q);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_SEQ_H */
