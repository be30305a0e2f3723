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
NN_TESTS   := $(BUILD)/tests/test_tnam_nn
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

.PHONY: nn nn-unit nn-bad nn-test nn-check nn-data nn-models nn-models-fashion deps-train

nn: $(NN_LIB) $(NN_INFER) ## build libtnam_nn.a and tnam_infer (integer reference inference of a model file)

$(NN_OBJDIR)/%.o: nn/%.c $(NN_HDRS) | $(NN_OBJDIR)
	$(CC) $(NN_CFLAGS) -c $< -o $@

$(NN_LIB): $(patsubst nn/%.c,$(NN_OBJDIR)/%.o,$(NN_SRC))
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(NN_INFER): $(NN_OBJDIR)/tnam_infer_main.o $(NN_LIB) | $(BUILD)/tools
	$(CC) $(NN_CFLAGS) $^ -lz -o $@

# The tests compare the reference's requantisation with the golden model's: they link it.
$(NN_TESTS): nn/tests/test_tnam_nn.c $(NN_HDRS) $(NN_LIB) $(MODEL_LIB) | $(BUILD)/tests
	$(CC) $(NN_CFLAGS) $< $(NN_LIB) $(MODEL_LIB) -lz -lcmocka -o $@

$(NN_OBJDIR):
	mkdir -p $@

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
