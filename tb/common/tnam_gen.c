/* Constrained-random stream generator; expectations come from a slow, obvious reference. */
#include "tnam_gen.h"

#include <stdlib.h>
#include <string.h>

#include "tnam_prng.h"

static const char *const profile_names[TNAM_GEN_PROFILES] = {"sparse", "half", "dense",
                                                             "random", "mixed"};
static const char *const mode_words[] = {"thresh", "level", "q4"};

unsigned tnam_gen_modes_from_text(const char *text) {
  unsigned modes = 0;
  for (const char *item = text; *item;) {
    size_t len = strcspn(item, ",");
    int found = 0;
    for (unsigned m = 0; m < 3; m++) {
      if (strlen(mode_words[m]) == len && strncmp(item, mode_words[m], len) == 0) {
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
      n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "," : "", mode_words[m]);
}

int tnam_gen_profile_from_name(const char *name) {
  for (int i = 0; i < TNAM_GEN_PROFILES; i++)
    if (strcmp(name, profile_names[i]) == 0) return i;
  return -1;
}

const char *tnam_gen_profile_name(int profile) {
  return profile >= 0 && profile < TNAM_GEN_PROFILES ? profile_names[profile] : "?";
}

/* The generator's own view of the macro: one signed byte per weight, no bit tricks, so that
 * it shares nothing with the golden model it checks. */
typedef struct {
  const tnam_params_t *p;
  tnam_prng_t rng;
  tnam_stream_t *s;
  int profile;
  uint32_t weight_density_ppm; /* chance that a written weight is non-zero */
  int8_t w[TNAM_MAX_ROWS][TNAM_MAX_COLS];
  int32_t thr[TNAM_MAX_COLS];
  uint64_t cycles;
  unsigned modes;  /* allowed layer modes */
  uint32_t mode;   /* the macro's mode register as the stream leaves it */
  uint32_t shift;
  int32_t bias[TNAM_MAX_NEURONS];
} gen_t;

static int push(gen_t *g, const tnam_op_t *op) {
  g->cycles += op->kind == TNAM_OP_RESET || op->kind == TNAM_OP_IDLE ? op->arg : 1;
  return tnam_stream_push(g->s, op);
}

/* The digit planes of a 4-bit weight, restated from the spec (section 9.2) rather than taken
 * from the model: digit k is bit k of |w|, with the sign of w. */
static int8_t q4_digit(int w, unsigned k) {
  int mag = w < 0 ? -w : w;
  return (int8_t)(((mag >> k) & 1) * (w < 0 ? -1 : 1));
}

/* Neuron j's 4-bit weight in row r as the cells hold it: any ternary triple is a valid
 * weight, however the row was written. */
static int q4_weight(const gen_t *g, unsigned r, unsigned j) {
  return g->w[r][3 * j] + 2 * g->w[r][3 * j + 1] + 4 * g->w[r][3 * j + 2];
}

static int8_t random_weight(gen_t *g) {
  if (!tnam_prng_chance(&g->rng, g->weight_density_ppm)) return 0;
  return (tnam_prng_next(&g->rng) & 1) ? 1 : -1;
}

static int gen_write(gen_t *g, unsigned row) {
  const unsigned cols = g->p->cols;
  tnam_op_t op = {.kind = TNAM_OP_WRITE, .arg = row};
  /* One row in ten is uniform (+1, -1 or 0 everywhere) so that full +1 and full -1 columns
   * and empty columns build up over time. */
  int uniform = tnam_prng_chance(&g->rng, 100000) ? (int)tnam_prng_range(&g->rng, -1, 1) : 2;
  for (unsigned c = 0; c < cols; c++) {
    int8_t v = uniform != 2 ? (int8_t)uniform : random_weight(g);
    g->w[row][c] = v;
    if (v) op.mag |= 1ULL << c;
    if (v < 0) op.sign |= 1ULL << c;
  }
  return push(g, &op);
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

static int gen_thr(gen_t *g, unsigned col, int profile) {
  tnam_op_t op = {.kind = TNAM_OP_THR, .arg = col, .value = random_threshold(g, profile)};
  g->thr[col] = op.value;
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

/* Cycles of a multi-level read of one plane (spec section 10). */
static uint64_t plane_cost(const gen_t *g, int all_gated) { return all_gated ? 1 : g->p->steps; }

/* A multi-level operation occupies L cycles; push() counted one. */
static int expect_cycles(gen_t *g, uint64_t latency) {
  g->cycles += latency - 1;
  return tnam_stream_expect(g->s, TNAM_EXPECT_CYCLES, latency, NULL, 0);
}

/* One evaluation with binary inputs (threshold or level mode, by the op kind) and its
 * expectations, from a per-weight count of the driven cells of every column. */
static int gen_binary_eval(gen_t *g, int profile, uint32_t kind) {
  const tnam_params_t *p = g->p;
  tnam_op_t op = {.kind = kind};
  uint32_t density = input_density_ppm(g, profile);
  uint8_t driven[TNAM_MAX_ROWS];
  for (unsigned r = 0; r < p->rows; r++) {
    driven[r] = (uint8_t)tnam_prng_chance(&g->rng, density);
    if (driven[r]) op.bits[r / 64] |= 1ULL << (r % 64);
  }
  if (!push(g, &op)) return 0;

  uint64_t dec = 0, gate = 0;
  int32_t macs[TNAM_MAX_COLS];
  for (unsigned c = 0; c < p->cols; c++) {
    int32_t pos = 0, neg = 0;
    for (unsigned r = 0; r < p->rows; r++) {
      if (!driven[r]) continue;
      pos += g->w[r][c] > 0;
      neg += g->w[r][c] < 0;
    }
    int gated = pos + neg == 0;
    macs[c] = pos - neg;
    int fires = gated ? 0 > g->thr[c] : macs[c] > g->thr[c];
    if (gated) gate |= 1ULL << c;
    if (fires) dec |= 1ULL << c;
  }
  /* In the order a dump writes them, so that their line numbers match the dump. */
  const int level = kind == TNAM_OP_LEVEL;
  const uint64_t all = p->cols == 64 ? ~0ULL : (1ULL << p->cols) - 1;
  return (level || tnam_stream_expect(g->s, TNAM_EXPECT_DEC, dec, NULL, 0)) &&
         tnam_stream_expect(g->s, TNAM_EXPECT_GATE, gate, NULL, 0) &&
         tnam_stream_expect(g->s, TNAM_EXPECT_MAC, 0, macs, 0) &&
         /* Level mode digitises A itself: |A| <= R always lies in the readout range. */
         (!level || (tnam_stream_expect(g->s, TNAM_EXPECT_CODE, 0, macs, 0) &&
                     expect_cycles(g, 2 + plane_cost(g, gate == all))));
}

/* One 4-bit evaluation: acc = bias + sum_r w * a over the neuron's three columns. */
static int gen_q4(gen_t *g, int profile) {
  const tnam_params_t *p = g->p;
  uint32_t density = input_density_ppm(g, profile);
  /* Now and then every activation is 15: the far end of the accumulator range. */
  const int all_max = profile == TNAM_GEN_DENSE && tnam_prng_chance(&g->rng, 125000);
  uint8_t a[TNAM_MAX_ROWS];
  uint64_t act[TNAM_ACT_WORDS] = {0};
  for (unsigned r = 0; r < p->rows; r++) {
    a[r] = all_max ? 15
           : tnam_prng_chance(&g->rng, density) ? (uint8_t)(1 + tnam_prng_below(&g->rng, 15))
                                                : 0;
    act[r / 16] |= (uint64_t)a[r] << (4 * (r % 16));
  }
  if (!tnam_stream_push_q4(g->s, 0, act)) return 0;
  g->cycles++;
  int32_t accs[TNAM_MAX_NEURONS], outs[TNAM_MAX_NEURONS];
  for (unsigned j = 0; j < p->nn; j++) {
    int64_t acc = g->bias[j];
    for (unsigned r = 0; r < p->rows; r++) acc += (int64_t)q4_weight(g, r, j) * a[r];
    accs[j] = (int32_t)acc;
    int64_t relu = acc > 0 ? acc : 0;
    int64_t shifted = relu >> g->shift;
    outs[j] = (int32_t)(shifted > TNAM_Q4_OUT_MAX ? TNAM_Q4_OUT_MAX : shifted);
  }
  /* A plane is skipped when no neuron column has a driven non-zero cell in it. */
  uint64_t latency = 2;
  for (unsigned plane = 0; plane < TNAM_Q4_PLANES; plane++) {
    int active = 0;
    for (unsigned r = 0; r < p->rows && !active; r++) {
      if (!((a[r] >> plane) & 1)) continue;
      for (unsigned c = 0; c < 3 * p->nn && !active; c++) active = g->w[r][c] != 0;
    }
    latency += plane_cost(g, !active);
  }
  return tnam_stream_expect(g->s, TNAM_EXPECT_ACC, 0, accs, 0) &&
         tnam_stream_expect(g->s, TNAM_EXPECT_OUT, 0, outs, 0) && expect_cycles(g, latency);
}

static int gen_write4(gen_t *g, unsigned row) {
  const tnam_params_t *p = g->p;
  tnam_op_t op = {.kind = TNAM_OP_WRITE, .arg = row};
  /* As in gen_write, one row in ten is uniform: -7, 0 or +7 in every neuron. */
  int uniform = tnam_prng_chance(&g->rng, 100000) ? 7 * (int)tnam_prng_range(&g->rng, -1, 1) : 8;
  memset(g->w[row], 0, sizeof g->w[row]);
  for (unsigned j = 0; j < p->nn; j++) {
    int w = uniform != 8 ? uniform
            : tnam_prng_chance(&g->rng, g->weight_density_ppm)
                ? (int)tnam_prng_range(&g->rng, -TNAM_Q4_WMAX, TNAM_Q4_WMAX)
                : 0;
    for (unsigned k = 0; k < TNAM_Q4_DIGITS; k++) {
      const unsigned c = 3 * j + k;
      g->w[row][c] = q4_digit(w, k);
      if (g->w[row][c]) op.mag |= 1ULL << c;
      if (g->w[row][c] < 0) op.sign |= 1ULL << c;
    }
  }
  return push(g, &op);
}

static int gen_bias(gen_t *g, unsigned neuron) {
  const int32_t most = (1 << (g->p->bw - 1)) - 1;
  int32_t v;
  if (tnam_prng_chance(&g->rng, 50000)) /* the register's range edges */
    v = tnam_prng_chance(&g->rng, 500000) ? most : -most - 1;
  else
    v = tnam_prng_range(&g->rng, -16 * (int32_t)g->p->rows, 16 * (int32_t)g->p->rows);
  tnam_op_t op = {.kind = TNAM_OP_BIAS, .arg = neuron, .value = v};
  g->bias[neuron] = v;
  return push(g, &op);
}

/* Switches to a mode allowed for this stream, with a fresh shift. */
static int gen_mode(gen_t *g) {
  uint32_t m;
  do m = tnam_prng_below(&g->rng, 3);
  while (!((g->modes >> m) & 1));
  /* Shifts that keep q4 outputs between 0 and 15 for typical sums, now and then the maximum. */
  uint32_t shift = tnam_prng_chance(&g->rng, 30000) ? TNAM_SHIFT_MAX
                                                      : tnam_prng_below(&g->rng, g->p->vw + 1);
  tnam_op_t op = {.kind = TNAM_OP_MODE, .arg = m, .value = (int32_t)shift};
  g->mode = m;
  g->shift = shift;
  return push(g, &op);
}

static int gen_reset(gen_t *g) {
  tnam_op_t op = {.kind = TNAM_OP_RESET, .arg = 1 + tnam_prng_below(&g->rng, 2)};
  memset(g->w, 0, sizeof g->w);
  memset(g->thr, 0, sizeof g->thr);
  memset(g->bias, 0, sizeof g->bias);
  g->mode = TNAM_MODE_THRESH;
  g->shift = 0;
  if (!push(g, &op)) return 0;
  return (g->modes >> TNAM_MODE_THRESH) & 1 ? 1 : gen_mode(g);
}

int tnam_gen_stream(const tnam_params_t *p, uint64_t seed, int profile, unsigned modes,
                    uint64_t cycles, tnam_stream_t *s) {
  char path[256], mode_list[32];
  /* Op line numbers are those of the stream as --dump-stream writes it. */
  tnam_gen_modes_text(modes, mode_list, sizeof mode_list);
  snprintf(path, sizeof path, "generated(seed %llu, %s, modes %s, %llu cycles)",
           (unsigned long long)seed, tnam_gen_profile_name(profile), mode_list,
           (unsigned long long)cycles);
  tnam_stream_init(s, path, p);
  gen_t *g = calloc(1, sizeof *g); /* 17 KiB of shadow weights: kept off the stack */
  if (!g) return 0;
  g->p = p;
  g->s = s;
  g->modes = modes & TNAM_GEN_ALL_MODES ? modes & TNAM_GEN_ALL_MODES : TNAM_GEN_ALL_MODES;
  /* The profile is part of the seed so that seed N gives unrelated streams per profile. */
  tnam_prng_seed(&g->rng, seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(profile + 1)));
  static const uint32_t densities[] = {100000, 500000, 900000};
  g->weight_density_ppm = densities[tnam_prng_below(&g->rng, 3)];

  /* Start from reset, fill every row and every threshold, then the random mix. */
  int ok = gen_reset(g);
  for (unsigned r = 0; ok && r < p->rows; r++) ok = gen_write(g, r);
  int eval_profile = profile == TNAM_GEN_MIXED ? TNAM_GEN_RANDOM : profile;
  for (unsigned c = 0; ok && c < p->cols; c++) ok = gen_thr(g, c, eval_profile);

  const int switching = (g->modes & (g->modes - 1)) != 0; /* more than one mode allowed */
  while (ok && g->cycles < cycles) {
    uint32_t pick = tnam_prng_below(&g->rng, 1000);
    if (profile == TNAM_GEN_MIXED && tnam_prng_chance(&g->rng, 20000))
      eval_profile = (int)tnam_prng_below(&g->rng, TNAM_GEN_MIXED);
    /* Mode switches without a reset, keeping whatever the cells hold. */
    if (switching && tnam_prng_chance(&g->rng, 15000)) {
      ok = gen_mode(g);
      continue;
    }
    const unsigned row = tnam_prng_below(&g->rng, p->rows);
    if (pick < 620) {
      ok = g->mode == TNAM_MODE_THRESH ? gen_binary_eval(g, eval_profile, TNAM_OP_EVAL)
           : g->mode == TNAM_MODE_LEVEL ? gen_binary_eval(g, eval_profile, TNAM_OP_LEVEL)
                                        : gen_q4(g, eval_profile);
    } else if (pick < 770) {
      ok = g->mode == TNAM_MODE_Q4 && pick >= 700 ? gen_bias(g, tnam_prng_below(&g->rng, p->nn))
           : g->mode == TNAM_MODE_Q4 && pick >= 690 ? gen_write(g, row)
           : g->mode == TNAM_MODE_Q4                ? gen_write4(g, row)
                                                    : gen_write(g, row);
    } else if (pick < 880) {
      ok = gen_thr(g, tnam_prng_below(&g->rng, p->cols), eval_profile);
    } else if (pick < 999) {
      tnam_op_t idle = {.kind = TNAM_OP_IDLE, .arg = 1 + tnam_prng_below(&g->rng, 4)};
      ok = push(g, &idle);
    } else {
      /* The idle cycle lets the last evaluation's result appear before the reset. */
      tnam_op_t idle = {.kind = TNAM_OP_IDLE, .arg = 1};
      ok = push(g, &idle) && gen_reset(g);
      for (unsigned c = 0; ok && c < p->cols; c++) ok = gen_thr(g, c, eval_profile);
    }
  }
  free(g);
  if (!ok) tnam_stream_free(s);
  return ok;
}
