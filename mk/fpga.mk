# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- FPGA: iCE40 board builds, programming, post-synthesis simulation (spec 13) -----------
# BOARD: icebreaker (iCE40UP5K-SG48) or hx8k (iCE40HX8K-CT256 breakout); each board's chip
# configuration is fixed in scripts/fpga.sh. `make fpga` builds both, one after the other.
BOARD ?=
FPGA_BOARDS := $(or $(BOARD),icebreaker hx8k)
POSTSIM_BOARD := $(or $(BOARD),icebreaker)

.PHONY: fpga fpga-prog fpga-tb postsim

fpga: deps ## iCE40 bitstreams: yosys, nextpnr, icepack, icetime; report in build/fpga/BOARD/ (BOARD=icebreaker|hx8k, default both)
	@scripts/fpga.sh build $(FPGA_BOARDS)

fpga-prog: ## program the board with iceprog (BOARD=icebreaker|hx8k, default icebreaker; make fpga first)
	@bin=$(BUILD)/fpga/$(POSTSIM_BOARD)/tnam.bin; \
	  [ -f $$bin ] || { echo "$$bin missing: run make fpga BOARD=$(POSTSIM_BOARD)"; exit 1; }; \
	  if command -v iceprog >/dev/null; then iceprog $$bin; \
	  else echo "iceprog is not installed (Debian package fpga-icestorm); the command is: iceprog $$bin"; fi

# The testbench on the RTL of each board's top (its chip and LED polarity), before any synthesis.
fpga-tb: deps ## the board top's self-checking Icarus testbench on the RTL (INFO, STEP, every ERROR code, LEDs) for each board
	@mkdir -p $(BUILD)/fpga-tb
	@for b in $(FPGA_BOARDS); do \
	  set -- $$(scripts/fpga.sh config $$b) || exit 1; \
	  iverilog -g2012 -Wall -Wno-timescale -Ptnam_fpga_tb.ROWS=$$1 -Ptnam_fpga_tb.COLS=$$2 \
	    -Ptnam_fpga_tb.MACROS=$$3 -Ptnam_fpga_tb.TILES=$$4 -Ptnam_fpga_tb.LED_ACTIVE_LOW=$$5 \
	    -o $(BUILD)/fpga-tb/$$b.vvp tb/fpga/tnam_fpga_tb.v $(RTL) $(wildcard $(RTL_DIR)/fpga/*.v) || exit 1; \
	  vvp -n $(BUILD)/fpga-tb/$$b.vvp > $(BUILD)/fpga-tb/$$b.log 2>&1; \
	  if grep -q '^PASS' $(BUILD)/fpga-tb/$$b.log; then \
	    echo "fpga-tb: $$b top (rows $$1 cols $$2 macros $$3 tiles $$4): $$(grep -c '^  ok' $(BUILD)/fpga-tb/$$b.log) checks pass"; \
	  else cat $(BUILD)/fpga-tb/$$b.log; exit 1; fi; \
	done

postsim: deps $(BUILD)/tools/tnam_host ## post-synthesis simulation of the board top's netlist: Icarus directed checks, the host's streams on the Verilated netlist board (BOARD=, default icebreaker; POSTSIM_CYCLES=200)
	@scripts/postsim.sh $(POSTSIM_BOARD) $(BUILD)/tools/tnam_host
