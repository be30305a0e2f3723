# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- make regress: the test list (tb/regress.tsv) as independent jobs (tb/regress/README.md) --
# LEVEL=L0|L1|L2 (or L0+L1), JOBS= at once (default: the cores), ENGINE=local|slurm,
# REGRESS_SEED= (default: a fresh one, printed), FILTER= name or tag patterns, WAVES_MAX=,
# RESUME=DIR reruns what a run folder misses, REGRESS_CYCLES= every generated stream's length,
# REGRESS_MAKE= make variables of every build (a mutant's sources).
REGRESS        := $(BUILD)/tools/tnam_regress
REGRESS_LIST   ?= tb/regress.tsv
REGRESS_DIR    ?= $(BUILD)/regress
LEVEL          ?= L0
JOBS           ?= $(shell nproc)
ENGINE         ?= local
REGRESS_SEED   ?=
RESUME         ?=
FILTER         ?=
WAVES_MAX      ?= 3
REGRESS_CYCLES ?=
# Make variables for every build and program name of the run (MUTANT= sets them).
REGRESS_MAKE   ?=
# MUTANT=NAME: an injected failure. The run uses a mutated copy of rtl/ or c_model/ (a mutant of
# tb/mutants.txt, copied by scripts/mutant.sh --copy into build/mut-regress/NAME/src) and builds every
# program in a build folder of its own there, so that nothing of the real build is replaced:
# what a failing regression gives (summary, JUnit, waves, view, rerun lines) on a known bug.
# Built as scripts/mutant.sh builds a mutant (its --vars).
MUTANT         ?=
ifneq ($(MUTANT),)
MUTANT_DIR     := $(BUILD)/mut-regress/$(MUTANT)
MUTANT_VARS    := $(shell scripts/mutant.sh --vars '$(MUTANT)' $(MUTANT_DIR)/src)
ifeq ($(MUTANT_VARS),)
$(error MUTANT=$(MUTANT): no such mutant in tb/mutants.txt (scripts/mutant.sh --list names them))
endif
REGRESS_MAKE   += BUILD=$(MUTANT_DIR)/build $(MUTANT_VARS)
endif
REGRESS_SRC    := $(wildcard tb/regress/tnam_regress*.c)
REGRESS_OPT_JOBS      = --jobs $(JOBS)
REGRESS_OPT_ENGINE    = --engine $(ENGINE)
REGRESS_OPT_WAVES_MAX = --waves-max $(WAVES_MAX)
# A resume keeps the run's own JOBS, ENGINE and WAVES_MAX unless given again.
REGRESS_OPTS    = $(REGRESS_OPT_JOBS) $(REGRESS_OPT_ENGINE) $(REGRESS_OPT_WAVES_MAX)

.PHONY: regress

regress: deps $(REGRESS) $(if $(filter 1,$(FCOV)),$(FCOV_TOOL)) ## the regression farm: the test list's LEVEL=L0|L1|L2 as jobs (JOBS=, ENGINE=local|slurm, REGRESS_SEED=, FILTER=, RESUME=DIR, WAVES_MAX=, FCOV=1, MUTANT=NAME)
ifeq ($(RESUME),)
	@$(if $(MUTANT),scripts/mutant.sh --copy '$(MUTANT)' $(MUTANT_DIR)/src >/dev/null || exit 2;) \
	$(REGRESS) run --list $(REGRESS_LIST) --level $(LEVEL) --out $(REGRESS_DIR) $(REGRESS_OPTS) \
	  $(if $(REGRESS_SEED),--seed $(REGRESS_SEED)) $(if $(FILTER),--filter '$(FILTER)') \
	  $(if $(REGRESS_CYCLES),--cycles $(REGRESS_CYCLES)) $(if $(REGRESS_MAKE),--make '$(REGRESS_MAKE)') \
	  $(if $(filter 1,$(FCOV)),--fcov); $(REGRESS_FCOV_MERGE)
else
	@$(REGRESS) resume $(RESUME) $(foreach v,JOBS ENGINE WAVES_MAX,$(if $(filter command line environment,$(origin $(v))),$(REGRESS_OPT_$(v)))); \
	  $(REGRESS_FCOV_MERGE)
endif

# FCOV=1: every job counts the functional coverage bins (--fcov, D39) into its folder; after the
# run (when it ran: exit 0 or 1) they are merged into RUN/fcov.cnt with make fcov's closure
# report (RUN/fcov.txt) against tb/fcov_waivers.txt, which fails the target on a bin neither hit
# nor waived. A resumed run keeps the jobs' --fcov; FCOV=1 merges again.
FCOV ?= 0
REGRESS_FCOV_MERGE = rc=$$?; \
  if [ "$(FCOV)" = 1 ] && [ $$rc -le 1 ]; then run=$(or $(RESUME),$(REGRESS_DIR)/latest); \
    $(FCOV_TOOL) --waivers $(FCOV_WAIVERS) --out "$$run/fcov.cnt" "$$run"/jobs/*/fcov.cnt \
      >"$$run/fcov.txt" || rc=1; \
    awk '/^fcov: bins never hit/ { tail = 1 } tail || !/^  /' "$$run/fcov.txt"; echo "regress: functional coverage report: $$run/fcov.txt"; fi; \
  exit $$rc

$(REGRESS): $(REGRESS_SRC) tb/regress/tnam_regress.h $(C_HDRS) $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tools
	$(CC) $(CFLAGS) -Itb/regress $(filter %.c %.a,$^) -lm -o $@

# The list parser and the seeds, unit-tested with the others (make unit: its recipe reads
# UNIT_TESTS when it runs, after this file has added to it).
UNIT_TESTS += $(BUILD)/tests/test_tnam_regress
$(BUILD)/tests/test_tnam_regress: tb/regress/tests/test_tnam_regress.c $(filter-out %_main.c,$(REGRESS_SRC)) tb/regress/tnam_regress.h $(TB_LIB) $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS) -Itb/regress -DTNAM_SRC_DIR='"$(CURDIR)"' $(filter %.c %.a,$^) -lcmocka -lm -o $@

unit: $(BUILD)/tests/test_tnam_regress
