# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- host tool: the board as a back end over a serial port or the bridge's C model (spec 13) --
HOST     := $(BUILD)/tools/tnam_host
# Seeds and length of the model-board smoke run (make host-model).
HOST_SEEDS ?= 1 2 3
HOST_CYCLES ?= 3000
# The model board's chip (the iCEBreaker's), as --config and as tnam_model_run's options.
HOST_CONFIG ?= 4:6:2:1
HOST_CFG_WORDS := $(subst :, ,$(HOST_CONFIG))
HOST_MODEL_CFG := --rows $(word 1,$(HOST_CFG_WORDS)) --cols $(word 2,$(HOST_CFG_WORDS)) \
  --macros $(word 3,$(HOST_CFG_WORDS)) --tiles $(word 4,$(HOST_CFG_WORDS))

.PHONY: host host-model

host: deps $(HOST) ## build the host tool tnam_host (runs a stream on a board, or on the model board)

# Each seed twice: checked in lockstep, then the board alone, whose digest must be the golden
# model's alone (tnam_model_run): the vectors, frames and bridge lose or reorder no bit.
host-model: $(HOST) $(MODEL_RUN) ## the host against the model board (bridge C model) on HOST_SEEDS (HOST_CONFIG=R:C:M:T): the whole path without hardware
	@for s in $(HOST_SEEDS); do \
	  $(HOST) --board model --config $(HOST_CONFIG) --seed $$s --cycles $(HOST_CYCLES) --quiet || exit 1; \
	  b=$$($(HOST) --config $(HOST_CONFIG) --mode rtl --seed $$s --cycles $(HOST_CYCLES) --quiet --digest | awk '/^digest:/ {print $$2}'); \
	  m=$$($(MODEL_RUN) $(HOST_MODEL_CFG) --seed $$s --cycles $(HOST_CYCLES) --quiet --digest | awk '/^digest:/ {print $$2}'); \
	  if [ -z "$$b" ] || [ "$$b" != "$$m" ]; then echo "host-model: seed $$s: board digest '$$b', golden model '$$m'"; exit 1; fi; \
	  echo "host-model: seed $$s: board alone and golden model alone agree (digest $$b)"; \
	done

$(HOST): tb/tools/tnam_host.c $(C_HDRS) $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tools
	$(CC) $(CFLAGS) tb/tools/tnam_host.c $(TB_LIB) $(MODEL_LIB) -lm -o $@

$(BUILD)/tests/test_tnam_proto: driver/tests/test_tnam_proto.c $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS) $^ -lcmocka -lm -o $@
