// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Line-oriented text input shared by the stream and variation-file readers: every error names
 * the file and the line. */
#ifndef TNAM_TEXT_H
#define TNAM_TEXT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error text: "FILE:LINE: message". */
typedef struct {
  char msg[512];
} tnam_err_t;

/* Where a reader is: file, current line, and where its error goes. */
typedef struct {
  const char *path;
  unsigned line;
  tnam_err_t *err;
} tnam_where_t;

/* Writes "PATH:LINE: message" into w->err; returns 0 (so a parser can `return tnam_fail(..)`). */
int tnam_fail(const tnam_where_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads one line into buf (without the newline or a CR before it). Returns 1, 0 at end of
 * file, -1 on error (a read error or a line that does not fit, reported through w). */
int tnam_read_line(FILE *f, char *buf, size_t size, const tnam_where_t *w);

/* Splits at blanks after dropping a `#` comment. Returns the token count, -1 if more than max. */
int tnam_tokenize(char *buf, char **tok, int max);

/* A decimal in [lo, hi] into *out; otherwise reports "WHAT 'TEXT' ..." and returns 0. */
int tnam_parse_long(const tnam_where_t *w, const char *what, const char *text, long lo, long hi,
                    long *out);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_TEXT_H */
