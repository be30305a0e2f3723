# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# One JUnit report for a CI dashboard (issue 16): the unit tests' files (make unit JUNIT=1, one
# per test binary) and a regression run's junit.xml, merged by scripts/junit_merge.sh.
.PHONY: junit
JUNIT_REGRESS ?= $(BUILD)/regress/latest

junit: ## merge build/junit/*.xml (make unit JUNIT=1) and the latest regression's junit.xml (JUNIT_REGRESS=DIR: another run) into build/junit-all.xml
	@in="$(wildcard $(BUILD)/junit/*.xml) $(wildcard $(JUNIT_REGRESS)/junit.xml)"; \
	  [ -n "$${in# }" ] || { echo "junit: nothing to merge: run make unit JUNIT=1 or make regress first"; exit 2; }; \
	  scripts/junit_merge.sh $(BUILD)/junit-all.xml $$in
