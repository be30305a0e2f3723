// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The layer-level API onto the chip (docs/nn.md section 5): map one compute layer onto a chip
 * configuration, then run batches of input vectors on any back end through the executor
 * (driver/tnam_exec.h): per pass, write the weight tiles and registers, then one evaluation
 * per vector and bank; read each result from the macro the chip chose and finish split sums
 * digitally. Exact on a chip without variation: the outputs equal docs/nn.md section 2. */
#ifndef TNAM_LAYER_H
#define TNAM_LAYER_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_backend.h"
#include "tnam_cal.h"
#include "tnam_chip.h"
#include "tnam_energy.h"
#include "tnam_exec.h"
#include "tnam_net.h"
#include "tnam_var.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One compute layer as the chip sees it: `out` neurons of fan-in `fan_in`. */
typedef struct {
  tnam_net_mode_t mode;
  int last;             /* the output layer: outputs are the logits s + B */
  unsigned fan_in, out; /* inputs per neuron, neurons */
  unsigned shift;       /* q4 hidden: requantisation shift */
  const int8_t *w;      /* w[o * fan_in + i] */
  const int32_t *param; /* T[o] (bin hidden) or B[o] */
} tnam_layer_spec_t;

/* How the layer's units are read (docs/nn.md section 5's table). */
typedef enum {
  TNAM_READ_THRESH, /* threshold mode, dec_o is the activation */
  TNAM_READ_LEVEL,  /* level mode, sar_code_o summed over row blocks */
  TNAM_READ_Q4OUT,  /* q4 mode with the bias on chip, out_o is the activation */
  TNAM_READ_Q4ACC   /* q4 mode, acc_o summed over row blocks */
} tnam_read_t;

extern const char *const tnam_read_names[4];

/* A layer's passes: the cycles they took; their events in the energy model's terms
 * (docs/energy.md section 4): the chip's counters summed over macros, the reads made in q4
 * mode, the digital partial-sum additions and COLS (ops and inferences are the caller's); and
 * the inputs its vectors drove (non-zero elements) out of those presented, its activity. */
typedef struct {
  uint64_t cycles, evals, passes;
  tnam_energy_counts_t ev;
  uint64_t driven, presented;
} tnam_layer_stats_t;

/* A chip behind a back end, shared by the layers that run on it: the first op list resets it
 * (unless tnam_session_prepare did); `last` holds the outputs after the latest cycle (the
 * counters a layer's increments are measured from); `copies` is how many macros hold each
 * unit's tile (2 under calibration + selection, docs/nn.md section 5, "Variation"). */
typedef struct {
  tnam_backend_t *b;
  tnam_chip_params_t cp;
  int started;
  unsigned copies;
  tnam_chip_out_t last;
} tnam_session_t;

void tnam_session_init(tnam_session_t *s, tnam_backend_t *b, const tnam_chip_params_t *cp);

/* What the host does against a varied chip (docs/nn.md section 5, "Variation"). */
typedef enum { TNAM_MIT_NONE, TNAM_MIT_CAL, TNAM_MIT_CAL_SEL, TNAM_MIT_COUNT } tnam_mitigation_t;
extern const char *const tnam_mitigation_names[TNAM_MIT_COUNT];

/* Before any layer runs: resets the session's chip, injects the variation *v through the
 * variation port, then under TNAM_MIT_CAL and TNAM_MIT_CAL_SEL runs calibration (host/tnam_cal.h)
 * into *cal; TNAM_MIT_CAL_SEL also sets two copies per unit and the select bit. The cycles are
 * not counted in any layer's statistics (cal->cycles has calibration's). Returns
 * TNAM_EXIT_PASS; TNAM_EXIT_USAGE when the mitigation needs spares the chip lacks (M < 2T);
 * else the back end's status; err says why. */
int tnam_session_prepare(tnam_session_t *s, const tnam_var_t *v, tnam_mitigation_t mit,
                         tnam_cal_result_t *cal, char *err, size_t err_size);

/* One evaluation of the op list being run: the vector and the bank it serves, and the tiles
 * that run (under selection, the tiles with a driven row; 0: no result comes, spec 11.3). */
typedef struct {
  size_t op;
  uint32_t vec, bank, runs;
} tnam_layer_eval_t;

typedef struct {
  tnam_layer_spec_t spec;
  tnam_chip_params_t cp;
  tnam_read_t read;
  unsigned per_macro;      /* neurons per macro: C (bin) or NN (q4) */
  unsigned groups, blocks; /* neuron groups, row blocks (NB) */
  unsigned units, banks;   /* units of the layer; banks of T tiles (copies x T macros) */
  unsigned copies;         /* macros per unit: the session's, 1 or 2 */
  int bias_on_chip;        /* q4: the bias register holds B (else 0, added digitally) */
  /* The pass being run (for results and reports). */
  unsigned pass_first, pass_units;
  tnam_stream_t ops;
  tnam_layer_eval_t *evals;
  size_t n_evals, cap_evals, retired;
  int32_t *y; /* the outputs being built, count * out */
} tnam_layer_map_t;

/* Maps spec onto the chip (the spec's weights and parameters stay owned by the caller). Every
 * layer maps: a fan-in above R is split, neurons beyond the chip's columns take more units. */
void tnam_layer_map(tnam_layer_map_t *L, const tnam_chip_params_t *cp,
                    const tnam_layer_spec_t *spec);
void tnam_layer_free(tnam_layer_map_t *L);

/* Runs `count` vectors (x[v * fan_in + i]: {0, 1} for bin, 0 .. 15 for q4) on the session's
 * chip: y[v * out + o] is the activation (hidden) or the logit (output layer). Adds the
 * passes' cycles and counter increments to *st. Returns TNAM_EXIT_PASS, or the executor's
 * status with err saying why (a lockstep back end has printed its report). */
int tnam_layer_run(tnam_layer_map_t *L, tnam_session_t *sess, const uint8_t *x, size_t count,
                   int32_t *y, tnam_layer_stats_t *st, char *err, size_t err_size);

/* For a report on op `op` of the op list being run: the vector it evaluates (or -1 for a
 * weight, register or map write) and a description of the neurons and rows of each tile. */
long tnam_layer_describe(const tnam_layer_map_t *L, size_t op, char *buf, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_LAYER_H */
