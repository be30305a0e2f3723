// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_infer without Verilator: back ends ref and model. */
#include "tnam_infer.h"

int main(int argc, char **argv) { return tnam_infer_main(argc, argv, NULL); }
