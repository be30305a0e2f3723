# ---- virtual board: the Verilated tnam_fpga_top behind a pseudo-terminal (spec 13) ---------
# Its own default configuration (the iCEBreaker's 8x6, 2 macros, 1 tile): each of ROWS COLS
# MACROS TILES given on the command line or in the environment overrides one default.
VB_PICK      = $(if $(filter command line environment,$(origin $(1))),$($(1)),$(2))
VB_ROWS     := $(call VB_PICK,ROWS,8)
VB_COLS     := $(call VB_PICK,COLS,6)
VB_MACROS   := $(call VB_PICK,MACROS,2)
VB_TILES    := $(call VB_PICK,TILES,1)
# Board clocks per UART bit: 4 makes a chip cycle cost a few thousand clocks; 104 is the board's.
VBOARD_CPB  ?= 4
VBOARD_DIR  ?= $(BUILD)/vboard-r$(VB_ROWS)c$(VB_COLS)m$(VB_MACROS)t$(VB_TILES)$(if $(filter-out 4,$(VBOARD_CPB)),-cpb$(VBOARD_CPB))$(if $(filter 1,$(WAVES)),-waves)
VBOARD      := $(VBOARD_DIR)/tnam_vboard
VBOARD_RTL  ?= $(wildcard $(RTL_DIR)/*.v $(RTL_DIR)/fpga/*.v)
VBOARD_C    := tb/fpga/tnam_vboard_main.c tb/fpga/tnam_uart_line.c
VBOARD_H    := tb/fpga/tnam_vboard.h tb/fpga/tnam_uart_line.h tb/common/tnam_prng.h

.PHONY: vboard vboard-test

vboard: deps $(VBOARD) ## virtual board: Verilated tnam_fpga_top behind a pty (default 8x6 M2 T1; VBOARD_CPB=4, WAVES=1)

vboard-test: $(BUILD)/tests/test_tnam_uart_line $(VBOARD) $(BUILD)/tools/tnam_host ## UART wire unit tests, then the host against the virtual board: streams, digests, injected faults
	@out=$$($(BUILD)/tests/test_tnam_uart_line 2>&1) || { echo "$$out"; exit 1; }; \
	  echo "vboard-test: UART wire model: $$(echo "$$out" | grep -c "\[       OK \]") cmocka tests pass"
	@scripts/vboard_test.sh $(VBOARD) $(BUILD)/tools/tnam_host

$(BUILD)/tests/test_tnam_uart_line: tb/fpga/tests/test_tnam_uart_line.c tb/fpga/tnam_uart_line.c tb/fpga/tnam_uart_line.h | $(BUILD)/tests
	$(CC) $(CFLAGS) -Itb/fpga $(filter %.c,$^) -lcmocka -o $@

# The wire, the pty and the faults are C, compiled by gcc and linked into Verilator's build.
$(VBOARD_DIR)/%.o: tb/fpga/%.c $(VBOARD_H)
	@mkdir -p $(VBOARD_DIR)
	$(CC) $(CFLAGS) -Itb/fpga -c $< -o $@

$(VBOARD): $(VBOARD_RTL) $(VLT) tb/fpga/tnam_vboard.cpp $(VBOARD_H) $(patsubst tb/fpga/%.c,$(VBOARD_DIR)/%.o,$(VBOARD_C))
	rm -f $@
	verilator --cc --exe --build -j 2 -O3 --x-assign fast --x-initial fast --timescale 1ns/1ns \
	  $(VL_LINT) $(VLT) --top-module tnam_fpga_top -GROWS=$(VB_ROWS) -GCOLS=$(VB_COLS) \
	  -GMACROS=$(VB_MACROS) -GTILES=$(VB_TILES) -GCLKS_PER_BIT=$(VBOARD_CPB) \
	  -MAKEFLAGS "OPT_FAST=-O3 OPT_SLOW=-O2 OPT_GLOBAL=-O2" $(if $(filter 1,$(WAVES)),--trace-fst) \
	  --Mdir $(VBOARD_DIR)/obj -o ../tnam_vboard \
	  -CFLAGS "-I$(CURDIR)/tb/fpga -DTNAM_ROWS=$(VB_ROWS) -DTNAM_COLS=$(VB_COLS) -DTNAM_MACROS=$(VB_MACROS) -DTNAM_TILES=$(VB_TILES) -DTNAM_CLKS_PER_BIT=$(VBOARD_CPB)" \
	  $(CURDIR)/tb/fpga/tnam_vboard.cpp $(abspath $(patsubst tb/fpga/%.c,$(VBOARD_DIR)/%.o,$(VBOARD_C))) \
	  $(abspath $(VBOARD_RTL)) > $(VBOARD_DIR)/build.log 2>&1 || { tail -40 $(VBOARD_DIR)/build.log; exit 1; }
	@echo "built $@ (rows $(VB_ROWS), cols $(VB_COLS), macros $(VB_MACROS), tiles $(VB_TILES), $(VBOARD_CPB) clocks per bit$(if $(filter 1,$(WAVES)),$(comma) with waves))"
