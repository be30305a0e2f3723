# ---- FPGA: iCE40 board builds, programming, post-synthesis simulation (spec 13) -----------
# BOARD: icebreaker (iCE40UP5K-SG48) or hx8k (iCE40HX8K-CT256 breakout); each board's chip
# configuration is fixed in scripts/fpga.sh. `make fpga` builds both, one after the other.
BOARD ?=
FPGA_BOARDS := $(or $(BOARD),icebreaker hx8k)
POSTSIM_BOARD := $(or $(BOARD),icebreaker)

.PHONY: fpga fpga-prog postsim

fpga: deps ## iCE40 bitstreams: yosys, nextpnr, icepack, icetime; report in build/fpga/BOARD/ (BOARD=icebreaker|hx8k, default both)
	@scripts/fpga.sh build $(FPGA_BOARDS)

fpga-prog: ## program the board with iceprog (BOARD=icebreaker|hx8k, default icebreaker; make fpga first)
	@bin=$(BUILD)/fpga/$(POSTSIM_BOARD)/tnam.bin; \
	  [ -f $$bin ] || { echo "$$bin missing: run make fpga BOARD=$(POSTSIM_BOARD)"; exit 1; }; \
	  if command -v iceprog >/dev/null; then iceprog $$bin; \
	  else echo "iceprog is not installed (Debian package fpga-icestorm); the command is: iceprog $$bin"; fi

postsim: deps $(BUILD)/tools/tnam_host ## post-synthesis simulation of the board top's netlist: Icarus directed checks, the host's streams on the Verilated netlist board (BOARD=, default icebreaker; POSTSIM_CYCLES=200)
	@scripts/postsim.sh $(POSTSIM_BOARD) $(BUILD)/tools/tnam_host
