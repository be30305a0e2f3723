#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The signals of an FST wave file, one a line: TYPE WIDTH NAME, with NAME as GTKWave names it
# (the scopes joined by '.', a vector with its range: TOP.tnam_chip.x_i[63:0]). Reads only the
# header: quick on any size of file. Exit 1 when the file has no readable header.
# usage: scripts/fst_signals.sh FILE.fst
set -uo pipefail
f=${1:?usage: fst_signals.sh FILE.fst}
[[ -s $f ]] || { echo "fst_signals.sh: $f: no such file, or empty" >&2; exit 1; }
# awk stops at the end of the definitions; fst2vcd then dies of SIGPIPE, which is expected.
fst2vcd "$f" 2>/dev/null | awk -v f="$f" '
  $1 == "$scope" { path[++d] = $3; next }
  $1 == "$upscope" { d--; next }
  $1 == "$var" {
    p = path[1]
    for (i = 2; i <= d; i++) p = p "." path[i]
    name = $5 ($6 != "$end" ? $6 : "")
    print $2, $3, p "." name
    next
  }
  $1 == "$enddefinitions" { done = 1; exit }
  END { if (!done) { print "fst_signals.sh: " f ": no readable FST header" > "/dev/stderr"; exit 1 } }'
rc=("${PIPESTATUS[@]}")
exit "${rc[1]}"
