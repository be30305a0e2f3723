// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Cycle-accurate C11 golden model of the TNAM ternary macro (spec: docs/architecture.md). */
#ifndef TNAM_MODEL_H
#define TNAM_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TNAM_MAX_ROWS 256
#define TNAM_MAX_COLS 64
#define TNAM_ROW_WORDS (TNAM_MAX_ROWS / 64)
#define TNAM_MIN_ROWS 2
#define TNAM_MIN_COLS 3
#define TNAM_MAX_NEURONS (TNAM_MAX_COLS / 3)    /* 4-bit neurons: three columns each */
#define TNAM_ACT_WORDS (TNAM_MAX_ROWS * 4 / 64) /* 4-bit activations, 16 per word */
#define TNAM_Q4_PLANES 4                        /* activation bits */
#define TNAM_Q4_DIGITS 3                        /* ternary digit planes of a 4-bit weight */
#define TNAM_Q4_WMAX 7                          /* weights in [-7, 7] */
#define TNAM_Q4_OUT_MAX 15                      /* outputs in [0, 15] */
#define TNAM_SHIFT_MAX 31                       /* cfg_shift_i is 5 bits */

/* Layer modes (spec section 9), the values of cfg_mode_i. */
enum { TNAM_MODE_THRESH = 0, TNAM_MODE_LEVEL = 1, TNAM_MODE_Q4 = 2 };

/* The derived widths of spec section 1 as constant expressions of R and C, so that a harness
 * compiled for one configuration (tb/verilator/tnam_chip_ports.h) knows every port width at
 * compile time; tnam_params_make() computes them with the same formulas. TNAM_CLOG2 covers
 * x <= 1024, beyond every parameter's range. */
#define TNAM_CLOG2(x) \
  ((x) <= 1     ? 0   \
   : (x) <= 2   ? 1   \
   : (x) <= 4   ? 2   \
   : (x) <= 8   ? 3   \
   : (x) <= 16  ? 4   \
   : (x) <= 32  ? 5   \
   : (x) <= 64  ? 6   \
   : (x) <= 128 ? 7   \
   : (x) <= 256 ? 8   \
   : (x) <= 512 ? 9   \
                : 10)
#define TNAM_VW(R) (TNAM_CLOG2((R) + 1) + 3)
#define TNAM_RAW(R) TNAM_CLOG2(R)
#define TNAM_CAW(C) TNAM_CLOG2(C)
#define TNAM_STEPS(R) (TNAM_CLOG2((R) + 1) + 1)
#define TNAM_SBW(R) TNAM_CLOG2(TNAM_STEPS(R))
#define TNAM_NN(C) ((C) / 3)
#define TNAM_NAW(C) (TNAM_NN(C) > 1 ? TNAM_CLOG2(TNAM_NN(C)) : 1)
#define TNAM_BW(R) (TNAM_VW(R) + 5)
#define TNAM_AW(R) (TNAM_VW(R) + 6)
#define TNAM_OW(R) (TNAM_VW(R) - 2)
#define TNAM_VAW(R, C) (TNAM_RAW(R) > TNAM_CAW(C) ? TNAM_RAW(R) : TNAM_CAW(C))
#define TNAM_VDW(R, C) ((C) > TNAM_OW(R) ? (C) : TNAM_OW(R))

/* Configuration of one macro; the widths are derived by tnam_params_make(). */
typedef struct {
  unsigned rows;  /* R */
  unsigned cols;  /* C */
  unsigned vw;    /* signed value / threshold width: clog2(R+1) + 3 */
  unsigned raw;   /* row address width: clog2(R) */
  unsigned caw;   /* column address width: clog2(C) */
  unsigned steps; /* S: steps of one search, clog2(R+1) + 1 */
  unsigned sbw;   /* step index width: clog2(S) */
  unsigned nn;    /* 4-bit neurons: floor(C / 3) */
  unsigned naw;   /* neuron address width: max(1, clog2(NN)) */
  unsigned bw;    /* bias width: VW + 5 */
  unsigned aw;    /* accumulator width: VW + 6 */
  unsigned ow;    /* offset and trim width: VW - 2 */
  unsigned vaw;   /* variation port address width: max(RAW, CAW) */
  unsigned vdw;   /* variation port data width: max(C, OW) */
} tnam_params_t;

/* Variation port selectors (spec section 4, var_sel_i). */
enum { TNAM_VAR_OFFSET = 0, TNAM_VAR_DEFECT = 1, TNAM_VAR_EXCESS = 2 };
#define TNAM_EXCESS_MIN (-2) /* D is a signed 2-bit register */
#define TNAM_EXCESS_MAX 1

/* Fills *p for rows x cols; returns false (and leaves *p untouched) if out of range. */
bool tnam_params_make(unsigned rows, unsigned cols, tnam_params_t *p);

/* Inputs sampled during one cycle (the ports of tnam_macro). Bit c of a column mask is
 * column c; bit r of x is row r (x[r / 64] >> (r % 64)). Column bits >= C and row bits >= R
 * are ignored; a write with wr_row >= R or thr_col >= C is ignored. */
typedef struct {
  bool rst_n;
  /* ce_i inverted: 1 = a held edge (ce_i = 0, spec 5): no register changes, rst_n still resets.
   * Inverted so that an input struct cleared to zero is an ordinary cycle. */
  bool hold;
  bool wr_en;
  uint32_t wr_row;
  uint64_t wr_mag;
  uint64_t wr_sign;
  bool thr_en;
  uint32_t thr_col;
  int32_t thr; /* only the low vw bits are used, as two's complement (like the RTL port) */
  bool eval;
  uint64_t x[TNAM_ROW_WORDS];
  uint64_t act[TNAM_ACT_WORDS]; /* row r's 4-bit activation: (act[r / 16] >> (4 * (r % 16))) & 15 */
  bool cfg_en;
  uint32_t cfg_mode;  /* low 2 bits used */
  uint32_t cfg_shift; /* low 5 bits used */
  bool bias_en;
  uint32_t bias_idx; /* low naw bits used */
  int32_t bias;      /* low bw bits used, two's complement */
  bool cfg_test;     /* written with cfg_mode: 1 = zero detector bypassed */
  bool trim_en;
  uint32_t trim_col;
  int32_t trim; /* low ow bits used, two's complement */
  bool health_en;
  uint32_t health_row;
  uint64_t health; /* column mask: 1 = known-defective cell */
  bool var_en;
  uint32_t var_sel;  /* TNAM_VAR_*, low 2 bits used (3 ignored) */
  uint32_t var_addr; /* column (offset) or row (defect flags) */
  uint64_t var_data; /* offset: low ow bits, two's complement; defect: column mask; excess:
                         low 2 bits, two's complement */
} tnam_in_t;

/* Register outputs after a rising edge (the observables of spec section 6). Only
 * mac[0 .. C-1] is meaningful; the rest stays 0. */
typedef struct {
  bool wl_valid;
  uint64_t wl[TNAM_ROW_WORDS];
  bool res_valid;
  int32_t mac[TNAM_MAX_COLS];
  uint64_t gate;
  uint64_t dec;
  uint32_t cnt_eval;
  uint32_t cnt_dec;
  uint32_t cnt_gated;
  uint32_t cnt_nzdrv;
  uint32_t cnt_wr;
  uint32_t cnt_step;
  /* Multi-level path (spec section 10). Only entries < C (columns) or < NN (neurons) are
   * meaningful; the rest stays 0. */
  bool busy;
  bool done;
  bool sar_step;
  uint32_t sar_bit;
  uint64_t sar_q;
  int32_t sar_ref[TNAM_MAX_COLS];
  int32_t sar_code[TNAM_MAX_COLS];
  int32_t acc[TNAM_MAX_NEURONS];
  uint32_t out[TNAM_MAX_NEURONS];
} tnam_out_t;

/* Internal state of a multi-level operation, for mismatch reports (as after the last edge). */
typedef enum { TNAM_PHASE_READ = 0, TNAM_PHASE_STEP = 1, TNAM_PHASE_FINISH = 2 } tnam_phase_t;
typedef struct {
  uint32_t mode; /* the layer configuration register */
  uint32_t shift;
  bool test; /* zero detector bypassed */
  int32_t bias[TNAM_MAX_NEURONS];
  bool busy; /* the fields below describe the running operation only while busy */
  tnam_phase_t phase;
  unsigned plane;               /* bit plane being read */
  unsigned planes;              /* 1 (level) or 4 (q4) */
  unsigned step;                /* next step index k */
  uint64_t act[TNAM_ACT_WORDS]; /* latched activations (level: plane 0 only, in bits 4r) */
} tnam_ml_state_t;

/* The operands of the latest evaluation, kept for mismatch reports. */
typedef struct {
  uint64_t wl[TNAM_ROW_WORDS];                          /* word lines that were sensed */
  int32_t thr[TNAM_MAX_COLS];                           /* thresholds used */
  uint16_t p[TNAM_MAX_COLS];                            /* driven +1 cells per column */
  uint16_t n[TNAM_MAX_COLS];                            /* driven -1 cells per column */
  uint16_t pd[TNAM_MAX_COLS];                           /* of those, defective +1 cells */
  uint16_t nd[TNAM_MAX_COLS];                           /* defective -1 cells */
  int32_t off[TNAM_MAX_COLS];                           /* injected offsets used */
  int32_t trim[TNAM_MAX_COLS];                          /* trims used */
  int excess;                                           /* D used */
  bool test;                                            /* test mode used */
  int8_t weight_at_sense[TNAM_MAX_COLS][TNAM_MAX_ROWS]; /* filled only by
                                   tnam_model_sense_weights(), on demand */
} tnam_sense_t;

typedef struct tnam_model tnam_model_t;

/* Allocates a model in its reset state; NULL if out of memory or if *p is not what
 * tnam_params_make() gives. */
tnam_model_t *tnam_model_new(const tnam_params_t *p);
void tnam_model_free(tnam_model_t *m);

/* Makes the model keep its output registers in *regs from now on (their values move there), so
 * that tnam_model_step() returns regs: the chip model points each macro at its slot of
 * tnam_chip_out_t instead of copying ~200 bytes of registers per macro and cycle. */
void tnam_model_keep_outputs_in(tnam_model_t *m, tnam_out_t *regs);
const tnam_params_t *tnam_model_params(const tnam_model_t *m);

/* Advances one clock cycle: applies the inputs sampled in this cycle at the rising edge
 * (or the asynchronous reset when in->rst_n is false; nothing at a held edge, in->hold).
 * Returns the model's own output registers as they are after the edge, valid until the next
 * step (no copy: the lockstep harness reads them every cycle). */
const tnam_out_t *tnam_model_step(tnam_model_t *m, const tnam_in_t *in);

/* Weight (-1, 0, +1) now stored at (row, col); 0 outside the array. */
int tnam_model_weight(const tnam_model_t *m, unsigned row, unsigned col);

/* Operands of the latest evaluation (the one whose result is in the outputs; for a level or q4
 * operation its latest READ, whose word lines are one bit plane), for reports:
 * tnam_model_last_sense() derives p, n and thr of every column as the sense stage saw them
 * (cells and thresholds from before any later write); tnam_model_sense_weights() fills
 * weight_at_sense[col][row], rows 0 .. R-1, for one column (col < C, else nothing). Neither
 * is needed per cycle, so the evaluation itself keeps only the word lines. */
const tnam_sense_t *tnam_model_last_sense(tnam_model_t *m);
void tnam_model_sense_weights(tnam_model_t *m, unsigned col);

/* Hazard rows (spec section 3) as the registers are now: bit r of hz (hz[r / 64]) is 1 when a
 * known-defective cell of row r holds a non-zero weight. */
void tnam_model_hazard(const tnam_model_t *m, uint64_t hz[TNAM_ROW_WORDS]);

/* Variation, trim and health registers as they are now, for reports, calibration tests and the
 * chip's placement (read-only views; entries >= C or >= R are 0). */
typedef struct {
  int excess;                     /* D */
  int32_t off[TNAM_MAX_COLS];     /* injected offsets */
  int32_t trim[TNAM_MAX_COLS];    /* calibration trims */
  uint64_t defect[TNAM_MAX_ROWS]; /* injected defect flags, column mask per row */
  uint64_t health[TNAM_MAX_ROWS]; /* health table, column mask per row */
} tnam_var_state_t;
const tnam_var_state_t *tnam_model_var_state(const tnam_model_t *m);

/* The layer configuration, biases and any running multi-level operation. */
const tnam_ml_state_t *tnam_model_ml_state(const tnam_model_t *m);

/* 4-bit mode arithmetic of spec section 9.2, shared by the model, the stream reader (which
 * turns `write4` weights into cells) and the tests. */
/* Sign-magnitude digits of w in [-7, 7]: t[k] in {-1, 0, +1}, w = t0 + 2 t1 + 4 t2. */
void tnam_q4_digits(int w, int t[TNAM_Q4_DIGITS]);
/* min(15, max(acc, 0) >> shift), shift 0 .. 31. */
uint32_t tnam_q4_requant(int64_t acc, unsigned shift);
/* One step k of the successive-approximation search (spec section 9.1) of a column whose
 * value is a, from search register `code`: the step's replica reference, its comparator
 * decision and the search register after the step. The model's search and the tests use it. */
typedef struct {
  int32_t ref;
  bool q;
  int32_t code;
} tnam_sar_step_t;
tnam_sar_step_t tnam_sar_step(int32_t code, unsigned k, int32_t a);
/* The search register before the first step (k = S-1) of a search of `steps` steps. */
static inline int32_t tnam_sar_start(unsigned steps) { return -(INT32_C(1) << (steps - 1)); }
/* Row r's activation in a packed act[] vector. */
static inline unsigned tnam_act_get(const uint64_t *act, unsigned r) {
  return (unsigned)(act[r / 16] >> (4 * (r % 16))) & 15u;
}
/* Bit 0 of every nibble of an act[] word (its 16 rows). */
#define TNAM_NIBBLE_LOW_BITS UINT64_C(0x1111111111111111)
/* Bit 4i of `low_bits` (its other bits 0) to bit i, i < 16: one bit per row of an act[] word,
 * as a row mask, in five mask-and-shift steps instead of a loop over the rows. */
static inline uint64_t tnam_nibbles_to_rows(uint64_t low_bits) {
  uint64_t v = low_bits;
  v = (v | v >> 3) & UINT64_C(0x0303030303030303);
  v = (v | v >> 6) & UINT64_C(0x000f000f000f000f);
  v = (v | v >> 12) & UINT64_C(0x000000ff000000ff);
  return (v | v >> 24) & UINT64_C(0xffff);
}
/* The inverse: bit i of `rows` (i < 16) to bit 4i. */
static inline uint64_t tnam_rows_to_nibbles(uint64_t rows) {
  uint64_t v = rows & UINT64_C(0xffff);
  v = (v | v << 24) & UINT64_C(0x000000ff000000ff);
  v = (v | v << 12) & UINT64_C(0x000f000f000f000f);
  v = (v | v << 6) & UINT64_C(0x0303030303030303);
  return (v | v << 3) & TNAM_NIBBLE_LOW_BITS;
}

/* Reduces v to the signed vw-bit value that a vw-bit register holds (vw >= 32: v). */
int32_t tnam_wrap_signed(int32_t v, unsigned vw);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_MODEL_H */
