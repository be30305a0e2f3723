// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The command list: the op array, its pools, and appending ops and expectations. Reading a
 * .tns file is in tb/stimulus/tnam_stream_parse.c, writing one in tnam_stream_write.c. */
#include "tnam_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A dump (tnam_stream_write.c) writes `tns 1`, `config ...` and one comment line first. */
#define TNAM_DUMP_FIRST_OP_LINE 4

const char *const tnam_op_names[TNAM_OP_KINDS] = {
    "reset", "write", "thr",   "eval", "idle",   "mode",   "bias",     "eval",
    "eval4", "map",   "resid", "trim", "health", "inject", "calibrate"};
const char *const tnam_expect_names[TNAM_EXPECT_KINDS] = {"dec", "gate", "mac",    "code",
                                                          "acc", "out",  "cycles", "sel"};
const char *const tnam_mode_names[3] = {"thresh", "level", "q4"};

/* The path of a stream whose own copy could not be allocated. */
static const char no_path[] = "(out of memory)";

int tnam_stream_init(tnam_stream_t *s, const char *path, const tnam_chip_params_t *p) {
  memset(s, 0, sizeof *s);
  /* The whole path, however long: a stream's `load` and `variation` files are found beside
   * it. */
  const size_t len = strlen(path);
  char *copy = malloc(len + 1);
  if (copy) memcpy(copy, path, len + 1);
  s->path = copy ? copy : no_path;
  if (p) {
    s->chip = *p;
    s->params = p->core;
  }
  return copy != NULL;
}

uint64_t tnam_map_reset(const tnam_chip_params_t *p) {
  uint64_t map = 0;
  for (unsigned m = 0; m < p->tiles; m++)
    map |= (uint64_t)(TNAM_MAP_VALID | m) << (TNAM_MAP_BITS * m);
  return map;
}

void tnam_stream_free(tnam_stream_t *s) {
  if (s->source && s->source->free) s->source->free(s->source);
  s->source = NULL;
  s->op_base = s->expect_base = s->val_base = s->act_base = s->x_base = 0;
  if (s->path != no_path) free((void *)s->path);
  s->path = no_path;
  free(s->ops);
  free(s->expects);
  free(s->val_pool);
  free(s->act_pool);
  free(s->x_pool);
  s->x_pool = NULL;
  s->n_x = s->cap_x = 0;
  s->ops = NULL;
  s->expects = NULL;
  s->val_pool = NULL;
  s->act_pool = NULL;
  s->n_ops = s->cap_ops = s->n_expects = s->cap_expects = 0;
  s->n_val = s->cap_val = s->n_act = s->cap_act = 0;
}

static int grow(void **buf, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 1;
  size_t n = *cap ? *cap : 1024;
  while (n < need) n *= 2;
  void *p = realloc(*buf, n * elem);
  if (!p) return 0;
  *buf = p;
  *cap = n;
  return 1;
}

/* The line the next dumped command will have. */
static uint32_t next_dump_line(tnam_stream_t *s) {
  return (uint32_t)(s->dump_lines++ + TNAM_DUMP_FIRST_OP_LINE);
}

/* *dst = *op field by field, every other byte 0. An initializer such as {.u.reset = {...}}
 * leaves the union's bytes past its member, and the padding inside a member, unspecified
 * (clang leaves whatever the stack held), so a plain copy could make the same op two different
 * byte strings: a stored op is the same bytes wherever it was built. */
#define OP_MEMBER_SIZE(m) sizeof(((tnam_op_t *)0)->u.m)
_Static_assert(OP_MEMBER_SIZE(thr) == 8 && OP_MEMBER_SIZE(bias) == 8 && OP_MEMBER_SIZE(trim) == 8 &&
                   OP_MEMBER_SIZE(map) == 8 && OP_MEMBER_SIZE(resid) == 8 &&
                   OP_MEMBER_SIZE(mode) == 12 && OP_MEMBER_SIZE(inject) == 16,
               "the members copy_op() assigns whole have no padding");

static void copy_op(tnam_op_t *dst, const tnam_op_t *op) {
  memset(dst, 0, sizeof *dst);
  dst->kind = op->kind;
  dst->line = op->line;
  dst->mask = op->mask;
  switch (op->kind) {
    case TNAM_OP_RESET: dst->u.reset.cycles = op->u.reset.cycles; break;
    case TNAM_OP_IDLE: dst->u.idle.cycles = op->u.idle.cycles; break;
    case TNAM_OP_WRITE:
      dst->u.write.row = op->u.write.row;
      dst->u.write.mag = op->u.write.mag;
      dst->u.write.sign = op->u.write.sign;
      break;
    case TNAM_OP_THR: dst->u.thr = op->u.thr; break; /* whole: no padding (asserted above) */
    case TNAM_OP_BIAS: dst->u.bias = op->u.bias; break;
    case TNAM_OP_TRIM: dst->u.trim = op->u.trim; break;
    case TNAM_OP_MAP: dst->u.map = op->u.map; break;
    case TNAM_OP_RESID: dst->u.resid = op->u.resid; break;
    case TNAM_OP_MODE: dst->u.mode = op->u.mode; break;
    case TNAM_OP_HEALTH:
      dst->u.health.row = op->u.health.row;
      dst->u.health.flags = op->u.health.flags;
      break;
    case TNAM_OP_INJECT: dst->u.inject = op->u.inject; break;
    case TNAM_OP_CAL:
      dst->u.cal.mode = op->u.cal.mode;
      dst->u.cal.shift = op->u.cal.shift;
      dst->u.cal.flags = op->u.cal.flags;
      dst->u.cal.map = op->u.cal.map;
      break;
    default: /* the evaluations */
      dst->u.eval.expect = op->u.eval.expect;
      dst->u.eval.pool = op->u.eval.pool;
      dst->u.eval.runs = op->u.eval.runs;
      memcpy(dst->u.eval.x, op->u.eval.x, sizeof dst->u.eval.x);
      break;
  }
}

int tnam_stream_push(tnam_stream_t *s, const tnam_op_t *op) {
  if (!grow((void **)&s->ops, &s->cap_ops, s->n_ops - s->op_base + 1, sizeof *s->ops)) return 0;
  tnam_op_t *dst = &s->ops[s->n_ops++ - s->op_base];
  copy_op(dst, op);
  const uint32_t all = (1u << s->chip.macros) - 1;
  if (dst->kind == TNAM_OP_RESET) s->dump_mask = all;
  if (tnam_op_writes_registers(dst->kind) && dst->mask != (s->dump_mask ? s->dump_mask : all)) {
    s->dump_mask = dst->mask;
    if (dst->line == 0) next_dump_line(s); /* the dump writes a `target` line first */
  }
  if (dst->line == 0) dst->line = next_dump_line(s);
  if (tnam_op_is_eval(dst->kind)) dst->u.eval.expect = TNAM_NO_EXPECT;
  return 1;
}

int tnam_stream_push_eval(tnam_stream_t *s, uint32_t kind, uint32_t line, const uint64_t *vecs,
                          uint32_t runs) {
  const size_t tiles = s->chip.tiles;
  tnam_op_t op = {.kind = kind, .line = line, .u.eval = {.runs = runs}};
  if (kind == TNAM_OP_Q4) {
    if (!grow((void **)&s->act_pool, &s->cap_act, s->n_act - s->act_base + tiles * TNAM_ACT_WORDS,
              sizeof *s->act_pool))
      return 0;
    op.u.eval.pool = (uint32_t)(s->n_act / TNAM_ACT_WORDS);
    memcpy(&s->act_pool[s->n_act - s->act_base], vecs, tiles * TNAM_ACT_WORDS * sizeof *vecs);
    s->n_act += tiles * TNAM_ACT_WORDS;
  } else {
    memcpy(op.u.eval.x, vecs, sizeof op.u.eval.x);
    if (tiles > 1) {
      const size_t more = (tiles - 1) * TNAM_ROW_WORDS;
      if (!grow((void **)&s->x_pool, &s->cap_x, s->n_x - s->x_base + more, sizeof *s->x_pool))
        return 0;
      op.u.eval.pool = (uint32_t)(s->n_x / TNAM_ROW_WORDS);
      memcpy(&s->x_pool[s->n_x - s->x_base], vecs + TNAM_ROW_WORDS, more * sizeof *vecs);
      s->n_x += more;
    }
  }
  return tnam_stream_push(s, &op);
}

int tnam_stream_expect(tnam_stream_t *s, unsigned tile, int kind, uint64_t bits,
                       const int32_t *vals, uint32_t line) {
  tnam_op_t *eval = &s->ops[s->n_ops - 1 - s->op_base];
  if (eval->u.eval.expect == TNAM_NO_EXPECT) {
    const size_t tiles = s->chip.tiles, at = s->n_expects - s->expect_base;
    if (!grow((void **)&s->expects, &s->cap_expects, at + tiles, sizeof *s->expects)) return 0;
    memset(&s->expects[at], 0, tiles * sizeof *s->expects);
    eval->u.eval.expect = (uint32_t)s->n_expects;
    s->n_expects += tiles;
  }
  tnam_expect_t *e = &s->expects[eval->u.eval.expect + tile - s->expect_base];
  e->line[kind] = line ? line : next_dump_line(s);
  e->kinds |= 1u << kind;
  const unsigned count = tnam_expect_count(&s->params, kind);
  if (count == 0) {
    e->bits[kind] = bits;
    return 1;
  }
  if (!grow((void **)&s->val_pool, &s->cap_val, s->n_val - s->val_base + count,
            sizeof *s->val_pool))
    return 0;
  memcpy(&s->val_pool[s->n_val - s->val_base], vals, count * sizeof *vals);
  e->bits[kind] = s->n_val;
  s->n_val += count;
  return 1;
}

uint64_t tnam_stream_cycles(const tnam_stream_t *s) {
  uint64_t cycles = 0;
  for (size_t i = s->op_base; i < s->n_ops; i++) cycles += tnam_op_cycles(tnam_stream_op(s, i));
  return cycles;
}

/* Moves the entries from absolute index `from` on (at most `end`) to the front of a window
 * buffer that starts at *base. */
static void slide(void *buf, size_t elem, size_t *base, size_t end, size_t from) {
  if (from > end) from = end;
  if (from <= *base) return;
  if (end > from) memmove(buf, (char *)buf + (from - *base) * elem, (end - from) * elem);
  *base = from;
}

/* Drops the ops before absolute index `keep` and the expectations and pool entries only they
 * use; every index stays valid. */
static void drop(tnam_stream_t *s, size_t keep) {
  if (keep > s->n_ops) keep = s->n_ops;
  if (keep <= s->op_base) return;
  /* The first entry of each pool that an op from `keep` on uses: the pools are appended in
   * the order of the ops (and the values in the order of the expectations). An op kept uses
   * nothing below it; when no op uses a pool, all of it goes. */
  const size_t tiles = s->chip.tiles;
  size_t expect = s->n_expects, act = s->n_act, x = s->n_x, val = s->n_val;
  int need = tiles > 1 ? 3 : 2; /* the pools still to find */
  for (size_t i = keep; need && i < s->n_ops; i++) {
    const tnam_op_t *op = tnam_stream_op(s, i);
    if (!tnam_op_is_eval(op->kind)) continue;
    if (op->u.eval.expect != TNAM_NO_EXPECT && expect == s->n_expects) {
      expect = op->u.eval.expect;
      need--;
    }
    if (op->kind == TNAM_OP_Q4 && act == s->n_act) {
      act = (size_t)op->u.eval.pool * TNAM_ACT_WORDS;
      need--;
    } else if (op->kind != TNAM_OP_Q4 && tiles > 1 && x == s->n_x) {
      x = (size_t)op->u.eval.pool * TNAM_ROW_WORDS;
      need--;
    }
  }
  for (size_t i = expect; i < s->n_expects && val == s->n_val; i++) {
    const tnam_expect_t *e = &s->expects[i - s->expect_base];
    for (int k = TNAM_EXPECT_MAC; k <= TNAM_EXPECT_OUT; k++)
      if ((e->kinds >> k) & 1 && e->bits[k] < val) val = e->bits[k];
  }
  slide(s->ops, sizeof *s->ops, &s->op_base, s->n_ops, keep);
  slide(s->expects, sizeof *s->expects, &s->expect_base, s->n_expects, expect);
  slide(s->val_pool, sizeof *s->val_pool, &s->val_base, s->n_val, val);
  slide(s->act_pool, sizeof *s->act_pool, &s->act_base, s->n_act, act);
  slide(s->x_pool, sizeof *s->x_pool, &s->x_base, s->n_x, x);
}

int tnam_stream_more(const tnam_stream_t *cs, size_t keep) {
  tnam_stream_source_t *src = cs->source;
  if (!src || src->done) return 0;
  struct timespec t0, t1;
  const int timed = timespec_get(&t0, TIME_UTC) == TIME_UTC;
  drop(src->s, keep);
  const size_t before = src->s->n_ops;
  const int ok = src->more(src);
  if (timed && timespec_get(&t1, TIME_UTC) == TIME_UTC)
    src->seconds += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  if (!ok) return -1;
  return src->s->n_ops > before ? 1 : 0;
}
