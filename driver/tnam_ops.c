// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The command list: the op array, its pools, and appending ops and expectations. Reading a
 * .tns file is in tb/stimulus/tnam_stream_parse.c, writing one in tnam_stream_write.c. */
#include "tnam_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int tnam_stream_push(tnam_stream_t *s, const tnam_op_t *op) {
  if (!grow((void **)&s->ops, &s->cap_ops, s->n_ops + 1, sizeof *s->ops)) return 0;
  tnam_op_t *dst = &s->ops[s->n_ops++];
  *dst = *op;
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
    if (!grow((void **)&s->act_pool, &s->cap_act, s->n_act + tiles * TNAM_ACT_WORDS,
              sizeof *s->act_pool))
      return 0;
    op.u.eval.pool = (uint32_t)(s->n_act / TNAM_ACT_WORDS);
    memcpy(&s->act_pool[s->n_act], vecs, tiles * TNAM_ACT_WORDS * sizeof *vecs);
    s->n_act += tiles * TNAM_ACT_WORDS;
  } else {
    memcpy(op.u.eval.x, vecs, sizeof op.u.eval.x);
    if (tiles > 1) {
      const size_t more = (tiles - 1) * TNAM_ROW_WORDS;
      if (!grow((void **)&s->x_pool, &s->cap_x, s->n_x + more, sizeof *s->x_pool)) return 0;
      op.u.eval.pool = (uint32_t)(s->n_x / TNAM_ROW_WORDS);
      memcpy(&s->x_pool[s->n_x], vecs + TNAM_ROW_WORDS, more * sizeof *vecs);
      s->n_x += more;
    }
  }
  return tnam_stream_push(s, &op);
}

int tnam_stream_expect(tnam_stream_t *s, unsigned tile, int kind, uint64_t bits,
                       const int32_t *vals, uint32_t line) {
  tnam_op_t *eval = &s->ops[s->n_ops - 1];
  if (eval->u.eval.expect == TNAM_NO_EXPECT) {
    const size_t tiles = s->chip.tiles;
    if (!grow((void **)&s->expects, &s->cap_expects, s->n_expects + tiles, sizeof *s->expects))
      return 0;
    memset(&s->expects[s->n_expects], 0, tiles * sizeof *s->expects);
    eval->u.eval.expect = (uint32_t)s->n_expects;
    s->n_expects += tiles;
  }
  tnam_expect_t *e = &s->expects[eval->u.eval.expect + tile];
  e->line[kind] = line ? line : next_dump_line(s);
  e->kinds |= 1u << kind;
  const unsigned count = tnam_expect_count(&s->params, kind);
  if (count == 0) {
    e->bits[kind] = bits;
    return 1;
  }
  if (!grow((void **)&s->val_pool, &s->cap_val, s->n_val + count, sizeof *s->val_pool)) return 0;
  memcpy(&s->val_pool[s->n_val], vals, count * sizeof *vals);
  e->bits[kind] = s->n_val;
  s->n_val += count;
  return 1;
}

uint64_t tnam_stream_cycles(const tnam_stream_t *s) {
  uint64_t cycles = 0;
  for (size_t i = 0; i < s->n_ops; i++) cycles += tnam_op_cycles(&s->ops[i]);
  return cycles;
}
