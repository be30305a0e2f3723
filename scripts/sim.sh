#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The lockstep regression behind `make sim`: directed streams, then seeded random streams.
# usage: ROWS=R COLS=C MACROS=M TILES=T sim.sh SIM SEED STREAM PROFILE CYCLES [tnam_sim options...]
#   SEED or STREAM non-empty: run just that one; otherwise the whole regression.
set -uo pipefail
sim=$1 seed=$2 stream=$3 profile=$4 cycles=$5
shift 5
extra=("$@")

if [[ -n "$stream" ]]; then exec "$sim" --stream "$stream" "${extra[@]}"; fi
if [[ -n "$seed" ]]; then
  exec "$sim" --seed "$seed" --profile "$profile" --cycles "$cycles" "${extra[@]}"
fi

# The build's configuration (from the Makefile) decides which directed streams apply.
rows=${ROWS:?ROWS must be set} cols=${COLS:?COLS must be set}
macros=${MACROS:-1} tiles=${TILES:-1}
# A stream names its chip as "config rows R cols C", with "macros M tiles T" unless both are 1.
if [[ $macros == 1 && $tiles == 1 ]]; then chip_re="( macros 1 tiles 1)?"; else chip_re=" macros $macros tiles $tiles"; fi

passed=0 failed=0
failures=()
run() {
  local name=$1
  shift
  local log
  log=$("$sim" --quiet "$@" "${extra[@]}" 2>&1)
  local rc=$?
  if [[ $rc -eq 0 ]]; then
    passed=$((passed + 1))
    printf '  ok    %-40s %s\n' "$name" "$(grep -E '^PASS' <<<"$log" | cut -d, -f1-2)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '  FAIL  %s (exit %d)\n' "$name" "$rc"
    printf '%s\n' "$log" | sed 's/^/        /'
  fi
}

echo "sim: directed streams for rows $rows cols $cols macros $macros tiles $tiles"
for f in tb/streams/*.tns; do
  grep -qE "^config rows $rows cols $cols$chip_re *(#.*)?$" "$f" || continue
  run "$(basename "$f")" --stream "$f"
done

echo "sim: seeded random streams, $cycles cycles each"
for p in sparse half dense random mixed; do
  for s in 1 2 3; do run "seed $s $p" --seed "$s" --profile "$p" --cycles "$cycles"; done
done
# Streams switch between the three layer modes; these stay in one multi-level mode.
for m in level q4; do run "seed 1 mixed, $m only" --seed 1 --profile mixed --modes "$m" --cycles "$cycles"; done
# One fresh seed per regression explores new ground; its seed is printed for reproduction.
fresh=$(od -An -N5 -tu8 /dev/urandom | tr -d ' ')
run "seed $fresh mixed (fresh)" --seed "$fresh" --profile mixed --cycles "$cycles"

echo "sim: $passed passed, $failed failed"
[[ $failed -eq 0 ]] || { echo "sim: failing runs: ${failures[*]}"; exit 1; }
