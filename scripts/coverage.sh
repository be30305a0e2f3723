#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make coverage: Verilator line, branch and toggle coverage of every rtl/ module, merged over the
# lockstep regression of make sim on each of its chips, with the waivers of
# tb/coverage_waivers.txt; a per-module summary, the holes, an lcov HTML report, and a check
# against the floor of tb/coverage_floor.txt (docs/verification.md, "Code coverage").
# usage: coverage.sh [--slice] [--update-floor]
#   (default)       set l0: make sim's whole regression (scripts/sim.sh) on every SIM_CONFIGS chip
#   --slice         set slice: the 8 x 4 chip (4 macros, 2 tiles) on its directed stream (make test)
#   --update-floor  rewrite the set's lines of the floor file with what this run measured
# Exit 0; 1 when a run fails or coverage is below the floor; 2 for a bad waiver or floor line.
# Output in build/coverage/SET/: summary.txt, holes.txt, html/index.html, merged.dat.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
set_name=l0 update=0
for a in "$@"; do
  case $a in
    --slice) set_name=slice ;;
    --update-floor) update=1 ;;
    *) echo "usage: $0 [--slice] [--update-floor]" >&2; exit 2 ;;
  esac
done
waivers=tb/coverage_waivers.txt floor=tb/coverage_floor.txt
for f in $waivers $floor; do [[ -r $f ]] || { echo "coverage: cannot read $f" >&2; exit 2; }; done
for t in verilator_coverage genhtml; do
  command -v $t >/dev/null || { echo "coverage: $t is not installed (make deps)" >&2; exit 2; }
done
out=build/coverage/$set_name
rm -rf "$out"
mkdir -p "$out/raw" "$out/norm"
start=$SECONDS

if [[ $set_name == slice ]]; then
  configs=(8:4:4:2)
  stream=(STREAM=tb/streams/chip_r8c4m4t2.tns)
else
  read -ra configs <<<"$(make -s --no-print-directory print-SIM_CONFIGS)"
  stream=()
fi

# Every configuration's coverage build runs what make sim runs on it; each run of the harness
# writes its own file into TNAM_COVERAGE_DIR (tb/verilator/tnam_vl_backend.cpp).
for c in "${configs[@]}"; do
  IFS=: read -r rows cols macros tiles <<<"$c"
  raw=$out/raw/r${rows}c${cols}m${macros}t${tiles}
  mkdir -p "$raw"
  echo "coverage: $c"
  TNAM_COVERAGE_DIR=$PWD/$raw make -s --no-print-directory sim-one COVERAGE=1 ROWS="$rows" \
    COLS="$cols" MACROS="$macros" TILES="$tiles" "${stream[@]}" ||
    { echo "coverage: the regression of $c failed" >&2; exit 1; }
  # A file written short (a full disk) would merge silently: every run of one build writes
  # the same points, so all its files have the same number of lines.
  files=("$raw"/*.dat)
  [[ -s ${files[0]} ]] || { echo "coverage: $c wrote no coverage file in $raw" >&2; exit 1; }
  lines=$(wc -l <"${files[0]}")
  for f in "${files[@]}"; do
    [[ $(head -c 21 "$f") == "# SystemC::Coverage-3" && $(wc -l <"$f") == "$lines" ]] ||
      { echo "coverage: $f is incomplete ($(wc -l <"$f") of $lines lines)" >&2; exit 1; }
  done
  verilator_coverage --write "$out/$(basename "$raw").dat" "${files[@]}" || exit 1
  # One point per source point over every configuration: the module's parameter suffix
  # (tnam_sense__R8_C4_V7) and the instance path go, so that merging adds up the counts of
  # the same line, branch or bit wherever and however it was elaborated.
  sed -E $'s/\x01h\x02[^\x27]*//; s/(page\x02v_[a-z]+\\/[A-Za-z0-9_]+)__[^\x01]*/\\1/' \
    "$out/$(basename "$raw").dat" >"$out/norm/$(basename "$raw").dat"
  echo "coverage: $c: ${#files[@]} runs"
done
verilator_coverage --write "$out/merged.dat" "$out"/norm/*.dat || exit 1

strict=0
[[ $set_name == l0 ]] && strict=1
awk -v set="$set_name" -v strict=$strict -v update=$update \
  -v kept="$out/kept.dat" -v holes="$out/holes.txt" -v newfloor="$out/floor.txt" \
  -f scripts/coverage.awk "$waivers" "$floor" "$out/merged.dat" >"$out/summary.txt"
rc=$?
[[ $rc -eq 2 ]] && exit 2

# The HTML report of the points outside the waivers: lcov's DA lines from verilator_coverage,
# and a BRDA line per branch point so that genhtml shows an if's untaken side (a DA line
# counts the points of its line together).
{ echo "# SystemC::Coverage-3"; cat "$out/kept.dat"; } >"$out/report.dat"
verilator_coverage --write-info "$out/raw.info" "$out/report.dat" || exit 1
awk '
  FILENAME == ARGV[1] {
    if ($0 !~ /page\002v_branch\//) next
    f = $0; sub(/.*\001f\002/, "", f); sub(/\001.*/, "", f)
    l = $0; sub(/.*\001l\002/, "", l); sub(/\001.*/, "", l)
    c = $0; sub(/.* /, "", c)
    br[f] = br[f] sprintf("BRDA:%d,0,%d,%s\n", l, nb[f, l]++, c)
    next
  }
  /^SF:/ { sf = substr($0, 4) }
  /^end_of_record/ { printf "%s", br[sf] }
  { print }
' "$out/kept.dat" "$out/raw.info" >"$out/coverage.info"
genhtml -q --branch-coverage --legend --title "TNAM RTL coverage ($set_name)" \
  -o "$out/html" "$out/coverage.info" >"$out/genhtml.log" 2>&1 ||
  { cat "$out/genhtml.log" >&2; exit 1; }

echo
echo "coverage ($set_name): ${configs[*]}, $(find "$out/raw" -name '*.dat' | wc -l) runs, $((SECONDS - start)) s"
cat "$out/summary.txt"
echo "report: $out/html/index.html; holes: $out/holes.txt"
if ((update)); then
  awk -v set="$set_name" -v new="$out/floor.txt" '
    BEGIN { while ((getline l < new) > 0) fresh = fresh l "\n" }
    $1 == set { if (!done) printf "%s", fresh; done = 1; next }
    { print }
    END { if (!done) printf "%s", fresh }
  ' "$floor" >"$out/floor.new" && mv "$out/floor.new" "$floor"
  echo "coverage: $floor: set $set_name rewritten with the measured figures"
  exit 0
fi
exit $rc
