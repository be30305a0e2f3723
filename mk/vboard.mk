# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- virtual board: the Verilated tnam_fpga_top behind a pseudo-terminal (spec 13) ---------
# Its own default configuration is the iCEBreaker's, read from the board table in
# scripts/fpga.sh (4x6, 2 macros, 1 tile): each of ROWS COLS MACROS TILES given on the command
# line or in the environment overrides one default.
VB_PICK      = $(if $(filter command line environment,$(origin $(1))),$($(1)),$(2))
VB_DEFAULT  := $(shell scripts/fpga.sh config icebreaker)
VB_ROWS     := $(call VB_PICK,ROWS,$(word 1,$(VB_DEFAULT)))
VB_COLS     := $(call VB_PICK,COLS,$(word 2,$(VB_DEFAULT)))
VB_MACROS   := $(call VB_PICK,MACROS,$(word 3,$(VB_DEFAULT)))
VB_TILES    := $(call VB_PICK,TILES,$(word 4,$(VB_DEFAULT)))
# Board clocks per UART bit: 4 makes a chip cycle cost a few thousand clocks; 104 is the board's.
VBOARD_CPB  ?= 4
# VBOARD_NETLIST=FILE builds the board from a yosys netlist of tnam_fpga_top (write_verilog,
# as scripts/postsim.sh makes it) and yosys's iCE40 cell models instead of the RTL. The
# netlist has its parameters built in: ROWS COLS MACROS TILES and VBOARD_CPB must be the ones
# it was synthesised with (the vboard reports them, the host checks them against INFO).
VBOARD_NETLIST ?=
ICE40_CELLS := /usr/share/yosys/ice40/cells_sim.v
ifeq ($(VBOARD_NETLIST),)
VBOARD_DIR  ?= $(BUILD)/vboard-r$(VB_ROWS)c$(VB_COLS)m$(VB_MACROS)t$(VB_TILES)$(if $(filter-out 4,$(VBOARD_CPB)),-cpb$(VBOARD_CPB))$(if $(filter 1,$(WAVES)),-waves)
VBOARD_RTL  ?= $(wildcard $(RTL_DIR)/*.v $(RTL_DIR)/fpga/*.v)
VBOARD_VL   := $(VL_LINT) $(VLT) -GROWS=$(VB_ROWS) -GCOLS=$(VB_COLS) -GMACROS=$(VB_MACROS) \
  -GTILES=$(VB_TILES) -GCLKS_PER_BIT=$(VBOARD_CPB) -MAKEFLAGS $(VL_MAKE_O3)
else
# Beside the netlist, e.g. build/postsim/icebreaker/vboard-netlist_cpb4/.
VBOARD_DIR  ?= $(patsubst %/,%,$(dir $(VBOARD_NETLIST)))/vboard-$(basename $(notdir $(VBOARD_NETLIST)))$(if $(filter 1,$(WAVES)),-waves)
VBOARD_RTL  := $(VBOARD_NETLIST) $(ICE40_CELLS)
# No -G: the netlist has no parameters. No -Wall and no waivers file: the lint is the RTL's
# (make lint); yosys's cells and netlist are not ours to lint. -DNO_ICE40_DEFAULT_ASSIGNMENTS:
# cells_sim.v gives input ports default values, which Verilator 5.006 cannot parse; every
# port of a synthesised cell is connected. -Wno-UNOPTFLAT: the netlist's nets are vectors
# whose bits feed one another through LUTs and carry chains (no real combinational loop),
# which Verilator reports as circular logic and settles by iterating. C++ at -O1: the flat
# netlist is a large generated file; at -O1 the whole build takes about 35 s (the lead's
# measurement: 22 chip cycles/s on the iCEBreaker netlist, 45x Icarus).
VBOARD_VL   := -DNO_ICE40_DEFAULT_ASSIGNMENTS -Wno-UNOPTFLAT \
  -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O1 OPT_GLOBAL=-O1 OBJCACHE=$(OBJCACHE)"
endif
VBOARD      := $(VBOARD_DIR)/tnam_vboard
VBOARD_C    := tb/fpga/tnam_vboard_main.c tb/fpga/tnam_uart_line.c
VBOARD_H    := tb/fpga/tnam_vboard.h tb/fpga/tnam_uart_line.h driver/tnam_prng.h driver/tnam_cli.h c_model/tnam_version.h

.PHONY: vboard vboard-test

vboard: deps $(VBOARD) ## virtual board: Verilated tnam_fpga_top behind a pty (default the iCEBreaker's 4x6 M2 T1; VBOARD_CPB=4, WAVES=1, VBOARD_NETLIST=FILE)

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

# tnam_cli.o: the strict option numbers and the checked standard output of every tool.
$(VBOARD): $(VBOARD_RTL) $(if $(VBOARD_NETLIST),,$(VLT) $(RTL_H)) tb/fpga/tnam_vboard.cpp $(VBOARD_H) $(patsubst tb/fpga/%.c,$(VBOARD_DIR)/%.o,$(VBOARD_C)) \
  $(LIBDIR)/tnam_cli.o tb/verilator/tnam_fst_check.h
	rm -f $@
	verilator --cc $(VL_BUILD) --top-module tnam_fpga_top $(VBOARD_VL) $(if $(filter 1,$(WAVES)),--trace-fst) \
	  --Mdir $(VBOARD_DIR)/obj -o ../tnam_vboard \
	  -CFLAGS "-I$(CURDIR)/tb/fpga -I$(CURDIR)/tb/verilator -DTNAM_ROWS=$(VB_ROWS) -DTNAM_COLS=$(VB_COLS) -DTNAM_MACROS=$(VB_MACROS) -DTNAM_TILES=$(VB_TILES) -DTNAM_CLKS_PER_BIT=$(VBOARD_CPB)" \
	  $(CURDIR)/tb/fpga/tnam_vboard.cpp $(abspath $(patsubst tb/fpga/%.c,$(VBOARD_DIR)/%.o,$(VBOARD_C)) $(LIBDIR)/tnam_cli.o) \
	  $(abspath $(VBOARD_RTL)) > $(VBOARD_DIR)/build.log 2>&1 || { tail -40 $(VBOARD_DIR)/build.log; exit 1; }
	@echo "built $@ ($(if $(VBOARD_NETLIST),netlist $(VBOARD_NETLIST)$(comma) ,)rows $(VB_ROWS), cols $(VB_COLS), macros $(VB_MACROS), tiles $(VB_TILES), $(VBOARD_CPB) clocks per bit$(if $(filter 1,$(WAVES)),$(comma) with waves))"
