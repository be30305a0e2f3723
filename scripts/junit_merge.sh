#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Merges JUnit XML files (make unit JUNIT=1's build/junit/*.xml, a regression's junit.xml) into
# one report for a CI dashboard: one <testsuites> root holding every input's top-level
# <testsuite> as it is (testcases, failures, attachments), its tests, failures, errors,
# skipped and time the sums of the suites' own (a suite without one of them counts its
# elements). Each input's root is <testsuites> or <testsuite>. The XML is read and written by
# xmllint (libxml2-utils), and the result is checked with it before it replaces OUT.
# usage: scripts/junit_merge.sh OUT.xml IN.xml...     (env: JUNIT_NAME, the root's name, default tnam)
set -uo pipefail
[[ $# -ge 2 ]] || { echo "usage: scripts/junit_merge.sh OUT.xml IN.xml..." >&2; exit 2; }
command -v xmllint >/dev/null ||
  { echo "junit_merge: xmllint is missing (Debian libxml2-utils; scripts/deps.sh installs it)" >&2; exit 2; }
out=$1
shift
top='/testsuites/testsuite | /testsuite'
# value FILE XPATH: a number (xmllint prints NaN for a sum over nothing it can read).
value() { xmllint --xpath "$2" "$1" 2>/dev/null; }
declare -A sum=([tests]=0 [failures]=0 [errors]=0 [skipped]=0 [time]=0)
# What a suite without the attribute counts instead.
declare -A elems=([tests]=testcase [failures]=testcase/failure [errors]=testcase/error [skipped]=testcase/skipped)
suites=0
body=$(mktemp)
trap 'rm -f "$body" "$out.tmp"' EXIT
for f in "$@"; do
  err=$(xmllint --noout "$f" 2>&1) || { echo "junit_merge: $f: not well-formed XML: $(head -1 <<<"$err")" >&2; exit 2; }
  n=$(value "$f" "count($top)")
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] ||
    { echo "junit_merge: $f: no <testsuite> (the root must be <testsuites> or <testsuite>)" >&2; exit 2; }
  for ((i = 1; i <= n; i++)); do
    s="($top)[$i]"
    for k in tests failures errors skipped time; do
      v=$(value "$f" "string($s/@$k)")
      if [[ -z $v ]]; then
        [[ $k == time ]] && v=0 || v=$(value "$f" "count($s/${elems[$k]})")
      fi
      [[ $v =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
        { echo "junit_merge: $f: testsuite $i: $k=\"$v\" is not a number" >&2; exit 2; }
      sum[$k]=$(awk -v a="${sum[$k]}" -v b="$v" -v k="$k" 'BEGIN { printf(k == "time" ? "%.3f" : "%d", a + b) }')
    done
  done
  suites=$((suites + n))
  xmllint --xpath "$top" "$f" >>"$body" || { echo "junit_merge: $f: cannot read its suites" >&2; exit 2; }
  echo >>"$body"
done
name=${JUNIT_NAME:-tnam}
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  printf '<testsuites name="%s" tests="%s" failures="%s" errors="%s" skipped="%s" time="%s">\n' \
    "${name//[<>&\"]/_}" "${sum[tests]}" "${sum[failures]}" "${sum[errors]}" "${sum[skipped]}" "${sum[time]}"
  cat "$body"
  echo '</testsuites>'
} >"$out.tmp" || { echo "junit_merge: cannot write $out.tmp" >&2; exit 2; }
err=$(xmllint --noout "$out.tmp" 2>&1) || { echo "junit_merge: the merged report is not well-formed: $(head -1 <<<"$err")" >&2; exit 1; }
got=$(value "$out.tmp" 'count(/testsuites/testsuite)')
[[ $got == "$suites" ]] || { echo "junit_merge: the merged report holds $got suites, not $suites" >&2; exit 1; }
mv "$out.tmp" "$out" || exit 2
echo "junit_merge: $out: $suites suites from $# files, ${sum[tests]} tests, ${sum[failures]} failures, ${sum[errors]} errors, ${sum[skipped]} skipped, ${sum[time]} s"
