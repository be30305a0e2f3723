# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make fcov: functional coverage of the make sim regression, counted by the C harness
# (tb/harness/tnam_fcov.c; docs/verification.md "Functional coverage").

FCOV_DIR     ?= $(BUILD)/fcov
FCOV_TOOL    := $(BUILD)/tools/tnam_fcov
FCOV_WAIVERS := tb/fcov_waivers.txt
# The make sim chips, the largest chip (search steps 8 and 9, a tile's 3rd and 4th copy) and a
# small chip whose one tile has four copies.
FCOV_CONFIGS ?= $(SIM_CONFIGS) 256:64:8:4 8:4:4:1
FCOV_CYCLES  ?= 20000

.PHONY: fcov
fcov: deps $(MODEL_RUN) $(FCOV_TOOL) ## functional coverage: the make sim regression on every FCOV_CONFIGS chip (golden model), merged bins, closure report; fails on a bin neither hit nor waived
	@scripts/fcov.sh $(MODEL_RUN) $(FCOV_TOOL) $(FCOV_WAIVERS) $(FCOV_DIR) $(FCOV_CYCLES) $(FCOV_CONFIGS)
