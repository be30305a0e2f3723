# ---- host tool: the board as a back end over a serial port or the bridge's C model (spec 13) --
HOST     := $(BUILD)/tools/tnam_host
# Seeds of the model-board smoke run (make host-model).
HOST_SEEDS ?= 1 2 3
HOST_CYCLES ?= 3000

.PHONY: host host-model

host: deps $(HOST) ## build the host tool tnam_host (runs a stream on a board, or on the model board)

host-model: $(HOST) ## the host against the model board (bridge C model) on HOST_SEEDS: the whole path without hardware
	@for s in $(HOST_SEEDS); do \
	  $(HOST) --board model --config 8:6:2:1 --seed $$s --cycles $(HOST_CYCLES) --quiet --digest || exit 1; \
	done

$(HOST): tb/tools/tnam_host.c $(wildcard tb/common/*.h) $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tools
	$(CC) $(CFLAGS) tb/tools/tnam_host.c $(TB_LIB) $(MODEL_LIB) -lm -o $@

$(BUILD)/tests/test_tnam_proto: tb/common/tests/test_tnam_proto.c $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS) $^ -lcmocka -lm -o $@
