// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_infer with the Verilated chip: back ends ref, model, rtl and lockstep. */
#include "tnam_infer.h"
#include "tnam_lockstep.h"
#include "tnam_vl_backend.h"

int main(int argc, char **argv) {
  const tnam_infer_rtl_t rtl = {tnam_vl_params, tnam_vl_open, tnam_lockstep_open};
  return tnam_infer_main(argc, argv, &rtl);
}
