#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Mutation tests: proves the lockstep checker bites. Each mutant in tb/mutants.txt is one
# exact-text substitution in a copy of rtl/ or c_model/; `make sim` on the copy must fail
# with a complete mismatch report, and the report's reproduce command must fail the same way.
# A mutant with `check vboard` is run instead on the virtual board built from the copy (the
# host against the Verilated board top, spec 13): for what only a single-stepped chip shows.
# usage: mutant.sh --list | mutant.sh --vars NAME DIR | mutant.sh NAME | mutant.sh --copy NAME DIR
# --copy only makes the mutated copy in DIR (DIR/rtl or DIR/c_model), for the formal flow
# (scripts/formal.sh); MUTANTS=FILE reads another table of the same format.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
table=${MUTANTS:-tb/mutants.txt}
copy_dir=
if [[ "${1:-}" == --copy ]]; then
  [[ $# -eq 3 ]] || { echo "usage: mutant.sh --copy NAME DIR" >&2; exit 2; }
  copy_dir=$3
  set -- "$2"
fi

field() { # NAME KEY: the text after "KEY " in NAME's block
  awk -v n="$1" -v k="$2" '
    /^mutant / { cur = substr($0, 8) }
    cur == n && index($0, k " ") == 1 { print substr($0, length(k) + 2); exit }' "$table"
}

if [[ "${1:-}" == --list ]]; then sed -n 's/^mutant //p' "$table"; exit 0; fi
# How a mutant's copy in DIR is built (make variables, one line): the one recipe of this script,
# of make regress MUTANT= (mk/regress.mk) and of make test's SystemC mutant. A mutation may leave
# a signal or variable unused, so warnings do not stop the build. The RTL's assertions
# (docs/decisions.md D34) are left out: a mutant tests the lockstep checker, which an assertion
# firing first would hide (scripts/formal.sh proves them). The Verilated C++ compiles at -O0
# (VL_OPT, the Makefile): compiling is most of a mutant's time, and its runs are short.
build_vars() { # SIDE DIR
  case $1 in
    rtl) echo "RTL_DIR=$2/rtl VL_LINT=-Wno-fatal VL_ASSERT= VL_OPT=-O0" ;;
    model) echo "MODEL_DIR=$2/c_model C_WERROR=" ;;
  esac
}
# --vars NAME DIR: those variables for mutant NAME copied into DIR (nothing, exit 2, for a name
# the table does not hold).
if [[ "${1:-}" == --vars ]]; then
  [[ $# -eq 3 ]] || { echo "usage: mutant.sh --vars NAME DIR" >&2; exit 2; }
  out=$(build_vars "$(field "$2" side)" "$3")
  [[ -n $out ]] || exit 2
  echo "$out"
  exit 0
fi
name=${1:?usage: mutant.sh --list | mutant.sh NAME}
side=$(field "$name" side) file=$(field "$name" file) from=$(field "$name" from) to=$(field "$name" to)
[[ -n "$side" && -n "$file" && -n "$from" && -n "$to" ]] ||
  { echo "mutant.sh: $table has no complete mutant '$name' (side, file, from, to)"; exit 2; }
case $side in rtl) src=rtl ;; model) src=c_model ;; *) echo "mutant.sh: side '$side'?"; exit 2 ;; esac
# The chip it runs on (ROWS:COLS:MACROS:TILES): selection mutants need spares.
config=$(field "$name" config)
IFS=: read -r rows cols macros tiles <<<"${config:-64:16:1:1}"

dir=${copy_dir:-build/mut/$name}
rm -rf "$dir"
mkdir -p "$dir"
cp -r "$src" "$dir/"
target=$dir/$src/$file
# Exactly one line must hold the text: a mutant that no longer applies is an error, never a
# silent pass.
count=$(awk -v f="$from" 'index($0, f) { n++ } END { print n + 0 }' "$target")
[[ $count -eq 1 ]] || { echo "mutant.sh: '$from' is on $count lines of $src/$file (need 1): update $table"; exit 2; }
awk -v f="$from" -v t="$to" '{ i = index($0, f); if (i) $0 = substr($0, 1, i - 1) t substr($0, i + length(f)); print }' \
  "$src/$file" > "$target"
echo "mutant $name: $src/$file"
diff "$src/$file" "$target"
[[ -z $copy_dir ]] || exit 0

read -ra vars <<<"$(build_vars "$side" "$dir")"
if [[ $(field "$name" check) == vboard ]]; then
  [[ $side == rtl ]] || { echo "mutant.sh: check vboard needs side rtl"; exit 2; }
  host=build/tools/tnam_host vboard=$dir/vboard/tnam_vboard
  make --no-print-directory "$host" >/dev/null || exit 1
  cfg=()
  [[ -n $config ]] && cfg=(ROWS="$rows" COLS="$cols" MACROS="$macros" TILES="$tiles")
  make --no-print-directory vboard "${vars[@]}" "${cfg[@]}" VBOARD_DIR="$dir/vboard" >"$dir/build.log" 2>&1 ||
    { tail -20 "$dir/build.log"; echo "mutant.sh: the virtual board did not build"; exit 1; }
  # An ideal stream (no calibration): the first difference comes in an evaluation, whose
  # operands the report must show. The host starts and stops the virtual board itself, so
  # the report's reproduce line reruns on its own.
  timeout 120 "$host" --board vboard --vboard "$vboard" --seed 1 --cycles 2000 --ideal \
    >"$dir/sim.log" 2>&1
  rc=$?
  cat "$dir/sim.log"
  [[ $rc -ne 0 ]] || { echo "mutant.sh: SURVIVED: the virtual board passed with mutant $name"; exit 1; }
else
  make --no-print-directory sim "${vars[@]}" SIMDIR="$dir" CYCLES=5000 \
    ROWS="$rows" COLS="$cols" MACROS="$macros" TILES="$tiles" > "$dir/sim.log" 2>&1
  rc=$?
  cat "$dir/sim.log"
  [[ $rc -ne 0 ]] || { echo "mutant.sh: SURVIVED: make sim passed with mutant $name"; exit 1; }
  grep -q "^sim: " "$dir/sim.log" || { echo "mutant.sh: make sim failed before simulating (build?)"; exit 1; }
fi

# The first report must be complete.
report=$(awk '/^ *(MISMATCH|EXPECTATION FAILED|TIMING ERROR) at cycle/ { on = 1 } on { print } on && /reproduce/ { exit }' "$dir/sim.log")
for key in "at cycle" "unit" "expected" "actual" "evaluation" "word lines" "seed" "reproduce"; do
  grep -q "$key" <<<"$report" || { echo "mutant.sh: the report lacks '$key'"; exit 1; }
done
# Its reproduce line must fail again with the same first line.
repro=$(sed -n 's/^ *reproduce *: //p' <<<"$report")
first=$(head -1 <<<"$report" | sed 's/^ *//')
again=$($repro 2>&1)
[[ $? -ne 0 && "$again" == *"$first"* ]] || { echo "mutant.sh: '$repro' did not reproduce: $first"; exit 1; }
echo "mutant.sh: killed; '$repro' reproduces: $first"
