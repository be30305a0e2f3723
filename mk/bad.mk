# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- hostile input files (decision D36): NUL bytes, endless inputs, signals while loading ----
# The 64 x 16 one-macro harness reads the files; every runner built gets the rule that a stream
# begins with reset (the SystemC harness when make sim-sc has built it).
BAD_SIM   := $(BUILD)/r64c16/tnam_sim
BAD_SC    := $(BUILD)/sc-r64c16/tnam_sim_sc

.PHONY: bad-files

bad-files: ## hostile stream, weight and variation files (scripts/bad_files.sh): each exits 2 naming FILE:LINE, or 130/143 on a signal while loading (3 in a generated run)
	@$(MAKE) --no-print-directory build host ROWS=64 COLS=16 MACROS=1 TILES=1 >/dev/null
	@scripts/bad_files.sh $(BAD_SIM) $(MODEL_RUN) $(MODEL_RUN) $(BAD_SIM) $(wildcard $(BAD_SC)) \
	  "$(HOST) --board model --config 64:16:1:1"
