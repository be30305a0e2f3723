// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* File input shared by the data and model readers: whole files, gzip or plain, and errors
 * that name the file. */
#ifndef TNAM_NNIO_H
#define TNAM_NNIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes "PATH: message" into err (n bytes). */
void tnam_nn_error(char *err, size_t n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reads the whole of path into a malloc'ed buffer, decompressing it when it is gzip (a plain
 * file is read as it is). A truncated or corrupt gzip stream is an error. Returns 0, or -1
 * with err set. */
int tnam_nn_read_file(const char *path, uint8_t **data, size_t *len, char *err, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_NNIO_H */
