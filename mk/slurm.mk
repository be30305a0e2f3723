# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# ---- a one-node SLURM cluster on this machine for make regress ENGINE=slurm ----------------
# scripts/slurm_cluster.sh (docs/verification.md, D42): munged, slurmctld and slurmd with a
# generated config; everything, state and logs included, in SLURM_DIR. Its clients find it
# through SLURM_CONF=$(SLURM_DIR)/slurm.conf (absolute), which slurm-start and slurm-status print.
SLURM_DIR ?= $(BUILD)/slurm

.PHONY: slurm-start slurm-stop slurm-status

slurm-start: deps ## start the one-node SLURM cluster (munged, slurmctld, slurmd; all files in build/slurm); prints its SLURM_CONF
	@scripts/slurm_cluster.sh start $(SLURM_DIR)

slurm-stop: ## stop the one-node SLURM cluster: cancels its jobs, ends its daemons, checks no process of it is left
	@scripts/slurm_cluster.sh stop $(SLURM_DIR)

slurm-status: ## is the one-node SLURM cluster up? (exit 0 if so; prints its SLURM_CONF)
	@scripts/slurm_cluster.sh status $(SLURM_DIR)

# make clean removes the clusters' folders (this one and make test's): their daemons are stopped
# first, not left running on deleted files.
.PHONY: slurm-clean
clean: slurm-clean
slurm-clean:
	@for d in $(SLURM_DIR) $(BUILD)/slurm-test; do scripts/slurm_cluster.sh stop $$d || exit 1; done

# make regress ENGINE=slurm finds this cluster by itself when it runs (make slurm-start) and the
# environment names no other (SLURM_CONF unset: on a real cluster the site's configuration).
ifeq ($(ENGINE)$(origin SLURM_CONF),slurmundefined)
ifneq ($(wildcard $(SLURM_DIR)/slurm.conf),)
export SLURM_CONF := $(abspath $(SLURM_DIR)/slurm.conf)
endif
endif
