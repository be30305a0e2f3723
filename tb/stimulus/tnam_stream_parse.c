// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Test-stream (.tns) reader: strict, every error names the file and line. After the `tns` and
 * `config` header, each command is one row of `commands` (its name, how many arguments it
 * takes, its usage, and the function that parses it into ops). */
#include "tnam_stream.h"
#include "tnam_cli.h"
#include "tnam_var.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TNAM_LINE_MAX 8192
#define TNAM_MAX_TOKENS (TNAM_MAX_COLS + 4)
#define TNAM_MAX_REPEAT 100000000L /* longest reset/idle: keeps cycle counts in 32 bits */

/* ---- values ----------------------------------------------------------------------------- */

/* Hexadecimal bit vector of `width` bits into words (bit 0 = least significant). */
static int parse_hex_bits(const tnam_where_t *w, const char *what, const char *text, unsigned width,
                          uint64_t *words, unsigned n_words) {
  const char *digits = text;
  if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) digits += 2;
  size_t len = strlen(digits);
  size_t max_digits = (width + 3) / 4;
  if (len == 0) return tnam_fail(w, "%s '%s' has no hexadecimal digits", what, text);
  if (len > max_digits)
    return tnam_fail(w, "%s '%s' has %zu hexadecimal digits; at most %zu for %u bits", what, text,
                     len, max_digits, width);
  memset(words, 0, n_words * sizeof *words);
  for (size_t i = 0; i < len; i++) {
    char c = digits[len - 1 - i];
    unsigned v;
    if (c >= '0' && c <= '9')
      v = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v = (unsigned)(c - 'A' + 10);
    else
      return tnam_fail(w, "%s '%s': '%c' is not a hexadecimal digit", what, text, c);
    for (unsigned b = 0; b < 4; b++) {
      unsigned bit = (unsigned)i * 4 + b;
      if (!((v >> b) & 1u)) continue;
      if (bit >= width)
        return tnam_fail(w, "%s '%s' sets bit %u; only bits 0..%u exist", what, text, bit,
                         width - 1);
      words[bit / 64] |= 1ULL << (bit % 64);
    }
  }
  return 1;
}

/* A row of C weights, `+ - 0`, into magnitude and sign masks. */
static int parse_weights(const tnam_where_t *w, const char *text, unsigned cols, uint64_t *mag,
                         uint64_t *sign) {
  size_t len = strlen(text);
  if (len != cols)
    return tnam_fail(w, "weights '%s' have %zu characters; the configuration has %u columns", text,
                     len, cols);
  *mag = *sign = 0;
  for (unsigned c = 0; c < cols; c++) {
    switch (text[c]) {
      case '+': *mag |= 1ULL << c; break;
      case '-':
        *mag |= 1ULL << c;
        *sign |= 1ULL << c;
        break;
      case '0': break;
      default: return tnam_fail(w, "weight '%c' in column %u is not one of + - 0", text[c], c);
    }
  }
  return 1;
}

/* A row of C flags, `0` or `1`, into a column mask. */
static int parse_flags(const tnam_where_t *w, const char *what, const char *text, unsigned cols,
                       uint64_t *mask) {
  size_t len = strlen(text);
  if (len != cols)
    return tnam_fail(w, "%s '%s' have %zu characters; the configuration has %u columns", what, text,
                     len, cols);
  *mask = 0;
  for (unsigned c = 0; c < cols; c++) {
    if (text[c] != '0' && text[c] != '1')
      return tnam_fail(w, "%s: '%c' in column %u is not 0 or 1", what, text[c], c);
    if (text[c] == '1') *mask |= 1ULL << c;
  }
  return 1;
}

/* Signed decimal that fits a `bits`-bit two's complement register. */
static int parse_signed_bits(const tnam_where_t *w, const char *what, const char *text,
                             unsigned bits, long *out) {
  return tnam_parse_long(w, what, text, -(1L << (bits - 1)), (1L << (bits - 1)) - 1, out);
}

/* Opens the `what` file a stream names at w, beside the stream (tnam_path_beside), its path
 * into *path (malloc'ed, for the caller to free); NULL with the error reported when it cannot. */
static FILE *open_named(const tnam_stream_t *s, const tnam_where_t *w, const char *what,
                        const char *name, char **path) {
  *path = tnam_path_beside(s->path, name);
  if (!*path) return tnam_fail(w, "out of memory"), NULL;
  FILE *f = tnam_text_open(*path, what, w, w->err);
  if (!f) {
    free(*path);
    *path = NULL;
  }
  return f;
}

/* ---- what the reader tracks --------------------------------------------------------------- */

typedef struct command command_t;

typedef struct {
  tnam_stream_t *s;
  const command_t *cmd; /* the command being parsed */
  int have_version, have_config;
  /* Expectations refer to the latest evaluation, which must be the latest op; a reset in
   * the cycle after an evaluation cancels it (its sense stage never completes). */
  int eval_is_last;           /* the latest op is an evaluation since the start or the last reset */
  int prev_cycle_op_was_eval; /* ... a threshold evaluation, whose result is 2 cycles later
                                 (a multi-level one makes the next command wait for it) */
  /* The chip state the stream has set, tracked so that every evaluation knows which tiles
   * run (spec 11.3) and calibration knows what to restore. */
  uint32_t mode; /* TNAM_MODE_* */
  uint32_t shift;
  uint32_t flags;     /* TNAM_CFG_* */
  uint64_t map;       /* TNAM_MAP_* per macro */
  uint32_t mask;      /* `target` of register writes */
  unsigned hold_line; /* the `hold` line, 0 before it */
  /* The open `repeat N` block (spec 7): its lines, as "LINE TOKENS\n", read N - 1 more times at
   * its `end`; pass counts the reading in progress (1 while the file itself is read). */
  unsigned block_line; /* the `repeat` line; 0: no block open */
  long block_count, block_pass;
  size_t block_lines;
  tnam_str_t block;
} parse_state_t;

/* A command of the stream body: `tok[0]` is its name, n counts it with its arguments. */
typedef int (*command_fn)(parse_state_t *ps, const tnam_where_t *w, char **tok, int n);

#define ANY_ARGS INT_MAX

struct command {
  const char *name;
  int min_args, max_args; /* argument counts outside [min, max] get "usage: <usage>" */
  const char *usage;      /* NULL (with 0 .. ANY_ARGS): `parse` checks a count that depends on
                             the chip, and words its own usage */
  command_fn parse;
};

static void reset_tracking(parse_state_t *ps) {
  ps->mode = TNAM_MODE_THRESH;
  ps->shift = ps->flags = 0;
  ps->map = tnam_map_reset(&ps->s->chip);
  ps->mask = (1u << ps->s->chip.macros) - 1;
}

/* Book-keeping after any op was appended. */
static void note_pushed(parse_state_t *ps, uint32_t kind) {
  ps->eval_is_last = tnam_op_is_eval(kind);
  ps->prev_cycle_op_was_eval = kind == TNAM_OP_EVAL;
  if (kind == TNAM_OP_RESET) reset_tracking(ps);
}

/* The tiles of an evaluation that run (spec 11.3): those with a copy, and with selection on
 * only the active ones. `active` has bit t set when tile t has a driven row. */
static uint32_t tiles_that_run(const parse_state_t *ps, uint32_t active) {
  uint32_t with_copy = 0;
  for (unsigned m = 0; m < ps->s->chip.macros; m++) {
    const uint32_t e = tnam_map_get(ps->map, m);
    if (e & TNAM_MAP_VALID) with_copy |= 1u << (e & 7u);
  }
  return ps->flags & TNAM_CFG_SELECT ? with_copy & active : with_copy;
}

/* An op of `kind` on this line, with the `target` in force as its mask. */
static tnam_op_t new_op(const parse_state_t *ps, const tnam_where_t *w, uint32_t kind) {
  return (tnam_op_t){.kind = kind, .line = w->line, .mask = ps->mask};
}

static int push_or_fail(parse_state_t *ps, const tnam_where_t *w, const tnam_op_t *op) {
  if (!tnam_stream_push(ps->s, op)) return tnam_fail(w, "out of memory");
  note_pushed(ps, op->kind);
  return 1;
}

/* The command's usage as its error. */
static int fail_usage(const parse_state_t *ps, const tnam_where_t *w) {
  return tnam_fail(w, "usage: %s", ps->cmd->usage);
}

/* ---- the header: `tns 1` and `config` ----------------------------------------------------- */

static int parse_version(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  if (strcmp(tok[0], "tns") != 0) return tnam_fail(w, "the first command must be 'tns 1'");
  if (n != 2 || strcmp(tok[1], "1") != 0)
    return tnam_fail(w, "unsupported stream format version; this reader takes 'tns 1'");
  ps->have_version = 1;
  return 1;
}

static int parse_config(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  tnam_stream_t *s = ps->s;
  long rows, cols, macros = 1, tiles = 1;
  if (strcmp(tok[0], "config") != 0)
    return tnam_fail(w, "'config rows R cols C' must come before '%s'", tok[0]);
  if ((n != 5 && n != 9) || strcmp(tok[1], "rows") != 0 || strcmp(tok[3], "cols") != 0 ||
      (n == 9 && (strcmp(tok[5], "macros") != 0 || strcmp(tok[7], "tiles") != 0)))
    return tnam_fail(w, "usage: config rows R cols C [macros M tiles T]");
  if (!tnam_parse_long(w, "rows", tok[2], TNAM_MIN_ROWS, TNAM_MAX_ROWS, &rows) ||
      !tnam_parse_long(w, "cols", tok[4], TNAM_MIN_COLS, TNAM_MAX_COLS, &cols) ||
      (n == 9 && (!tnam_parse_long(w, "macros", tok[6], 1, TNAM_MAX_MACROS, &macros) ||
                  !tnam_parse_long(w, "tiles", tok[8], 1,
                                   macros < TNAM_MAX_TILES ? macros : TNAM_MAX_TILES, &tiles))))
    return 0;
  tnam_chip_params_make((unsigned)rows, (unsigned)cols, (unsigned)macros, (unsigned)tiles,
                        &s->chip);
  s->params = s->chip.core;
  s->config_line = w->line;
  ps->have_config = 1;
  reset_tracking(ps);
  return 1;
}

/* ---- register writes ---------------------------------------------------------------------- */

/* The N of `reset [N]` and `idle N` (1 when absent). */
static int parse_repeat(const tnam_where_t *w, char **tok, int n, long *v) {
  *v = 1;
  return n == 1 || tnam_parse_long(w, "cycle count", tok[1], 1, TNAM_MAX_REPEAT, v);
}

static int cmd_reset(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  const tnam_op_t *last = ps->s->n_ops ? tnam_stream_op(ps->s, ps->s->n_ops - 1) : NULL;
  long v;
  if (!parse_repeat(w, tok, n, &v)) return 0;
  /* An evaluation that runs on no macro is checked in its own cycle: nothing to cancel. */
  if (ps->prev_cycle_op_was_eval && last->u.eval.expect != TNAM_NO_EXPECT && last->u.eval.runs)
    return tnam_fail(w,
                     "this reset cancels the evaluation at line %u before its result, which "
                     "has expectations; put a cycle between them",
                     last->line);
  tnam_op_t op = new_op(ps, w, TNAM_OP_RESET);
  op.u.reset.cycles = (uint32_t)v;
  return push_or_fail(ps, w, &op);
}

static int cmd_hold(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  tnam_stream_t *s = ps->s;
  long rate;
  uint64_t seed = 0;
  if (ps->hold_line)
    return tnam_fail(w, "a second 'hold' line (the first is line %u)", ps->hold_line);
  if (s->n_ops)
    return tnam_fail(w, "'hold' must come before the first command that takes a cycle (line %u)",
                     tnam_stream_op(s, 0)->line);
  if (!tnam_parse_long(w, "hold rate (per mille)", tok[1], 0, TNAM_HOLD_RATE_MAX, &rate) ||
      !tnam_parse_u64(w, "hold seed", tok[2], 0, UINT64_MAX, &seed))
    return 0;
  s->hold_rate = (uint32_t)rate;
  s->hold_seed = seed;
  ps->hold_line = w->line;
  return 1;
}

static int cmd_idle(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  long v;
  if (!parse_repeat(w, tok, n, &v)) return 0;
  tnam_op_t op = new_op(ps, w, TNAM_OP_IDLE);
  op.u.idle.cycles = (uint32_t)v;
  return push_or_fail(ps, w, &op);
}

static int cmd_write(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  const tnam_params_t *p = &ps->s->params;
  long v;
  if (!tnam_parse_long(w, "row", tok[1], 0, (long)p->rows - 1, &v)) return 0;
  tnam_op_t op = new_op(ps, w, TNAM_OP_WRITE);
  op.u.write.row = (uint32_t)v;
  return parse_weights(w, tok[2], p->cols, &op.u.write.mag, &op.u.write.sign) &&
         push_or_fail(ps, w, &op);
}

/* `write4 ROW V0 ..`: each 4-bit weight as its three digit columns (spec 9.2). */
static int cmd_write4(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  const tnam_params_t *p = &ps->s->params;
  long v;
  if (n != 2 + (int)p->nn)
    return tnam_fail(w, "usage: write4 ROW V0 .. V%u (one 4-bit weight per neuron)", p->nn - 1);
  if (!tnam_parse_long(w, "row", tok[1], 0, (long)p->rows - 1, &v)) return 0;
  tnam_op_t op = new_op(ps, w, TNAM_OP_WRITE);
  op.u.write.row = (uint32_t)v;
  for (unsigned j = 0; j < p->nn; j++) {
    int digits[TNAM_Q4_DIGITS];
    if (!tnam_parse_long(w, "4-bit weight", tok[2 + j], -TNAM_Q4_WMAX, TNAM_Q4_WMAX, &v)) return 0;
    tnam_q4_digits((int)v, digits);
    for (unsigned k = 0; k < TNAM_Q4_DIGITS; k++) {
      const unsigned col = 3 * j + k;
      if (digits[k]) op.u.write.mag |= 1ULL << col;
      if (digits[k] < 0) op.u.write.sign |= 1ULL << col;
    }
  }
  return push_or_fail(ps, w, &op);
}

/* `load FILE`: one write per row of the weight file, all on the command's line. */
static int cmd_load(parse_state_t *ps, const tnam_where_t *stream_w, char **tok, int n) {
  (void)n;
  char *path;
  FILE *f = open_named(ps->s, stream_w, "weight file", tok[1], &path);
  if (!f) return 0;
  tnam_where_t w = {.path = path, .err = stream_w->err};
  char buf[TNAM_LINE_MAX];
  char *row_tok[2];
  unsigned rows = ps->s->params.rows, row = 0;
  int ok = 1, r;
  while (ok && (w.line++, r = tnam_read_line(f, buf, sizeof buf, &w)) > 0) {
    int n_tok = tnam_tokenize(buf, row_tok, 1);
    if (n_tok == 0) continue;
    if (n_tok < 0) {
      ok = tnam_fail(&w, "expected one row of weights per line");
      break;
    }
    if (row == rows) {
      ok = tnam_fail(&w, "more than %u rows", rows);
      break;
    }
    tnam_op_t op = new_op(ps, stream_w, TNAM_OP_WRITE);
    op.u.write.row = row;
    ok = parse_weights(&w, row_tok[0], ps->s->params.cols, &op.u.write.mag, &op.u.write.sign) &&
         push_or_fail(ps, stream_w, &op);
    row++;
  }
  if (ok && r < 0) ok = 0;
  if (ok && row != rows) {
    ok = tnam_fail(&w, "weight file ends after %u rows; the configuration has %u", row, rows);
  }
  fclose(f);
  free(path);
  return ok;
}

/* Sets the operands of a THR, TRIM or BIAS op. */
static void set_index_value(tnam_op_t *op, uint32_t index, int32_t value) {
  if (op->kind == TNAM_OP_THR) {
    op->u.thr.col = index;
    op->u.thr.value = value;
  } else if (op->kind == TNAM_OP_TRIM) {
    op->u.trim.col = index;
    op->u.trim.value = value;
  } else {
    op->u.bias.neuron = index;
    op->u.bias.value = value;
  }
}

/* `CMD INDEX|* VALUE` (thr, trim, bias): one op of `kind` per addressed column or neuron
 * (all of the `count` for `*`), VALUE a signed `bits`-bit number. */
static int push_per_index(parse_state_t *ps, const tnam_where_t *w, char **tok, uint32_t kind,
                          const char *index_name, unsigned count, const char *value_name,
                          unsigned bits) {
  long index = -1, v;
  if (strcmp(tok[1], "*") != 0 &&
      !tnam_parse_long(w, index_name, tok[1], 0, (long)count - 1, &index))
    return 0;
  if (!parse_signed_bits(w, value_name, tok[2], bits, &v)) return 0;
  tnam_op_t op = new_op(ps, w, kind);
  for (unsigned i = 0; i < count; i++) {
    if (index >= 0 && i != (unsigned)index) continue;
    set_index_value(&op, i, (int32_t)v);
    if (!push_or_fail(ps, w, &op)) return 0;
  }
  return 1;
}

static int cmd_thr(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  const tnam_params_t *p = &ps->s->params;
  return push_per_index(ps, w, tok, TNAM_OP_THR, "column", p->cols, "threshold", p->vw);
}

static int cmd_trim(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  const tnam_params_t *p = &ps->s->params;
  return push_per_index(ps, w, tok, TNAM_OP_TRIM, "column", p->cols, "trim", p->ow);
}

static int cmd_bias(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  const tnam_params_t *p = &ps->s->params;
  return push_per_index(ps, w, tok, TNAM_OP_BIAS, "neuron", p->nn, "bias", p->bw);
}

static int cmd_health(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  const tnam_params_t *p = &ps->s->params;
  long v;
  tnam_op_t op = new_op(ps, w, TNAM_OP_HEALTH);
  if (!tnam_parse_long(w, "row", tok[1], 0, (long)p->rows - 1, &v) ||
      !parse_flags(w, "health flags", tok[2], p->cols, &op.u.health.flags))
    return 0;
  op.u.health.row = (uint32_t)v;
  return push_or_fail(ps, w, &op);
}

/* `target all|HEX`: the macros of the register writes that follow (no op of its own). */
static int cmd_target(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  uint64_t mask;
  if (strcmp(tok[1], "all") == 0)
    mask = (1u << ps->s->chip.macros) - 1;
  else if (!parse_hex_bits(w, "macro mask", tok[1], ps->s->chip.macros, &mask, 1))
    return 0;
  ps->mask = (uint32_t)mask;
  return 1;
}

/* ---- configuration and chip registers ----------------------------------------------------- */

/* A MODE op that writes the configuration the stream has set. */
static int push_config(parse_state_t *ps, const tnam_where_t *w) {
  tnam_op_t op = new_op(ps, w, TNAM_OP_MODE);
  op.u.mode.mode = ps->mode;
  op.u.mode.shift = ps->shift;
  op.u.mode.flags = ps->flags;
  return push_or_fail(ps, w, &op);
}

static int cmd_mode(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  long mode = -1, shift = 0;
  for (long m = 0; m < 3; m++)
    if (strcmp(tok[1], tnam_mode_names[m]) == 0) mode = m;
  if (mode < 0) return tnam_fail(w, "unknown mode '%s'; expected thresh, level or q4", tok[1]);
  if (n == 3 && !tnam_parse_long(w, "shift", tok[2], 0, TNAM_SHIFT_MAX, &shift)) return 0;
  ps->mode = (uint32_t)mode;
  ps->shift = (uint32_t)shift;
  return push_config(ps, w);
}

/* `select on|off`, `test on|off`: the configuration with one flag changed. */
static int set_flag(parse_state_t *ps, const tnam_where_t *w, const char *value, uint32_t flag) {
  if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0) return fail_usage(ps, w);
  ps->flags = value[1] == 'n' ? ps->flags | flag : ps->flags & ~flag;
  return push_config(ps, w);
}

static int cmd_select(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  return set_flag(ps, w, tok[1], TNAM_CFG_SELECT);
}

static int cmd_test(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  return set_flag(ps, w, tok[1], TNAM_CFG_TEST);
}

static int cmd_map(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  long macro, tile = -1;
  if (!tnam_parse_long(w, "macro", tok[1], 0, (long)ps->s->chip.macros - 1, &macro)) return 0;
  if (strcmp(tok[2], "-") != 0 &&
      !tnam_parse_long(w, "tile", tok[2], 0, (long)ps->s->chip.tiles - 1, &tile))
    return 0;
  tnam_op_t op = new_op(ps, w, TNAM_OP_MAP);
  op.u.map.macro = (uint32_t)macro;
  op.u.map.tile = (int32_t)tile;
  const unsigned shift = TNAM_MAP_BITS * (unsigned)macro;
  ps->map = (ps->map & ~(15ULL << shift)) |
            (uint64_t)(tile < 0 ? 0 : TNAM_MAP_VALID | (uint32_t)tile) << shift;
  return push_or_fail(ps, w, &op);
}

static int cmd_resid(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  long macro, v;
  if (!tnam_parse_long(w, "macro", tok[1], 0, (long)ps->s->chip.macros - 1, &macro) ||
      !tnam_parse_long(w, "residual offset", tok[2], 0, TNAM_RESID_MAX, &v))
    return 0;
  tnam_op_t op = new_op(ps, w, TNAM_OP_RESID);
  op.u.resid.macro = (uint32_t)macro;
  op.u.resid.value = (uint32_t)v;
  return push_or_fail(ps, w, &op);
}

/* ---- variation and calibration ------------------------------------------------------------ */

/* `inject excess D | offset COL VALUE | defect ROW FLAGS`: one variation-port write. */
static int cmd_inject(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  const tnam_params_t *p = &ps->s->params;
  tnam_op_t op = new_op(ps, w, TNAM_OP_INJECT);
  long v;
  if (n == 3 && strcmp(tok[1], "excess") == 0) {
    if (!tnam_parse_long(w, "excess", tok[2], TNAM_EXCESS_MIN, TNAM_EXCESS_MAX, &v)) return 0;
    op.u.inject.sel = TNAM_VAR_EXCESS;
    op.u.inject.data = (uint64_t)v & 3u;
  } else if (n == 4 && strcmp(tok[1], "offset") == 0) {
    if (!tnam_parse_long(w, "column", tok[2], 0, (long)p->cols - 1, &v)) return 0;
    op.u.inject.addr = (uint32_t)v;
    if (!parse_signed_bits(w, "offset", tok[3], p->ow, &v)) return 0;
    op.u.inject.sel = TNAM_VAR_OFFSET;
    op.u.inject.data = (uint64_t)v & ((1ULL << p->ow) - 1);
  } else if (n == 4 && strcmp(tok[1], "defect") == 0) {
    if (!tnam_parse_long(w, "row", tok[2], 0, (long)p->rows - 1, &v)) return 0;
    op.u.inject.addr = (uint32_t)v;
    if (!parse_flags(w, "defect flags", tok[3], p->cols, &op.u.inject.data)) return 0;
    op.u.inject.sel = TNAM_VAR_DEFECT;
  } else {
    return fail_usage(ps, w);
  }
  return push_or_fail(ps, w, &op);
}

/* `variation FILE`: one variation-port write per item, each addressed to its macro. */
static int cmd_variation(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  char *path = tnam_path_beside(ps->s->path, tok[1]);
  tnam_var_t *var = malloc(sizeof *var);
  if (!path || !var) {
    free(path);
    free(var);
    return tnam_fail(w, "out of memory");
  }
  const int loaded = tnam_var_load(path, w, &ps->s->chip, var, w->err);
  free(path);
  if (!loaded) {
    free(var);
    return 0;
  }
  tnam_var_iter_t it = {0};
  tnam_chip_in_t in;
  int ok = 1;
  while (ok && tnam_var_next(var, &it, &in)) {
    tnam_op_t op = new_op(ps, w, TNAM_OP_INJECT);
    op.mask = in.mask;
    op.u.inject.sel = in.core.var_sel;
    op.u.inject.addr = in.core.var_addr;
    op.u.inject.data = in.core.var_data;
    ok = push_or_fail(ps, w, &op);
  }
  free(var);
  return ok;
}

/* `calibrate`: carries what it must restore (the configuration and tile map in force). */
static int cmd_calibrate(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)tok, (void)n;
  tnam_op_t op = new_op(ps, w, TNAM_OP_CAL);
  op.u.cal.mode = ps->mode;
  op.u.cal.shift = ps->shift;
  op.u.cal.flags = ps->flags;
  op.u.cal.map = ps->map;
  return push_or_fail(ps, w, &op);
}

/* ---- evaluations -------------------------------------------------------------------------- */

/* How an evaluation command writes each tile's vector. */
enum { VEC_HEX, VEC_ROWS, VEC_ACT }; /* eval, evalrows, eval4 */

/* One tile's vector: word lines as hex or as a row list, or q4 activations as hex. */
static int parse_vector(const parse_state_t *ps, const tnam_where_t *w, int form, char *text,
                        uint64_t *vec) {
  const unsigned rows = ps->s->params.rows;
  long v;
  if (form == VEC_ACT) return parse_hex_bits(w, "activations", text, 4 * rows, vec, TNAM_ACT_WORDS);
  if (form == VEC_HEX) return parse_hex_bits(w, "word lines", text, rows, vec, TNAM_ROW_WORDS);
  if (strcmp(text, "-") == 0) return 1;
  for (char *item = text, *next; item; item = next) {
    next = strchr(item, ',');
    if (next) *next++ = '\0';
    if (!tnam_parse_long(w, "row", item, 0, (long)rows - 1, &v)) return 0;
    vec[v / 64] |= 1ULL << (v % 64);
  }
  return 1;
}

/* `eval`, `evalrows`, `eval4`: one vector per tile; the op's kind follows the mode. */
static int push_eval(parse_state_t *ps, const tnam_where_t *w, char **tok, int n, int form) {
  const unsigned tiles = ps->s->chip.tiles;
  const int q4 = form == VEC_ACT;
  if (n != 1 + (int)tiles)
    return tnam_fail(w, "usage: %s %s (one per tile: %u)", tok[0],
                     form == VEC_ROWS ? "R1,R2,...|- .." : "HEX ..", tiles);
  if (q4 != (ps->mode == TNAM_MODE_Q4))
    return tnam_fail(w,
                     q4 ? "eval4 needs mode q4; the stream is in mode %s here"
                        : "%s needs mode thresh or level; in mode q4 use eval4",
                     q4 ? tnam_mode_names[ps->mode] : tok[0]);
  const unsigned words = q4 ? TNAM_ACT_WORDS : TNAM_ROW_WORDS;
  uint64_t vecs[TNAM_MAX_TILES * TNAM_ACT_WORDS];
  uint32_t active = 0;
  memset(vecs, 0, sizeof vecs);
  for (unsigned t = 0; t < tiles; t++) {
    uint64_t *vec = &vecs[t * words];
    if (!parse_vector(ps, w, form, tok[1 + t], vec)) return 0;
    for (unsigned i = 0; i < words; i++)
      if (vec[i]) active |= 1u << t;
  }
  const uint32_t kind = q4                            ? TNAM_OP_Q4
                        : ps->mode == TNAM_MODE_LEVEL ? TNAM_OP_LEVEL
                                                      : TNAM_OP_EVAL;
  if (!tnam_stream_push_eval(ps->s, kind, w->line, vecs, tiles_that_run(ps, active)))
    return tnam_fail(w, "out of memory");
  note_pushed(ps, kind);
  return 1;
}

static int cmd_eval(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  return push_eval(ps, w, tok, n, VEC_HEX);
}

static int cmd_evalrows(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  return push_eval(ps, w, tok, n, VEC_ROWS);
}

static int cmd_eval4(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  return push_eval(ps, w, tok, n, VEC_ACT);
}

/* ---- expectations ------------------------------------------------------------------------- */

/* Which expectations each evaluation kind can carry (spec section 7). */
static int expect_allowed(uint32_t op_kind, int kind) {
  switch (op_kind) {
    case TNAM_OP_EVAL: return kind <= TNAM_EXPECT_MAC;
    case TNAM_OP_LEVEL:
      return kind == TNAM_EXPECT_GATE || kind == TNAM_EXPECT_MAC || kind == TNAM_EXPECT_CODE ||
             kind == TNAM_EXPECT_CYCLES;
    default:
      return kind == TNAM_EXPECT_ACC || kind == TNAM_EXPECT_OUT || kind == TNAM_EXPECT_CYCLES;
  }
}

/* Whether `expect KIND` for `tile` may follow `eval`: the kind fits the evaluation, the tile
 * runs, and it is the first of its kind. */
static int expect_applies(const parse_state_t *ps, const tnam_where_t *w, const tnam_op_t *eval,
                          int kind, unsigned tile) {
  static const char *const takes[] = {"dec, gate, mac", "gate, mac, code, cycles",
                                      "acc, out, cycles"};
  const char *what = tnam_expect_names[kind];
  const uint32_t runs = eval->u.eval.runs;
  const int mode = eval->kind == TNAM_OP_EVAL    ? TNAM_MODE_THRESH
                   : eval->kind == TNAM_OP_LEVEL ? TNAM_MODE_LEVEL
                                                 : TNAM_MODE_Q4;
  if (kind != TNAM_EXPECT_SEL && !expect_allowed(eval->kind, kind))
    return tnam_fail(w, "'expect %s' does not apply to a %s evaluation (it takes %s)", what,
                     tnam_mode_names[mode], takes[mode]);
  if (kind != TNAM_EXPECT_SEL && kind != TNAM_EXPECT_CYCLES && !((runs >> tile) & 1))
    return tnam_fail(w,
                     "'expect %s' for tile %u, which does not run in this evaluation (it has no "
                     "copy in the tile map%s)",
                     what, tile,
                     ps->flags & TNAM_CFG_SELECT ? ", or no driven row while selection is on" : "");
  if (kind == TNAM_EXPECT_CYCLES && (eval->kind == TNAM_OP_EVAL || runs == 0))
    return tnam_fail(w, "'expect cycles' for an evaluation that %s",
                     runs ? "is not multi-level" : "runs on no macro");
  const tnam_expect_t *have = tnam_op_expect(ps->s, eval, tile);
  if (have && have->line[kind])
    return tnam_fail(w, "a second 'expect %s' for the evaluation at line %u (first at line %u)",
                     what, eval->line, have->line[kind]);
  return 1;
}

/* The values of `expect KIND ...` (tok[1] is KIND): into *bits for dec, gate, cycles and sel,
 * into vals for the value lists. */
static int parse_expect_values(const parse_state_t *ps, const tnam_where_t *w, char **tok, int n,
                               int kind, const tnam_op_t *eval, uint64_t *bits, int32_t *vals) {
  const tnam_params_t *p = &ps->s->params;
  const unsigned count = tnam_expect_count(p, kind);
  long v;
  if (kind == TNAM_EXPECT_SEL) {
    if (n != 3) return tnam_fail(w, "usage: expect [tN] sel MACRO|-");
    *bits = TNAM_SEL_NONE;
    if (strcmp(tok[2], "-") == 0) return 1;
    if (!tnam_parse_long(w, "macro", tok[2], 0, (long)ps->s->chip.macros - 1, &v)) return 0;
  } else if (kind == TNAM_EXPECT_CYCLES) {
    if (n != 3) return tnam_fail(w, "usage: expect cycles N");
    long most = 2 + (long)(eval->kind == TNAM_OP_Q4 ? TNAM_Q4_PLANES : 1) * p->steps;
    if (!tnam_parse_long(w, "cycle count", tok[2], 3, most, &v)) return 0;
  } else if (count == 0) {
    if (n != 3) return tnam_fail(w, "usage: expect %s HEX", tok[1]);
    return parse_hex_bits(w, tok[1], tok[2], p->cols, bits, 1);
  } else {
    if (n != 2 + (int)count)
      return tnam_fail(w, "expect %s needs %u values, one per %s; got %d", tok[1], count,
                       count == p->cols ? "column" : "neuron", n - 2);
    for (unsigned i = 0; i < count; i++) {
      int ok = kind == TNAM_EXPECT_OUT
                   ? tnam_parse_long(w, "output", tok[2 + i], 0, TNAM_Q4_OUT_MAX, &v)
                   : parse_signed_bits(w, kind == TNAM_EXPECT_ACC ? "accumulator" : "column value",
                                       tok[2 + i], kind == TNAM_EXPECT_ACC ? p->aw : p->vw, &v);
      if (!ok) return 0;
      vals[i] = (int32_t)v;
    }
    return 1;
  }
  *bits = (uint64_t)v;
  return 1;
}

/* `expect [tN] KIND VALUES`: attached to the evaluation just before. */
static int cmd_expect(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  tnam_stream_t *s = ps->s;
  if (!ps->eval_is_last)
    return tnam_fail(w,
                     "'expect' must follow an evaluation (eval, evalrows or eval4) and its "
                     "other expectations");
  unsigned tile = 0;
  if (tok[1][0] == 't' && isdigit((unsigned char)tok[1][1])) {
    long v;
    if (!tnam_parse_long(w, "tile", tok[1] + 1, 0, (long)s->chip.tiles - 1, &v)) return 0;
    tile = (unsigned)v;
    tok++;
    n--;
    if (n < 2) return tnam_fail(w, "usage: expect tN KIND VALUES");
  }
  int kind = -1;
  for (int k = 0; k < TNAM_EXPECT_KINDS; k++)
    if (strcmp(tok[1], tnam_expect_names[k]) == 0) kind = k;
  if (kind < 0)
    return tnam_fail(w,
                     "unknown expectation '%s'; expected dec, gate, mac, code, acc, out, cycles "
                     "or sel",
                     tok[1]);
  const tnam_op_t *eval = tnam_stream_op(s, s->n_ops - 1);
  uint64_t bits = 0;
  int32_t vals[TNAM_MAX_COLS];
  if (!expect_applies(ps, w, eval, kind, tile) ||
      !parse_expect_values(ps, w, tok, n, kind, eval, &bits, vals))
    return 0;
  if (!tnam_stream_expect(s, tile, kind, bits, vals, w->line)) return tnam_fail(w, "out of memory");
  return 1;
}

/* ---- repeat blocks ------------------------------------------------------------------------ */

static int parse_command(parse_state_t *ps, const tnam_where_t *w, char **tok, int n);

static int cmd_repeat(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)n;
  if (ps->block_line)
    return tnam_fail(w, "'repeat' inside the block of line %u: blocks do not nest", ps->block_line);
  if (!tnam_parse_long(w, "repeat count", tok[1], 1, TNAM_MAX_REPEAT, &ps->block_count)) return 0;
  ps->block_line = w->line;
  ps->block_pass = 1;
  ps->block_lines = 0;
  return 1;
}

/* Keeps a line of the open block (its tokens, blank-separated) for the passes after the
 * first. */
static int keep_block_line(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  if (!tnam_str_add(&ps->block, "%u", w->line)) return tnam_fail(w, "out of memory");
  for (int i = 0; i < n; i++)
    if (!tnam_str_add(&ps->block, " %s", tok[i])) return tnam_fail(w, "out of memory");
  if (!tnam_str_add(&ps->block, "\n")) return tnam_fail(w, "out of memory");
  ps->block_lines++;
  return 1;
}

/* `end`: the block's lines again, passes 2 .. N, each line with its own number. */
static int cmd_end(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  (void)tok, (void)n;
  if (!ps->block_line) return tnam_fail(w, "'end' without a 'repeat'");
  tnam_where_t at = {.path = w->path, .line = ps->block_line, .err = w->err};
  /* These errors are the block's, not a pass's: the block is closed before they are told. */
  ps->block_line = 0;
  if (!ps->block_lines) return tnam_fail(&at, "the block of this 'repeat' is empty");
  if ((uint64_t)ps->block_lines * (uint64_t)ps->block_count > TNAM_TEXT_MAX_LINES)
    return tnam_fail(&at,
                     "repeat %ld of a block of %zu lines reads more than %u lines (the most a "
                     "file may have)",
                     ps->block_count, ps->block_lines, TNAM_TEXT_MAX_LINES);
  const char *text = tnam_str_get(&ps->block);
  char buf[TNAM_LINE_MAX];
  char *toks[TNAM_MAX_TOKENS];
  ps->block_line = at.line;
  for (ps->block_pass = 2; ps->block_pass <= ps->block_count; ps->block_pass++) {
    for (const char *p = text; *p;) {
      const char *eol = strchr(p, '\n');
      char *rest;
      at.line = (unsigned)strtoul(p, &rest, 10);
      const size_t len = (size_t)(eol - rest);
      memcpy(buf, rest, len);
      buf[len] = '\0';
      const int count = tnam_tokenize(buf, toks, TNAM_MAX_TOKENS);
      if (!parse_command(ps, &at, toks, count)) return 0;
      p = eol + 1;
    }
  }
  ps->block_line = 0;
  ps->block.len = 0;
  return 1;
}

/* ---- the command table -------------------------------------------------------------------- */

/* The order is the one the "unknown command" message lists them in. A new command is a row
 * here and its cmd_* function; a new op kind also needs its member in tnam_op_t's union, its
 * case in dump_op (tnam_stream_write.c) and in the sequencer's drive_op (tb/harness). */
static const command_t commands[] = {
    {"reset", 0, 1, "reset [N]", cmd_reset},
    {"write", 2, 2, "write ROW WEIGHTS", cmd_write},
    {"write4", 0, ANY_ARGS, NULL, cmd_write4},
    {"load", 1, 1, "load FILE", cmd_load},
    {"thr", 2, 2, "thr COL|* VALUE", cmd_thr},
    {"bias", 2, 2, "bias NEURON|* VALUE", cmd_bias},
    {"mode", 1, 2, "mode thresh|level|q4 [SHIFT]", cmd_mode},
    {"eval", 0, ANY_ARGS, NULL, cmd_eval},
    {"evalrows", 0, ANY_ARGS, NULL, cmd_evalrows},
    {"eval4", 0, ANY_ARGS, NULL, cmd_eval4},
    {"idle", 1, 1, "idle N", cmd_idle},
    {"expect", 1, ANY_ARGS, "expect KIND VALUES (kinds: dec gate mac code acc out cycles)",
     cmd_expect},
    {"target", 1, 1, "target all|HEX (a mask of macros)", cmd_target},
    {"map", 2, 2, "map MACRO TILE|-", cmd_map},
    {"resid", 2, 2, "resid MACRO VALUE", cmd_resid},
    {"select", 1, 1, "select on|off", cmd_select},
    {"test", 1, 1, "test on|off", cmd_test},
    {"trim", 2, 2, "trim COL|* VALUE", cmd_trim},
    {"health", 2, 2, "health ROW FLAGS (C characters 0 or 1)", cmd_health},
    {"inject", 2, 3, "inject excess D | inject offset COL VALUE | inject defect ROW FLAGS",
     cmd_inject},
    {"variation", 1, 1, "variation FILE", cmd_variation},
    {"calibrate", 0, 0, "calibrate", cmd_calibrate},
    {"hold", 2, 2, "hold RATE SEED (held edges per mille, 0 .. 500; their seed)", cmd_hold},
    {"repeat", 1, 1, "repeat N (then the block's lines, then 'end')", cmd_repeat},
    {"end", 0, 0, "end (closes a 'repeat' block)", cmd_end},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static int unknown_command(const tnam_where_t *w, const char *name) {
  char list[256];
  size_t len = 0;
  for (size_t i = 0; i < N_COMMANDS; i++)
    len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? " " : "", commands[i].name);
  return tnam_fail(w, "unknown command '%s' (commands: %s)", name, list);
}

static int parse_command(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  if (!ps->have_version) return parse_version(ps, w, tok, n);
  if (!ps->have_config) {
    if (strcmp(tok[0], "tns") == 0) return tnam_fail(w, "'tns' appears twice");
    return parse_config(ps, w, tok, n);
  }
  if (strcmp(tok[0], "tns") == 0 || strcmp(tok[0], "config") == 0)
    return tnam_fail(w, "'%s' appears twice (the header is 'tns 1' then one 'config' line)",
                     tok[0]);
  for (size_t i = 0; i < N_COMMANDS; i++) {
    const command_t *c = &commands[i];
    if (strcmp(tok[0], c->name) != 0) continue;
    ps->cmd = c;
    if (n - 1 < c->min_args || n - 1 > c->max_args) return fail_usage(ps, w);
    return c->parse(ps, w, tok, n);
  }
  return unknown_command(w, tok[0]);
}

int tnam_stream_read(FILE *f, const char *path, tnam_stream_t *s, tnam_err_t *err) {
  tnam_where_t w = {.path = path, .err = err};
  if (!tnam_stream_init(s, path, NULL)) {
    tnam_stream_free(s);
    return tnam_fail(&w, "out of memory");
  }
  parse_state_t ps = {.s = s};
  char buf[TNAM_LINE_MAX];
  char *tok[TNAM_MAX_TOKENS];
  int ok = 1, r;
  while ((w.line++, r = tnam_read_line(f, buf, sizeof buf, &w)) > 0) {
    int n = tnam_tokenize(buf, tok, TNAM_MAX_TOKENS);
    if (n == 0) continue;
    if (n < 0) {
      ok = tnam_fail(&w, "too many fields on one line");
      break;
    }
    /* A line of an open block is read now (pass 1) and kept for the passes after it. */
    const int in_block = ps.block_line && strcmp(tok[0], "end") != 0;
    if (in_block && !keep_block_line(&ps, &w, tok, n)) {
      ok = 0;
      break;
    }
    if (!parse_command(&ps, &w, tok, n)) {
      ok = 0;
      break;
    }
  }
  if (r < 0) ok = 0;
  if (!ok && ps.block_line) {
    const size_t len = strlen(err->msg);
    snprintf(err->msg + len, sizeof err->msg - len, " (pass %ld of %ld of the block at line %u)",
             ps.block_pass, ps.block_count, ps.block_line);
  }
  if (ok && !ps.have_config) {
    ok = tnam_fail(&w, "stream ends before its 'tns 1' and 'config' lines");
  } else if (ok && ps.block_line) {
    const tnam_where_t at = {.path = path, .line = ps.block_line, .err = err};
    ok = tnam_fail(&at, "this 'repeat' has no 'end'");
  }
  tnam_str_free(&ps.block);
  if (!ok) tnam_stream_free(s);
  return ok;
}

int tnam_stream_load(const char *path, tnam_stream_t *s, tnam_err_t *err) {
  FILE *f = tnam_text_open(path, "stream", NULL, err);
  if (!f) { /* s empty, as after every failure */
    tnam_stream_init(s, path, NULL);
    tnam_stream_free(s);
    return 0;
  }
  const int ok = tnam_stream_read(f, path, s, err);
  fclose(f);
  return ok;
}

int tnam_stream_check_start(const tnam_stream_t *s, tnam_err_t *err) {
  if (s->n_ops && tnam_stream_op(s, 0)->kind == TNAM_OP_RESET) return 1;
  const tnam_where_t w = {
      .path = s->path, .line = s->n_ops ? tnam_stream_op(s, 0)->line : s->config_line, .err = err};
  return tnam_fail(
      &w,
      "%s; it must begin with 'reset' (until a reset the chip's registers hold no "
      "defined value: a run would compare arbitrary power-up state)",
      s->n_ops ? "this is the stream's first command" : "the stream has no command after 'config'");
}
