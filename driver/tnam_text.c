// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Line-oriented text input shared by the stream and variation-file readers. */
#include "tnam_text.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int tnam_fail(const tnam_where_t *w, const char *fmt, ...) {
  int n = snprintf(w->err->msg, sizeof w->err->msg, "%s:%u: ", w->path, w->line);
  va_list ap;
  va_start(ap, fmt);
  if (n >= 0 && (size_t)n < sizeof w->err->msg)
    vsnprintf(w->err->msg + n, sizeof w->err->msg - (size_t)n, fmt, ap);
  va_end(ap);
  return 0;
}

int tnam_read_line(FILE *f, char *buf, size_t size, const tnam_where_t *w) {
  if (!fgets(buf, (int)size, f)) {
    if (ferror(f)) return tnam_fail(w, "read error: %s", strerror(errno)), -1;
    return 0;
  }
  size_t len = strlen(buf);
  if (len == size - 1 && buf[len - 1] != '\n' && !feof(f))
    return tnam_fail(w, "line longer than %zu characters", size - 2), -1;
  if (len && buf[len - 1] == '\n') buf[--len] = '\0';
  if (len && buf[len - 1] == '\r') buf[--len] = '\0';
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

int tnam_parse_long(const tnam_where_t *w, const char *what, const char *text, long lo, long hi,
                    long *out) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (end == text || *end != '\0')
    return tnam_fail(w, "%s '%s' is not a decimal number", what, text);
  if (errno == ERANGE || v < lo || v > hi)
    return tnam_fail(w, "%s %s is out of range [%ld, %ld]", what, text, lo, hi);
  *out = v;
  return 1;
}
