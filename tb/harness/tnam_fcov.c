// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Functional coverage: the bins' labels, the per-cycle sampler, counts and waiver files. */
#define _POSIX_C_SOURCE 200809L
#include "tnam_fcov.h"

#include "tnam_text.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- the labels of the table's points (tnam_fcov.h) --------------------------------------- */
static const char *const labels_ONE[] = {NULL};
static const char *const labels_MODES[] = {"thresh", "level", "q4"};
static const char *const labels_ML_MODES[] = {"level", "q4"};
static const char *const labels_MODE_X_ACTIVITY[] = {
    "thresh/none", "thresh/sparse", "thresh/medium", "thresh/dense", "thresh/full",
    "level/none",  "level/sparse",  "level/medium",  "level/dense",  "level/full",
    "q4/none",     "q4/sparse",     "q4/medium",     "q4/dense",     "q4/full"};
static const char *const labels_MODE_X_GATING[] = {"thresh/none", "thresh/some", "thresh/all",
                                                   "level/none",  "level/some",  "level/all",
                                                   "q4/none",     "q4/some",     "q4/all"};
static const char *const labels_BEYOND[] = {"above_r", "below_mr1"};
static const char *const labels_REG_END[] = {"min", "max"};
static const char *const labels_THR_AROUND_ZERO[] = {"t=-1/a=t",  "t=-1/a=t+1", "t=0/a=t",
                                                     "t=0/a=t+1", "t=1/a=t",    "t=1/a=t+1"};
static const char *const labels_DEC_EDGES[] = {"a=t", "a=t+1"};
static const char *const labels_GATED_THR[] = {"t<-1", "t=-1", "t=0", "t>0"};
static const char *const labels_Q01[] = {"q0", "q1"};
static const char *const labels_STEP_INDEX[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
static const char *const labels_SAR_ENDS[] = {"clamp_low", "low_end", "high_end", "clamp_high"};
static const char *const labels_LEVEL_LENGTHS[] = {"3", "2+S"};
static const char *const labels_Q4_LENGTHS[] = {"6", "between", "2+4S"};
static const char *const labels_RELU[] = {"negative", "zero", "positive"};
static const char *const labels_Q4_OUTS[] = {"0", "1..14", "15", "saturated"};
static const char *const labels_SHIFTS[] = {
    "0",  "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10", "11", "12", "13", "14", "15",
    "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31"};
static const char *const labels_MODE_X_MODE[] = {"thresh>thresh", "thresh>level", "thresh>q4",
                                                 "level>thresh",  "level>level",  "level>q4",
                                                 "q4>thresh",     "q4>level",     "q4>q4"};
static const char *const labels_BUSY_PORTS[] = {"wr",   "thr",    "cfg", "bias", "eval",
                                                "trim", "health", "var", "map",  "resid"};
static const char *const labels_HELD_CASES[] = {"idle", "sensing", "busy", "reset"};
static const char *const labels_PIPELINE_CASES[] = {"eval_eval", "write_sensing", "thr_sensing"};
static const char *const labels_SEL_OUTCOMES[] = {"no_copy",        "inactive",  "one_copy",
                                                  "fewest_hazards", "tie_resid", "tie_index"};
static const char *const labels_MACRO_INDEX[] = {"0", "1", "2", "3", "4", "5", "6", "7"};
static const char *const labels_SEL_RANKS[] = {"1st", "2nd", "3rd", "4th"};
static const char *const labels_EXCESSES[] = {"-2", "-1", "0", "1"};
static const char *const labels_OFFSETS[] = {"cancelled", "uncancelled"};
static const char *const labels_CAL_TRIMS[] = {"inside", "range_end"};
static const char *const labels_CAL_HEALTHS[] = {"clean", "found", "hidden"};
static const char *const labels_CAL_RESIDS[] = {"zero", "above_zero"};

#define LABELS_OF(labels) (&labels_##labels[0] == &labels_ONE[0] ? NULL : labels_##labels)
#define SIZE_OF(labels) (sizeof labels_##labels / sizeof labels_##labels[0])

/* Each point's first bin and the number of bins, as constants: B_<ID> + index is a bin. */
enum {
#define FCOV_OFFSETS(id, name, labels, meaning) B_##id, B_END_##id = B_##id + SIZE_OF(labels) - 1,
  TNAM_FCOV_POINTS(FCOV_OFFSETS)
#undef FCOV_OFFSETS
      BINS
};

const tnam_fcov_point_t tnam_fcov_points[TNAM_FCOV_POINT_COUNT] = {
#define FCOV_ROW(id, name, labels, meaning) \
  {name, meaning, LABELS_OF(labels), (unsigned)SIZE_OF(labels), B_##id},
    TNAM_FCOV_POINTS(FCOV_ROW)
#undef FCOV_ROW
};

unsigned tnam_fcov_bin_count(void) { return BINS; }

void tnam_fcov_bin_name(unsigned bin, char *buf, size_t size, unsigned *point) {
  unsigned p = 0;
  while (p + 1 < TNAM_FCOV_POINT_COUNT && bin >= tnam_fcov_points[p + 1].first) p++;
  const tnam_fcov_point_t *pt = &tnam_fcov_points[p];
  if (pt->labels)
    snprintf(buf, size, "%s[%s]", pt->name, pt->labels[bin - pt->first]);
  else
    snprintf(buf, size, "%s", pt->name);
  if (point) *point = p;
}

int tnam_fcov_bin_find(const char *name) {
  char buf[96];
  for (unsigned b = 0; b < BINS; b++) {
    tnam_fcov_bin_name(b, buf, sizeof buf, NULL);
    if (strcmp(buf, name) == 0) return (int)b;
  }
  return -1;
}

/* ---- the sampler -------------------------------------------------------------------------- */

struct tnam_fcov {
  tnam_chip_t *chip;
  const tnam_chip_params_t *cp;
  char *path;
  uint64_t cols_mask, neuron_mask;    /* columns < C; columns of the 4-bit neurons */
  uint64_t row_valid[TNAM_ROW_WORDS]; /* rows < R */
  /* The registers during the cycle being sampled: as the previous cycle left them. */
  int busy, done, eval_last, calibrating;
  uint32_t mode, shift;
  uint32_t cnt_eval[TNAM_MAX_MACROS];
  uint32_t wl_valid; /* bit m */
  uint64_t cycle, op_start;
  uint64_t counts[BINS];
};

tnam_fcov_t *tnam_fcov_open(const char *path, tnam_chip_t *chip, char *err, size_t err_size) {
  tnam_fcov_t *f = calloc(1, sizeof *f);
  if (!f || !(f->path = strdup(path))) {
    snprintf(err, err_size, "out of memory");
    free(f);
    return NULL;
  }
  /* The counts already in the file are added to (an empty file has none); then the file must
   * be writable, so that the run does not end in an error after its last cycle. */
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    snprintf(err, err_size, "%s: not a regular file (counts are read from it and written to it)",
             path);
    free(f->path);
    free(f);
    return NULL;
  }
  FILE *old = fopen(path, "r");
  int ok = 1;
  if (old) {
    const int empty = getc(old) == EOF && !ferror(old);
    fclose(old);
    ok = empty || tnam_fcov_read_counts(path, f->counts, err, err_size);
  }
  FILE *w = ok ? fopen(path, "a") : NULL;
  if (ok && (!w || fclose(w) != 0)) {
    snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
    ok = 0;
  }
  if (!ok) {
    free(f->path);
    free(f);
    return NULL;
  }
  f->chip = chip;
  f->cp = tnam_chip_params(chip);
  const tnam_params_t *p = &f->cp->core;
  f->cols_mask = p->cols == 64 ? ~UINT64_C(0) : (UINT64_C(1) << p->cols) - 1;
  f->neuron_mask = (UINT64_C(1) << (3 * p->nn)) - 1;
  for (unsigned w = 0; w < TNAM_ROW_WORDS; w++) {
    const unsigned rows = p->rows > 64 * w ? p->rows - 64 * w : 0;
    f->row_valid[w] = rows >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << rows) - 1;
  }
  return f;
}

/* Rows of tile t that the evaluation drives (spec 11.3): x, or in q4 mode non-zero activations. */
static unsigned driven_rows(const tnam_fcov_t *f, const tnam_chip_in_t *in, unsigned t) {
  unsigned n = 0;
  const unsigned rows = f->cp->core.rows;
  if (f->mode != TNAM_MODE_Q4) {
    for (unsigned w = 0; w < TNAM_ROW_WORDS; w++)
      n += (unsigned)__builtin_popcountll(in->x[t][w] & f->row_valid[w]);
    return n;
  }
  for (unsigned w = 0; w * 16 < rows; w++) {
    const uint64_t a = in->act[t][w];
    uint64_t any = (a | a >> 1 | a >> 2 | a >> 3) & TNAM_NIBBLE_LOW_BITS;
    if (rows - w * 16 < 16) any &= (UINT64_C(1) << (4 * (rows - w * 16))) - 1;
    n += (unsigned)__builtin_popcountll(any);
  }
  return n;
}

static unsigned activity(unsigned driven, unsigned rows) {
  if (driven == 0) return 0;
  if (driven == rows) return 4;
  if (8 * driven <= rows) return 1;
  if (8 * driven >= 7 * rows) return 3;
  return 2;
}

/* The selection of tile t in the evaluation just accepted (spec 11.3). */
static void sample_selection(tnam_fcov_t *f, const tnam_chip_out_t *out, unsigned t,
                             const tnam_chip_sel_info_t *si) {
  uint64_t *k = f->counts;
  const uint32_t copies = si->candidates[t];
  const int ran = (out->sel_valid >> t) & 1;
  if (!copies) {
    k[B_SEL_OUTCOME + 0]++;
    return;
  }
  if (!ran) {
    k[B_SEL_OUTCOME + 1]++; /* select on, tile inactive */
    return;
  }
  const unsigned m = out->sel[t];
  const unsigned rank = (unsigned)__builtin_popcount(copies & ((UINT32_C(1) << m) - 1));
  k[B_SEL_RANK + (rank < 3 ? rank : 3)]++;
  k[B_SEL_MACRO + m]++;
  if (!si->select) {
    k[B_SEL_STATIC]++;
    return;
  }
  if (si->hz[m] > 0) k[B_SEL_HAZARDOUS]++;
  if (!(copies & (copies - 1))) {
    k[B_SEL_OUTCOME + 2]++;
    return;
  }
  /* How the chosen copy won: the other copies with its hazard count, then with its residual. */
  uint32_t same_hz = 0, same_resid = 0;
  for (uint32_t left = copies & ~(UINT32_C(1) << m); left; left &= left - 1) {
    const unsigned o = (unsigned)__builtin_ctz(left);
    if (si->hz[o] != si->hz[m]) continue;
    same_hz |= UINT32_C(1) << o;
    if (out->resid[o] == out->resid[m]) same_resid |= UINT32_C(1) << o;
  }
  k[B_SEL_OUTCOME + (!same_hz ? 3 : !same_resid ? 4 : 5)]++;
}

/* A threshold column decision: threshold t, value a (0 when gated). */
static void sample_threshold(tnam_fcov_t *f, int32_t t, int32_t a, int gated) {
  uint64_t *k = f->counts;
  const int32_t r = (int32_t)f->cp->core.rows;
  const int32_t vmax = (INT32_C(1) << (f->cp->core.vw - 1)) - 1;
  if (t == -vmax - 1) k[B_THR_REG_END + 0]++;
  if (t == vmax) k[B_THR_REG_END + 1]++;
  if (gated) {
    k[B_THR_GATED + (t < -1 ? 0 : t == -1 ? 1 : t == 0 ? 2 : 3)]++;
    if (t == -r - 1) k[B_THR_EDGE_MR1_GATED]++;
    return;
  }
  if (t == r) {
    k[B_THR_EDGE_R]++;
    if (a == r) k[B_THR_EDGE_R_FULL]++;
  }
  if (t == r - 1 && a == r) k[B_THR_R_MINUS1_FULL]++;
  if (t == -r - 1) {
    k[B_THR_EDGE_MR1]++;
    if (a == -r) k[B_THR_EDGE_MR1_BOTTOM]++;
  }
  if (t == -r && a == -r) k[B_THR_MR_BOTTOM]++;
  if (t > r) k[B_THR_BEYOND + 0]++;
  if (t < -r - 1) k[B_THR_BEYOND + 1]++;
  if (a == t || a == t + 1) {
    k[B_DEC_EDGE + (a - t)]++;
    if (t >= -1 && t <= 1) k[B_THR_ZERO + 2 * (t + 1) + (a - t)]++;
  }
}

/* A read of macro m at this edge (a threshold sense, or the READ of a level or q4 plane). */
static void sample_read(tnam_fcov_t *f, unsigned m, const tnam_out_t *o) {
  uint64_t *k = f->counts;
  const uint32_t mode = o->res_valid ? TNAM_MODE_THRESH : f->mode;
  const uint64_t cols = mode == TNAM_MODE_Q4 ? f->neuron_mask : f->cols_mask;
  const uint64_t gate = o->gate & cols;
  k[B_GATING + 3 * mode + (gate == 0 ? 0 : gate == cols ? 2 : 1)]++;
  if (mode != TNAM_MODE_THRESH && gate == cols) k[B_PLANE_ALL_GATED + mode - 1]++;
  const tnam_sense_t *sn = tnam_model_last_sense(tnam_chip_macro(f->chip, m));
  int bypass = 0, defective = 0, defect_only = 0, offset[2] = {0, 0};
  for (uint64_t left = cols; left; left &= left - 1) {
    const unsigned c = (unsigned)__builtin_ctzll(left);
    const int gated = (gate >> c) & 1;
    const unsigned driven = sn->p[c] + sn->n[c], bad = sn->pd[c] + sn->nd[c];
    bypass |= sn->test && driven == 0;
    defective |= bad > 0;
    defect_only |= bad > 0 && bad == driven;
    if (!gated && sn->off[c] != 0) offset[sn->off[c] != sn->trim[c]] = 1;
    if (mode == TNAM_MODE_THRESH) sample_threshold(f, sn->thr[c], o->mac[c], gated);
  }
  if (bypass) k[B_TEST_BYPASS + mode]++;
  if (defective) k[B_EXCESS + (unsigned)(sn->excess - TNAM_EXCESS_MIN)]++;
  if (defect_only) k[B_DEFECT_ONLY]++;
  for (unsigned i = 0; i < 2; i++) k[B_OFFSET + i] += (uint64_t)offset[i];
}

/* A search step of macro m at this edge (spec 10): every ungated column's decision; after the
 * last step, where each search ended. */
static void sample_step(tnam_fcov_t *f, const tnam_out_t *o) {
  uint64_t *k = f->counts;
  const unsigned steps = f->cp->core.steps, bit = o->sar_bit;
  const uint64_t ungated = ~o->gate & f->cols_mask;
  const unsigned where = bit == steps - 1 ? B_SAR_FIRST : bit == 0 ? B_SAR_LAST : B_SAR_MID;
  k[where + 0] += (uint64_t)__builtin_popcountll(ungated & ~o->sar_q);
  k[where + 1] += (uint64_t)__builtin_popcountll(ungated & o->sar_q);
  if (bit < SIZE_OF(STEP_INDEX)) k[B_SAR_STEP_K + bit]++;
  if (bit != 0) return;
  const int32_t lo = tnam_sar_start(steps), hi = -lo - 1;
  for (uint64_t left = ungated; left; left &= left - 1) {
    const int32_t a = o->mac[__builtin_ctzll(left)];
    if (a <= lo) k[B_SAR_END + (a < lo ? 0 : 1)]++;
    if (a >= hi) k[B_SAR_END + (a > hi ? 3 : 2)]++;
  }
}

/* Macro m finished a q4 operation at this edge: every neuron's ReLU and requantisation. */
static void sample_q4_done(tnam_fcov_t *f, const tnam_out_t *o) {
  uint64_t *k = f->counts;
  for (unsigned j = 0; j < f->cp->core.nn; j++) {
    const int32_t acc = o->acc[j];
    k[B_Q4_RELU + (acc < 0 ? 0 : acc == 0 ? 1 : 2)]++;
    if (acc <= 0) continue;
    const int64_t v = (int64_t)acc >> f->shift;
    k[B_Q4_OUT + (v == 0 ? 0 : v < TNAM_Q4_OUT_MAX ? 1 : v == TNAM_Q4_OUT_MAX ? 2 : 3)]++;
    k[B_Q4_SHIFT + f->shift]++;
  }
}

/* The writes of a `calibrate` (spec 12.2), as they reach the ports. */
static void sample_calibration(tnam_fcov_t *f, const tnam_chip_in_t *in) {
  uint64_t *k = f->counts;
  const tnam_in_t *c = &in->core;
  const tnam_params_t *p = &f->cp->core;
  if (!f->calibrating) k[B_CAL_RUN + f->mode]++;
  if (f->busy) return; /* a read's cycles: every input ignored */
  if (c->trim_en) {
    const int32_t v = tnam_wrap_signed(c->trim, p->ow), most = (INT32_C(1) << (p->ow - 1)) - 1;
    if (v != 0) k[B_CAL_TRIM + (v == most || v == -most - 1)]++;
  }
  if (c->health_en && c->health_row < p->rows && in->mask) {
    const unsigned m = (unsigned)__builtin_ctz(in->mask);
    const tnam_var_state_t *vs = tnam_model_var_state(tnam_chip_macro(f->chip, m));
    const uint64_t flags = c->health & f->cols_mask;
    k[B_CAL_HEALTH + (flags ? 1 : vs->defect[c->health_row] ? 2 : 0)]++;
  }
  if (in->resid_en) k[B_CAL_RESID + ((in->resid & TNAM_RESID_MAX) != 0)]++;
}

/* The chip-level events of an accepted cycle's inputs (not reset). */
static void sample_inputs(tnam_fcov_t *f, const tnam_chip_in_t *in, const tnam_chip_out_t *out) {
  uint64_t *k = f->counts;
  const tnam_in_t *c = &in->core;
  if (f->busy) {
    const int en[] = {c->wr_en,   c->thr_en,    c->cfg_en, c->bias_en, c->eval,
                      c->trim_en, c->health_en, c->var_en, in->map_en, in->resid_en};
    for (unsigned i = 0; i < sizeof en / sizeof en[0]; i++) k[B_BUSY_IGNORED + i] += en[i] != 0;
    return;
  }
  if (c->cfg_en) {
    const uint32_t to = c->cfg_mode & 3;
    if (to == 3)
      k[B_CFG_MODE3]++;
    else
      k[B_MODE_SWITCH + 3 * f->mode + to]++;
  }
  const uint32_t sensing = f->wl_valid & in->mask;
  if (c->wr_en && sensing) k[B_PIPELINE + 1]++;
  if (c->thr_en && sensing) k[B_PIPELINE + 2]++;
  if (!c->eval) return;
  if (f->eval_last) k[B_PIPELINE + 0]++;
  if (f->done) k[B_ISSUE_AT_DONE]++;
  if (f->mode != TNAM_MODE_THRESH) f->op_start = f->cycle;
  const tnam_chip_sel_info_t *si = tnam_chip_last_selection(f->chip);
  for (unsigned t = 0; t < f->cp->tiles; t++) {
    if ((out->sel_valid >> t) & 1)
      k[B_MODE_ACTIVITY + 5 * f->mode + activity(driven_rows(f, in, t), f->cp->core.rows)]++;
    sample_selection(f, out, t, si);
  }
  if (si->select && !si->active) k[B_SEL_ALL_IDLE]++;
}

void tnam_fcov_sample(tnam_fcov_t *f, const tnam_chip_in_t *in, const tnam_chip_out_t *out,
                      int calibrating) {
  uint64_t *k = f->counts;
  const unsigned macros = f->cp->macros;
  const int reset = !in->core.rst_n;
  /* A held edge is no cycle (spec 5): it changes nothing the other bins follow, except that a
   * low rst_ni still resets, which the next cycle's sample sees in the outputs. */
  if (in->core.hold) {
    k[B_HELD_EDGE + (reset ? 3 : f->busy ? 2 : f->wl_valid ? 1 : 0)]++;
    if (!reset) return;
  }
  if (reset && (f->wl_valid || f->busy)) k[B_RESET_IN_FLIGHT]++;
  if (!reset) {
    if (calibrating) sample_calibration(f, in);
    sample_inputs(f, in, out);
    for (unsigned m = 0; m < macros; m++) {
      const tnam_out_t *o = &out->m[m];
      if (o->cnt_eval != f->cnt_eval[m]) sample_read(f, m, o);
      if (o->sar_step) sample_step(f, o);
      if (o->done && f->mode == TNAM_MODE_Q4) sample_q4_done(f, o);
    }
    if (out->done) {
      const uint64_t len = f->cycle - f->op_start + 1, steps = f->cp->core.steps;
      if (f->mode == TNAM_MODE_LEVEL)
        k[B_LEVEL_LENGTH + (len != 3)]++;
      else if (f->mode == TNAM_MODE_Q4)
        k[B_Q4_LENGTH + (len == 6 ? 0 : len == 2 + 4 * steps ? 2 : 1)]++;
    }
  }
  /* What the next cycle sees. */
  const tnam_ml_state_t *ml = tnam_model_ml_state(tnam_chip_macro(f->chip, 0));
  f->eval_last = !reset && in->core.eval && !f->busy;
  f->busy = out->busy;
  f->done = out->done;
  f->mode = ml->mode;
  f->shift = ml->shift;
  f->calibrating = calibrating;
  f->wl_valid = 0;
  for (unsigned m = 0; m < macros; m++) {
    f->cnt_eval[m] = out->m[m].cnt_eval;
    f->wl_valid |= (uint32_t)out->m[m].wl_valid << m;
  }
  f->cycle++;
}

int tnam_fcov_close(tnam_fcov_t *f, int write, char *err, size_t err_size) {
  if (!f) return 1;
  int ok = 1;
  if (write) {
    FILE *out = fopen(f->path, "w");
    ok = out && tnam_fcov_write_counts(out, f->counts);
    if (out && fclose(out) != 0) ok = 0;
    if (!ok) snprintf(err, err_size, "cannot write %s: %s", f->path, strerror(errno));
  }
  free(f->path);
  free(f);
  return ok;
}

/* ---- counts and waiver files -------------------------------------------------------------- */

int tnam_fcov_write_counts(FILE *f, const uint64_t *counts) {
  char name[96];
  fprintf(f,
          "tnamfcov 1\n# functional coverage counts (docs/verification.md): NAME COUNT; "
          "files merge by adding\n");
  for (unsigned b = 0; b < BINS; b++) {
    tnam_fcov_bin_name(b, name, sizeof name, NULL);
    fprintf(f, "%s %" PRIu64 "\n", name, counts[b]);
  }
  return fflush(f) == 0 && !ferror(f);
}

#define LINES_MAX 100000 /* an endless input (`yes`) is refused, not read forever */

/* A counts or waiver file, line by line, through the shared text reader (tnam_text.h). */
typedef struct {
  FILE *f;
  tnam_err_t e;
  tnam_where_t w;
  char buf[256]; /* lines of at most 254 characters */
} line_reader_t;

static int open_reader(line_reader_t *lr, const char *path, char *err, size_t err_size) {
  lr->w = (tnam_where_t){.path = path, .line = 0, .err = &lr->e};
  lr->f = fopen(path, "r");
  if (!lr->f) {
    snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
    return 0;
  }
  return 1;
}

/* The next line's tokens (its comment dropped): their count (0 for a blank line), -1 at the end
 * of the file, -2 after an error (in lr->e). */
static int next_line(line_reader_t *lr, char **tok, int max) {
  if (++lr->w.line > LINES_MAX) return tnam_fail(&lr->w, "more than %d lines", LINES_MAX) - 2;
  const int got = tnam_read_line(lr->f, lr->buf, sizeof lr->buf, &lr->w);
  if (got <= 0) return got - 1;
  const int n = tnam_tokenize(lr->buf, tok, max);
  return n < 0 ? tnam_fail(&lr->w, "too many fields") - 2 : n;
}

/* Closes the file; the error, if any, into err. Returns ok. */
static int close_reader(line_reader_t *lr, int ok, char *err, size_t err_size) {
  fclose(lr->f);
  if (!ok && lr->e.msg[0]) snprintf(err, err_size, "%s", lr->e.msg);
  return ok;
}

int tnam_fcov_read_counts(const char *path, uint64_t *counts, char *err, size_t err_size) {
  line_reader_t lr = {0};
  if (!open_reader(&lr, path, err, err_size)) return 0;
  uint64_t *seen = calloc(BINS, sizeof *seen); /* line of each bin in this file */
  uint64_t *add = calloc(BINS, sizeof *add);
  char *tok[2];
  int n, ok = seen && add, header = 0;
  if (!ok) tnam_fail(&lr.w, "out of memory");
  while (ok && (n = next_line(&lr, tok, 2)) != -1) {
    if (n == -2) ok = 0;
    if (n <= 0) continue;
    if (!header) {
      header = 1;
      if (n != 2 || strcmp(tok[0], "tnamfcov") != 0 || strcmp(tok[1], "1") != 0)
        ok = tnam_fail(&lr.w, "not a counts file: the first line must be 'tnamfcov 1'");
      continue;
    }
    if (n != 2) {
      ok = tnam_fail(&lr.w, "expected 'NAME COUNT'");
      continue;
    }
    const int bin = tnam_fcov_bin_find(tok[0]);
    char *end;
    errno = 0;
    const unsigned long long v = strtoull(tok[1], &end, 10);
    if (bin < 0)
      ok = tnam_fail(&lr.w, "unknown bin '%s' (counts of another bin table?)", tok[0]);
    else if (seen[bin])
      ok = tnam_fail(&lr.w, "bin '%s' again (first on line %" PRIu64 ")", tok[0], seen[bin]);
    else if (tok[1][0] < '0' || tok[1][0] > '9' || *end || errno == ERANGE)
      ok = tnam_fail(&lr.w, "count '%s' is not a whole number below 2^64", tok[1]);
    else if (counts[bin] + v < counts[bin])
      ok = tnam_fail(&lr.w, "count of '%s' overflows 64 bits when merged", tok[0]);
    else {
      seen[bin] = lr.w.line;
      add[bin] = v;
    }
  }
  if (ok && !header) ok = tnam_fail(&lr.w, "not a counts file: empty");
  /* All or nothing: a bad file adds no count. */
  for (unsigned b = 0; ok && b < BINS; b++) counts[b] += add[b];
  free(seen);
  free(add);
  return close_reader(&lr, ok, err, err_size);
}

int tnam_fcov_read_waivers(const char *path, char **reason, char *err, size_t err_size) {
  line_reader_t lr = {0};
  if (!open_reader(&lr, path, err, err_size)) return 0;
  char *tok[64];
  int n, ok = 1;
  while (ok && (n = next_line(&lr, tok, 64)) != -1) {
    if (n == -2) ok = 0;
    if (n <= 0) continue;
    const int bin = n >= 2 ? tnam_fcov_bin_find(tok[1]) : -1;
    if (strcmp(tok[0], "waive") != 0)
      ok = tnam_fail(&lr.w, "expected 'waive NAME REASON'");
    else if (n < 3)
      ok = tnam_fail(&lr.w, "a waiver needs a bin and a reason");
    else if (bin < 0)
      ok = tnam_fail(&lr.w, "unknown bin '%s'", tok[1]);
    else if (reason[bin])
      ok = tnam_fail(&lr.w, "bin '%s' is waived twice", tok[1]);
    else {
      size_t len = 0;
      for (int i = 2; i < n; i++) len += strlen(tok[i]) + 1;
      if (!(reason[bin] = malloc(len))) {
        ok = tnam_fail(&lr.w, "out of memory");
        continue;
      }
      reason[bin][0] = '\0';
      for (int i = 2; i < n; i++) {
        if (i > 2) strcat(reason[bin], " ");
        strcat(reason[bin], tok[i]);
      }
    }
  }
  return close_reader(&lr, ok, err, err_size);
}

void tnam_fcov_free_reasons(char **reason) {
  for (unsigned b = 0; b < BINS; b++) {
    free(reason[b]);
    reason[b] = NULL;
  }
}
