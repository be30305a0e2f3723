// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Lockstep as a back end: every step drives an RTL back end and the golden model with the same
 * inputs and compares every observable with the checker of make sim (tnam_check.h). What host
 * software (nn/) runs on it is checked on every cycle without the software knowing the test
 * bench. */
#ifndef TNAM_LOCKSTEP_H
#define TNAM_LOCKSTEP_H

#include <stddef.h>

#include "tnam_backend.h"
#include "tnam_exec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opens the lockstep back end around `rtl` (which it closes with itself) for chip cp. On the
 * first difference, step() prints the mismatch report of make sim, with `describe`'s account
 * of the op (the work line) and its reproduce line, and returns NULL. It must be driven by the
 * executor (its bind hook names the op list). Returns 1, or 0 with err. */
int tnam_lockstep_open(tnam_backend_t *b, tnam_backend_t *rtl, const tnam_chip_params_t *cp,
                       tnam_exec_describe_fn describe, void *ctx, char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_LOCKSTEP_H */
