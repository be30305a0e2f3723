// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Whole-file input through zlib, which reads plain files transparently. */
#include "tnam_nnio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

void tnam_nn_error(char *err, size_t n, const char *path, const char *fmt, ...) {
  if (n == 0) return;
  int used = snprintf(err, n, "%s: ", path);
  if (used < 0 || (size_t)used >= n) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err + used, n - (size_t)used, fmt, ap);
  va_end(ap);
}

int tnam_nn_read_file(const char *path, uint8_t **data, size_t *len, char *err, size_t n) {
  *data = NULL;
  *len = 0;
  FILE *probe = fopen(path, "rb");
  if (!probe) {
    tnam_nn_error(err, n, path, "cannot open: %s", strerror(errno));
    return -1;
  }
  fclose(probe);
  gzFile gz = gzopen(path, "rb");
  if (!gz) {
    tnam_nn_error(err, n, path, "cannot open: %s", strerror(errno));
    return -1;
  }
  size_t cap = 1 << 16, used = 0;
  uint8_t *buf = malloc(cap);
  for (;;) {
    if (!buf) {
      tnam_nn_error(err, n, path, "out of memory");
      gzclose(gz);
      return -1;
    }
    if (used == cap) {
      cap *= 2;
      uint8_t *grown = realloc(buf, cap);
      if (!grown) free(buf);
      buf = grown;
      continue;
    }
    /* gzread takes an unsigned count: read at most 1 GiB at a time. */
    size_t want = cap - used > (1u << 30) ? (1u << 30) : cap - used;
    int got = gzread(gz, buf + used, (unsigned)want);
    if (got < 0) {
      int code;
      const char *msg = gzerror(gz, &code);
      /* zlib's message starts with the path it was given: say it once. */
      const size_t plen = strlen(path);
      if (!strncmp(msg, path, plen) && !strncmp(msg + plen, ": ", 2)) msg += plen + 2;
      tnam_nn_error(err, n, path, "corrupt gzip stream: %s", msg);
      free(buf);
      gzclose(gz);
      return -1;
    }
    if (got == 0) break;
    used += (size_t)got;
  }
  /* A gzip stream cut short ends without an error from gzread in zlib 1.2.13; gzclose
   * reports it (Z_BUF_ERROR: the last read ended in the middle of a stream). */
  int rc = gzclose(gz);
  if (rc != Z_OK) {
    tnam_nn_error(err, n, path, "%s",
                  rc == Z_BUF_ERROR ? "truncated gzip stream: it ends before its end marker"
                                    : "corrupt gzip stream");
    free(buf);
    return -1;
  }
  *data = buf;
  *len = used;
  return 0;
}
