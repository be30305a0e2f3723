// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* libFuzzer target: the energy model's constants file (nn/tnam_energy.c, docs/energy.md
 * section 3) on any bytes. */
#include "tnam_energy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tnam_energy_cfg_t cfg;
  char err[512];
  tnam_energy_parse((const char *)data, size, "fuzz.cfg", &cfg, err, sizeof err);
  return 0;
}
