/* Test-stream (.tns) parser and writer: strict, every error names the file and line. */
#include "tnam_stream.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define TNAM_LINE_MAX 8192
#define TNAM_MAX_TOKENS (TNAM_MAX_COLS + 4)
#define TNAM_MAX_REPEAT 100000000L /* longest reset/idle: keeps cycle counts in 32 bits */
#define TNAM_DUMP_FIRST_OP_LINE 4  /* after `tns 1`, `config ...` and one comment line */

void tnam_stream_init(tnam_stream_t *s, const char *path, const tnam_params_t *p) {
  memset(s, 0, sizeof *s);
  snprintf(s->path, sizeof s->path, "%s", path);
  if (p) s->params = *p;
}

void tnam_stream_free(tnam_stream_t *s) {
  free(s->ops);
  free(s->expects);
  free(s->mac_pool);
  s->ops = NULL;
  s->expects = NULL;
  s->mac_pool = NULL;
  s->n_ops = s->cap_ops = s->n_expects = s->cap_expects = s->n_mac = s->cap_mac = 0;
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
  if (dst->line == 0) dst->line = next_dump_line(s);
  if (dst->kind == TNAM_OP_EVAL) dst->arg = TNAM_NO_EXPECT;
  return 1;
}

int tnam_stream_expect(tnam_stream_t *s, int kind, uint64_t bits, const int32_t *macs,
                       uint32_t line) {
  tnam_op_t *eval = &s->ops[s->n_ops - 1];
  if (eval->arg == TNAM_NO_EXPECT) {
    if (!grow((void **)&s->expects, &s->cap_expects, s->n_expects + 1, sizeof *s->expects))
      return 0;
    memset(&s->expects[s->n_expects], 0, sizeof *s->expects);
    eval->arg = (uint32_t)s->n_expects++;
  }
  tnam_expect_t *e = &s->expects[eval->arg];
  e->line[kind] = line ? line : next_dump_line(s);
  if (kind == TNAM_EXPECT_DEC) e->dec = bits;
  else if (kind == TNAM_EXPECT_GATE) e->gate = bits;
  else {
    unsigned cols = s->params.cols;
    if (!grow((void **)&s->mac_pool, &s->cap_mac, s->n_mac + cols, sizeof *s->mac_pool)) return 0;
    memcpy(&s->mac_pool[s->n_mac], macs, cols * sizeof *macs);
    e->mac = (uint32_t)s->n_mac;
    s->n_mac += cols;
  }
  return 1;
}

uint64_t tnam_stream_cycles(const tnam_stream_t *s) {
  uint64_t cycles = 0;
  for (size_t i = 0; i < s->n_ops; i++) {
    switch (s->ops[i].kind) {
      case TNAM_OP_RESET:
      case TNAM_OP_IDLE: cycles += s->ops[i].arg; break;
      case TNAM_OP_WRITE:
      case TNAM_OP_THR:
      case TNAM_OP_EVAL: cycles += 1; break;
      default: break;
    }
  }
  return cycles;
}

/* ---- parsing ---------------------------------------------------------------------------- */

typedef struct {
  const char *path;
  unsigned line;
  tnam_err_t *err;
} where_t;

static int fail(const where_t *w, const char *fmt, ...) {
  int n = snprintf(w->err->msg, sizeof w->err->msg, "%s:%u: ", w->path, w->line);
  va_list ap;
  va_start(ap, fmt);
  if (n >= 0 && (size_t)n < sizeof w->err->msg)
    vsnprintf(w->err->msg + n, sizeof w->err->msg - (size_t)n, fmt, ap);
  va_end(ap);
  return 0;
}

/* Reads one line into buf (without the newline). Returns 1, 0 at end of file, -1 on error. */
static int read_line(FILE *f, char *buf, size_t size, const where_t *w) {
  if (!fgets(buf, (int)size, f)) {
    if (ferror(f)) return fail(w, "read error: %s", strerror(errno)), -1;
    return 0;
  }
  size_t len = strlen(buf);
  if (len == size - 1 && buf[len - 1] != '\n' && !feof(f))
    return fail(w, "line longer than %zu characters", size - 2), -1;
  if (len && buf[len - 1] == '\n') buf[--len] = '\0';
  if (len && buf[len - 1] == '\r') buf[--len] = '\0';
  return 1;
}

/* Splits at blanks, drops a `#` comment. Returns the token count, or -1 if too many. */
static int tokenize(char *buf, char **tok, int max) {
  char *hash = strchr(buf, '#');
  if (hash) *hash = '\0';
  int n = 0;
  for (char *p = buf; *p;) {
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) break;
    if (n == max) return -1;
    tok[n++] = p;
    while (*p && !isspace((unsigned char)*p)) p++;
    if (*p) *p++ = '\0';
  }
  return n;
}

static int parse_long(const where_t *w, const char *what, const char *text, long lo, long hi,
                      long *out) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (end == text || *end != '\0') return fail(w, "%s '%s' is not a decimal number", what, text);
  if (errno == ERANGE || v < lo || v > hi)
    return fail(w, "%s %s is out of range [%ld, %ld]", what, text, lo, hi);
  *out = v;
  return 1;
}

/* Hexadecimal bit vector of `width` bits into words (bit 0 = least significant). */
static int parse_hex_bits(const where_t *w, const char *what, const char *text, unsigned width,
                          uint64_t *words, unsigned n_words) {
  const char *digits = text;
  if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) digits += 2;
  size_t len = strlen(digits);
  size_t max_digits = (width + 3) / 4;
  if (len == 0) return fail(w, "%s '%s' has no hexadecimal digits", what, text);
  if (len > max_digits)
    return fail(w, "%s '%s' has %zu hexadecimal digits; at most %zu for %u bits", what, text,
                len, max_digits, width);
  memset(words, 0, n_words * sizeof *words);
  for (size_t i = 0; i < len; i++) {
    char c = digits[len - 1 - i];
    unsigned v;
    if (c >= '0' && c <= '9') v = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v = (unsigned)(c - 'A' + 10);
    else return fail(w, "%s '%s': '%c' is not a hexadecimal digit", what, text, c);
    for (unsigned b = 0; b < 4; b++) {
      unsigned bit = (unsigned)i * 4 + b;
      if (!((v >> b) & 1u)) continue;
      if (bit >= width)
        return fail(w, "%s '%s' sets bit %u; only bits 0..%u exist", what, text, bit, width - 1);
      words[bit / 64] |= 1ULL << (bit % 64);
    }
  }
  return 1;
}

/* A row of C weights, `+ - 0`, into magnitude and sign masks. */
static int parse_weights(const where_t *w, const char *text, unsigned cols, uint64_t *mag,
                         uint64_t *sign) {
  size_t len = strlen(text);
  if (len != cols)
    return fail(w, "weights '%s' have %zu characters; the configuration has %u columns", text,
                len, cols);
  *mag = *sign = 0;
  for (unsigned c = 0; c < cols; c++) {
    switch (text[c]) {
      case '+': *mag |= 1ULL << c; break;
      case '-': *mag |= 1ULL << c; *sign |= 1ULL << c; break;
      case '0': break;
      default:
        return fail(w, "weight '%c' in column %u is not one of + - 0", text[c], c);
    }
  }
  return 1;
}

typedef struct {
  tnam_stream_t *s;
  int have_version, have_config;
  /* Expectations refer to the latest evaluation, which must be the latest op; a reset in
   * the cycle after an evaluation cancels it (its sense stage never completes). */
  int eval_is_last;  /* the latest op is an evaluation since the start or the last reset */
  int prev_cycle_op_was_eval;
} parse_state_t;

static int push_or_fail(parse_state_t *ps, const where_t *w, const tnam_op_t *op) {
  if (!tnam_stream_push(ps->s, op)) return fail(w, "out of memory");
  ps->prev_cycle_op_was_eval = ps->eval_is_last = op->kind == TNAM_OP_EVAL;
  return 1;
}

static int load_weight_file(parse_state_t *ps, const where_t *stream_w, const char *name) {
  char path[512];
  const char *slash = strrchr(ps->s->path, '/');
  if (name[0] != '/' && slash)
    snprintf(path, sizeof path, "%.*s/%s", (int)(slash - ps->s->path), ps->s->path, name);
  else
    snprintf(path, sizeof path, "%s", name);
  FILE *f = fopen(path, "r");
  if (!f) return fail(stream_w, "cannot open weight file '%s': %s", path, strerror(errno));
  where_t w = {path, 0, stream_w->err};
  char buf[TNAM_LINE_MAX];
  char *tok[2];
  unsigned rows = ps->s->params.rows, row = 0;
  int ok = 1, r;
  while (ok && (w.line++, r = read_line(f, buf, sizeof buf, &w)) > 0) {
    int n = tokenize(buf, tok, 1);
    if (n == 0) continue;
    if (n < 0) { ok = fail(&w, "expected one row of weights per line"); break; }
    if (row == rows) { ok = fail(&w, "more than %u rows", rows); break; }
    tnam_op_t op = {.kind = TNAM_OP_WRITE, .line = stream_w->line, .arg = row};
    ok = parse_weights(&w, tok[0], ps->s->params.cols, &op.mag, &op.sign) &&
         push_or_fail(ps, stream_w, &op);
    row++;
  }
  if (ok && r < 0) ok = 0;
  if (ok && row != rows) {
    ok = fail(&w, "weight file ends after %u rows; the configuration has %u", row, rows);
  }
  fclose(f);
  return ok;
}

static int parse_command(parse_state_t *ps, const where_t *w, char **tok, int n) {
  tnam_stream_t *s = ps->s;
  const tnam_params_t *p = &s->params;
  const char *cmd = tok[0];
  long v;

  if (!ps->have_version) {
    if (strcmp(cmd, "tns") != 0) return fail(w, "the first command must be 'tns 1'");
    if (n != 2 || strcmp(tok[1], "1") != 0)
      return fail(w, "unsupported stream format version; this reader takes 'tns 1'");
    ps->have_version = 1;
    return 1;
  }
  if (!ps->have_config) {
    long rows, cols;
    if (strcmp(cmd, "config") != 0)
      return fail(w, "'config rows R cols C' must come before '%s'", cmd);
    if (n != 5 || strcmp(tok[1], "rows") != 0 || strcmp(tok[3], "cols") != 0)
      return fail(w, "usage: config rows R cols C");
    if (!parse_long(w, "rows", tok[2], TNAM_MIN_ROWS, TNAM_MAX_ROWS, &rows) ||
        !parse_long(w, "cols", tok[4], TNAM_MIN_COLS, TNAM_MAX_COLS, &cols))
      return 0;
    tnam_params_make((unsigned)rows, (unsigned)cols, &s->params);
    s->config_line = w->line;
    ps->have_config = 1;
    return 1;
  }

  tnam_op_t op = {.line = w->line};
  if (strcmp(cmd, "reset") == 0 || strcmp(cmd, "idle") == 0) {
    int is_reset = cmd[0] == 'r';
    if (n > 2 || (!is_reset && n != 2)) return fail(w, "usage: %s%s", cmd, is_reset ? " [N]" : " N");
    v = 1;
    if (n == 2 && !parse_long(w, "cycle count", tok[1], 1, TNAM_MAX_REPEAT, &v)) return 0;
    if (is_reset && ps->prev_cycle_op_was_eval && s->ops[s->n_ops - 1].arg != TNAM_NO_EXPECT)
      return fail(w, "this reset cancels the evaluation at line %u before its result, which "
                     "has expectations; put a cycle between them",
                  s->ops[s->n_ops - 1].line);
    op.kind = is_reset ? TNAM_OP_RESET : TNAM_OP_IDLE;
    op.arg = (uint32_t)v;
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "write") == 0) {
    if (n != 3) return fail(w, "usage: write ROW WEIGHTS");
    if (!parse_long(w, "row", tok[1], 0, (long)p->rows - 1, &v)) return 0;
    op.kind = TNAM_OP_WRITE;
    op.arg = (uint32_t)v;
    return parse_weights(w, tok[2], p->cols, &op.mag, &op.sign) && push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "load") == 0) {
    if (n != 2) return fail(w, "usage: load FILE");
    return load_weight_file(ps, w, tok[1]);
  }
  if (strcmp(cmd, "thr") == 0) {
    long lo = -(1L << (p->vw - 1)), hi = (1L << (p->vw - 1)) - 1, col = -1;
    if (n != 3) return fail(w, "usage: thr COL|* VALUE");
    if (strcmp(tok[1], "*") != 0 && !parse_long(w, "column", tok[1], 0, (long)p->cols - 1, &col))
      return 0;
    if (!parse_long(w, "threshold", tok[2], lo, hi, &v)) return 0;
    op.kind = TNAM_OP_THR;
    op.value = (int32_t)v;
    for (unsigned c = 0; c < p->cols; c++) {
      if (col >= 0 && c != (unsigned)col) continue;
      op.arg = c;
      if (!push_or_fail(ps, w, &op)) return 0;
    }
    return 1;
  }
  if (strcmp(cmd, "eval") == 0 || strcmp(cmd, "evalrows") == 0) {
    if (n != 2) return fail(w, "usage: %s", cmd[4] ? "evalrows R1,R2,...|-" : "eval HEX");
    op.kind = TNAM_OP_EVAL;
    if (!cmd[4]) {
      if (!parse_hex_bits(w, "word lines", tok[1], p->rows, op.bits, TNAM_ROW_WORDS)) return 0;
    } else if (strcmp(tok[1], "-") != 0) {
      for (char *item = tok[1], *next; item; item = next) {
        next = strchr(item, ',');
        if (next) *next++ = '\0';
        if (!parse_long(w, "row", item, 0, (long)p->rows - 1, &v)) return 0;
        op.bits[v / 64] |= 1ULL << (v % 64);
      }
    }
    return push_or_fail(ps, w, &op);
  }
  if (strcmp(cmd, "expect") == 0) {
    if (n < 2) return fail(w, "usage: expect dec HEX | gate HEX | mac V0 .. V%u", p->cols - 1);
    if (!ps->eval_is_last)
      return fail(w, "'expect' must follow an evaluation (eval or evalrows) and its other "
                     "expectations");
    const char *what = tok[1];
    int kind = strcmp(what, "dec") == 0    ? TNAM_EXPECT_DEC
               : strcmp(what, "gate") == 0 ? TNAM_EXPECT_GATE
               : strcmp(what, "mac") == 0  ? TNAM_EXPECT_MAC
                                           : -1;
    if (kind < 0) return fail(w, "unknown expectation '%s'; expected dec, gate or mac", what);
    const tnam_op_t *eval = &s->ops[s->n_ops - 1];
    if (eval->arg != TNAM_NO_EXPECT && s->expects[eval->arg].line[kind])
      return fail(w, "a second 'expect %s' for the evaluation at line %u (first at line %u)",
                  what, eval->line, s->expects[eval->arg].line[kind]);
    uint64_t bits = 0;
    int32_t macs[TNAM_MAX_COLS];
    if (kind != TNAM_EXPECT_MAC) {
      if (n != 3) return fail(w, "usage: expect %s HEX", what);
      if (!parse_hex_bits(w, what, tok[2], p->cols, &bits, 1)) return 0;
    } else {
      long lim = 1L << (p->vw - 1);
      if (n != 2 + (int)p->cols)
        return fail(w, "expect mac needs %u values, one per column; got %d", p->cols, n - 2);
      for (unsigned c = 0; c < p->cols; c++) {
        if (!parse_long(w, "column value", tok[2 + c], -lim, lim - 1, &v)) return 0;
        macs[c] = (int32_t)v;
      }
    }
    if (!tnam_stream_expect(s, kind, bits, macs, w->line)) return fail(w, "out of memory");
    return 1;
  }
  return fail(w, "unknown command '%s' (commands: reset write load thr eval evalrows idle expect)",
              cmd);
}

int tnam_stream_load(const char *path, tnam_stream_t *s, tnam_err_t *err) {
  tnam_stream_init(s, path, NULL);
  where_t w = {s->path, 0, err};
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err->msg, sizeof err->msg, "%s: cannot open: %s", path, strerror(errno));
    return 0;
  }
  parse_state_t ps = {.s = s};
  char buf[TNAM_LINE_MAX];
  char *tok[TNAM_MAX_TOKENS];
  int ok = 1, r;
  while ((w.line++, r = read_line(f, buf, sizeof buf, &w)) > 0) {
    int n = tokenize(buf, tok, TNAM_MAX_TOKENS);
    if (n == 0) continue;
    if (n < 0) { ok = fail(&w, "too many fields on one line"); break; }
    if (!parse_command(&ps, &w, tok, n)) { ok = 0; break; }
  }
  if (r < 0) ok = 0;
  if (ok && !ps.have_config) {
    ok = fail(&w, "stream ends before its 'tns 1' and 'config' lines");
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

int tnam_stream_dump(const tnam_stream_t *s, FILE *f) {
  const tnam_params_t *p = &s->params;
  fprintf(f, "tns 1\nconfig rows %u cols %u\n# %s\n", p->rows, p->cols, s->path);
  for (size_t i = 0; i < s->n_ops; i++) {
    const tnam_op_t *op = &s->ops[i];
    switch (op->kind) {
      case TNAM_OP_RESET: fprintf(f, "reset %u\n", op->arg); break;
      case TNAM_OP_IDLE: fprintf(f, "idle %u\n", op->arg); break;
      case TNAM_OP_WRITE:
        fprintf(f, "write %u ", op->arg);
        for (unsigned c = 0; c < p->cols; c++)
          fputc(!((op->mag >> c) & 1) ? '0' : ((op->sign >> c) & 1) ? '-' : '+', f);
        fputc('\n', f);
        break;
      case TNAM_OP_THR: fprintf(f, "thr %u %d\n", op->arg, op->value); break;
      case TNAM_OP_EVAL: {
        fputs("eval ", f);
        dump_hex(f, op->bits, p->rows);
        fputc('\n', f);
        if (op->arg == TNAM_NO_EXPECT) break;
        const tnam_expect_t *e = &s->expects[op->arg];
        if (e->line[TNAM_EXPECT_DEC]) {
          fputs("expect dec ", f);
          dump_hex(f, &e->dec, p->cols);
          fputc('\n', f);
        }
        if (e->line[TNAM_EXPECT_GATE]) {
          fputs("expect gate ", f);
          dump_hex(f, &e->gate, p->cols);
          fputc('\n', f);
        }
        if (e->line[TNAM_EXPECT_MAC]) {
          fputs("expect mac", f);
          for (unsigned c = 0; c < p->cols; c++) fprintf(f, " %d", s->mac_pool[e->mac + c]);
          fputc('\n', f);
        }
        break;
      }
      default: return 0;
    }
  }
  return !ferror(f);
}
