# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- make soak: one long lockstep run in bounded memory (issue 16, D41) ------------------------
# The generated stream flows through the sequencer a window at a time, so the run's memory does
# not grow with its length: the harness prints its peak resident memory at the end, and this
# target the wall time. Target (issue 16): 100 M cycles on 64 x 16 under 200 MB.
SOAK_CYCLES ?= 100000000

.PHONY: soak
soak: build ## one lockstep run of SOAK_CYCLES (100 M) generated cycles: wall time and peak memory (SEED=, ROWS= COLS= MACROS= TILES=)
	@seed=$(or $(SEED),$$(od -An -N5 -tu8 /dev/urandom | tr -d ' ')); log=$(BUILD)/soak-$(CFG).log; \
	  echo "soak: $(SOAK_CYCLES) cycles on rows $(ROWS) cols $(COLS) macros $(MACROS) tiles $(TILES), seed $$seed (log: $$log)"; \
	  t0=$$(date +%s); "$(SIM)" --seed "$$seed" --cycles $(SOAK_CYCLES) $(ARGS) > "$$log" 2>&1; rc=$$?; \
	  if [ $$rc -eq 0 ]; then grep -E '^(PASS|memory):' "$$log"; else tail -40 "$$log"; fi; \
	  echo "soak: exit $$rc, wall time $$(( $$(date +%s) - t0 )) s"; exit $$rc
