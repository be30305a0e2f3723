// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Test-stream (.tns) parser and writer: strict, every error names the file and line. */
#include "tnam_stream.h"
#include "tnam_var.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define TNAM_LINE_MAX 8192
#define TNAM_MAX_TOKENS (TNAM_MAX_COLS + 4)
#define TNAM_MAX_INCLUDE_ITEMS 100000 /* a variation file's items: one cycle each */
#define TNAM_MAX_REPEAT 100000000L    /* longest reset/idle: keeps cycle counts in 32 bits */
#define TNAM_DUMP_FIRST_OP_LINE 4     /* after `tns 1`, `config ...` and one comment line */

const char *const tnam_op_names[TNAM_OP_KINDS] = {
    "reset", "write", "thr",   "eval", "idle",   "mode",   "bias",     "eval",
    "eval4", "map",   "resid", "trim", "health", "inject", "calibrate"};
const char *const tnam_expect_names[TNAM_EXPECT_KINDS] = {"dec", "gate", "mac",    "code",
                                                          "acc", "out",  "cycles", "sel"};
static const char *const inject_names[] = {"offset", "defect", "excess"};
static const char *const mode_names[] = {"thresh", "level", "q4"};

void tnam_stream_init(tnam_stream_t *s, const char *path, const tnam_chip_params_t *p) {
  memset(s, 0, sizeof *s);
  snprintf(s->path, sizeof s->path, "%s", path);
  if (p) {
    s->chip = *p;
    s->params = p->core;
  }
}

uint64_t tnam_map_reset(const tnam_chip_params_t *p) {
  uint64_t map = 0;
  for (unsigned m = 0; m < p->tiles; m++)
    map |= (uint64_t)(TNAM_MAP_VALID | m) << (TNAM_MAP_BITS * m);
  return map;
}

void tnam_stream_free(tnam_stream_t *s) {
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

static int op_writes_registers(uint32_t kind) {
  return kind == TNAM_OP_WRITE || kind == TNAM_OP_THR || kind == TNAM_OP_BIAS ||
         kind == TNAM_OP_TRIM || kind == TNAM_OP_HEALTH || kind == TNAM_OP_INJECT;
}

int tnam_stream_push(tnam_stream_t *s, const tnam_op_t *op) {
  if (!grow((void **)&s->ops, &s->cap_ops, s->n_ops + 1, sizeof *s->ops)) return 0;
  tnam_op_t *dst = &s->ops[s->n_ops++];
  *dst = *op;
  const uint32_t all = (1u << s->chip.macros) - 1;
  if (dst->kind == TNAM_OP_RESET) s->dump_mask = all;
  if (op_writes_registers(dst->kind) && dst->mask != (s->dump_mask ? s->dump_mask : all)) {
    s->dump_mask = dst->mask;
    if (dst->line == 0) next_dump_line(s); /* the dump writes a `target` line first */
  }
  if (dst->line == 0) dst->line = next_dump_line(s);
  if (tnam_op_is_eval(dst->kind)) dst->arg = TNAM_NO_EXPECT;
  return 1;
}

int tnam_stream_push_eval(tnam_stream_t *s, uint32_t kind, uint32_t line, const uint64_t *vecs,
                          uint32_t runs) {
  const size_t tiles = s->chip.tiles;
  tnam_op_t op = {.kind = kind, .line = line, .mag = runs};
  if (kind == TNAM_OP_Q4) {
    if (!grow((void **)&s->act_pool, &s->cap_act, s->n_act + tiles * TNAM_ACT_WORDS,
              sizeof *s->act_pool))
      return 0;
    op.value = (int32_t)(s->n_act / TNAM_ACT_WORDS);
    memcpy(&s->act_pool[s->n_act], vecs, tiles * TNAM_ACT_WORDS * sizeof *vecs);
    s->n_act += tiles * TNAM_ACT_WORDS;
  } else {
    memcpy(op.bits, vecs, sizeof op.bits);
    if (tiles > 1) {
      const size_t more = (tiles - 1) * TNAM_ROW_WORDS;
      if (!grow((void **)&s->x_pool, &s->cap_x, s->n_x + more, sizeof *s->x_pool)) return 0;
      op.value = (int32_t)(s->n_x / TNAM_ROW_WORDS);
      memcpy(&s->x_pool[s->n_x], vecs + TNAM_ROW_WORDS, more * sizeof *vecs);
      s->n_x += more;
    }
  }
  return tnam_stream_push(s, &op);
}

unsigned tnam_expect_count(const tnam_params_t *p, int kind) {
  switch (kind) {
    case TNAM_EXPECT_MAC:
    case TNAM_EXPECT_CODE: return p->cols;
    case TNAM_EXPECT_ACC:
    case TNAM_EXPECT_OUT: return p->nn;
    default: return 0;
  }
}

int tnam_stream_expect(tnam_stream_t *s, unsigned tile, int kind, uint64_t bits,
                       const int32_t *vals, uint32_t line) {
  tnam_op_t *eval = &s->ops[s->n_ops - 1];
  if (eval->arg == TNAM_NO_EXPECT) {
    const size_t tiles = s->chip.tiles;
    if (!grow((void **)&s->expects, &s->cap_expects, s->n_expects + tiles, sizeof *s->expects))
      return 0;
    memset(&s->expects[s->n_expects], 0, tiles * sizeof *s->expects);
    eval->arg = (uint32_t)s->n_expects;
    s->n_expects += tiles;
  }
  tnam_expect_t *e = &s->expects[eval->arg + tile];
  e->line[kind] = line ? line : next_dump_line(s);
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
  for (size_t i = 0; i < s->n_ops; i++) {
    switch (s->ops[i].kind) {
      case TNAM_OP_RESET:
      case TNAM_OP_IDLE: cycles += s->ops[i].arg; break;
      default: cycles += 1; break;
    }
  }
  return cycles;
}

/* ---- parsing ---------------------------------------------------------------------------- */

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

/* A file named in a stream, relative to the stream's directory. */
static void relative_path(const tnam_stream_t *s, const char *name, char *path, size_t size) {
  const char *slash = strrchr(s->path, '/');
  if (name[0] != '/' && slash)
    snprintf(path, size, "%.*s/%s", (int)(slash - s->path), s->path, name);
  else
    snprintf(path, size, "%s", name);
}

typedef struct {
  tnam_stream_t *s;
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
  uint32_t flags; /* TNAM_CFG_* */
  uint64_t map;   /* TNAM_MAP_* per macro */
  uint32_t mask;  /* `target` of register writes */
} parse_state_t;

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

static int push_or_fail(parse_state_t *ps, const tnam_where_t *w, const tnam_op_t *op) {
  if (!tnam_stream_push(ps->s, op)) return tnam_fail(w, "out of memory");
  note_pushed(ps, op->kind);
  return 1;
}

/* Signed decimal that fits a `bits`-bit two's complement register. */
static int parse_signed_bits(const tnam_where_t *w, const char *what, const char *text,
                             unsigned bits, long *out) {
  return tnam_parse_long(w, what, text, -(1L << (bits - 1)), (1L << (bits - 1)) - 1, out);
}

/* `CMD INDEX|* VALUE` (thr, trim, bias): one op of `kind` per addressed column or neuron
 * (all of the `count` for `*`), VALUE a signed `bits`-bit number. */
static int push_per_index(parse_state_t *ps, const tnam_where_t *w, char **tok, int n,
                          uint32_t kind, const char *index_name, unsigned count,
                          const char *value_name, unsigned bits) {
  long index = -1, v;
  if (n != 3)
    return tnam_fail(w, "usage: %s %s|* VALUE", tok[0],
                     strcmp(index_name, "column") ? "NEURON" : "COL");
  if (strcmp(tok[1], "*") != 0 &&
      !tnam_parse_long(w, index_name, tok[1], 0, (long)count - 1, &index))
    return 0;
  if (!parse_signed_bits(w, value_name, tok[2], bits, &v)) return 0;
  tnam_op_t op = {.kind = kind, .line = w->line, .value = (int32_t)v, .mask = ps->mask};
  for (unsigned i = 0; i < count; i++) {
    if (index >= 0 && i != (unsigned)index) continue;
    op.arg = i;
    if (!push_or_fail(ps, w, &op)) return 0;
  }
  return 1;
}

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

static const char *const expect_usage[] = {"dec, gate, mac", "gate, mac, code, cycles",
                                           "acc, out, cycles"};

/* `variation FILE`: one variation-port write per item, each addressed to its macro. */
static int load_variation_file(parse_state_t *ps, const tnam_where_t *w, const char *name) {
  char path[512];
  relative_path(ps->s, name, path, sizeof path);
  FILE *probe = fopen(path, "r");
  if (!probe) return tnam_fail(w, "cannot open variation file '%s': %s", path, strerror(errno));
  fclose(probe);
  tnam_var_t *var = malloc(sizeof *var);
  if (!var) return tnam_fail(w, "out of memory");
  if (!tnam_var_load(path, &ps->s->chip, var, w->err)) {
    free(var);
    return 0;
  }
  tnam_var_iter_t it = {0};
  tnam_chip_in_t in;
  int ok = 1;
  while (ok && tnam_var_next(var, &it, &in)) {
    const tnam_op_t op = {.kind = TNAM_OP_INJECT,
                          .line = w->line,
                          .arg = in.core.var_addr,
                          .value = (int32_t)in.core.var_sel,
                          .mask = in.mask,
                          .mag = in.core.var_data};
    ok = push_or_fail(ps, w, &op);
  }
  free(var);
  return ok;
}

static int load_weight_file(parse_state_t *ps, const tnam_where_t *stream_w, const char *name) {
  char path[512];
  relative_path(ps->s, name, path, sizeof path);
  FILE *f = fopen(path, "r");
  if (!f) return tnam_fail(stream_w, "cannot open weight file '%s': %s", path, strerror(errno));
  tnam_where_t w = {path, 0, stream_w->err};
  char buf[TNAM_LINE_MAX];
  char *tok[2];
  unsigned rows = ps->s->params.rows, row = 0;
  int ok = 1, r;
  while (ok && (w.line++, r = tnam_read_line(f, buf, sizeof buf, &w)) > 0) {
    int n = tnam_tokenize(buf, tok, 1);
    if (n == 0) continue;
    if (n < 0) {
      ok = tnam_fail(&w, "expected one row of weights per line");
      break;
    }
    if (row == rows) {
      ok = tnam_fail(&w, "more than %u rows", rows);
      break;
    }
    tnam_op_t op = {.kind = TNAM_OP_WRITE, .line = stream_w->line, .arg = row, .mask = ps->mask};
    ok = parse_weights(&w, tok[0], ps->s->params.cols, &op.mag, &op.sign) &&
         push_or_fail(ps, stream_w, &op);
    row++;
  }
  if (ok && r < 0) ok = 0;
  if (ok && row != rows) {
    ok = tnam_fail(&w, "weight file ends after %u rows; the configuration has %u", row, rows);
  }
  fclose(f);
  return ok;
}

static int parse_command(parse_state_t *ps, const tnam_where_t *w, char **tok, int n) {
  tnam_stream_t *s = ps->s;
  const tnam_params_t *p = &s->params;
  const char *cmd = tok[0];
  long v;

  if (!ps->have_version) {
    if (strcmp(cmd, "tns") != 0) return tnam_fail(w, "the first command must be 'tns 1'");
    if (n != 2 || strcmp(tok[1], "1") != 0)
      return tnam_fail(w, "unsupported stream format version; this reader takes 'tns 1'");
    ps->have_version = 1;
    return 1;
  }
  if (!ps->have_config) {
    long rows, cols, macros = 1, tiles = 1;
    if (strcmp(cmd, "config") != 0)
      return tnam_fail(w, "'config rows R cols C' must come before '%s'", cmd);
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

  tnam_op_t op = {.line = w->line, .mask = ps->mask};
  if (strcmp(cmd, "reset") == 0 || strcmp(cmd, "idle") == 0) {
    int is_reset = cmd[0] == 'r';
    if (n > 2 || (!is_reset && n != 2))
      return tnam_fail(w, "usage: %s%s", cmd, is_reset ? " [N]" : " N");
    v = 1;
    if (n == 2 && !tnam_parse_long(w, "cycle count", tok[1], 1, TNAM_MAX_REPEAT, &v)) return 0;
    /* An evaluation that runs on no macro is checked in its own cycle: nothing to cancel. */
    if (is_reset && ps->prev_cycle_op_was_eval && s->ops[s->n_ops - 1].arg != TNAM_NO_EXPECT &&
        s->ops[s->n_ops - 1].mag != 0)
      return tnam_fail(w,
                       "this reset cancels the evaluation at line %u before its result, which "
                       "has expectations; put a cycle between them",
                       s->ops[s->n_ops - 1].line);
    op.kind = is_reset ? TNAM_OP_RESET : TNAM_OP_IDLE;
    op.arg = (uint32_t)v;
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "write") == 0) {
    if (n != 3) return tnam_fail(w, "usage: write ROW WEIGHTS");
    if (!tnam_parse_long(w, "row", tok[1], 0, (long)p->rows - 1, &v)) return 0;
    op.kind = TNAM_OP_WRITE;
    op.arg = (uint32_t)v;
    return parse_weights(w, tok[2], p->cols, &op.mag, &op.sign) && push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "load") == 0) {
    if (n != 2) return tnam_fail(w, "usage: load FILE");
    return load_weight_file(ps, w, tok[1]);
  }
  if (strcmp(cmd, "thr") == 0)
    return push_per_index(ps, w, tok, n, TNAM_OP_THR, "column", p->cols, "threshold", p->vw);
  if (strcmp(cmd, "mode") == 0) {
    if (n < 2 || n > 3) return tnam_fail(w, "usage: mode thresh|level|q4 [SHIFT]");
    long mode = -1, shift = 0;
    for (long m = 0; m < 3; m++)
      if (strcmp(tok[1], mode_names[m]) == 0) mode = m;
    if (mode < 0) return tnam_fail(w, "unknown mode '%s'; expected thresh, level or q4", tok[1]);
    if (n == 3 && !tnam_parse_long(w, "shift", tok[2], 0, TNAM_SHIFT_MAX, &shift)) return 0;
    op.kind = TNAM_OP_MODE;
    op.arg = (uint32_t)mode;
    op.value = (int32_t)shift;
    op.sign = ps->flags;
    if (!push_or_fail(ps, w, &op)) return 0;
    ps->mode = (uint32_t)mode;
    ps->shift = (uint32_t)shift;
    return 1;
  }
  if (strcmp(cmd, "select") == 0 || strcmp(cmd, "test") == 0) {
    const uint32_t flag = cmd[0] == 's' ? TNAM_CFG_SELECT : TNAM_CFG_TEST;
    if (n != 2 || (strcmp(tok[1], "on") != 0 && strcmp(tok[1], "off") != 0))
      return tnam_fail(w, "usage: %s on|off", cmd);
    ps->flags = tok[1][1] == 'n' ? ps->flags | flag : ps->flags & ~flag;
    op.kind = TNAM_OP_MODE;
    op.arg = ps->mode;
    op.value = (int32_t)ps->shift;
    op.sign = ps->flags;
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "target") == 0) {
    uint64_t mask;
    if (n != 2) return tnam_fail(w, "usage: target all|HEX (a mask of macros)");
    if (strcmp(tok[1], "all") == 0)
      mask = (1u << s->chip.macros) - 1;
    else if (!parse_hex_bits(w, "macro mask", tok[1], s->chip.macros, &mask, 1))
      return 0;
    ps->mask = (uint32_t)mask;
    return 1;
  }
  if (strcmp(cmd, "map") == 0) {
    long macro, tile = -1;
    if (n != 3) return tnam_fail(w, "usage: map MACRO TILE|-");
    if (!tnam_parse_long(w, "macro", tok[1], 0, (long)s->chip.macros - 1, &macro)) return 0;
    if (strcmp(tok[2], "-") != 0 &&
        !tnam_parse_long(w, "tile", tok[2], 0, (long)s->chip.tiles - 1, &tile))
      return 0;
    op.kind = TNAM_OP_MAP;
    op.arg = (uint32_t)macro;
    op.value = (int32_t)tile;
    const unsigned shift = TNAM_MAP_BITS * (unsigned)macro;
    ps->map = (ps->map & ~(15ULL << shift)) |
              (uint64_t)(tile < 0 ? 0 : TNAM_MAP_VALID | (uint32_t)tile) << shift;
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "resid") == 0) {
    long macro;
    if (n != 3) return tnam_fail(w, "usage: resid MACRO VALUE");
    if (!tnam_parse_long(w, "macro", tok[1], 0, (long)s->chip.macros - 1, &macro) ||
        !tnam_parse_long(w, "residual offset", tok[2], 0, TNAM_RESID_MAX, &v))
      return 0;
    op.kind = TNAM_OP_RESID;
    op.arg = (uint32_t)macro;
    op.value = (int32_t)v;
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "trim") == 0)
    return push_per_index(ps, w, tok, n, TNAM_OP_TRIM, "column", p->cols, "trim", p->ow);
  if (strcmp(cmd, "health") == 0) {
    if (n != 3) return tnam_fail(w, "usage: health ROW FLAGS (C characters 0 or 1)");
    if (!tnam_parse_long(w, "row", tok[1], 0, (long)p->rows - 1, &v) ||
        !parse_flags(w, "health flags", tok[2], p->cols, &op.mag))
      return 0;
    op.kind = TNAM_OP_HEALTH;
    op.arg = (uint32_t)v;
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "inject") == 0) {
    op.kind = TNAM_OP_INJECT;
    if (n == 2 + 1 && strcmp(tok[1], "excess") == 0) {
      if (!tnam_parse_long(w, "excess", tok[2], TNAM_EXCESS_MIN, TNAM_EXCESS_MAX, &v)) return 0;
      op.value = TNAM_VAR_EXCESS;
      op.mag = (uint64_t)v & 3u;
    } else if (n == 4 && strcmp(tok[1], "offset") == 0) {
      if (!tnam_parse_long(w, "column", tok[2], 0, (long)p->cols - 1, &v)) return 0;
      op.arg = (uint32_t)v;
      if (!parse_signed_bits(w, "offset", tok[3], p->ow, &v)) return 0;
      op.value = TNAM_VAR_OFFSET;
      op.mag = (uint64_t)v & ((1ULL << p->ow) - 1);
    } else if (n == 4 && strcmp(tok[1], "defect") == 0) {
      if (!tnam_parse_long(w, "row", tok[2], 0, (long)p->rows - 1, &v)) return 0;
      op.arg = (uint32_t)v;
      if (!parse_flags(w, "defect flags", tok[3], p->cols, &op.mag)) return 0;
      op.value = TNAM_VAR_DEFECT;
    } else {
      return tnam_fail(
          w, "usage: inject excess D | inject offset COL VALUE | inject defect ROW FLAGS");
    }
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "variation") == 0) {
    if (n != 2) return tnam_fail(w, "usage: variation FILE");
    return load_variation_file(ps, w, tok[1]);
  }
  if (strcmp(cmd, "calibrate") == 0) {
    if (n != 1) return tnam_fail(w, "usage: calibrate");
    op.kind = TNAM_OP_CAL;
    op.arg = ps->mode;
    op.value = (int32_t)ps->shift;
    op.sign = ps->flags;
    op.mag = ps->map;
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "bias") == 0)
    return push_per_index(ps, w, tok, n, TNAM_OP_BIAS, "neuron", p->nn, "bias", p->bw);
  if (strcmp(cmd, "write4") == 0) {
    if (n != 2 + (int)p->nn)
      return tnam_fail(w, "usage: write4 ROW V0 .. V%u (one 4-bit weight per neuron)", p->nn - 1);
    if (!tnam_parse_long(w, "row", tok[1], 0, (long)p->rows - 1, &v)) return 0;
    op.kind = TNAM_OP_WRITE;
    op.arg = (uint32_t)v;
    for (unsigned j = 0; j < p->nn; j++) {
      int digits[TNAM_Q4_DIGITS];
      if (!tnam_parse_long(w, "4-bit weight", tok[2 + j], -TNAM_Q4_WMAX, TNAM_Q4_WMAX, &v))
        return 0;
      tnam_q4_digits((int)v, digits);
      for (unsigned k = 0; k < TNAM_Q4_DIGITS; k++) {
        const unsigned col = 3 * j + k;
        if (digits[k]) op.mag |= 1ULL << col;
        if (digits[k] < 0) op.sign |= 1ULL << col;
      }
    }
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "eval4") == 0 || strcmp(cmd, "eval") == 0 || strcmp(cmd, "evalrows") == 0) {
    const int q4 = cmd[4] == '4', rows_list = cmd[4] == 'r';
    const unsigned tiles = s->chip.tiles;
    if (n != 1 + (int)tiles)
      return tnam_fail(w, "usage: %s %s (one per tile: %u)", cmd,
                       q4          ? "HEX .."
                       : rows_list ? "R1,R2,...|- .."
                                   : "HEX ..",
                       tiles);
    if (q4 != (ps->mode == TNAM_MODE_Q4))
      return tnam_fail(w,
                       q4 ? "eval4 needs mode q4; the stream is in mode %s here"
                          : "%s needs mode thresh or level; in mode q4 use eval4",
                       q4 ? mode_names[ps->mode] : cmd);
    const unsigned words = q4 ? TNAM_ACT_WORDS : TNAM_ROW_WORDS;
    uint64_t vecs[TNAM_MAX_TILES * TNAM_ACT_WORDS];
    uint32_t active = 0;
    memset(vecs, 0, sizeof vecs);
    for (unsigned t = 0; t < tiles; t++) {
      uint64_t *vec = &vecs[t * words];
      const char *text = tok[1 + t];
      if (q4) {
        if (!parse_hex_bits(w, "activations", text, 4 * p->rows, vec, words)) return 0;
      } else if (!rows_list) {
        if (!parse_hex_bits(w, "word lines", text, p->rows, vec, words)) return 0;
      } else if (strcmp(text, "-") != 0) {
        for (char *item = tok[1 + t], *next; item; item = next) {
          next = strchr(item, ',');
          if (next) *next++ = '\0';
          if (!tnam_parse_long(w, "row", item, 0, (long)p->rows - 1, &v)) return 0;
          vec[v / 64] |= 1ULL << (v % 64);
        }
      }
      for (unsigned i = 0; i < words; i++)
        if (vec[i]) active |= 1u << t;
    }
    const uint32_t kind = q4                            ? TNAM_OP_Q4
                          : ps->mode == TNAM_MODE_LEVEL ? TNAM_OP_LEVEL
                                                        : TNAM_OP_EVAL;
    if (!tnam_stream_push_eval(s, kind, w->line, vecs, tiles_that_run(ps, active)))
      return tnam_fail(w, "out of memory");
    note_pushed(ps, kind);
    return 1;
  }
  if (strcmp(cmd, "expect") == 0) {
    if (n < 2)
      return tnam_fail(w, "usage: expect KIND VALUES (kinds: dec gate mac code acc out cycles)");
    if (!ps->eval_is_last)
      return tnam_fail(w,
                       "'expect' must follow an evaluation (eval, evalrows or eval4) and its "
                       "other expectations");
    unsigned tile = 0;
    if (tok[1][0] == 't' && isdigit((unsigned char)tok[1][1])) {
      if (!tnam_parse_long(w, "tile", tok[1] + 1, 0, (long)s->chip.tiles - 1, &v)) return 0;
      tile = (unsigned)v;
      tok++;
      n--;
      if (n < 2) return tnam_fail(w, "usage: expect tN KIND VALUES");
    }
    const char *what = tok[1];
    int kind = -1;
    for (int k = 0; k < TNAM_EXPECT_KINDS; k++)
      if (strcmp(what, tnam_expect_names[k]) == 0) kind = k;
    if (kind < 0)
      return tnam_fail(w,
                       "unknown expectation '%s'; expected dec, gate, mac, code, acc, out, cycles "
                       "or sel",
                       what);
    const tnam_op_t *eval = &s->ops[s->n_ops - 1];
    if (kind != TNAM_EXPECT_SEL && !expect_allowed(eval->kind, kind))
      return tnam_fail(w, "'expect %s' does not apply to a %s evaluation (it takes %s)", what,
                       mode_names[eval->kind == TNAM_OP_EVAL    ? 0
                                  : eval->kind == TNAM_OP_LEVEL ? 1
                                                                : 2],
                       expect_usage[eval->kind == TNAM_OP_EVAL    ? 0
                                    : eval->kind == TNAM_OP_LEVEL ? 1
                                                                  : 2]);
    if (kind != TNAM_EXPECT_SEL && kind != TNAM_EXPECT_CYCLES && !((eval->mag >> tile) & 1))
      return tnam_fail(
          w,
          "'expect %s' for tile %u, which does not run in this evaluation (it has no "
          "copy in the tile map%s)",
          what, tile,
          ps->flags & TNAM_CFG_SELECT ? ", or no driven row while selection is on" : "");
    if (kind == TNAM_EXPECT_CYCLES && (eval->kind == TNAM_OP_EVAL || eval->mag == 0))
      return tnam_fail(w, "'expect cycles' for an evaluation that %s",
                       eval->mag ? "is not multi-level" : "runs on no macro");
    const tnam_expect_t *have = tnam_op_expect(s, eval, tile);
    if (have && have->line[kind])
      return tnam_fail(w, "a second 'expect %s' for the evaluation at line %u (first at line %u)",
                       what, eval->line, have->line[kind]);
    uint64_t bits = 0;
    int32_t vals[TNAM_MAX_COLS];
    const unsigned count = tnam_expect_count(p, kind);
    if (kind == TNAM_EXPECT_SEL) {
      if (n != 3) return tnam_fail(w, "usage: expect [tN] sel MACRO|-");
      bits = TNAM_SEL_NONE;
      if (strcmp(tok[2], "-") != 0) {
        if (!tnam_parse_long(w, "macro", tok[2], 0, (long)s->chip.macros - 1, &v)) return 0;
        bits = (uint64_t)v;
      }
    } else if (kind == TNAM_EXPECT_CYCLES) {
      if (n != 3) return tnam_fail(w, "usage: expect cycles N");
      long most = 2 + (long)(eval->kind == TNAM_OP_Q4 ? TNAM_Q4_PLANES : 1) * p->steps;
      if (!tnam_parse_long(w, "cycle count", tok[2], 3, most, &v)) return 0;
      bits = (uint64_t)v;
    } else if (count == 0) {
      if (n != 3) return tnam_fail(w, "usage: expect %s HEX", what);
      if (!parse_hex_bits(w, what, tok[2], p->cols, &bits, 1)) return 0;
    } else {
      if (n != 2 + (int)count)
        return tnam_fail(w, "expect %s needs %u values, one per %s; got %d", what, count,
                         count == p->cols ? "column" : "neuron", n - 2);
      for (unsigned i = 0; i < count; i++) {
        int ok =
            kind == TNAM_EXPECT_OUT
                ? tnam_parse_long(w, "output", tok[2 + i], 0, TNAM_Q4_OUT_MAX, &v)
                : parse_signed_bits(w, kind == TNAM_EXPECT_ACC ? "accumulator" : "column value",
                                    tok[2 + i], kind == TNAM_EXPECT_ACC ? p->aw : p->vw, &v);
        if (!ok) return 0;
        vals[i] = (int32_t)v;
      }
    }
    if (!tnam_stream_expect(s, tile, kind, bits, vals, w->line))
      return tnam_fail(w, "out of memory");
    return 1;
  }
  return tnam_fail(w,
                   "unknown command '%s' (commands: reset write write4 load thr bias mode eval "
                   "evalrows eval4 idle expect target map resid select test trim health inject "
                   "variation calibrate)",
                   cmd);
}

int tnam_stream_load(const char *path, tnam_stream_t *s, tnam_err_t *err) {
  tnam_stream_init(s, path, NULL);
  tnam_where_t w = {s->path, 0, err};
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err->msg, sizeof err->msg, "%s: cannot open: %s", path, strerror(errno));
    return 0;
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
    if (!parse_command(&ps, &w, tok, n)) {
      ok = 0;
      break;
    }
  }
  if (r < 0) ok = 0;
  if (ok && !ps.have_config) {
    ok = tnam_fail(&w, "stream ends before its 'tns 1' and 'config' lines");
  }
  fclose(f);
  if (!ok) tnam_stream_free(s);
  return ok;
}

/* ---- writing ---------------------------------------------------------------------------- */

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
  const uint32_t changed = (uint32_t)op->sign ^ *flags;
  if (changed & TNAM_CFG_SELECT)
    fprintf(f, "select %s\n", op->sign & TNAM_CFG_SELECT ? "on" : "off");
  else if (changed & TNAM_CFG_TEST)
    fprintf(f, "test %s\n", op->sign & TNAM_CFG_TEST ? "on" : "off");
  else
    fprintf(f, "mode %s %d\n", mode_names[op->arg], op->value);
  *flags = (uint32_t)op->sign;
}

int tnam_stream_dump(const tnam_stream_t *s, FILE *f) {
  const tnam_params_t *p = &s->params;
  const uint32_t all = (1u << s->chip.macros) - 1;
  uint32_t mask = all, flags = 0;
  fprintf(f, "tns 1\nconfig rows %u cols %u", p->rows, p->cols);
  if (s->chip.macros > 1 || s->chip.tiles > 1)
    fprintf(f, " macros %u tiles %u", s->chip.macros, s->chip.tiles);
  fprintf(f, "\n# %s\n", s->path);
  for (size_t i = 0; i < s->n_ops; i++) {
    const tnam_op_t *op = &s->ops[i];
    if (op_writes_registers(op->kind) && op->mask != mask) {
      mask = op->mask;
      if (mask == all)
        fprintf(f, "target all\n");
      else
        fprintf(f, "target %x\n", mask);
    }
    switch (op->kind) {
      case TNAM_OP_RESET:
        fprintf(f, "reset %u\n", op->arg);
        mask = all;
        flags = 0;
        break;
      case TNAM_OP_IDLE: fprintf(f, "idle %u\n", op->arg); break;
      case TNAM_OP_WRITE:
        fprintf(f, "write %u ", op->arg);
        for (unsigned c = 0; c < p->cols; c++)
          fputc(!((op->mag >> c) & 1) ? '0' : ((op->sign >> c) & 1) ? '-' : '+', f);
        fputc('\n', f);
        break;
      case TNAM_OP_THR: fprintf(f, "thr %u %d\n", op->arg, op->value); break;
      case TNAM_OP_MODE: dump_mode(op, &flags, f); break;
      case TNAM_OP_BIAS: fprintf(f, "bias %u %d\n", op->arg, op->value); break;
      case TNAM_OP_MAP:
        if (op->value < 0)
          fprintf(f, "map %u -\n", op->arg);
        else
          fprintf(f, "map %u %d\n", op->arg, op->value);
        break;
      case TNAM_OP_RESID: fprintf(f, "resid %u %d\n", op->arg, op->value); break;
      case TNAM_OP_TRIM: fprintf(f, "trim %u %d\n", op->arg, op->value); break;
      case TNAM_OP_HEALTH:
        fprintf(f, "health %u ", op->arg);
        dump_flags(f, op->mag, p->cols);
        fputc('\n', f);
        break;
      case TNAM_OP_INJECT:
        fprintf(f, "inject %s", inject_names[op->value]);
        if (op->value == TNAM_VAR_EXCESS) {
          fprintf(f, " %d\n", tnam_wrap_signed((int32_t)op->mag, 2));
        } else if (op->value == TNAM_VAR_OFFSET) {
          fprintf(f, " %u %d\n", op->arg, tnam_wrap_signed((int32_t)op->mag, p->ow));
        } else {
          fprintf(f, " %u ", op->arg);
          dump_flags(f, op->mag, p->cols);
          fputc('\n', f);
        }
        break;
      case TNAM_OP_CAL: fprintf(f, "calibrate\n"); break;
      case TNAM_OP_EVAL:
      case TNAM_OP_LEVEL:
      case TNAM_OP_Q4:
        fprintf(f, "%s", tnam_op_names[op->kind]);
        for (unsigned t = 0; t < s->chip.tiles; t++) {
          fputc(' ', f);
          if (op->kind == TNAM_OP_Q4)
            dump_hex(f, tnam_op_act(s, op, t), 4 * p->rows);
          else
            dump_hex(f, tnam_op_x(s, op, t), p->rows);
        }
        fputc('\n', f);
        for (unsigned t = 0; op->arg != TNAM_NO_EXPECT && t < s->chip.tiles; t++)
          dump_expects(s, tnam_op_expect(s, op, t), t, f);
        break;
      default: return 0;
    }
  }
  return !ferror(f);
}
