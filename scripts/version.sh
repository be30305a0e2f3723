#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Prints the project's version, TNAM_VERSION in c_model/tnam_version.h (its one source), for
# the checks that compare the spec's title, CHANGELOG.md and every tool's --version with it.
set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
v=$(sed -n 's/^#define TNAM_VERSION "\([0-9]*\.[0-9]*\.[0-9]*\)"$/\1/p' c_model/tnam_version.h)
[[ -n $v ]] || { echo "c_model/tnam_version.h: no line '#define TNAM_VERSION \"X.Y.Z\"'" >&2; exit 1; }
echo "$v"
