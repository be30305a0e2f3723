// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Whole-file input through zlib, which reads plain files transparently. */
#define _POSIX_C_SOURCE 200809L /* fileno, fstat */
#include "tnam_nnio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "tnam_text.h"

void tnam_nn_error(char *err, size_t n, const char *path, const char *fmt, ...) {
  char raw[1024];
  int used = snprintf(raw, sizeof raw, "%s: ", path);
  va_list ap;
  va_start(ap, fmt);
  if (used >= 0 && (size_t)used < sizeof raw)
    vsnprintf(raw + used, sizeof raw - (size_t)used, fmt, ap);
  va_end(ap);
  tnam_escape(err, n, raw); /* a file's bytes reach the terminal escaped (D36) */
}

int tnam_nn_read_file(const char *path, uint8_t **data, size_t *len, char *err, size_t n) {
  *data = NULL;
  *len = 0;
  FILE *probe = fopen(path, "rb");
  struct stat st;
  const int dir = probe && fstat(fileno(probe), &st) == 0 && S_ISDIR(st.st_mode);
  if (!probe || dir) {
    tnam_nn_error(err, n, path, "cannot open: %s", strerror(dir ? EISDIR : errno));
    if (probe) fclose(probe);
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
    if (used == TNAM_NN_MAX_FILE) {
      /* An endless input (/dev/zero, a pipe) or a gzip bomb ends here, not in the OOM killer. */
      tnam_nn_error(err, n, path, "%u MiB or longer: not a file this reader takes",
                    TNAM_NN_MAX_FILE >> 20);
      free(buf);
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
    /* Up to the cap, which keeps gzread's unsigned count in range. */
    size_t want = (cap < TNAM_NN_MAX_FILE ? cap : TNAM_NN_MAX_FILE) - used;
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
