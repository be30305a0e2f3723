#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Runs the cmocka unit-test binaries; JUNIT=1 writes JUnit XML to build/junit/, one file per
# binary, named after it (cmocka's %g names a file after the group, and two groups left
# unnamed both wrote "tests.xml": one binary's results were lost). scripts/junit_merge.sh
# merges them, and a regression's junit.xml, into one report.
set -uo pipefail
status=0
junit=0
if [[ "${JUNIT:-0}" == 1 ]]; then
  junit=1
  mkdir -p build/junit
  rm -f build/junit/*.xml   # cmocka 1.1.5 writes to stderr when the file already exists
  export CMOCKA_MESSAGE_OUTPUT=xml
fi
for t in "$@"; do
  if ((junit)); then
    CMOCKA_XML_FILE="build/junit/$(basename "$t").xml" "$t" 2>&1 || status=1
  else
    "$t" 2>&1 || status=1
  fi
done
((junit)) && echo "unit: JUnit XML in build/junit/, one file per binary: $(cd build/junit && echo *.xml)"
exit $status
