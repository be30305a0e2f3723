#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The functional coverage regression behind `make fcov` (docs/verification.md): the make sim
# regression (directed streams and seeded random streams, scripts/sim.sh) of every chip given,
# on the golden model alone (it counts the same bins as the lockstep harnesses), each chip's
# counts in OUTDIR/<chip>.cnt; then the merged closure report against the waivers.
# usage: fcov.sh MODEL_RUN TNAM_FCOV WAIVERS OUTDIR CYCLES R:C:M:T...
set -uo pipefail
model=$1 tool=$2 waivers=$3 out=$4 cycles=$5
shift 5
[[ $# -gt 0 ]] || { echo "usage: $0 MODEL_RUN TNAM_FCOV WAIVERS OUTDIR CYCLES R:C:M:T..." >&2; exit 2; }

mkdir -p "$out"
# Only what this script writes: OUTDIR may be any folder.
rm -f "$out"/r*c*m*t*.cnt "$out"/r*c*m*t*.log "$out/merged.cnt"
failed=0
for chip in "$@"; do
  IFS=: read -r rows cols macros tiles <<<"$chip"
  name=r${rows}c${cols}m${macros}t${tiles}
  start=$SECONDS
  # sim.sh passes the options after CYCLES to every run: each run adds its counts to the file.
  if ROWS=$rows COLS=$cols MACROS=$macros TILES=$tiles scripts/sim.sh "$model" "" "" mixed "$cycles" \
    --rows "$rows" --cols "$cols" --macros "$macros" --tiles "$tiles" --fcov "$out/$name.cnt" \
    >"$out/$name.log" 2>&1; then
    echo "fcov: chip $chip: $(tail -1 "$out/$name.log") ($((SECONDS - start)) s, log $out/$name.log)"
  else
    echo "fcov: chip $chip FAILED ($out/$name.log):"
    tail -25 "$out/$name.log"
    failed=1
  fi
done
((failed == 0)) || exit 1
"$tool" --waivers "$waivers" --out "$out/merged.cnt" "$out"/r*.cnt
