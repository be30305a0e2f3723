// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Text input shared by every reader of the project's files (streams, weight files, variation
 * files, and the nn/ readers' numbers and messages): opening, lines, numbers and errors, each
 * error naming the file and the line (decision D36). */
#ifndef TNAM_TEXT_H
#define TNAM_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error text: "FILE:LINE: message"; room for two paths of PATH_MAX (a stream's line and the
 * file it names). */
typedef struct {
  char msg[8192 + 512];
} tnam_err_t;

/* Where a reader is: file, current line, and where its error goes. */
typedef struct {
  const char *path;
  unsigned line;
  tnam_err_t *err;
} tnam_where_t;

/* Most lines a text file may have: a longer one (an endless pipe of lines) is an error, and
 * line numbers never wrap. */
#define TNAM_TEXT_MAX_LINES 100000000u

/* Writes "PATH:LINE: message" into w->err, bytes that are not printable UTF-8 escaped;
 * returns 0 (so a parser can `return tnam_fail(..)`). */
int tnam_fail(const tnam_where_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies src into dst (n bytes, always terminated, cut at a whole character) with every byte
 * that is not part of printable UTF-8 written as \xNN: control characters (C0, DEL, C1) and
 * malformed sequences. A terminal then shows a file's bytes, never obeys them. */
void tnam_escape(char *dst, size_t n, const char *src);

/* Opens the text file `path` for reading, which must not be a directory. `from` is the line
 * that named it (NULL for a file given on the command line), `what` what it is ("weight
 * file"). NULL when it cannot, with err: "FROM:LINE: cannot open WHAT 'PATH': reason" or
 * "PATH: cannot open: reason". */
FILE *tnam_text_open(const char *path, const char *what, const tnam_where_t *from, tnam_err_t *err);

/* `name` as a stream names a file: relative to the directory of the file `base`, or as it is
 * when absolute or when base has no directory. malloc'ed; NULL when out of memory. */
char *tnam_path_beside(const char *base, const char *name);

/* Reads line w->line (the caller counts, from 1) into buf, without its line end (LF or CR LF).
 * At most size - 2 characters. Returns 1, 0 at the end of the file, -1 with the error reported
 * through w: a NUL byte, a CR not followed by LF, a longer line, more than
 * TNAM_TEXT_MAX_LINES lines, a read error. A line is never split. */
int tnam_read_line(FILE *f, char *buf, size_t size, const tnam_where_t *w);

/* Splits at blanks after dropping a `#` comment. Returns the token count, -1 if more than max. */
int tnam_tokenize(char *buf, char **tok, int max);

/* The one syntax of a decimal fraction in a file: digits with an optional fraction and an
 * optional exponent (1, 2.5, .5, 5., 1.3e+01); no sign, no blanks, no hexadecimal, inf or nan,
 * which strtod alone would take. Whether the len bytes at s are one. */
int tnam_decimal_syntax(const char *s, size_t len);

/* The one integer syntax of every file, that of the command lines (tnam_cli.h's strict numbers:
 * an optional '-' then the digits 0-9, nothing else: no '+', no blanks, no hexadecimal). A
 * number in [lo, hi] into *out; otherwise reports "WHAT 'TEXT' is not a decimal number" or
 * "WHAT TEXT is out of range [lo, hi]" and returns 0. */
int tnam_parse_long(const tnam_where_t *w, const char *what, const char *text, long lo, long hi,
                    long *out);
/* The same, unsigned 64-bit (no '-'). */
int tnam_parse_u64(const tnam_where_t *w, const char *what, const char *text, uint64_t lo,
                   uint64_t hi, uint64_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_TEXT_H */
