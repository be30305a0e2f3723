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

/* Writes "PATH: message" into err (n bytes), bytes that are not printable UTF-8 escaped. */
void tnam_nn_error(char *err, size_t n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The longest file (after decompression) the readers take: the largest real one, MNIST's
 * training images, is 47 MB. */
#define TNAM_NN_MAX_FILE (256u << 20)

/* Reads the whole of path into a malloc'ed buffer, decompressing it when it is gzip (a plain
 * file is read as it is). A truncated or corrupt gzip stream, a directory and a file longer
 * than TNAM_NN_MAX_FILE are errors. Returns 0, or -1 with err set. */
int tnam_nn_read_file(const char *path, uint8_t **data, size_t *len, char *err, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_NNIO_H */
