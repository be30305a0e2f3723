#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Runs the cmocka unit-test binaries; JUNIT=1 writes JUnit XML to build/junit/.
set -uo pipefail
status=0
if [[ "${JUNIT:-0}" == 1 ]]; then
  mkdir -p build/junit
  rm -f build/junit/*.xml   # cmocka 1.1.5 writes to stderr when the file already exists
  export CMOCKA_MESSAGE_OUTPUT=xml CMOCKA_XML_FILE="build/junit/%g.xml"
fi
for t in "$@"; do
  "$t" 2>&1 || status=1
done
[[ "${JUNIT:-0}" == 1 ]] && echo "unit: JUnit XML in build/junit/: $(ls build/junit)"
exit $status
