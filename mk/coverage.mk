# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make coverage: RTL code coverage of make sim's regression (docs/verification.md, "Code coverage").

.PHONY: coverage coverage-slice coverage-floor
coverage: deps ## line, branch and toggle coverage of rtl/ over make sim on every SIM_CONFIGS chip: summary, holes, HTML (build/coverage/l0/html); fails below tb/coverage_floor.txt
	@scripts/coverage.sh

coverage-slice: deps ## make test's coverage slice: the 8 x 4 chip's directed stream, with its own floor (build/coverage/slice)
	@scripts/coverage.sh --slice

coverage-floor: deps ## re-measure make coverage and its slice and rewrite tb/coverage_floor.txt with the figures (commit it with the reason)
	@scripts/coverage.sh --update-floor && scripts/coverage.sh --slice --update-floor
