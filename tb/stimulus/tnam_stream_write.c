// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Test-stream (.tns) writer: a stream's ops as text that parses back to the same ops, each op
 * on the line number it carries (so a report on a generated stream points into its dump). */
#include "tnam_stream.h"
#include "tnam_var.h"

#include <inttypes.h>

static const char *const inject_names[] = {"offset", "defect", "excess"};

static void dump_hex(FILE *f, const uint64_t *words, unsigned width) {
  unsigned digits = (width + 3) / 4;
  for (unsigned d = digits; d-- > 0;) {
    unsigned bit = d * 4;
    fputc("0123456789abcdef"[(words[bit / 64] >> (bit % 64)) & 0xf], f);
  }
}

static void dump_flags(FILE *f, uint64_t mask, unsigned cols) {
  for (unsigned c = 0; c < cols; c++) fputc((mask >> c) & 1 ? '1' : '0', f);
}

/* The expectation lines of one tile of an evaluation, in a fixed order. */
static void dump_expects(const tnam_stream_t *s, const tnam_expect_t *e, unsigned tile, FILE *f) {
  const tnam_params_t *p = &s->params;
  for (int k = 0; k < TNAM_EXPECT_KINDS; k++) {
    if (!e->line[k]) continue;
    fprintf(f, "expect ");
    if (s->chip.tiles > 1) fprintf(f, "t%u ", tile);
    fprintf(f, "%s", tnam_expect_names[k]);
    const unsigned count = tnam_expect_count(p, k);
    if (k == TNAM_EXPECT_SEL) {
      if (e->bits[k] == TNAM_SEL_NONE)
        fprintf(f, " -");
      else
        fprintf(f, " %llu", (unsigned long long)e->bits[k]);
    } else if (k == TNAM_EXPECT_CYCLES) {
      fprintf(f, " %llu", (unsigned long long)e->bits[k]);
    } else if (count == 0) {
      fputc(' ', f);
      dump_hex(f, &e->bits[k], p->cols);
    } else {
      const int32_t *vals = tnam_expect_vals(s, e, k);
      for (unsigned i = 0; i < count; i++) fprintf(f, " %d", vals[i]);
    }
    fputc('\n', f);
  }
}

/* A MODE op as the command that changed one thing: mode/shift, select or test. */
static void dump_mode(const tnam_op_t *op, uint32_t *flags, FILE *f) {
  const uint32_t now = op->u.mode.flags, changed = now ^ *flags;
  if (changed & TNAM_CFG_SELECT)
    fprintf(f, "select %s\n", now & TNAM_CFG_SELECT ? "on" : "off");
  else if (changed & TNAM_CFG_TEST)
    fprintf(f, "test %s\n", now & TNAM_CFG_TEST ? "on" : "off");
  else
    fprintf(f, "mode %s %u\n", tnam_mode_names[op->u.mode.mode], op->u.mode.shift);
  *flags = now;
}

static void dump_inject(const tnam_stream_t *s, const tnam_op_t *op, FILE *f) {
  const uint32_t sel = op->u.inject.sel;
  fprintf(f, "inject %s", inject_names[sel]);
  if (sel == TNAM_VAR_EXCESS) {
    fprintf(f, " %d\n", tnam_wrap_signed((int32_t)op->u.inject.data, 2));
  } else if (sel == TNAM_VAR_OFFSET) {
    fprintf(f, " %u %d\n", op->u.inject.addr,
            tnam_wrap_signed((int32_t)op->u.inject.data, s->params.ow));
  } else {
    fprintf(f, " %u ", op->u.inject.addr);
    dump_flags(f, op->u.inject.data, s->params.cols);
    fputc('\n', f);
  }
}

/* An evaluation: its vector for every tile, then its expectations. */
static void dump_eval(const tnam_stream_t *s, const tnam_op_t *op, FILE *f) {
  fprintf(f, "%s", tnam_op_names[op->kind]);
  for (unsigned t = 0; t < s->chip.tiles; t++) {
    fputc(' ', f);
    if (op->kind == TNAM_OP_Q4)
      dump_hex(f, tnam_op_act(s, op, t), 4 * s->params.rows);
    else
      dump_hex(f, tnam_op_x(s, op, t), s->params.rows);
  }
  fputc('\n', f);
  for (unsigned t = 0; op->u.eval.expect != TNAM_NO_EXPECT && t < s->chip.tiles; t++)
    dump_expects(s, tnam_op_expect(s, op, t), t, f);
}

/* One op as its command line(s); MODE ops need the flags the dump has in force. Returns 0 for
 * an op of no known kind. */
static int dump_op(const tnam_stream_t *s, const tnam_op_t *op, uint32_t *flags, FILE *f) {
  const unsigned cols = s->params.cols;
  switch (op->kind) {
    case TNAM_OP_RESET: fprintf(f, "reset %u\n", op->u.reset.cycles); break;
    case TNAM_OP_IDLE: fprintf(f, "idle %u\n", op->u.idle.cycles); break;
    case TNAM_OP_WRITE:
      fprintf(f, "write %u ", op->u.write.row);
      for (unsigned c = 0; c < cols; c++)
        fputc(!((op->u.write.mag >> c) & 1) ? '0' : ((op->u.write.sign >> c) & 1) ? '-' : '+', f);
      fputc('\n', f);
      break;
    case TNAM_OP_THR: fprintf(f, "thr %u %d\n", op->u.thr.col, op->u.thr.value); break;
    case TNAM_OP_MODE: dump_mode(op, flags, f); break;
    case TNAM_OP_BIAS: fprintf(f, "bias %u %d\n", op->u.bias.neuron, op->u.bias.value); break;
    case TNAM_OP_MAP:
      if (op->u.map.tile < 0)
        fprintf(f, "map %u -\n", op->u.map.macro);
      else
        fprintf(f, "map %u %d\n", op->u.map.macro, op->u.map.tile);
      break;
    case TNAM_OP_RESID: fprintf(f, "resid %u %u\n", op->u.resid.macro, op->u.resid.value); break;
    case TNAM_OP_TRIM: fprintf(f, "trim %u %d\n", op->u.trim.col, op->u.trim.value); break;
    case TNAM_OP_HEALTH:
      fprintf(f, "health %u ", op->u.health.row);
      dump_flags(f, op->u.health.flags, cols);
      fputc('\n', f);
      break;
    case TNAM_OP_INJECT: dump_inject(s, op, f); break;
    case TNAM_OP_CAL: fprintf(f, "calibrate\n"); break;
    case TNAM_OP_EVAL:
    case TNAM_OP_LEVEL:
    case TNAM_OP_Q4: dump_eval(s, op, f); break;
    default: return 0;
  }
  return 1;
}

int tnam_stream_dump(const tnam_stream_t *s, FILE *f) {
  const tnam_params_t *p = &s->params;
  const uint32_t all = (1u << s->chip.macros) - 1;
  uint32_t mask = all, flags = 0;
  fprintf(f, "tns 1\nconfig rows %u cols %u", p->rows, p->cols);
  if (s->chip.macros > 1 || s->chip.tiles > 1)
    fprintf(f, " macros %u tiles %u", s->chip.macros, s->chip.tiles);
  /* The `hold` line shares the comment's line, so that every op keeps its line number. */
  if (s->hold_rate) fprintf(f, "\nhold %u %" PRIu64 " ", s->hold_rate, s->hold_seed);
  fprintf(f, "%s# %s\n", s->hold_rate ? "" : "\n", s->path);
  /* A lazily generated stream is written a window at a time, each dropped once written. */
  for (size_t i = s->op_base;; i++) {
    if (i == s->n_ops) {
      const int more = tnam_stream_more(s, i);
      if (more < 0) return 0;
      if (!more) break;
    }
    const tnam_op_t *op = tnam_stream_op(s, i);
    if (tnam_op_writes_registers(op->kind) && op->mask != mask) {
      mask = op->mask;
      if (mask == all)
        fprintf(f, "target all\n");
      else
        fprintf(f, "target %x\n", mask);
    }
    if (!dump_op(s, op, &flags, f)) return 0;
    if (op->kind == TNAM_OP_RESET) { /* the reset clears the target and the flags */
      mask = all;
      flags = 0;
    }
  }
  return !ferror(f);
}
