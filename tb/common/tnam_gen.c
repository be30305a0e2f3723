/* Constrained-random stream generator; expectations come from a slow, obvious reference. */
#include "tnam_gen.h"

#include <stdlib.h>
#include <string.h>

#include "tnam_prng.h"

static const char *const profile_names[TNAM_GEN_PROFILES] = {"sparse", "dense", "random",
                                                             "mixed"};

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
} gen_t;

static int push(gen_t *g, const tnam_op_t *op) {
  g->cycles += op->kind == TNAM_OP_RESET || op->kind == TNAM_OP_IDLE ? op->arg : 1;
  return tnam_stream_push(g->s, op);
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
    case TNAM_GEN_DENSE: {
      static const uint32_t dense[] = {1000000, 970000, 900000};
      return dense[tnam_prng_below(&g->rng, 3)];
    }
    default: return tnam_prng_below(&g->rng, 1000001);
  }
}

/* One evaluation and its three expectations. */
static int gen_eval(gen_t *g, int profile) {
  const tnam_params_t *p = g->p;
  tnam_op_t op = {.kind = TNAM_OP_EVAL};
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
  return tnam_stream_expect(g->s, TNAM_EXPECT_DEC, dec, NULL, 0) &&
         tnam_stream_expect(g->s, TNAM_EXPECT_GATE, gate, NULL, 0) &&
         tnam_stream_expect(g->s, TNAM_EXPECT_MAC, 0, macs, 0);
}

static int gen_reset(gen_t *g) {
  tnam_op_t op = {.kind = TNAM_OP_RESET, .arg = 1 + tnam_prng_below(&g->rng, 2)};
  memset(g->w, 0, sizeof g->w);
  memset(g->thr, 0, sizeof g->thr);
  return push(g, &op);
}

int tnam_gen_stream(const tnam_params_t *p, uint64_t seed, int profile, uint64_t cycles,
                    tnam_stream_t *s) {
  char path[256];
  /* Op line numbers are those of the stream as --dump-stream writes it. */
  snprintf(path, sizeof path, "generated(seed %llu, %s, %llu cycles)", (unsigned long long)seed,
           tnam_gen_profile_name(profile), (unsigned long long)cycles);
  tnam_stream_init(s, path, p);
  gen_t *g = calloc(1, sizeof *g); /* 17 KiB of shadow weights: kept off the stack */
  if (!g) return 0;
  g->p = p;
  g->s = s;
  /* The profile is part of the seed so that seed N gives unrelated streams per profile. */
  tnam_prng_seed(&g->rng, seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(profile + 1)));
  static const uint32_t densities[] = {100000, 500000, 900000};
  g->weight_density_ppm = densities[tnam_prng_below(&g->rng, 3)];

  /* Start from reset, fill every row and every threshold, then the random mix. */
  int ok = gen_reset(g);
  for (unsigned r = 0; ok && r < p->rows; r++) ok = gen_write(g, r);
  int eval_profile = profile == TNAM_GEN_MIXED ? TNAM_GEN_RANDOM : profile;
  for (unsigned c = 0; ok && c < p->cols; c++) ok = gen_thr(g, c, eval_profile);

  while (ok && g->cycles < cycles) {
    uint32_t pick = tnam_prng_below(&g->rng, 1000);
    if (profile == TNAM_GEN_MIXED && tnam_prng_chance(&g->rng, 20000))
      eval_profile = (int)tnam_prng_below(&g->rng, TNAM_GEN_MIXED);
    if (pick < 620) {
      ok = gen_eval(g, eval_profile);
    } else if (pick < 770) {
      ok = gen_write(g, tnam_prng_below(&g->rng, p->rows));
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
