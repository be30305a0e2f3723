// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_model_run: runs test streams on the golden model alone (no RTL, no Verilator needed). */
#include "tnam_run.h"

int main(int argc, char **argv) { return tnam_run_main(argc, argv, NULL, NULL, 0); }
