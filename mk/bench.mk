# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- make bench's yardstick: a minimal threshold macro behind tnam_sim's main (tb/bench) ------
# Built with the chip harness's Verilator options, main, libraries and benchmark loop, only the
# Verilated top and its back-end shim differ: the ratio of the two speeds is then the chip's cost
# over a plain macro of the same size, whatever the machine.
YARD_DIR := $(BUILD)/bench/yardstick-r$(ROWS)c$(COLS)
YARD_SIM := $(YARD_DIR)/tnam_yardstick_sim
YARD_RTL := tb/bench/tnam_yardstick.v
YARD_VLT := tb/bench/tnam_yardstick.vlt

.PHONY: yardstick
yardstick: deps $(YARD_SIM) ## build make bench's yardstick (tb/bench/README.md) for ROWS x COLS

bench: $(YARD_SIM)

$(YARD_SIM): $(YARD_RTL) $(YARD_VLT) $(RTL_H) tb/bench/tnam_yardstick_backend.cpp \
             tb/verilator/tnam_vl_backend.h tb/verilator/tnam_chip_ports.h \
             $(SIMDIR)/tnam_sim_main.o $(TB_LIB) $(MODEL_LIB)
	@# As for the chip's harness, the C libraries are relinked by hand.
	rm -f $@
	mkdir -p $(YARD_DIR)
	verilator --cc $(VL_BUILD) $(VL_LINT) $(YARD_VLT) --top-module tnam_yardstick -GROWS=$(ROWS) \
	  -GCOLS=$(COLS) -MAKEFLAGS $(VL_MAKE_O3) --Mdir $(YARD_DIR)/obj -o ../tnam_yardstick_sim \
	  -CFLAGS "$(C_INC_ABS) -I$(CURDIR)/tb/verilator -DTNAM_ROWS=$(ROWS) -DTNAM_COLS=$(COLS) -DTNAM_MACROS=1 -DTNAM_TILES=1 $(VL_ARCH)" \
	  $(CURDIR)/tb/bench/tnam_yardstick_backend.cpp \
	  $(abspath $(SIMDIR)/tnam_sim_main.o $(TB_LIB) $(MODEL_LIB)) -LDFLAGS -lm $(YARD_RTL) > $(YARD_DIR)/build.log 2>&1 \
	  || { $(BUILD_FAILED) $(YARD_DIR)/build.log; exit 1; }
	@echo "built $@ (yardstick; rows $(ROWS), cols $(COLS))"
