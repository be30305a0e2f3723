// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Test streams (.tns, spec section 7): reading and writing the chip's command list
 * (driver/tnam_ops.h) as text. */
#ifndef TNAM_STREAM_H
#define TNAM_STREAM_H

#include <stdio.h>

#include "tnam_ops.h"
#include "tnam_text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parses a whole .tns file. On failure fills err, frees what it built, returns 0. */
int tnam_stream_load(const char *path, tnam_stream_t *s, tnam_err_t *err);

/* The same from an open file (read to its end, not closed): path names it in messages, and
 * its directory is where the stream's `load` and `variation` files are found (the fuzz
 * targets read streams from memory this way). */
int tnam_stream_read(FILE *f, const char *path, tnam_stream_t *s, tnam_err_t *err);

/* The rule of spec section 7 that a runner applies before the first cycle: the first command
 * after `config` is `reset` (before it the chip's registers hold no defined value). 1, or 0
 * with err ("FILE:LINE: message"). */
int tnam_stream_check_start(const tnam_stream_t *s, tnam_err_t *err);

/* Writes the stream as a .tns text that parses back to the same ops. Returns 0 on I/O error
 * (or when a lazily generated stream's source fails: its message in s->source->err). A lazily generated
 * stream (tnam_gen_stream_open) is written as its source makes it, in bounded memory, and is
 * consumed: run a fresh one. */
int tnam_stream_dump(const tnam_stream_t *s, FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_STREAM_H */
