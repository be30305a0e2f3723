# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make profile: where the Verilated chip's cycles go, per RTL module (docs/harnesses.md).

PROFILE_DIR    = $(BUILD)/profile-$(CFG)
PROFILE_CYCLES ?= 40000

.PHONY: profile
profile: deps ## RTL cost per module: Verilated chip (-g) under callgrind, instructions per cycle on 4 kinds of traffic (PROFILE_CYCLES=)
	@$(MAKE) --no-print-directory build SIMDIR=$(PROFILE_DIR) VL_CFLAGS=-g >/dev/null
	@scripts/profile_rtl.sh $(PROFILE_DIR) $(PROFILE_CYCLES)
