# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# TNAM: ternary PIM macro, RTL + C golden model in lockstep. `make help` lists the targets.

ROWS    ?= 64
COLS    ?= 16
MACROS  ?= 1
TILES   ?= 1
WAVES   ?= 0
# Verilator's --threads for the harness builds (make bench measures 2 on the largest chip).
VL_THREADS ?= 1
PROFILE ?= mixed
CYCLES  ?= 20000
SEED    ?=
STREAM  ?=
# COVERAGE=1: the harness build counts line, branch and toggle coverage (make coverage,
# mk/coverage.mk); it lives in its own folder (-cov) and writes into $TNAM_COVERAGE_DIR.
COVERAGE ?= 0
# Extra options for tnam_sim, e.g. ARGS="--wave-from 100 --wave-to 400".
ARGS    ?=

BUILD   := build
comma   := ,
CFG     := r$(ROWS)c$(COLS)$(if $(filter-out 1,$(MACROS) $(TILES)),m$(MACROS)t$(TILES))
# A build's folder also names how it was Verilated: with threads, with waves, with coverage.
VARIANT := $(if $(filter-out 1,$(VL_THREADS)),-threads$(VL_THREADS))$(if $(filter 1,$(WAVES)),-waves)$(if $(filter 1,$(COVERAGE)),-cov)
SIMDIR  ?= $(BUILD)/$(CFG)$(VARIANT)
SIM      = $(SIMDIR)/tnam_sim
# The SystemC harness of the same RTL (make sim-sc).
SCDIR   ?= $(BUILD)/sc-$(CFG)$(VARIANT)
SC_SIM   = $(SCDIR)/tnam_sim_sc
# RTL sources: a mutation test points RTL_DIR at a mutated copy (and sets VL_LINT so that a
# mutation which leaves a signal unused still builds).
RTL_DIR ?= rtl
VL_LINT ?= -Wall
RTL     := $(wildcard $(RTL_DIR)/*.v)
# The RTL's include file (derived widths, encodings): not a source, a dependency. The RTL
# includes it as "rtl/tnam_params.vh", found from the repository root where every flow runs, so
# the plain `verilator --lint-only -Wall rtl/*.v` needs no -I (a mutant's copy of rtl/ includes
# the original, which no mutant changes).
RTL_H   := $(wildcard rtl/*.vh)
VLT     := rtl/tnam.vlt
MODEL_DIR ?= c_model

CC      := gcc
# A mutation test clears C_WERROR for the same reason as VL_LINT (docs/decisions.md D7).
C_WERROR ?= -Werror
# The C folders by role (one README each): the golden model, the driver API and its back ends,
# host software, and the test bench's stimulus and harness core.
# Each folder's library code sees only the headers its README allows (the build enforces the
# layering: host software never includes the test bench); tests and tools see them all.
C_DIRS  := c_model driver host tb/stimulus tb/harness
SEES_c_model     := c_model
SEES_driver      := c_model driver
SEES_host        := c_model driver host
SEES_tb/stimulus := c_model driver tb/stimulus
SEES_tb/harness  := $(C_DIRS)
C_STD   := -std=c11 -O2 -g -Wall -Wextra -Wpedantic $(C_WERROR)
CFLAGS  := $(C_STD) $(addprefix -I,$(C_DIRS))
AR      := ar

MODEL_SRC := $(MODEL_DIR)/tnam_model.c $(MODEL_DIR)/tnam_chip.c $(MODEL_DIR)/tnam_ports.c
TB_SRC    := $(wildcard $(addsuffix /tnam_*.c,$(filter-out c_model,$(C_DIRS))))
TB_LIB_SRC := $(filter-out %_main.c,$(TB_SRC))
C_HDRS    := $(wildcard $(addsuffix /*.h,$(C_DIRS)))
# Include paths for the C++ harness builds (absolute: Verilator compiles in its own folder).
C_INC_ABS := $(addprefix -I$(CURDIR)/,$(C_DIRS))
LIBDIR    := $(BUILD)/lib$(if $(filter-out c_model,$(MODEL_DIR)),-$(subst /,_,$(MODEL_DIR)))
MODEL_LIB := $(LIBDIR)/libtnam_model.a
TB_LIB    := $(LIBDIR)/libtnam_tb.a
MODEL_RUN := $(LIBDIR)/tnam_model_run

# ccache (when installed; scripts/deps.sh installs it) lets the many Verilator builds of one
# configuration - every mutant, the SystemC and wave builds - reuse the unchanged objects.
# The cache lives in build/ (make clean removes it) unless CCACHE_DIR says otherwise.
OBJCACHE ?= $(if $(shell command -v ccache),ccache)
export CCACHE_DIR ?= $(CURDIR)/$(BUILD)/ccache

# Every Verilator build (the harnesses, the virtual board): how it builds and optimises.
# --unroll-stmts: tnam_sense's loop over the columns is unrolled into straight code where that
# stays small: Verilator's default (30000 statements) leaves the 64 x 16 chip's loop of
# variable part-selects (42% more instructions); 60000 unrolls it (it needs about 34000) and up
# to 16 columns of 256 rows, but not 64 x 64 or the largest chip, whose unrolled stages would
# be 150 MB of C++ (hours of compilation; 31 MB as loops). docs/harnesses.md "Where the cycles go".
# --output-split: Verilator's default (20000 statements a file) put the 64 x 16 chip's evaluation
# into three files, so gcc could not inline one into another: one file is 4% fewer
# instructions a cycle. 100000 keeps up to about three 64 x 16 macros in one file and still
# splits the largest chips, whose one file would compile on one core.
VL_BUILD := --exe --build -j 2 -O3 --x-assign fast --x-initial fast --timescale 1ns/1ns \
  --unroll-stmts 60000 --output-split 100000
# What a failed Verilator build shows: the end of its log, then an illegal parameter's named
# module (at the low ends of the ranges Verilator buries it under width warnings, D25).
BUILD_FAILED = f() { tail -40 "$$1"; grep -m1 -o 'tnam_error_[A-Za-z0-9_]*' "$$1" | sed 's/^tnam_error_/error: illegal parameter: /'; }; f
# Extra C++ flags of the Verilated harness (make profile adds -g: the same code, with line
# numbers).
VL_CFLAGS ?=
# The Verilated chip counts its bitlines in the multiply form (rtl/tnam_popcount_fn.vh), which
# GCC compiles to the POPCNT instruction when it may: 15% fewer instructions in the RTL's
# clocked region on threshold traffic (docs/decisions.md D48). Used when the building machine
# has it (every x86-64 CPU since 2008); VL_ARCH= builds for any x86-64, and so does a machine
# without it. The chip's harness, the network harness and the bench's yardstick share it.
VL_ARCH ?= $(shell grep -qw popcnt /proc/cpuinfo 2>/dev/null && echo -mpopcnt)
# VL_OPT (one gcc level for all of the Verilated C++) overrides the harness's -O3/-O2. A coverage
# build (COVERAGE=1) compiles unoptimised: its counters make even the 8 x 4 chip's model 14 MB
# of C++, which took 200 s of CPU at -O3 and 32 s at -O0; it runs 4x slower, and make
# coverage's runs are short (docs/verification.md, "Code coverage"). A mutant
# (scripts/mutant.sh) is built with VL_OPT=-O0 too: compiling was most of its time (20 s of
# CPU at -O3, 11 s at -O0), and its runs are short (5,000 cycles).
VL_OPT ?= $(if $(filter 1,$(COVERAGE)),-O0)
VL_MAKE_O3 = "$(if $(VL_OPT),OPT_FAST=$(VL_OPT) OPT_SLOW=$(VL_OPT) OPT_GLOBAL=$(VL_OPT),OPT_FAST=-O3 OPT_SLOW=-O2 OPT_GLOBAL=-O2) OBJCACHE=$(OBJCACHE)"

# The RTL's assertions (docs/decisions.md D34) run in every harness build; VL_ASSERT= builds
# without them (to measure what they cost: docs/harnesses.md). A coverage build (COVERAGE=1,
# make coverage) leaves them out: it measures the design, and a check's failing branch is
# never meant to be reached.
VL_ASSERT ?= $(if $(filter 1,$(COVERAGE)),,--assert -DTNAM_ASSERT)
VERILATOR_FLAGS := $(VL_BUILD) $(VL_LINT) $(VL_ASSERT) $(VLT) --top-module tnam_chip -GROWS=$(ROWS) \
  -GCOLS=$(COLS) -GMACROS=$(MACROS) -GTILES=$(TILES) -MAKEFLAGS $(VL_MAKE_O3) \
  $(if $(filter 1,$(WAVES)),--trace-fst --trace-structs) \
  $(if $(filter-out 1,$(VL_THREADS)),--threads $(VL_THREADS)) \
  $(if $(filter 1,$(COVERAGE)),--coverage)

.PHONY: help deps build sim sim-one sim-sc sim-sc-one check test unit lint bench sweep waves view model-run clean
.DEFAULT_GOAL := help

help: ## list the targets
	@echo "TNAM make targets (variables: ROWS=$(ROWS) COLS=$(COLS) MACROS=$(MACROS) TILES=$(TILES) SEED= PROFILE=$(PROFILE) CYCLES=$(CYCLES) STREAM= WAVES=0|1 ARGS=):"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 20

deps: ## install the Debian packages the flows need (as root), or print the command
	@scripts/deps.sh

build: deps $(SIM) $(MODEL_RUN) ## build the lockstep harness (RTL + golden model) and the model-only runner

# The configurations `make sim` covers unless one is chosen (ROWS:COLS:MACROS:TILES): the bare
# macro, the chip with a spare per tile, and a small chip for the hand-computed chip stream.
SIM_CONFIGS ?= 64:16:1:1 64:16:4:2 8:4:4:2
CHOSEN := $(filter command line environment,$(origin ROWS) $(origin COLS) $(origin MACROS) $(origin TILES))

# `make sim` is the regression's level L0 (make regress LEVEL=L0, tb/regress.tsv: the same runs
# on the SIM_CONFIGS chips, as parallel jobs); CYCLES= given sets its generated streams' length.
# With ARGS= (options for every run, e.g. --fcov) or SIM_CONFIGS= on the command line it runs
# scripts/sim.sh on each chip instead.
sim: ## main job: lockstep regression (directed + seeded random) on every SIM_CONFIGS chip (make regress LEVEL=L0); SEED=/STREAM= run one
ifeq ($(CHOSEN)$(SEED)$(STREAM)$(ARGS)$(filter command line,$(origin SIM_CONFIGS)),)
	@$(MAKE) --no-print-directory regress LEVEL=L0 RESUME= FILTER= \
	  $(if $(filter command line,$(origin CYCLES)),REGRESS_CYCLES=$(CYCLES))
else ifeq ($(CHOSEN)$(SEED)$(STREAM),)
	@for c in $(SIM_CONFIGS); do set -- $$(echo $$c | tr : ' '); \
	  $(MAKE) --no-print-directory sim-one ROWS=$$1 COLS=$$2 MACROS=$$3 TILES=$$4 || exit 1; done
else
	@$(MAKE) --no-print-directory sim-one
endif

sim-one: build ## lockstep regression of one configuration (ROWS= COLS= MACROS= TILES=)
	@ROWS=$(ROWS) COLS=$(COLS) MACROS=$(MACROS) TILES=$(TILES) scripts/sim.sh "$(SIM)" "$(SEED)" "$(STREAM)" "$(PROFILE)" "$(CYCLES)" $(ARGS)

sim-sc: ## the same regression in the SystemC testbench (host and checker modules around the Verilated chip)
ifeq ($(CHOSEN)$(SEED)$(STREAM),)
	@for c in $(SIM_CONFIGS); do set -- $$(echo $$c | tr : ' '); \
	  $(MAKE) --no-print-directory sim-sc-one ROWS=$$1 COLS=$$2 MACROS=$$3 TILES=$$4 || exit 1; done
else
	@$(MAKE) --no-print-directory sim-sc-one
endif

sim-sc-one: deps $(SC_SIM) ## SystemC regression of one configuration (ROWS= COLS= MACROS= TILES=)
	@ROWS=$(ROWS) COLS=$(COLS) MACROS=$(MACROS) TILES=$(TILES) scripts/sim.sh "$(SC_SIM)" "$(SEED)" "$(STREAM)" "$(PROFILE)" "$(CYCLES)" $(ARGS)

check: deps ## quick tier of make test (about 1 minute on 2 cores once built): unit tests, lint, the lockstep regression of one chip
	@tb/run_tests.sh --quick

test: deps ## the whole test suite (unit, lint, lockstep, mutants, bad input, waves, determinism)
	@tb/run_tests.sh

UNIT_TESTS := $(addprefix $(BUILD)/tests/,test_tnam_model test_tnam_chip test_tnam_stream test_tnam_cal test_tnam_proto test_tnam_ports test_tnam_cli)

unit: deps $(UNIT_TESTS) ## cmocka unit tests (JUNIT=1: JUnit XML in build/junit, one file per binary; make junit merges them)
	@scripts/unit.sh $(UNIT_TESTS)

lint: deps ## verilator -Wall lint, Icarus compile and yosys synth_ice40 of rtl/; reuse lint, clang-format, shellcheck, one version (LINT_ARGS=--quick: a small synthesis)
	@scripts/lint.sh $(LINT_ARGS)

bench: build ## speed of lockstep, RTL alone, model alone, as ratios to a minimal macro; the largest chip; exits 1 when a target fails (BENCH_QUICK=1: a short slice, no targets)
	@scripts/bench.sh "$(SIM)" "$(YARD_SIM)"

waves: ## one traced run: build/waves/tnam.fst + view (STREAM=FILE on its config line's chip, or SEED=N, default 1; ARGS="--wave-from N --wave-to M")
	@ROWS=$(ROWS) COLS=$(COLS) MACROS=$(MACROS) TILES=$(TILES) CHOSEN="$(CHOSEN)" scripts/waves.sh "$(SEED)" "$(STREAM)" "$(PROFILE)" "$(CYCLES)" $(ARGS)

view: ## open the newest waves (make waves, or a failed regression job's) in GTKWave; VIEW=DIR|FILE a chosen one, VIEW_PRINT=1 prints the command
	@VIEW_PRINT="$(VIEW_PRINT)" scripts/view.sh "$(VIEW)"

sweep: deps $(BUILD)/tools/tnam_sweep $(BUILD)/tools/tnam_var ## variation sweep (none / trim / trim + selection / trim + placement): docs/variation_sweep.{tsv,png} + docs/variation.md
	@scripts/sweep.sh $(BUILD)/tools/tnam_sweep

model-run: $(MODEL_RUN) ## build the model-only stream runner (no Verilator needed)

clean: ## remove build/
	rm -rf $(BUILD)

# make print-NAME prints the variable NAME as the Makefile computes it: scripts ask it for the
# paths of builds instead of repeating how they are named.
print-%:
	@echo '$($*)'

# ---- C libraries -------------------------------------------------------------------------

$(LIBDIR)/%.o: $(MODEL_DIR)/%.c $(MODEL_DIR)/tnam_model.h $(MODEL_DIR)/tnam_macro.h $(MODEL_DIR)/tnam_chip.h $(MODEL_DIR)/tnam_ports.h | $(LIBDIR)
	$(CC) $(C_STD) -I$(MODEL_DIR) -c $< -o $@

define tb_obj_rule
$$(LIBDIR)/%.o: $(1)/%.c $$(C_HDRS) | $$(LIBDIR)
	$$(CC) $$(C_STD) $$(addprefix -I,$$(SEES_$(1))) -c $$< -o $$@
endef
$(foreach d,$(filter-out c_model,$(C_DIRS)),$(eval $(call tb_obj_rule,$(d))))

$(MODEL_LIB): $(patsubst $(MODEL_DIR)/%.c,$(LIBDIR)/%.o,$(MODEL_SRC))
	$(AR) rcs $@ $^

$(TB_LIB): $(addprefix $(LIBDIR)/,$(notdir $(TB_LIB_SRC:.c=.o)))
	$(AR) rcs $@ $^

$(MODEL_RUN): $(LIBDIR)/tnam_model_run_main.o $(TB_LIB) $(MODEL_LIB)
	$(CC) $(CFLAGS) $^ -lm -o $@

$(LIBDIR) $(BUILD)/tests $(BUILD)/tools:
	mkdir -p $@

# ---- tools: variation files and the variation sweep ---------------------------------------

$(BUILD)/tools/%: tb/tools/%_main.c $(C_HDRS) $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tools
	$(CC) $(CFLAGS) $(filter-out %.h,$^) -lm -o $@

$(BUILD)/tools/tnam_sweep: tb/tools/tnam_sweep.c $(C_HDRS) $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tools
	$(CC) $(CFLAGS) $(filter-out %.h,$^) -lm -o $@

# ---- Verilator harness -------------------------------------------------------------------

$(SIMDIR)/tnam_sim_main.o: tb/verilator/tnam_sim_main.c tb/verilator/tnam_vl_backend.h $(C_HDRS)
	mkdir -p $(SIMDIR)
	$(CC) $(CFLAGS) -Itb/verilator -c $< -o $@

$(SIM): $(RTL) $(RTL_H) $(VLT) tb/verilator/tnam_vl_backend.cpp tb/verilator/tnam_vl_backend.h tb/verilator/tnam_chip_ports.h tb/verilator/tnam_fst_check.h \
        $(SIMDIR)/tnam_sim_main.o $(TB_LIB) $(MODEL_LIB)
	@# Verilator's own makefile does not see the C libraries as link inputs: relink by hand.
	rm -f $@
	verilator --cc $(VERILATOR_FLAGS) --Mdir $(SIMDIR)/obj -o ../tnam_sim \
	  -CFLAGS "$(C_INC_ABS) -I$(CURDIR)/tb/verilator -DTNAM_ROWS=$(ROWS) -DTNAM_COLS=$(COLS) -DTNAM_MACROS=$(MACROS) -DTNAM_TILES=$(TILES) $(VL_ARCH) $(VL_CFLAGS)" \
	  $(CURDIR)/tb/verilator/tnam_vl_backend.cpp \
	  $(abspath $(SIMDIR)/tnam_sim_main.o $(TB_LIB) $(MODEL_LIB)) -LDFLAGS -lm $(RTL) > $(SIMDIR)/build.log 2>&1 \
	  || { $(BUILD_FAILED) $(SIMDIR)/build.log; exit 1; }
	@echo "built $@ (rows $(ROWS), cols $(COLS), macros $(MACROS), tiles $(TILES)$(if $(filter 1,$(WAVES)),$(comma) with waves))"

# ---- SystemC harness -----------------------------------------------------------------------

SC_SRC := $(wildcard tb/systemc/*.cpp)

$(SC_SIM): $(RTL) $(RTL_H) $(VLT) $(SC_SRC) tb/verilator/tnam_chip_ports.h tb/verilator/tnam_fst_check.h $(C_HDRS) $(TB_LIB) $(MODEL_LIB)
	@# As for the Verilator harness, the C libraries are relinked by hand.
	rm -f $@
	mkdir -p $(SCDIR)
	SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 verilator --sc $(VERILATOR_FLAGS) --Mdir $(SCDIR)/obj -o ../tnam_sim_sc \
	  -CFLAGS "$(C_INC_ABS) -I$(CURDIR)/tb/verilator -I$(CURDIR)/tb/systemc -DTNAM_ROWS=$(ROWS) -DTNAM_COLS=$(COLS) -DTNAM_MACROS=$(MACROS) -DTNAM_TILES=$(TILES)" \
	  $(addprefix $(CURDIR)/,$(SC_SRC)) \
	  $(abspath $(TB_LIB) $(MODEL_LIB)) -LDFLAGS -lm $(RTL) > $(SCDIR)/build.log 2>&1 \
	  || { $(BUILD_FAILED) $(SCDIR)/build.log; exit 1; }
	@echo "built $@ (SystemC; rows $(ROWS), cols $(COLS), macros $(MACROS), tiles $(TILES)$(if $(filter 1,$(WAVES)),$(comma) with waves))"

# ---- unit tests ----------------------------------------------------------------------------

$(BUILD)/tests/test_tnam_model: c_model/tests/test_tnam_model.c $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS) $^ -lcmocka -o $@

$(BUILD)/tests/test_tnam_chip: c_model/tests/test_tnam_chip.c $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS) $^ -lcmocka -lm -o $@

$(BUILD)/tests/test_tnam_stream: tb/stimulus/tests/test_tnam_stream.c $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS) -DTNAM_SRC_DIR='"$(CURDIR)"' $^ -lcmocka -lm -o $@

$(BUILD)/tests/test_tnam_cal: host/tests/test_tnam_cal.c $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS) -DTNAM_SRC_DIR='"$(CURDIR)"' $^ -lcmocka -lm -o $@

$(BUILD)/tests/test_tnam_cli: driver/tests/test_tnam_cli.c $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS) $^ -lcmocka -lm -o $@

# The port list against the output structs' headers and the spec, which it reads.
$(BUILD)/tests/test_tnam_ports: tb/harness/tests/test_tnam_ports.c $(TB_LIB) $(MODEL_LIB) c_model/tnam_model.h c_model/tnam_chip.h docs/architecture.md | $(BUILD)/tests
	$(CC) $(CFLAGS) -DTNAM_SRC_DIR='"$(CURDIR)"' $(filter %.c %.a,$^) -lcmocka -lm -o $@

# ---- FPGA bring-up: board builds, post-synthesis simulation, host tool, virtual board -----
include $(sort $(wildcard mk/*.mk))

# ---- behaviour fingerprint: the model, the generator, the stream writer and reader ---------
.PHONY: digests digests-update
digests: $(MODEL_RUN) ## compare the behaviour fingerprint (scripts/digests.sh) with tb/digests.txt: a refactoring leaves it unchanged
	@scripts/digests.sh $(MODEL_RUN) $(BUILD)/digests > $(BUILD)/digests.txt && \
	  diff tb/digests.txt $(BUILD)/digests.txt > $(BUILD)/digests.diff && \
	  echo "digests: $$(wc -l < tb/digests.txt) lines as in tb/digests.txt" || \
	  { echo "digests: the behaviour changed (tb/digests.txt vs $(BUILD)/digests.txt):"; head -20 $(BUILD)/digests.diff; exit 1; }

digests-update: $(MODEL_RUN) ## rewrite tb/digests.txt after an intended change of behaviour (say so in the commit)
	@scripts/digests.sh $(MODEL_RUN) $(BUILD)/digests > tb/digests.txt && echo "digests-update: tb/digests.txt rewritten"
