# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- sanitizers and fuzzing (docs/verification.md "Sanitizers and fuzzing", decision D35) ------
# One clang build of every C library, unit test and tool with ASan and UBSan in $(SAN_DIR),
# made by this Makefile itself with BUILD, CC and C_STD changed. Its objects also carry
# libFuzzer's coverage instrumentation (fuzzer-no-link), so that the fuzz targets of tb/fuzz/
# link against the same libraries: one compilation serves make sanitize and make fuzz.
# -DTNAM_POPCOUNT_CLONES=: clang 14 refuses the model's target_clones on functions declared
# before (gcc takes them); the clones are the same source, so the portable one is what is
# checked.
SAN_DIR     := $(BUILD)/asan
SAN_CC      ?= clang
SAN_JOBS    ?= 2
SAN_FLAGS   := -O1 -DTNAM_POPCOUNT_CLONES= -fno-omit-frame-pointer -fsanitize=address,undefined \
  -fno-sanitize-recover=all -fsanitize=fuzzer-no-link
# What the sanitized run needs, relative to a build folder: the model runner, every cmocka
# test that runs without Verilator, every C tool, and the fuzz targets.
FUZZ_TARGETS := stream weights var proto tnn nndata energy
# (A new tb/tools/*_main.c tool joins by itself; scripts/sanitize.sh says how each one runs.)
SAN_BINS = lib/tnam_model_run $(patsubst $(BUILD)/%,%,$(UNIT_TESTS) $(NN_TESTS)) \
  tests/test_tnam_uart_line $(patsubst tb/tools/%_main.c,tools/%,$(wildcard tb/tools/*_main.c)) \
  tools/tnam_sweep tools/tnam_host tools/tnam_infer tools/tnam_energy \
  $(addprefix fuzz/fuzz_,$(FUZZ_TARGETS))
# Seconds each target fuzzes in make fuzz; FUZZ_SEED= fixes libFuzzer's seed (default: its own
# random one, printed).
FUZZ_SECONDS ?= 60
FUZZ_SEED    ?=
# Targets fuzzing at once (each one process on one core).
FUZZ_JOBS    ?= 2

.PHONY: sanitize sanitize-build fuzz fuzz-merge

sanitize-build: deps ## build the ASan + UBSan (clang) libraries, unit tests, tools and fuzz targets into build/asan
	@mkdir -p $(SAN_DIR)
	@$(MAKE) --no-print-directory -j$(SAN_JOBS) BUILD=$(SAN_DIR) CC=$(SAN_CC) SAN_BUILDING=1 \
	  C_STD="$(C_STD) $(SAN_FLAGS)" $(addprefix $(SAN_DIR)/,$(SAN_BINS)) > $(SAN_DIR)/build.log 2>&1 \
	  || { tail -30 $(SAN_DIR)/build.log; exit 1; }
	@echo "sanitize-build: $(words $(SAN_BINS)) programs in $(SAN_DIR) (clang, ASan + UBSan)"

sanitize: sanitize-build ## unit tests, model runner (make digests' runs), bad input and every C tool under ASan + UBSan: any report fails
	@scripts/sanitize.sh run $(SAN_DIR) $(FASHION)

fuzz: sanitize-build ## each libFuzzer target of tb/fuzz for FUZZ_SECONDS (default 60) from its committed corpus, FUZZ_JOBS at once: any crash, leak or report fails (FUZZ_SEED=N, FUZZ_TARGETS=)
	@FUZZ_JOBS=$(FUZZ_JOBS) scripts/sanitize.sh fuzz $(SAN_DIR) "$(FUZZ_SECONDS)" "$(FUZZ_SEED)" $(FUZZ_TARGETS)

fuzz-merge: sanitize-build ## minimise each committed corpus (tb/fuzz/corpus/T) with what make fuzz found (libFuzzer -merge=1)
	@scripts/sanitize.sh merge $(SAN_DIR) $(FUZZ_TARGETS)

# ---- rules used inside the sanitized build (BUILD=$(SAN_DIR), CC=clang) ----------------------
# No fuzz target needs the coverage of the golden model, the harness core or the host library,
# and its instrumentation made the model's unit tests 3.7 times slower: they are compiled
# without it (still with ASan and UBSan).
ifeq ($(SAN_BUILDING),1)
SAN_PLAIN := $(patsubst %.c,$(LIBDIR)/%.o,$(notdir $(MODEL_SRC) $(wildcard tb/harness/tnam_*.c host/tnam_*.c)))
$(SAN_PLAIN): override C_STD := $(filter-out -fsanitize=fuzzer-no-link,$(C_STD))
endif
# Tests and tools see every folder; a fuzz target links what its parser needs (the libraries
# are static: only the objects it uses come in).
$(BUILD)/fuzz/fuzz_%: tb/fuzz/fuzz_%.c tb/fuzz/tnam_fuzz.h $(C_HDRS) $(NN_HDRS) $(NN_LIB) $(HOST_LIB) $(TB_LIB) $(MODEL_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Inn -DTNAM_SRC_DIR='"$(CURDIR)"' -fsanitize=fuzzer $< \
	  $(NN_LIB) $(HOST_LIB) $(TB_LIB) $(MODEL_LIB) -lz -lm -o $@
