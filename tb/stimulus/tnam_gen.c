// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Constrained-random stream generator; expectations come from an obvious reference of its own. */
#include "tnam_gen.h"

#include <stdlib.h>
#include <string.h>

#include "tnam_prng.h"

static const char *const profile_names[TNAM_GEN_PROFILES] = {"sparse", "half", "dense", "random",
                                                             "mixed"};

unsigned tnam_gen_modes_from_text(const char *text) {
  unsigned modes = 0;
  for (const char *item = text; *item;) {
    size_t len = strcspn(item, ",");
    int found = 0;
    for (unsigned m = 0; m < 3; m++) {
      if (strlen(tnam_mode_names[m]) == len && strncmp(item, tnam_mode_names[m], len) == 0) {
        modes |= 1u << m;
        found = 1;
      }
    }
    if (!found) return 0;
    item += len;
    if (*item == ',' && *++item == '\0') return 0; /* trailing comma */
  }
  return modes;
}

void tnam_gen_modes_text(unsigned modes, char *buf, size_t size) {
  size_t n = 0;
  buf[0] = '\0';
  for (unsigned m = 0; m < 3; m++)
    if ((modes >> m) & 1)
      n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "," : "",
                            tnam_mode_names[m]);
}

int tnam_gen_profile_from_name(const char *name) {
  for (int i = 0; i < TNAM_GEN_PROFILES; i++)
    if (strcmp(name, profile_names[i]) == 0) return i;
  return -1;
}

const char *tnam_gen_profile_name(int profile) {
  return profile >= 0 && profile < TNAM_GEN_PROFILES ? profile_names[profile] : "?";
}

/* The generator's own view of the chip: one signed byte per weight and one byte per flag, no
 * bit tricks, so that it shares nothing with the golden model it checks. */
typedef struct {
  int8_t w[TNAM_MAX_ROWS][TNAM_MAX_COLS];
  uint8_t defect[TNAM_MAX_ROWS][TNAM_MAX_COLS];
  uint8_t health[TNAM_MAX_ROWS][TNAM_MAX_COLS];
  /* Row r is a hazard (spec 11.3): a known-defective cell holds a non-zero weight. Kept up to
   * date where w or health change (hazard_update), read by every selection. */
  uint8_t hazard[TNAM_MAX_ROWS];
  int32_t thr[TNAM_MAX_COLS];
  int32_t off[TNAM_MAX_COLS];
  int32_t trim[TNAM_MAX_COLS];
  int32_t bias[TNAM_MAX_NEURONS];
  int holds_tile; /* the tile map: 1 = holds tile `tile` */
  unsigned tile;
  uint32_t resid;
} gen_macro_t;

typedef struct {
  tnam_stream_source_t src; /* first: the stream's source is the generator (D41) */
  tnam_chip_params_t chip;  /* the caller's, copied: a lazy stream outlives its call */
  const tnam_chip_params_t *cp;
  const tnam_params_t *p;
  tnam_prng_t rng;
  tnam_stream_t *s;
  uint32_t weight_density_ppm; /* chance that a written weight is non-zero */
  gen_macro_t mac[TNAM_MAX_MACROS];
  int excess; /* D */
  uint64_t cycles;
  unsigned modes; /* allowed layer modes */
  uint32_t mode;  /* the chip's configuration as the stream leaves it */
  uint32_t shift;
  int select, test;
  int ideal; /* no variation, calibration, trims, health, test mode or selection */
  /* The main loop's state between blocks. */
  uint64_t target;  /* cycles asked for */
  int profile;      /* as asked for */
  int eval_profile; /* of the current stretch (mixed: changes now and then) */
  int started;      /* the first reset and setup are in the stream */
} gen_t;

static int push(gen_t *g, const tnam_op_t *op) {
  g->cycles += tnam_op_cycles(op);
  return tnam_stream_push(g->s, op);
}

static uint32_t all_macros(const gen_t *g) { return (1u << g->cp->macros) - 1; }

/* The macros holding tile t (bit m). */
static uint32_t copies_of(const gen_t *g, unsigned t) {
  uint32_t mask = 0;
  for (unsigned m = 0; m < g->cp->macros; m++)
    if (g->mac[m].holds_tile && g->mac[m].tile == t) mask |= 1u << m;
  return mask;
}

/* Where a register write goes: mostly every copy of one tile (spares stay copies), sometimes
 * one macro alone (copies that differ), sometimes every macro. */
static uint32_t write_target(gen_t *g) {
  const uint32_t pick = tnam_prng_below(&g->rng, 100);
  if (g->cp->macros == 1 || pick < 15) return all_macros(g);
  if (pick < 25) return 1u << tnam_prng_below(&g->rng, g->cp->macros);
  const uint32_t copies = copies_of(g, tnam_prng_below(&g->rng, g->cp->tiles));
  return copies ? copies : all_macros(g);
}

/* The digit planes of a 4-bit weight, restated from the spec (section 9.2) rather than taken
 * from the model: digit k is bit k of |w|, with the sign of w. */
static int8_t q4_digit(int w, unsigned k) {
  int mag = w < 0 ? -w : w;
  return (int8_t)(((mag >> k) & 1) * (w < 0 ? -1 : 1));
}

static int8_t random_weight(gen_t *g) {
  if (!tnam_prng_chance(&g->rng, g->weight_density_ppm)) return 0;
  return (tnam_prng_next(&g->rng) & 1) ? 1 : -1;
}

/* Row r's hazard flag, after a change of its weights or health flags. */
static void hazard_update(const gen_t *g, gen_macro_t *mc, unsigned r) {
  mc->hazard[r] = 0;
  for (unsigned c = 0; c < g->p->cols; c++) mc->hazard[r] |= mc->health[r][c] && mc->w[r][c];
}

/* Applies a row write to every macro in op->mask. */
static int write_row(gen_t *g, tnam_op_t *op, const int8_t *row) {
  for (unsigned m = 0; m < g->cp->macros; m++)
    if ((op->mask >> m) & 1) {
      memcpy(g->mac[m].w[op->u.write.row], row, g->p->cols);
      hazard_update(g, &g->mac[m], op->u.write.row);
    }
  for (unsigned c = 0; c < g->p->cols; c++) {
    if (row[c]) op->u.write.mag |= 1ULL << c;
    if (row[c] < 0) op->u.write.sign |= 1ULL << c;
  }
  return push(g, op);
}

static int gen_write(gen_t *g, unsigned row, uint32_t mask) {
  tnam_op_t op = {.kind = TNAM_OP_WRITE, .mask = mask, .u.write = {.row = row}};
  int8_t v[TNAM_MAX_COLS];
  /* One row in ten is uniform (+1, -1 or 0 everywhere) so that full +1 and full -1 columns
   * and empty columns build up over time. */
  int uniform = tnam_prng_chance(&g->rng, 100000) ? (int)tnam_prng_range(&g->rng, -1, 1) : 2;
  for (unsigned c = 0; c < g->p->cols; c++)
    v[c] = uniform != 2 ? (int8_t)uniform : random_weight(g);
  return write_row(g, &op, v);
}

static int gen_write4(gen_t *g, unsigned row) {
  const tnam_params_t *p = g->p;
  tnam_op_t op = {.kind = TNAM_OP_WRITE, .mask = write_target(g), .u.write = {.row = row}};
  int8_t v[TNAM_MAX_COLS] = {0};
  /* As in gen_write, one row in ten is uniform: -7, 0 or +7 in every neuron. */
  int uniform = tnam_prng_chance(&g->rng, 100000) ? 7 * (int)tnam_prng_range(&g->rng, -1, 1) : 8;
  for (unsigned j = 0; j < p->nn; j++) {
    int w = uniform != 8 ? uniform
            : tnam_prng_chance(&g->rng, g->weight_density_ppm)
                ? (int)tnam_prng_range(&g->rng, -TNAM_Q4_WMAX, TNAM_Q4_WMAX)
                : 0;
    for (unsigned k = 0; k < TNAM_Q4_DIGITS; k++) v[3 * j + k] = q4_digit(w, k);
  }
  return write_row(g, &op, v);
}

/* A threshold that makes decisions interesting for the active profile, or a range edge. */
static int32_t random_threshold(gen_t *g, int profile) {
  const int32_t rows = (int32_t)g->p->rows;
  const int32_t vmax = (1 << (g->p->vw - 1)) - 1, vmin = -vmax - 1;
  if (tnam_prng_chance(&g->rng, 150000)) {
    const int32_t edges[] = {rows, rows - 1, -rows, -rows - 1, 0, -1, 1, vmin, vmax};
    return edges[tnam_prng_below(&g->rng, sizeof edges / sizeof edges[0])];
  }
  int32_t span = profile == TNAM_GEN_SPARSE ? 3 : rows / 3 + 1;
  return tnam_prng_range(&g->rng, -span, span);
}

/* Thresholds and biases go to every macro most of the time, so that any copy gives the same
 * result when its cells and variation agree. */
static uint32_t config_target(gen_t *g) {
  return tnam_prng_chance(&g->rng, 900000) ? all_macros(g) : write_target(g);
}

static int gen_thr(gen_t *g, unsigned col, int profile, uint32_t mask) {
  const int32_t v = random_threshold(g, profile);
  tnam_op_t op = {.kind = TNAM_OP_THR, .mask = mask, .u.thr = {.col = col, .value = v}};
  for (unsigned m = 0; m < g->cp->macros; m++)
    if ((mask >> m) & 1) g->mac[m].thr[col] = v;
  return push(g, &op);
}

static int gen_bias(gen_t *g, unsigned neuron) {
  const int32_t most = (1 << (g->p->bw - 1)) - 1;
  int32_t v;
  if (tnam_prng_chance(&g->rng, 50000)) /* the register's range edges */
    v = tnam_prng_chance(&g->rng, 500000) ? most : -most - 1;
  else
    v = tnam_prng_range(&g->rng, -16 * (int32_t)g->p->rows, 16 * (int32_t)g->p->rows);
  tnam_op_t op = {
      .kind = TNAM_OP_BIAS, .mask = config_target(g), .u.bias = {.neuron = neuron, .value = v}};
  for (unsigned m = 0; m < g->cp->macros; m++)
    if ((op.mask >> m) & 1) g->mac[m].bias[neuron] = v;
  return push(g, &op);
}

static uint32_t input_density_ppm(gen_t *g, int profile) {
  switch (profile) {
    case TNAM_GEN_SPARSE: return 10000;
    case TNAM_GEN_HALF: return 500000;
    case TNAM_GEN_DENSE: {
      static const uint32_t dense[] = {1000000, 970000, 900000};
      return dense[tnam_prng_below(&g->rng, 3)];
    }
    default: return tnam_prng_below(&g->rng, 1000001);
  }
}

/* ---- the oracle: what one macro computes, from the spec's formulas ------------------------ */

/* The driven rows of a byte-per-row vector as a list (most evaluations drive few rows);
 * returns how many. */
static unsigned driven_list(const gen_t *g, const uint8_t *driven, uint16_t *list) {
  unsigned n = 0;
  for (unsigned r = 0; r < g->p->rows; r++)
    if (driven[r]) list[n++] = (uint16_t)r;
  return n;
}

/* The oracle's loops over the columns go GEN_LANES columns at a time, in blocks of a fixed
 * length, so that the compiler makes each block a few vector operations (at -O2, GCC
 * vectorises only loops whose length it knows). The cells of a block past the last column
 * hold 0 (gen_reset clears every macro in use) and their sums are never read. */
#define GEN_LANES 16
_Static_assert(TNAM_MAX_COLS % GEN_LANES == 0, "a block of columns fits in a row");

static unsigned column_blocks(unsigned cols) { return (cols + GEN_LANES - 1) / GEN_LANES; }

/* Columns 0 .. cols-1 of macro m with the n rows in `rows` driven: each column's value and
 * whether the zero detector gates it, from the spec's formula (section 3)
 *   A = (P - N) + D (Pd - Nd) + o - trim,
 * P - N summed over the driven cells' weights and Pd - Nd over those of the defective cells.
 * The sums are kept in bytes for up to GEN_BYTE_ROWS rows at a time (each term is -1, 0 or
 * +1, so a byte cannot overflow) and then added into 32 bits. */
#define GEN_BYTE_ROWS 127
static void column_values(const gen_t *g, const gen_macro_t *mc, const uint16_t *rows, unsigned n,
                          unsigned cols, int32_t *a, int *gated) {
  for (unsigned b = 0; b < column_blocks(cols); b++) {
    int32_t diff[GEN_LANES] = {0}, def_diff[GEN_LANES] = {0}, cells[GEN_LANES] = {0};
    for (unsigned i0 = 0; i0 < n; i0 += GEN_BYTE_ROWS) {
      const unsigned i1 = n - i0 < GEN_BYTE_ROWS ? n : i0 + GEN_BYTE_ROWS;
      int8_t diff8[GEN_LANES] = {0}, def_diff8[GEN_LANES] = {0}, cells8[GEN_LANES] = {0};
      for (unsigned i = i0; i < i1; i++) {
        const int8_t *w = &mc->w[rows[i]][b * GEN_LANES];
        const uint8_t *defect = &mc->defect[rows[i]][b * GEN_LANES];
        for (unsigned k = 0; k < GEN_LANES; k++) {
          cells8[k] += w[k] != 0;
          diff8[k] += w[k];
          def_diff8[k] += (int8_t)(w[k] & -(defect[k] != 0)); /* w if defective, else 0 */
        }
      }
      for (unsigned k = 0; k < GEN_LANES; k++) {
        cells[k] += cells8[k];
        diff[k] += diff8[k];
        def_diff[k] += def_diff8[k];
      }
    }
    for (unsigned k = 0; k < GEN_LANES && b * GEN_LANES + k < cols; k++) {
      const unsigned c = b * GEN_LANES + k;
      a[c] = diff[k] + g->excess * def_diff[k] + mc->off[c] - mc->trim[c];
      gated[c] = cells[k] == 0 && !g->test;
    }
  }
}

/* The digitised value of a level read of A (spec 9.1): clamped to the search range. */
static int32_t level_code(const gen_t *g, int32_t a, int gated) {
  const int32_t half = 1 << (g->p->steps - 1);
  return gated ? 0 : a < -half ? -half : a > half - 1 ? half - 1 : a;
}

/* The macro chosen for tile t (spec 11.3), or -1, with the n rows in `rows` driven: restated
 * here, not taken from the model. */
static int choose(const gen_t *g, unsigned t, const uint16_t *rows, unsigned n) {
  int best = -1;
  uint32_t best_hz = 0;
  for (unsigned m = 0; m < g->cp->macros; m++) {
    const gen_macro_t *mc = &g->mac[m];
    if (!mc->holds_tile || mc->tile != t) continue;
    if (!g->select) return (int)m; /* static: the lowest-index copy */
    if (n == 0) return -1;
    uint32_t hz = 0;
    for (unsigned i = 0; i < n; i++) hz += mc->hazard[rows[i]];
    if (best < 0 || hz < best_hz || (hz == best_hz && mc->resid < g->mac[best].resid)) {
      best = (int)m;
      best_hz = hz;
    }
  }
  return best;
}

static int expect_tile(gen_t *g, unsigned t, int kind, uint64_t bits, const int32_t *vals) {
  return tnam_stream_expect(g->s, t, kind, bits, vals, 0);
}

/* One evaluation of every tile (threshold, level or q4, by `kind`) and its expectations. */
static int gen_eval(gen_t *g, int profile, uint32_t kind) {
  const tnam_params_t *p = g->p;
  const unsigned tiles = g->cp->tiles;
  const int q4 = kind == TNAM_OP_Q4;
  static uint8_t act[TNAM_MAX_TILES][TNAM_MAX_ROWS];
  /* The word lines of every tile (all of op.u.eval.x is copied) or the tiles' activations. */
  uint64_t vecs[TNAM_MAX_TILES * TNAM_ACT_WORDS];
  memset(vecs, 0, (q4 ? tiles * TNAM_ACT_WORDS : TNAM_MAX_TILES * TNAM_ROW_WORDS) * sizeof *vecs);
  int chosen[TNAM_MAX_TILES];
  uint16_t driven[TNAM_MAX_TILES][TNAM_MAX_ROWS]; /* each tile's driven rows */
  unsigned n_driven[TNAM_MAX_TILES];
  uint32_t runs = 0;
  for (unsigned t = 0; t < tiles; t++) {
    const uint32_t density = input_density_ppm(g, profile);
    /* Now and then every activation is 15: the far end of the accumulator range. */
    const int all_max = q4 && profile == TNAM_GEN_DENSE && tnam_prng_chance(&g->rng, 125000);
    /* The word lines (a threshold or level read) or 4-bit activations, and the driven rows
     * as a list. */
    unsigned n = 0;
    uint16_t *list = driven[t];
    if (q4) {
      for (unsigned r = 0; r < p->rows; r++) {
        const int on = tnam_prng_chance(&g->rng, density);
        act[t][r] = all_max ? 15 : !on ? 0 : (uint8_t)(1 + tnam_prng_below(&g->rng, 15));
        vecs[t * TNAM_ACT_WORDS + r / 16] |= (uint64_t)act[t][r] << (4 * (r % 16));
        if (act[t][r]) list[n++] = (uint16_t)r;
      }
    } else {
      uint64_t *x = &vecs[t * TNAM_ROW_WORDS];
      for (unsigned r = 0; r < p->rows; r++) {
        if (!tnam_prng_chance(&g->rng, density)) continue;
        x[r / 64] |= 1ULL << (r % 64);
        list[n++] = (uint16_t)r;
      }
    }
    n_driven[t] = n;
    chosen[t] = choose(g, t, driven[t], n_driven[t]);
    if (chosen[t] >= 0) runs |= 1u << t;
  }
  if (!tnam_stream_push_eval(g->s, kind, 0, vecs, runs)) return 0;
  g->cycles++;

  /* Every tile's results first (the operation's length is its slowest macro's), then the
   * expectations in the order a dump writes them: tile by tile, kinds in their enum order. */
  static struct {
    uint64_t dec, gate;
    int32_t macs[TNAM_MAX_COLS], codes[TNAM_MAX_COLS], accs[TNAM_MAX_NEURONS],
        outs[TNAM_MAX_NEURONS];
  } res[TNAM_MAX_TILES];
  uint64_t latency = 2;
  for (unsigned t = 0; t < tiles; t++) {
    if (chosen[t] < 0) continue;
    const gen_macro_t *mc = &g->mac[chosen[t]];
    uint64_t op_len = 2;
    res[t].dec = res[t].gate = 0;
    if (!q4) {
      int32_t a[TNAM_MAX_COLS];
      int gated[TNAM_MAX_COLS];
      column_values(g, mc, driven[t], n_driven[t], p->cols, a, gated);
      for (unsigned c = 0; c < p->cols; c++) {
        res[t].macs[c] = gated[c] ? 0 : a[c];
        if (kind == TNAM_OP_LEVEL) res[t].codes[c] = level_code(g, a[c], gated[c]);
        if (gated[c]) res[t].gate |= 1ULL << c;
        if (gated[c] ? 0 > mc->thr[c] : a[c] > mc->thr[c]) res[t].dec |= 1ULL << c;
      }
      const uint64_t all = p->cols == 64 ? ~0ULL : (1ULL << p->cols) - 1;
      op_len += res[t].gate == all ? 1 : p->steps;
    } else {
      int32_t *accs = res[t].accs;
      for (unsigned j = 0; j < p->nn; j++) accs[j] = mc->bias[j];
      for (unsigned plane = 0; plane < TNAM_Q4_PLANES; plane++) {
        uint8_t bit[TNAM_MAX_ROWS];
        for (unsigned r = 0; r < p->rows; r++) bit[r] = (act[t][r] >> plane) & 1;
        int32_t a[TNAM_MAX_COLS];
        int gated[TNAM_MAX_COLS], all_gated = 1;
        uint16_t rows[TNAM_MAX_ROWS];
        column_values(g, mc, rows, driven_list(g, bit, rows), 3 * p->nn, a, gated);
        for (unsigned c = 0; c < 3 * p->nn; c++) {
          all_gated &= gated[c];
          accs[c / 3] += level_code(g, a[c], gated[c]) * (1 << (c % 3 + plane));
        }
        op_len += all_gated ? 1 : p->steps;
      }
      for (unsigned j = 0; j < p->nn; j++) {
        const int64_t relu = accs[j] > 0 ? accs[j] : 0, shifted = relu >> g->shift;
        res[t].outs[j] = (int32_t)(shifted > TNAM_Q4_OUT_MAX ? TNAM_Q4_OUT_MAX : shifted);
      }
    }
    if (op_len > latency) latency = op_len;
  }
  const int with_cycles = kind != TNAM_OP_EVAL && runs;
  if (with_cycles) g->cycles += latency - 1; /* push() counted one cycle */
  for (unsigned t = 0; t < tiles; t++) {
    const int m = chosen[t];
    int ok = 1;
    if (m >= 0 && kind == TNAM_OP_EVAL)
      ok = expect_tile(g, t, TNAM_EXPECT_DEC, res[t].dec, NULL) &&
           expect_tile(g, t, TNAM_EXPECT_GATE, res[t].gate, NULL) &&
           expect_tile(g, t, TNAM_EXPECT_MAC, 0, res[t].macs);
    else if (m >= 0 && kind == TNAM_OP_LEVEL)
      ok = expect_tile(g, t, TNAM_EXPECT_GATE, res[t].gate, NULL) &&
           expect_tile(g, t, TNAM_EXPECT_MAC, 0, res[t].macs) &&
           expect_tile(g, t, TNAM_EXPECT_CODE, 0, res[t].codes);
    else if (m >= 0)
      ok = expect_tile(g, t, TNAM_EXPECT_ACC, 0, res[t].accs) &&
           expect_tile(g, t, TNAM_EXPECT_OUT, 0, res[t].outs);
    /* The operation's length goes with the first tile that runs. */
    if (ok && with_cycles && t == (unsigned)__builtin_ctz(runs))
      ok = expect_tile(g, t, TNAM_EXPECT_CYCLES, latency, NULL);
    if (!ok || !expect_tile(g, t, TNAM_EXPECT_SEL, m < 0 ? TNAM_SEL_NONE : (uint64_t)m, NULL))
      return 0;
  }
  return 1;
}

/* The TNAM_CFG_* flags of select and test as g now holds them. */
static uint32_t config_flags(const gen_t *g) {
  return (g->select ? TNAM_CFG_SELECT : 0) | (g->test ? TNAM_CFG_TEST : 0);
}

/* A configuration write: the mode, shift, select and test as g now holds them. */
static int push_config(gen_t *g) {
  tnam_op_t op = {.kind = TNAM_OP_MODE,
                  .u.mode = {.mode = g->mode, .shift = g->shift, .flags = config_flags(g)}};
  return push(g, &op);
}

/* Switches to a mode allowed for this stream, with a fresh shift. */
static int gen_mode(gen_t *g) {
  uint32_t m;
  do m = tnam_prng_below(&g->rng, 3);
  while (!((g->modes >> m) & 1));
  /* Shifts that keep q4 outputs between 0 and 15 for typical sums, now and then the maximum. */
  g->shift =
      tnam_prng_chance(&g->rng, 30000) ? TNAM_SHIFT_MAX : tnam_prng_below(&g->rng, g->p->vw + 1);
  g->mode = m;
  return push_config(g);
}

/* The evaluation kind of the chip's current mode. */
static uint32_t eval_kind(const gen_t *g) {
  return g->mode == TNAM_MODE_THRESH  ? TNAM_OP_EVAL
         : g->mode == TNAM_MODE_LEVEL ? TNAM_OP_LEVEL
                                      : TNAM_OP_Q4;
}

/* Selection on or off, or one evaluation in test mode (kept to one: test mode bypasses the zero
 * detector, which most of the checks and the energy figures are about). */
static int gen_flags(gen_t *g, int profile) {
  if (tnam_prng_chance(&g->rng, 800000)) {
    g->select = !g->select;
    return push_config(g);
  }
  g->test = 1;
  int ok = push_config(g) && gen_eval(g, profile, eval_kind(g));
  g->test = 0;
  return ok && push_config(g);
}

static int gen_map(gen_t *g) {
  const unsigned m = tnam_prng_below(&g->rng, g->cp->macros);
  /* Mostly a tile, sometimes none (a macro out of service). */
  const int tile =
      tnam_prng_chance(&g->rng, 850000) ? (int)tnam_prng_below(&g->rng, g->cp->tiles) : -1;
  tnam_op_t op = {.kind = TNAM_OP_MAP, .u.map = {.macro = m, .tile = tile}};
  g->mac[m].holds_tile = tile >= 0;
  g->mac[m].tile = tile >= 0 ? (unsigned)tile : 0;
  return push(g, &op);
}

static int gen_resid(gen_t *g) {
  const unsigned m = tnam_prng_below(&g->rng, g->cp->macros);
  /* Small values so that ties in hazard counts are decided both by resid and by index. */
  const uint32_t v =
      tnam_prng_chance(&g->rng, 50000) ? TNAM_RESID_MAX : tnam_prng_below(&g->rng, 3);
  tnam_op_t op = {.kind = TNAM_OP_RESID, .u.resid = {.macro = m, .value = v}};
  g->mac[m].resid = v;
  return push(g, &op);
}

/* An offset or trim value: mostly small, sometimes at the register's range edges (which lie
 * beyond the search range together with the column's cells: the clamp). */
static int32_t random_offset(gen_t *g) {
  const int32_t most = (1 << (g->p->ow - 1)) - 1;
  if (tnam_prng_chance(&g->rng, 100000))
    return tnam_prng_chance(&g->rng, 500000) ? most : -most - 1;
  return tnam_prng_range(&g->rng, -3, 3);
}

static int gen_trim(gen_t *g) {
  /* One draw after the other, in this order (the order of the stream's bits). */
  const uint32_t col = tnam_prng_below(&g->rng, g->p->cols);
  const int32_t v = random_offset(g);
  const uint32_t mask = write_target(g);
  tnam_op_t op = {.kind = TNAM_OP_TRIM, .mask = mask, .u.trim = {.col = col, .value = v}};
  for (unsigned m = 0; m < g->cp->macros; m++)
    if ((mask >> m) & 1) g->mac[m].trim[col] = v;
  return push(g, &op);
}

/* A random health row with a few known-defective cells, in one macro. */
static int gen_health(gen_t *g) {
  const uint32_t row = tnam_prng_below(&g->rng, g->p->rows); /* drawn before the macro */
  const uint32_t mask = 1u << tnam_prng_below(&g->rng, g->cp->macros);
  tnam_op_t op = {.kind = TNAM_OP_HEALTH, .mask = mask, .u.health = {.row = row}};
  for (unsigned c = 0; c < g->p->cols; c++)
    if (tnam_prng_chance(&g->rng, 150000)) op.u.health.flags |= 1ULL << c;
  for (unsigned m = 0; m < g->cp->macros; m++)
    if ((mask >> m) & 1) {
      for (unsigned c = 0; c < g->p->cols; c++)
        g->mac[m].health[row][c] = (op.u.health.flags >> c) & 1;
      hazard_update(g, &g->mac[m], row);
    }
  return push(g, &op);
}

/* Variation through the injection port (spec 12.1): the excess D, offsets on some columns,
 * defects on a few percent of the cells of each macro. */
static int gen_variation(gen_t *g) {
  const tnam_params_t *p = g->p;
  g->excess = (int)tnam_prng_range(&g->rng, TNAM_EXCESS_MIN, TNAM_EXCESS_MAX);
  tnam_op_t op = {.kind = TNAM_OP_INJECT,
                  .mask = all_macros(g),
                  .u.inject = {.sel = TNAM_VAR_EXCESS, .data = (uint64_t)g->excess & 3u}};
  int ok = push(g, &op);
  for (unsigned m = 0; ok && m < g->cp->macros; m++) {
    gen_macro_t *mc = &g->mac[m];
    for (unsigned c = 0; ok && c < p->cols; c++) {
      if (!tnam_prng_chance(&g->rng, 300000)) continue;
      mc->off[c] = random_offset(g);
      tnam_op_t o = {.kind = TNAM_OP_INJECT,
                     .mask = 1u << m,
                     .u.inject = {.sel = TNAM_VAR_OFFSET,
                                  .addr = c,
                                  .data = (uint64_t)mc->off[c] & ((1ULL << p->ow) - 1)}};
      ok = push(g, &o);
    }
    for (unsigned r = 0; ok && r < p->rows; r++) {
      tnam_op_t d = {
          .kind = TNAM_OP_INJECT, .mask = 1u << m, .u.inject = {.sel = TNAM_VAR_DEFECT, .addr = r}};
      for (unsigned c = 0; c < p->cols; c++) {
        mc->defect[r][c] = (uint8_t)tnam_prng_chance(&g->rng, 20000);
        if (mc->defect[r][c]) d.u.inject.data |= 1ULL << c;
      }
      if (d.u.inject.data) ok = push(g, &d);
    }
  }
  return ok;
}

/* Fills every row of every macro that holds a tile: each tile's copies get the same weights. */
static int gen_fill(gen_t *g) {
  int ok = 1;
  for (unsigned t = 0; ok && t < g->cp->tiles; t++) {
    const uint32_t copies = copies_of(g, t);
    for (unsigned r = 0; ok && copies && r < g->p->rows; r++) ok = gen_write(g, r, copies);
  }
  return ok;
}

/* `calibrate` (spec 12.2): what a correct calibration leaves, stated from the spec: the trims
 * cancel the offsets, the health table lists the defects that draw a different current
 * (D != 0), the residuals are 0 and every cell is cleared. Then the weights are loaded again. */
static int gen_calibrate(gen_t *g) {
  tnam_op_t op = {.kind = TNAM_OP_CAL,
                  .u.cal = {.mode = g->mode, .shift = g->shift, .flags = config_flags(g)}};
  for (unsigned m = 0; m < g->cp->macros; m++) {
    gen_macro_t *mc = &g->mac[m];
    if (mc->holds_tile)
      op.u.cal.map |= (uint64_t)(TNAM_MAP_VALID | mc->tile) << (TNAM_MAP_BITS * m);
    memcpy(mc->trim, mc->off, sizeof mc->trim);
    for (unsigned r = 0; r < g->p->rows; r++)
      for (unsigned c = 0; c < g->p->cols; c++)
        mc->health[r][c] = mc->defect[r][c] && g->excess != 0;
    mc->resid = 0;
    memset(mc->w, 0, sizeof mc->w);
    memset(mc->hazard, 0, sizeof mc->hazard); /* no weight left */
  }
  /* Its length depends on the outputs; count what spec 12.2 estimates, for the budget. */
  g->cycles += (uint64_t)g->cp->macros * g->p->rows * (g->p->steps + 4);
  return push(g, &op) && gen_fill(g);
}

static int gen_reset(gen_t *g) {
  tnam_op_t op = {.kind = TNAM_OP_RESET, .u.reset = {.cycles = 1 + tnam_prng_below(&g->rng, 2)}};
  /* Only the macros in use: a reset of the largest chip's 8 macros is 0.4 MB. */
  memset(g->mac, 0, g->cp->macros * sizeof g->mac[0]);
  for (unsigned m = 0; m < g->cp->tiles; m++) {
    g->mac[m].holds_tile = 1;
    g->mac[m].tile = m;
  }
  g->excess = 0;
  g->mode = TNAM_MODE_THRESH;
  g->shift = 0;
  g->select = g->test = 0;
  if (!push(g, &op)) return 0;
  return (g->modes >> TNAM_MODE_THRESH) & 1 ? 1 : gen_mode(g);
}

/* After a reset: spares for the tiles (the macros beyond the tiles become copies), variation,
 * calibration half of the time, weights, thresholds and, on a chip, selection on. */
static int gen_setup(gen_t *g, int profile) {
  int ok = 1;
  for (unsigned m = g->cp->tiles; ok && m < g->cp->macros; m++) {
    tnam_op_t op = {.kind = TNAM_OP_MAP,
                    .u.map = {.macro = m, .tile = (int32_t)(m % g->cp->tiles)}};
    g->mac[m].holds_tile = 1;
    g->mac[m].tile = m % g->cp->tiles;
    ok = push(g, &op);
  }
  if (g->ideal)
    ok = ok && gen_fill(g);
  else if (ok && gen_variation(g) && tnam_prng_chance(&g->rng, 500000))
    ok = gen_calibrate(g);
  else
    ok = ok && gen_fill(g);
  for (unsigned c = 0; ok && c < g->p->cols; c++) ok = gen_thr(g, c, profile, all_macros(g));
  if (ok && g->cp->macros > 1 && !g->ideal) {
    g->select = 1;
    ok = push_config(g);
  }
  return ok;
}

/* One step of the main loop: an evaluation, a register write, a switch, idle cycles or a
 * reset with its setup. */
static int gen_step(gen_t *g) {
  const tnam_params_t *p = g->p;
  const int switching = (g->modes & (g->modes - 1)) != 0; /* more than one mode allowed */
  const int chip = g->cp->macros > 1;
  uint32_t pick = tnam_prng_below(&g->rng, 1000);
  if (g->profile == TNAM_GEN_MIXED && tnam_prng_chance(&g->rng, 20000))
    g->eval_profile = (int)tnam_prng_below(&g->rng, TNAM_GEN_MIXED);
  const int eval_profile = g->eval_profile;
  /* Mode switches without a reset, keeping whatever the cells hold. */
  if (switching && tnam_prng_chance(&g->rng, 15000)) return gen_mode(g);
  const unsigned row = tnam_prng_below(&g->rng, p->rows);
  if (pick < 600) return gen_eval(g, eval_profile, eval_kind(g));
  if (pick < 750)
    return g->mode == TNAM_MODE_Q4 && pick >= 680   ? gen_bias(g, tnam_prng_below(&g->rng, p->nn))
           : g->mode == TNAM_MODE_Q4 && pick >= 670 ? gen_write(g, row, write_target(g))
           : g->mode == TNAM_MODE_Q4                ? gen_write4(g, row)
                                                    : gen_write(g, row, write_target(g));
  if (pick < 850) {
    /* Two draws, in this order (the one gcc happened to give the arguments before): as
     * arguments of one call their order was unspecified, and clang's build made other
     * streams from the same seed. */
    const uint32_t mask = config_target(g);
    const unsigned col = tnam_prng_below(&g->rng, p->cols);
    return gen_thr(g, col, eval_profile, mask);
  }
  if (pick < 885 && g->ideal) {
    tnam_op_t idle = {.kind = TNAM_OP_IDLE, .u.idle = {.cycles = 1}};
    return push(g, &idle);
  }
  if (pick < 870) return pick < 860 ? gen_trim(g) : gen_health(g);
  if (pick < 885)
    return !chip        ? gen_flags(g, eval_profile)
           : pick < 875 ? gen_map(g)
           : pick < 880 ? gen_resid(g)
                        : gen_flags(g, eval_profile);
  if (pick < 999) {
    tnam_op_t idle = {.kind = TNAM_OP_IDLE, .u.idle = {.cycles = 1 + tnam_prng_below(&g->rng, 4)}};
    return push(g, &idle);
  }
  /* The idle cycle lets the last evaluation's result appear before the reset. */
  tnam_op_t idle = {.kind = TNAM_OP_IDLE, .u.idle = {.cycles = 1}};
  return push(g, &idle) && gen_reset(g) && gen_setup(g, eval_profile);
}

/* Ops a lazily generated stream appends at a time: a window of about this many ops (and the
 * few the sequencer still refers to) is what a run holds. */
#define GEN_BLOCK_OPS 4096

/* Op and expectation lines are uint32_t: a stream stops before its dump would outgrow them. A
 * block adds far fewer lines than the margin (4096 ops and one step's, at most 66 lines an op). */
#define GEN_MAX_LINE (UINT32_MAX - (1u << 24))

/* The source's `more`: the main loop until the block is full or the cycles are reached, in
 * the same order of draws however the stream is cut into blocks. */
static int gen_more(tnam_stream_source_t *src) {
  gen_t *g = (gen_t *)src;
  tnam_stream_t *s = src->s;
  const size_t start = s->n_ops;
  if (s->dump_lines > GEN_MAX_LINE) {
    snprintf(src->err, sizeof src->err,
             "%s: the stream outgrows its line numbers (2^32) after %llu cycles", s->path,
             (unsigned long long)g->cycles);
    return 0;
  }
  int ok = 1;
  if (!g->started) {
    g->started = 1;
    ok = gen_reset(g) && gen_setup(g, g->eval_profile);
  }
  while (ok && g->cycles < g->target && s->n_ops - start < GEN_BLOCK_OPS) ok = gen_step(g);
  if (!ok) {
    snprintf(src->err, sizeof src->err, "%s: out of memory after %llu cycles", s->path,
             (unsigned long long)g->cycles);
    return 0;
  }
  src->done = g->cycles >= g->target;
  return 1;
}

static void gen_free(tnam_stream_source_t *src) { free(src); }

int tnam_gen_stream_open(const tnam_chip_params_t *cp, uint64_t seed, int profile, unsigned modes,
                         uint64_t cycles, int ideal, tnam_stream_t *s) {
  char path[256], mode_list[32];
  /* Op line numbers are those of the stream as --dump-stream writes it. */
  tnam_gen_modes_text(modes, mode_list, sizeof mode_list);
  snprintf(path, sizeof path, "generated(seed %llu, %s, modes %s, %llu cycles%s)",
           (unsigned long long)seed, tnam_gen_profile_name(profile), mode_list,
           (unsigned long long)cycles, ideal ? ", ideal" : "");
  /* The shadow cells of every macro are kept off the stack. */
  gen_t *g = tnam_stream_init(s, path, cp) ? calloc(1, sizeof *g) : NULL;
  if (!g) {
    tnam_stream_free(s);
    return 0;
  }
  s->hold_rate = TNAM_GEN_HOLD_RATE;
  uint64_t hold_seed = seed ^ 0x686f6c64ULL; /* not drawn: the ops' draws stay as they were */
  s->hold_seed = tnam_splitmix64(&hold_seed);
  g->src = (tnam_stream_source_t){.s = s, .more = gen_more, .free = gen_free};
  s->source = &g->src;
  g->chip = *cp;
  g->cp = &g->chip;
  g->p = &g->chip.core;
  g->s = s;
  g->ideal = ideal;
  g->target = cycles;
  g->profile = profile;
  g->modes = modes & TNAM_GEN_ALL_MODES ? modes & TNAM_GEN_ALL_MODES : TNAM_GEN_ALL_MODES;
  /* The profile is part of the seed so that seed N gives unrelated streams per profile. */
  tnam_prng_seed(&g->rng, seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(profile + 1)));
  static const uint32_t densities[] = {100000, 500000, 900000};
  g->weight_density_ppm = densities[tnam_prng_below(&g->rng, 3)];
  g->eval_profile = profile == TNAM_GEN_MIXED ? TNAM_GEN_RANDOM : profile;
  /* The first block at once: the stream starts with its reset, and memory fails here. */
  if (!gen_more(&g->src)) {
    tnam_stream_free(s);
    return 0;
  }
  return 1;
}

int tnam_gen_stream(const tnam_chip_params_t *cp, uint64_t seed, int profile, unsigned modes,
                    uint64_t cycles, tnam_stream_t *s) {
  return tnam_gen_stream_ideal(cp, seed, profile, modes, cycles, 0, s);
}

int tnam_gen_stream_ideal(const tnam_chip_params_t *cp, uint64_t seed, int profile, unsigned modes,
                          uint64_t cycles, int ideal, tnam_stream_t *s) {
  if (!tnam_gen_stream_open(cp, seed, profile, modes, cycles, ideal, s)) return 0;
  /* Every block, nothing dropped; then the stream is whole and the generator goes. */
  while (!s->source->done)
    if (!s->source->more(s->source)) {
      tnam_stream_free(s);
      return 0;
    }
  s->source->free(s->source);
  s->source = NULL;
  return 1;
}
