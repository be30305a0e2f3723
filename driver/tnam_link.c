// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Recording link: passes bytes through and writes them as $readmemh words (0XX out, 1XX in). */
#include "tnam_link.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  tnam_link_t inner;
  FILE *f;
  int *failed;
} record_t;

/* One word per byte; 0 on a write error of the record file. */
static int record_bytes(record_t *r, unsigned dir, const uint8_t *buf, size_t n, char *err,
                        size_t err_size) {
  for (size_t i = 0; i < n; i++)
    if (fprintf(r->f, "%u%02X\n", dir, buf[i]) < 0) {
      snprintf(err, err_size, "cannot write the record file: %s", strerror(errno));
      *r->failed = 1;
      return 0;
    }
  return 1;
}

static int record_write(tnam_link_t *l, const uint8_t *buf, size_t n, char *err, size_t err_size) {
  record_t *r = l->impl;
  return record_bytes(r, 0, buf, n, err, err_size) &&
         r->inner.write(&r->inner, buf, n, err, err_size);
}

static long record_read(tnam_link_t *l, uint8_t *buf, size_t n, unsigned timeout_ms, char *err,
                        size_t err_size) {
  record_t *r = l->impl;
  const long got = r->inner.read(&r->inner, buf, n, timeout_ms, err, err_size);
  if (got > 0 && !record_bytes(r, 1, buf, (size_t)got, err, err_size)) return TNAM_LINK_ERROR;
  return got;
}

static void record_close(tnam_link_t *l) {
  record_t *r = l->impl;
  if (!r) return;
  r->inner.close(&r->inner);
  const int bad = ferror(r->f);
  if (fclose(r->f) != 0 || bad) {
    fprintf(stderr, "error: cannot write the record file: %s\n",
            bad ? "a write failed" : strerror(errno));
    *r->failed = 1;
  }
  free(r);
  l->impl = NULL;
}

int tnam_link_record(tnam_link_t *l, tnam_link_t *inner, FILE *f, const char *comment, int *failed,
                     char *err, size_t err_size) {
  record_t *r = malloc(sizeof *r);
  if (!r) {
    snprintf(err, err_size, "out of memory");
    return 0;
  }
  r->inner = *inner;
  /* The inner link's name may live in its own name_buf: point at the copy's. */
  if (inner->name == inner->name_buf) r->inner.name = r->inner.name_buf;
  r->f = f;
  r->failed = failed;
  memset(l, 0, sizeof *l);
  l->name = r->inner.name;
  l->write = record_write;
  l->read = record_read;
  l->close = record_close;
  l->impl = r;
  fprintf(f, "// %s\n", comment);
  return 1;
}
