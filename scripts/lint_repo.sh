#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The repository's own lint, run by scripts/lint.sh after the RTL's: licence and copyright of
# every file (reuse lint), the C/C++ format (.clang-format), shellcheck on every shell script,
# and one version in c_model/tnam_version.h, the spec's title and CHANGELOG.md. One "ok" line
# per check; a failure prints one line per file at fault, naming it and what to run. Full
# output in build/lint/. Exit 1 if any check fails.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
out=build/lint
mkdir -p "$out"
status=0
ok() { echo "  ok    $1"; }
fail() {
  echo "  FAIL  $1"
  status=1
}
# failed LOG < lines: the lint fails; one FAIL line per line read (a file at fault each), or
# if the tool named no file, one line pointing at its log.
failed() {
  local log=$1 line any=0
  while IFS= read -r line; do
    echo "  FAIL  $line"
    any=1
  done
  ((any)) || echo "  FAIL  $(basename "$log" .log) failed without naming a file: see $log"
  status=1
}

# reuse 1.1 lists the files at fault under one heading per problem, before its summary.
if reuse lint >"$out/reuse.log" 2>&1; then
  ok "reuse lint: every file has its licence and copyright (SPDX header or .reuse/dep5)"
else
  failed "$out/reuse.log" < <(awk '/^# SUMMARY/ { exit }
    /^\* / { print "reuse lint: " substr($0, 3) ": " problem " (the SPDX header: CONTRIBUTING.md)"; next }
    /^[^#]/ { problem = $0; sub(/^The following files have /, "", problem); sub(/:$/, "", problem) }' \
    "$out/reuse.log")
fi

mapfile -t c_files < <(git ls-files '*.c' '*.h' '*.cpp')
# Without files clang-format would read standard input.
if [[ ${#c_files[@]} -eq 0 ]]; then
  fail "clang-format: git lists no tracked C/C++ files (not a git checkout?)"
elif clang-format --dry-run -Werror "${c_files[@]}" >"$out/clang-format.log" 2>&1; then
  ok "clang-format --dry-run -Werror: ${#c_files[@]} tracked C/C++ files as .clang-format says"
else
  failed "$out/clang-format.log" < <(awk -F: '/error: code should be clang-formatted/ && !seen[$1]++ {
    print "clang-format: " $1 " is not formatted as .clang-format says (clang-format -i " $1 ")" }' \
    "$out/clang-format.log")
fi

shell_files=(scripts/*.sh tb/run_tests.sh tb/slurm/*.sh sim/*.sh .ci/run)
if shellcheck -f gcc "${shell_files[@]}" >"$out/shellcheck.log" 2>&1; then
  ok "shellcheck: ${#shell_files[@]} shell scripts"
else
  failed "$out/shellcheck.log" < <(awk -F: '/^[^:]+:[0-9]+:[0-9]+: / { if (!n[$1]++) order[++k] = $1 }
    END { for (i = 1; i <= k; i++) print "shellcheck: " order[i] ": " n[order[i]] " finding(s) (shellcheck " order[i] ")" }' \
    "$out/shellcheck.log")
fi

# One version: the header is its source, the spec's title and the newest release follow it.
if version=$(scripts/version.sh); then
  title=$(grep -m1 '^# ' docs/architecture.md)
  want="# TNAM architecture, version $version"
  newest=$(sed -n 's/^## \[\([0-9][^]]*\)\].*/\1/p' CHANGELOG.md 2>/dev/null | head -1)
  [[ $title == "$want" ]] ||
    fail "version: docs/architecture.md: title is '$title', not '$want' (c_model/tnam_version.h)"
  [[ $newest == "$version" ]] ||
    fail "version: CHANGELOG.md: newest entry is '${newest:-none}', not $version (c_model/tnam_version.h)"
  [[ $title == "$want" && $newest == "$version" ]] &&
    ok "version $version in c_model/tnam_version.h, docs/architecture.md's title and CHANGELOG.md"
else
  fail "version: c_model/tnam_version.h has no '#define TNAM_VERSION \"X.Y.Z\"'"
fi
exit $status
