// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The run digest: FNV-1a over every observable of every cycle (--digest, for determinism). */
#ifndef TNAM_DIGEST_H
#define TNAM_DIGEST_H

#include <stdint.h>

#include "tnam_chip.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TNAM_DIGEST_INIT 0xcbf29ce484222325ULL /* FNV-1a offset basis */

/* h after hashing the observables of one cycle, in the order of the port list's digest
 * column (c_model/tnam_ports.h): every macro's, then the chip's. */
uint64_t tnam_digest_chip(uint64_t h, const tnam_chip_out_t *out, const tnam_chip_params_t *p);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_DIGEST_H */
