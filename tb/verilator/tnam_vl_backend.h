// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The Verilated tnam_chip behind the driver API (C-callable). */
#ifndef TNAM_VL_BACKEND_H
#define TNAM_VL_BACKEND_H

#include <stddef.h>

#include "tnam_backend.h"

#ifdef __cplusplus
extern "C" {
#endif

int tnam_vl_open(tnam_backend_t *b, const tnam_waves_t *waves, char *err, size_t err_size);
void tnam_vl_params(unsigned *rows, unsigned *cols, unsigned *macros, unsigned *tiles);
int tnam_vl_can_trace(void);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_VL_BACKEND_H */
