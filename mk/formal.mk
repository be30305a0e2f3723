# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make formal: properties of the RTL proved for every input with Yosys (tb/formal/README.md).

.PHONY: formal
formal: deps ## prove every property of tb/formal/ (yosys sat, temporal induction), then check that each mutant of a proven block fails its proof
	@scripts/formal.sh && scripts/formal.sh --mutants
