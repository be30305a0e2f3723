// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Text input shared by every reader of the project's files (decision D36). */
#define _POSIX_C_SOURCE 200809L /* fileno, fstat, getc_unlocked */
#include "tnam_text.h"

#include "tnam_cli.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bytes of the printable UTF-8 character at s (1 to 4), or 0 when s[0] must be escaped: a
 * control character (C0, DEL, C1), a byte that cannot start a character, or a malformed,
 * overlong, surrogate or out-of-range sequence (RFC 3629). Reads no byte past a NUL. */
static size_t utf8_printable(const unsigned char *s) {
  const unsigned c = s[0];
  if (c >= 0x20 && c < 0x7f) return 1;
  if (c < 0xc2 || c > 0xf4) return 0;
  const size_t n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  const unsigned lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : c == 0xc2 ? 0xa0 : 0x80;
  const unsigned hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
  if (s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < n; i++)
    if (s[i] < 0x80 || s[i] > 0xbf) return 0;
  return n;
}

void tnam_escape(char *dst, size_t n, const char *src) {
  if (n == 0) return;
  size_t used = 0;
  for (const unsigned char *s = (const unsigned char *)src; *s;) {
    const size_t k = utf8_printable(s);
    if (k == 0) {
      if (used + 4 >= n) break;
      snprintf(dst + used, n - used, "\\x%02x", *s++);
      used += 4;
      continue;
    }
    if (used + k >= n) break;
    memcpy(dst + used, s, k);
    used += k;
    s += k;
  }
  dst[used] = '\0';
}

int tnam_fail(const tnam_where_t *w, const char *fmt, ...) {
  char raw[sizeof w->err->msg];
  int n = snprintf(raw, sizeof raw, "%s:%u: ", w->path, w->line);
  va_list ap;
  va_start(ap, fmt);
  if (n >= 0 && (size_t)n < sizeof raw) vsnprintf(raw + n, sizeof raw - (size_t)n, fmt, ap);
  va_end(ap);
  tnam_escape(w->err->msg, sizeof w->err->msg, raw);
  return 0;
}

FILE *tnam_text_open(const char *path, const char *what, const tnam_where_t *from,
                     tnam_err_t *err) {
  FILE *f = fopen(path, "r");
  int e = errno;
  struct stat st;
  /* A directory opens for reading on Linux and fails only at its first read. */
  if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    f = NULL;
    e = EISDIR;
  }
  if (f) return f;
  if (from) {
    tnam_where_t w = *from;
    w.err = err;
    tnam_fail(&w, "cannot open %s '%s': %s", what, path, strerror(e));
  } else {
    char raw[sizeof err->msg];
    snprintf(raw, sizeof raw, "%s: cannot open: %s", path, strerror(e));
    tnam_escape(err->msg, sizeof err->msg, raw);
  }
  return NULL;
}

char *tnam_path_beside(const char *base, const char *name) {
  const char *slash = strrchr(base, '/');
  const size_t dir = name[0] != '/' && slash ? (size_t)(slash - base) + 1 : 0;
  const size_t len = strlen(name);
  char *path = malloc(dir + len + 1);
  if (!path) return NULL;
  memcpy(path, base, dir);
  memcpy(path + dir, name, len + 1);
  return path;
}

int tnam_read_line(FILE *f, char *buf, size_t size, const tnam_where_t *w) {
  const size_t max = size - 2; /* the limit the spec names: the buffer once held the CR LF */
  size_t len = 0;
  int c;
  /* Byte by byte, so that a NUL byte is seen where it is rather than ending the line. */
  while ((c = getc_unlocked(f)) != EOF && c != '\n') {
    if (c == '\r') {
      if ((c = getc_unlocked(f)) == '\n') break;
      return tnam_fail(w,
                       "carriage return without a line feed after it (column %zu): lines end "
                       "with LF or CR LF",
                       len + 1),
             -1;
    }
    if (c == '\0')
      return tnam_fail(w, "NUL byte in column %zu: a text file holds none", len + 1), -1;
    if (len == max) return tnam_fail(w, "line longer than %zu characters", max), -1;
    buf[len++] = (char)c;
  }
  if (c == EOF) {
    if (ferror(f)) return tnam_fail(w, "read error: %s", strerror(errno)), -1;
    if (len == 0) return 0;
  }
  if (w->line > TNAM_TEXT_MAX_LINES)
    return tnam_fail(w, "more than %u lines", TNAM_TEXT_MAX_LINES), -1;
  buf[len] = '\0';
  return 1;
}

int tnam_tokenize(char *buf, char **tok, int max) {
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

int tnam_decimal_syntax(const char *s, size_t len) {
  size_t i = 0, digits = 0;
  while (i < len && s[i] >= '0' && s[i] <= '9') i++, digits++;
  if (i < len && s[i] == '.') {
    i++;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++, digits++;
  }
  if (digits == 0) return 0;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-')) i++;
    size_t exp_digits = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++, exp_digits++;
    if (exp_digits == 0) return 0;
  }
  return i == len;
}

int tnam_parse_long(const tnam_where_t *w, const char *what, const char *text, long lo, long hi,
                    long *out) {
  int64_t v = 0;
  switch (tnam_num_i64(text, lo, hi, &v)) {
    case TNAM_NUM_OK: *out = (long)v; return 1;
    case TNAM_NUM_SYNTAX: return tnam_fail(w, "%s '%s' is not a decimal number", what, text);
    default: return tnam_fail(w, "%s %s is out of range [%ld, %ld]", what, text, lo, hi);
  }
}

int tnam_parse_u64(const tnam_where_t *w, const char *what, const char *text, uint64_t lo,
                   uint64_t hi, uint64_t *out) {
  switch (tnam_num_u64(text, lo, hi, out)) {
    case TNAM_NUM_OK: return 1;
    case TNAM_NUM_SYNTAX: return tnam_fail(w, "%s '%s' is not a decimal number", what, text);
    default:
      return tnam_fail(w, "%s %s is out of range [%" PRIu64 ", %" PRIu64 "]", what, text, lo, hi);
  }
}
