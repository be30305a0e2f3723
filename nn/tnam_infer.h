// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_infer's whole program, shared by the model-only build (nn/tnam_infer_main.c) and the
 * Verilated build (tb/verilator/tnam_infer_vl_main.c), which adds the RTL back ends. */
#ifndef TNAM_INFER_H
#define TNAM_INFER_H

#include <stddef.h>

#include "tnam_backend.h"
#include "tnam_exec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a Verilated build adds: its chip configuration, the RTL back end, and lockstep around
 * it (tb/harness/tnam_lockstep.h). */
typedef struct {
  void (*params)(unsigned *rows, unsigned *cols, unsigned *macros, unsigned *tiles);
  int (*open_rtl)(tnam_backend_t *b, const tnam_waves_t *waves, char *err, size_t err_size);
  int (*open_lockstep)(tnam_backend_t *b, tnam_backend_t *rtl, const tnam_chip_params_t *cp,
                       tnam_exec_describe_fn describe, void *ctx, char *err, size_t err_size);
} tnam_infer_rtl_t;

/* Runs the command line; returns the exit status (0, 1 mismatch, 2 bad input, 3 aborted).
 * rtl is NULL in the model-only build. */
int tnam_infer_main(int argc, char **argv, const tnam_infer_rtl_t *rtl);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_INFER_H */
