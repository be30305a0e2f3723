# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- networks: data readers, model files, the integer reference, training (docs/nn.md) ------
# nn/ sees c_model, driver and host, never tb/ (the layering of the Makefile's SEES_*).
SEES_nn    := c_model driver host nn
NN_CFLAGS  := $(C_STD) $(addprefix -I,$(SEES_nn))
NN_SRC     := $(filter-out %_main.c,$(wildcard nn/*.c))
NN_HDRS    := $(wildcard nn/*.h)
NN_OBJDIR  := $(BUILD)/nn/obj
NN_LIB     := $(BUILD)/lib/libtnam_nn.a
NN_INFER   := $(BUILD)/tools/tnam_infer
NN_TESTS   := $(BUILD)/tests/test_tnam_nn $(BUILD)/tests/test_tnam_layer
# Debian's interpreter: Debian's python3-torch installs into it (a python3 earlier on PATH
# may be another one).
NN_PYTHON  ?= /usr/bin/python3
# What training needs beyond make deps (scripts/deps.sh takes extra packages as arguments).
NN_TRAIN_PKGS := python3-torch python3-numpy
NN_DATA    := $(BUILD)/data
NN_DIGITS  := $(NN_DATA)/digits.csv.gz
FASHION    ?= /usr/share/datasets/fashion-mnist
# The committed models that make nn-check runs (each models/NAME.tnn has models/NAME.json).
NN_MODELS  ?= $(wildcard models/*.tnn)

.PHONY: infer infer-build nn-slice nn nn-unit nn-bad nn-test nn-check nn-data nn-models nn-models-fashion deps-train

nn: $(NN_LIB) $(NN_INFER) ## build libtnam_nn.a and tnam_infer (integer reference inference of a model file)

# The nn code includes the driver's and the model's headers too (tnam_ops.h's stream layout): an
# object must be rebuilt when they change (a stale tnam_layer.o once read a stream struct of an
# older layout).
$(NN_OBJDIR)/%.o: nn/%.c $(NN_HDRS) $(C_HDRS) | $(NN_OBJDIR)
	$(CC) $(NN_CFLAGS) -c $< -o $@

$(NN_LIB): $(patsubst nn/%.c,$(NN_OBJDIR)/%.o,$(NN_SRC))
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

# The driver's library (the op list, the sequencer, the executor, the model back end): what
# nn/ runs a chip through.
DRIVER_LIB := $(LIBDIR)/libtnam_driver.a
$(DRIVER_LIB): $(addprefix $(LIBDIR)/,$(notdir $(patsubst %.c,%.o,$(wildcard driver/tnam_*.c))))
	$(AR) rcs $@ $^

# Host software: calibration, which a network on a varied chip runs first (docs/nn.md
# section 5, "Variation").
HOST_LIB := $(LIBDIR)/libtnam_host.a
$(HOST_LIB): $(addprefix $(LIBDIR)/,$(notdir $(patsubst %.c,%.o,$(wildcard host/tnam_*.c))))
	$(AR) rcs $@ $^

$(NN_INFER): $(NN_OBJDIR)/tnam_infer_main.o $(NN_LIB) $(HOST_LIB) $(DRIVER_LIB) $(MODEL_LIB) | $(BUILD)/tools
	$(CC) $(NN_CFLAGS) $^ -lz -lm -o $@

# The tests compare the reference's requantisation with the golden model's, and the chip path
# with the reference, on the golden model: they link it.
$(BUILD)/tests/test_tnam_%: nn/tests/test_tnam_%.c $(NN_HDRS) $(NN_LIB) $(HOST_LIB) $(DRIVER_LIB) $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(NN_CFLAGS) $< $(NN_LIB) $(HOST_LIB) $(DRIVER_LIB) $(MODEL_LIB) -lz -lcmocka -lm -o $@

$(NN_OBJDIR):
	mkdir -p $@

# tnam_infer with the Verilated chip (back ends rtl and lockstep), one per chip configuration
# like tnam_sim: the same Verilator flags and RTL back end, linked with the nn library.
NN_VL_INFER = $(SIMDIR)/tnam_infer
infer-build: deps $(NN_VL_INFER) ## build build/<cfg>/tnam_infer (ROWS= COLS= MACROS= TILES=): tnam_infer with the rtl and lockstep back ends

$(SIMDIR)/tnam_infer_vl_main.o: tb/verilator/tnam_infer_vl_main.c tb/verilator/tnam_vl_backend.h $(C_HDRS) $(NN_HDRS)
	mkdir -p $(SIMDIR)
	$(CC) $(CFLAGS) -Inn -Itb/verilator -c $< -o $@

$(NN_VL_INFER): $(RTL) $(RTL_H) $(VLT) tb/verilator/tnam_vl_backend.cpp tb/verilator/tnam_vl_backend.h tb/verilator/tnam_chip_ports.h \
        $(SIMDIR)/tnam_infer_vl_main.o $(NN_LIB) $(TB_LIB) $(MODEL_LIB)
	@# As for tnam_sim, the C libraries are relinked by hand.
	rm -f $@
	verilator --cc $(VERILATOR_FLAGS) --Mdir $(SIMDIR)/obj-infer -o ../tnam_infer \
	  -CFLAGS "$(C_INC_ABS) -I$(CURDIR)/tb/verilator -DTNAM_ROWS=$(ROWS) -DTNAM_COLS=$(COLS) -DTNAM_MACROS=$(MACROS) -DTNAM_TILES=$(TILES) $(VL_ARCH)" \
	  $(CURDIR)/tb/verilator/tnam_vl_backend.cpp \
	  $(abspath $(SIMDIR)/tnam_infer_vl_main.o $(NN_LIB) $(TB_LIB) $(MODEL_LIB)) -LDFLAGS "-lz -lm" $(RTL) > $(SIMDIR)/build-infer.log 2>&1 \
	  || { $(BUILD_FAILED) $(SIMDIR)/build-infer.log; exit 1; }
	@echo "built $@ (rows $(ROWS), cols $(COLS), macros $(MACROS), tiles $(TILES))"

nn-unit: $(NN_TESTS) ## cmocka tests of the nn readers and the integer reference
	@scripts/unit.sh $(NN_TESTS)

nn-bad: $(NN_INFER) ## bad inputs to tnam_infer: each must exit 2 with a message naming the file, and write no output
	@nn/tests/bad_input.sh $(NN_INFER)

nn-test: nn-unit nn-bad ## nn-unit and nn-bad

nn-data: ## extract digits.csv.gz from Debian's python3-sklearn into build/data (set-up time download)
	@scripts/data.sh $(NN_DATA)

$(NN_DIGITS):
	@scripts/data.sh $(NN_DATA)

# Every committed model, on the test set it was trained for, must give the count of correct
# images that training printed for its integer model (models/NAME.json).
nn-check: $(NN_INFER) $(NN_DIGITS) ## tnam_infer on each committed model must reproduce training's integer accuracy exactly
	@scripts/nn_check.sh $(NN_INFER) $(NN_MODELS)

deps-train: ## install the training packages (python3-torch, python3-numpy) from Debian, or print the command
	@scripts/deps.sh $(NN_TRAIN_PKGS)

# The committed models, seed 1, one torch thread (the bytes can depend on the thread count):
# float epochs, then quantisation-aware epochs per mode (bin gains from a longer phase). The
# float baseline is trained once per network and shared by bin and q4 (--float-cache).
NN_THREADS ?= 1
NN_EPOCHS ?= 30
NN_QAT_BIN ?= 90
NN_QAT_Q4 ?= 30
nn-models: $(NN_DIGITS) ## retrain the committed digits models into models/ (make deps-train first; about 1 min)
	@mkdir -p $(BUILD)/nn-float
	@for n in mlp cnn; do for m in bin:$(NN_QAT_BIN) q4:$(NN_QAT_Q4); do \
	  $(NN_PYTHON) train/tnam_train.py --digits $(NN_DIGITS) --net $$n --mode $${m%:*} \
	    --seed 1 --threads $(NN_THREADS) --epochs $(NN_EPOCHS) --qat-epochs $${m#*:} \
	    --float-cache $(BUILD)/nn-float/digits_$$n.pt \
	    --out models/digits_$${n}_$${m%:*}.tnn || exit 1; done; done

# Fashion-MNIST (60000 training images): 23 minutes on one thread of the shared 2-core VM.
FASHION_EPOCHS ?= 12
FASHION_QAT_BIN ?= 24
FASHION_QAT_Q4 ?= 8
nn-models-fashion: ## retrain the committed Fashion-MNIST models into models/ (about 25 min)
	@mkdir -p $(BUILD)/nn-float
	@for n in mlp cnn; do for m in bin:$(FASHION_QAT_BIN) q4:$(FASHION_QAT_Q4); do \
	  $(NN_PYTHON) train/tnam_train.py --data $(FASHION) --net $$n --mode $${m%:*} \
	    --seed 1 --threads $(NN_THREADS) --epochs $(FASHION_EPOCHS) --qat-epochs $${m#*:} \
	    --float-cache $(BUILD)/nn-float/fashion_$$n.pt \
	    --out models/fashion_$${n}_$${m%:*}.tnn || exit 1; done; done

# ---- the energy model (docs/energy.md): tnam_energy.c joins libtnam_nn.a through NN_SRC --------
NN_ENERGY      := $(BUILD)/tools/tnam_energy
NN_ENERGY_TEST := $(BUILD)/tests/test_tnam_energy

# The driver's library: its text layer (driver/tnam_text.c: numbers, escaped messages) and the
# checked standard output (driver/tnam_cli.c).
$(NN_ENERGY): $(NN_OBJDIR)/tnam_energy_main.o $(NN_LIB) $(DRIVER_LIB) | $(BUILD)/tools
	$(CC) $(NN_CFLAGS) $^ -lz -lm -o $@

$(NN_ENERGY_TEST): nn/tests/test_tnam_energy.c $(NN_HDRS) $(NN_LIB) $(DRIVER_LIB) | $(BUILD)/tests
	$(CC) $(NN_CFLAGS) $< $(NN_LIB) $(DRIVER_LIB) -lz -lm -lcmocka -o $@

nn: $(NN_ENERGY)
# nn-unit's recipe expands NN_TESTS when it runs, so the energy tests run with the others; the
# prerequisite builds them first.
nn-unit: $(NN_ENERGY_TEST)
NN_TESTS += $(NN_ENERGY_TEST)

# tnam_infer's energy must be tnam_energy's on the counts tnam_infer printed (one arithmetic).
.PHONY: nn-energy-match
nn-energy-match: $(NN_INFER) $(NN_ENERGY) ## the energy tnam_infer prints equals tnam_energy's on the same counts
	@nn/tests/energy_match.sh $(NN_INFER) $(NN_ENERGY)
nn-test: nn-energy-match

.PHONY: nn-plot-test
nn-plot-test: ## scripts/energy_plot.sh draws the sample energy and accuracy charts and refuses bad tables
	@nn/tests/energy_plot_test.sh $(BUILD)/nn/plot-test
nn-test: nn-plot-test

# ---- inference three ways (docs/nn.md section 5) ------------------------------------------
# make infer DATA=digits|fashion NET=mlp|cnn MODE=bin|q4 BACKEND=ref|model|rtl|lockstep LIMIT=N
# runs models/DATA_NET_MODE.tnn on the data set's test images; a chip back end is compared with
# the reference on every image. rtl and lockstep use the Verilated build of ROWS.. TILES.
DATA    ?= digits
NET     ?= cnn
MODE    ?= q4
BACKEND ?= lockstep
LIMIT   ?=
INFER_MODEL = models/$(DATA)_$(NET)_$(MODE).tnn
INFER_BIN   = $(if $(filter rtl lockstep,$(BACKEND)),$(NN_VL_INFER),$(NN_INFER))
INFER_DATA  = $(if $(filter digits,$(DATA)),--digits $(NN_DIGITS),--data $(FASHION))

infer: $(INFER_BIN) $(if $(filter digits,$(DATA)),$(NN_DIGITS)) ## DATA=digits|fashion NET=mlp|cnn MODE=bin|q4 BACKEND=ref|model|rtl|lockstep LIMIT=N: a model on its test set, three ways
	@test -f $(INFER_MODEL) || { echo "infer: no model $(INFER_MODEL); models/ holds $(notdir $(NN_MODELS))" >&2; exit 2; }
	$(INFER_BIN) --model $(INFER_MODEL) $(INFER_DATA) --backend $(BACKEND) $(if $(LIMIT),--limit $(LIMIT))

# make test's slice: a few images of each data set through the RTL in lockstep, every network
# and mode, each image's logits equal to the reference's (Fashion-MNIST comes with make deps;
# its CNNs take about 0.1 s an image in lockstep, hence fewer of them).
NN_SLICE ?= 20
NN_SLICE_FASHION ?= 4
nn-slice: $(NN_VL_INFER) $(NN_DIGITS) ## the first NN_SLICE digits and NN_SLICE_FASHION Fashion-MNIST images of every committed model through lockstep, bit for bit against the reference
	@for d in digits:$(NN_SLICE):--digits:$(NN_DIGITS) fashion:$(NN_SLICE_FASHION):--data:$(FASHION); do \
	  set -- $$(echo $$d | tr : ' '); \
	  for n in mlp cnn; do for m in bin q4; do \
	    out=$$($(NN_VL_INFER) --model models/$$1_$${n}_$$m.tnn $$3 $$4 \
	      --backend lockstep --limit $$2 2>&1) || { echo "$$out"; exit 1; }; \
	    echo "nn-slice: $$1_$${n}_$$m, $(CFG), lockstep = reference: $$(echo "$$out" | grep '^accuracy')"; \
	  done; done; \
	done

# ---- the report (issue 13 item 5): every committed model, accuracy, activity, energy -------
# infer-all runs each models/DATA_NET_MODE.tnn on the golden model over its whole test set and
# on the RTL in lockstep over the first INFER_LOCKSTEP_LIMIT images, into build/report
# (report.tsv, accuracy.png, energy.png, report.md). infer-report copies the figures and the
# table into docs/: run it on purpose, so that the committed figures come from a real run.
INFER_LOCKSTEP_LIMIT ?= 200
REPORT_DIR := $(BUILD)/report
.PHONY: infer-all infer-report
infer-all: $(NN_INFER) $(NN_VL_INFER) $(NN_DIGITS) ## every model in models/: golden model on the whole test set, lockstep on INFER_LOCKSTEP_LIMIT images; table and plots in build/report
	@scripts/infer_report.sh $(NN_INFER) $(NN_VL_INFER) $(NN_DIGITS) $(FASHION) $(REPORT_DIR) $(INFER_LOCKSTEP_LIMIT)

infer-report: infer-all infer-variation ## infer-all and infer-variation, then their plots and tables into docs/ (nn_accuracy.png, nn_energy.png, nn_report.md)
	cp $(REPORT_DIR)/accuracy.png docs/nn_accuracy.png
	cp $(REPORT_DIR)/energy.png docs/nn_energy.png
	{ cat $(REPORT_DIR)/report.md; printf '\n$(NN_VAR_HEADING)\n\n'; cat $(REPORT_DIR)/variation.md; } > docs/nn_report.md

# ---- variation on real work (issue 13 item 6, docs/nn.md section 5, "Variation") -----
# Every digits model on the golden model of a 64 x 16, M = 4, T = 2 chip with injected
# variation, under none / cal / cal+sel, beside the ideal chip: build/report/variation.{tsv,md}.
# Then INFER_VAR_LOCKSTEP images of each model in lockstep on a varied chip under cal+sel.
INFER_VAR_CHIPS ?= 8
NN_VAR_HEADING := \#\# Variation on real work (make infer-variation, docs/nn.md section 5)
INFER_VAR_LOCKSTEP ?= 20
.PHONY: infer-variation
infer-variation: $(NN_INFER) $(NN_DIGITS) ## digits models on varied chips (INFER_VAR_CHIPS random chips per variation) under none / cal / cal+sel, and INFER_VAR_LOCKSTEP images in lockstep: build/report/variation.{tsv,md}
	@$(MAKE) --no-print-directory infer-build ROWS=64 COLS=16 MACROS=4 TILES=2
	@scripts/infer_variation.sh $(NN_INFER) $(NN_DIGITS) $(REPORT_DIR) $(INFER_VAR_CHIPS) \
	  $(BUILD)/r64c16m4t2/tnam_infer $(INFER_VAR_LOCKSTEP)

# ---- the full-test-set benchmark (issue 13's targets): every image of each model's test set
# through the RTL in lockstep, compared with the reference, split over INFER_JOBS processes.
INFER_JOBS ?= 2
INFER_FULL_MODELS ?= $(wildcard models/*.tnn)
.PHONY: infer-full
infer-full: $(NN_VL_INFER) $(NN_DIGITS) ## every image of each model's test set (INFER_FULL_MODELS) through lockstep = reference, on INFER_JOBS processes; wall time and images/s
	@scripts/infer_full.sh $(NN_VL_INFER) $(NN_DIGITS) $(FASHION) $(BUILD)/report/full $(INFER_JOBS) $(INFER_FULL_MODELS)
