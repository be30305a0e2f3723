// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_sim: the Verilator lockstep harness (RTL checked against the golden model each cycle). */
#include "tnam_run.h"
#include "tnam_vl_backend.h"

int main(int argc, char **argv) {
  return tnam_run_main(argc, argv, tnam_vl_open, tnam_vl_params, tnam_vl_can_trace());
}
