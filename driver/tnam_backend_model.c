// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The golden model behind the driver API. */
#include "tnam_backend.h"

#include <stddef.h>

static const tnam_chip_out_t *model_step(tnam_backend_t *b, const tnam_chip_in_t *in) {
  return tnam_chip_step((tnam_chip_t *)b->impl, in);
}

static void model_close(tnam_backend_t *b) { (void)b; }

void tnam_backend_model_init(tnam_backend_t *b, tnam_chip_t *chip) {
  b->name = "golden model";
  b->step = model_step;
  b->bind = NULL;
  b->close = model_close;
  b->impl = chip;
}
