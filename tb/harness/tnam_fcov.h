// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Functional coverage (`--fcov FILE`, `make fcov`): the one table of bins, the sampler the run
 * loop calls once per cycle, and the counts and waiver files (docs/verification.md). */
#ifndef TNAM_FCOV_H
#define TNAM_FCOV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tnam_chip.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The bins, one coverpoint a line: X(ID, name, labels, meaning). A point has one bin per label
 * (named `name[label]`) or, with ONE, a single bin named `name`; a cross lists every
 * combination as a label (`thresh/none`). `meaning` says what one count is. The labels lists
 * are in tnam_fcov.c. Renaming or removing a bin makes older counts files unreadable (they
 * name it), which is meant: merged counts always describe one table. */
#define TNAM_FCOV_POINTS(X)                                                                        \
  X(MODE_ACTIVITY, "mode_activity", MODE_X_ACTIVITY,                                               \
    "a tile that runs an evaluation: mode x share of its rows driven (sparse <= R/8, dense >= "    \
    "7R/8)")                                                                                       \
  X(GATING, "gating", MODE_X_GATING,                                                               \
    "a macro's read (q4: its neuron columns): mode x how many columns the zero detector gated")    \
  X(TEST_BYPASS, "test_bypass", MODES,                                                             \
    "a read in test mode in which a column with no driven non-zero cell stayed ungated")           \
  X(PLANE_ALL_GATED, "plane_all_gated", ML_MODES,                                                  \
    "a level or q4 plane whose columns were all gated: no search step, one cycle")                 \
  X(THR_EDGE_R, "thr_edge_r", ONE,                                                                 \
    "an ungated column decided against T = R (the upper range edge: 0 without variation)")         \
  X(THR_EDGE_R_FULL, "thr_edge_r_full", ONE,                                                       \
    "T = R and A = R: the top of the ideal range meets the upper edge (decision 0)")               \
  X(THR_R_MINUS1_FULL, "thr_r_minus1_full", ONE,                                                   \
    "T = R-1 and A = R: the one value above that threshold (decision 1)")                          \
  X(THR_EDGE_MR1, "thr_edge_mr1", ONE,                                                             \
    "an ungated column decided against T = -R-1 (the lower range edge: 1 without variation)")      \
  X(THR_EDGE_MR1_GATED, "thr_edge_mr1_gated", ONE,                                                 \
    "a gated column with T = -R-1 (decision 1 from the threshold's sign)")                         \
  X(THR_EDGE_MR1_BOTTOM, "thr_edge_mr1_bottom", ONE,                                               \
    "T = -R-1 and A = -R: the bottom of the ideal range just above the lower edge (decision 1)")   \
  X(THR_MR_BOTTOM, "thr_mr_bottom", ONE,                                                           \
    "T = -R and A = -R: the bottom of the ideal range on the threshold (decision 0)")              \
  X(THR_BEYOND, "thr_beyond", BEYOND,                                                              \
    "an ungated column decided against a threshold outside the ideal range [-R-1, R]")             \
  X(THR_REG_END, "thr_reg_end", REG_END,                                                           \
    "a column decided against a threshold at an end of the VW-bit register")                       \
  X(THR_ZERO, "thr_zero", THR_AROUND_ZERO,                                                         \
    "an ungated column around 0: T in -1..1 x A = T (decision 0) or A = T+1 (decision 1)")         \
  X(DEC_EDGE, "dec_edge", DEC_EDGES,                                                               \
    "an ungated column whose value is on its threshold (A = T) or one above it (A = T+1)")         \
  X(THR_GATED, "thr_gated", GATED_THR,                                                             \
    "a gated column's forced decision (0 > T) by its threshold: T < -1, -1, 0, > 0")               \
  X(SAR_FIRST, "sar_first", Q01,                                                                   \
    "an ungated column's first search step (k = S-1, the sign), by its decision q")                \
  X(SAR_MID, "sar_mid", Q01, "an ungated column's search step 0 < k < S-1, by its decision q")     \
  X(SAR_LAST, "sar_last", Q01, "an ungated column's last search step (k = 0), by its decision q")  \
  X(SAR_STEP_K, "sar_step_k", STEP_INDEX,                                                          \
    "a search step of index k was made (k < S: 8 and 9 exist only for R >= 128 and R >= 256)")     \
  X(SAR_END, "sar_end", SAR_ENDS,                                                                  \
    "an ungated column's finished search at the range ends: clamped or exactly on an end")         \
  X(LEVEL_LENGTH, "level_length", LEVEL_LENGTHS,                                                   \
    "a level operation's length L: 3 (every column of every running macro gated) or 2+S")          \
  X(Q4_LENGTH, "q4_length", Q4_LENGTHS,                                                            \
    "a q4 operation's length L: 6 (every plane gated), 2+4S (every plane searched), between")      \
  X(Q4_RELU, "q4_relu", RELU,                                                                      \
    "a neuron's accumulator at the end of a q4 operation: below 0, exactly 0, above 0")            \
  X(Q4_OUT, "q4_out", Q4_OUTS,                                                                     \
    "a positive accumulator requantised: shifted to 0, 1..14, exactly 15, saturated to 15")        \
  X(Q4_SHIFT, "q4_shift", SHIFTS,                                                                  \
    "a positive accumulator requantised with shift 0..31 (ReLU and requantisation at each shift)") \
  X(MODE_SWITCH, "mode_switch", MODE_X_MODE,                                                       \
    "an accepted configuration write, without reset: the mode before x the mode written")          \
  X(CFG_MODE3, "cfg_mode3", ONE, "a configuration write of mode 3 while not busy (ignored)")       \
  X(BUSY_IGNORED, "busy_ignored", BUSY_PORTS,                                                      \
    "an enable high in a cycle in which the chip is busy (the input is ignored), by port")         \
  X(ISSUE_AT_DONE, "issue_at_done", ONE,                                                           \
    "an evaluation accepted in the cycle in which chip_done_o is 1 (back to back)")                \
  X(PIPELINE, "pipeline", PIPELINE_CASES,                                                          \
    "threshold evaluations in consecutive cycles; a row or threshold write to a macro sensing")    \
  X(RESET_IN_FLIGHT, "reset_in_flight", ONE,                                                       \
    "a reset while an evaluation is in a macro's sense stage (its result never appears)")          \
  X(HELD_EDGE, "held_edge", HELD_CASES,                                                            \
    "a held edge (ce_i = 0, spec 5): while idle, while sensing, while busy, in reset")             \
  X(SEL_STATIC, "sel_static", ONE,                                                                 \
    "selection off: a tile's lowest-index copy ran, whether or not the tile was active")           \
  X(SEL_OUTCOME, "sel_outcome", SEL_OUTCOMES,                                                      \
    "a tile's selection: no copy; select on: inactive, one copy, fewest hazards, tie by "          \
    "residual, tie by index")                                                                      \
  X(SEL_MACRO, "sel_macro", MACRO_INDEX,                                                           \
    "macro m (0..7) was chosen for a tile (4..7 exist only on chips of more than 4 macros)")       \
  X(SEL_RANK, "sel_rank", SEL_RANKS,                                                               \
    "the macro chosen for a tile was its 1st, 2nd, 3rd or 4th copy in index order")                \
  X(SEL_HAZARDOUS, "sel_hazardous", ONE,                                                           \
    "select on: the chosen copy has a driven hazard row (every copy had one)")                     \
  X(SEL_ALL_IDLE, "sel_all_idle", ONE,                                                             \
    "select on: an evaluation in which no tile is active, so no macro runs")                       \
  X(EXCESS, "excess", EXCESSES,                                                                    \
    "a read that drove a defective cell holding a non-zero weight, by the excess D")               \
  X(DEFECT_ONLY, "defect_only", ONE,                                                               \
    "a column whose driven non-zero cells are all defective (not gated, whatever D)")              \
  X(OFFSET, "offset", OFFSETS,                                                                     \
    "an ungated column read with an injected offset: cancelled by its trim, or not")               \
  X(CAL_RUN, "cal_run", MODES, "a calibrate, by the mode it restores")                             \
  X(CAL_TRIM, "cal_trim", CAL_TRIMS,                                                               \
    "calibration found an offset: inside the OW-bit range, or at one of its ends")                 \
  X(CAL_HEALTH, "cal_health", CAL_HEALTHS,                                                         \
    "calibration wrote a health row: no defect, defect found, defects present but not found (D = " \
    "0)")                                                                                          \
  X(CAL_RESID, "cal_resid", CAL_RESIDS, "calibration wrote a residual: 0, or above 0")

typedef enum {
#define TNAM_FCOV_ENUM(id, name, labels, meaning) TNAM_FCOV_##id,
  TNAM_FCOV_POINTS(TNAM_FCOV_ENUM)
#undef TNAM_FCOV_ENUM
      TNAM_FCOV_POINT_COUNT
} tnam_fcov_point_id_t;

typedef struct {
  const char *name;
  const char *meaning;
  const char *const *labels; /* NULL: a single bin */
  unsigned size;             /* bins of the point */
  unsigned first;            /* its first bin's index among all bins */
} tnam_fcov_point_t;

/* The table, in the order above. */
extern const tnam_fcov_point_t tnam_fcov_points[TNAM_FCOV_POINT_COUNT];
/* Every bin of every point. */
unsigned tnam_fcov_bin_count(void);
/* Bin i's name (`name` or `name[label]`) into buf; its point into *point (may be NULL). */
void tnam_fcov_bin_name(unsigned bin, char *buf, size_t size, unsigned *point);
/* The bin of that name, or -1. */
int tnam_fcov_bin_find(const char *name);

/* ---- the sampler -------------------------------------------------------------------------- */
typedef struct tnam_fcov tnam_fcov_t;

/* A sampler of the golden model `chip` (reset, as a run starts) that adds its counts to those
 * already in the counts file `path` (none when it is missing or empty): so that a bad file or a
 * path that cannot be written stops the run before its first cycle, both are checked here. NULL
 * with the reason in err. */
tnam_fcov_t *tnam_fcov_open(const char *path, tnam_chip_t *chip, char *err, size_t err_size);

/* One cycle: `in` as driven, `out` the golden model's outputs after its edge (the model stepped
 * with `in`); calibrating: the cycle belongs to a `calibrate`. */
void tnam_fcov_sample(tnam_fcov_t *f, const tnam_chip_in_t *in, const tnam_chip_out_t *out,
                      int calibrating);

/* Writes the counts file (the file's earlier counts plus this run's) and frees f (write = 0:
 * frees only). 1, or 0 with the reason in err. */
int tnam_fcov_close(tnam_fcov_t *f, int write, char *err, size_t err_size);

/* ---- counts and waiver files -------------------------------------------------------------- */
/* Counts file (docs/verification.md): first line `tnamfcov 1`, then one `NAME COUNT` a line
 * (each bin at most once; bins not listed count 0), `#` comments and blank lines. Adds the
 * file's counts into counts[bin]. 1, or 0 with "FILE:LINE: reason" in err. */
int tnam_fcov_read_counts(const char *path, uint64_t *counts, char *err, size_t err_size);
/* Writes every bin's count. 1, or 0 if the stream failed. */
int tnam_fcov_write_counts(FILE *f, const uint64_t *counts);

/* Waiver file: `waive NAME REASON...`, each bin at most once, `#` comments and blank lines.
 * reason[bin] gets a copy of each reason (free with tnam_fcov_free_reasons). 1, or 0 with
 * "FILE:LINE: reason" in err. */
int tnam_fcov_read_waivers(const char *path, char **reason, char *err, size_t err_size);
void tnam_fcov_free_reasons(char **reason);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_FCOV_H */
