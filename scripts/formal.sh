#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make formal: properties of the RTL proved for every input with Yosys' SAT solver
# (tb/formal/README.md lists them; docs/decisions.md D34 says why Yosys alone).
#
# Each proof reads one wrapper of tb/formal/ with the RTL (with TNAM_ASSERT, so the RTL's
# own checks are proved too), sets small parameters, and runs `sat -tempinduct`: a base case
# from the reset-free zero state and an induction step from any state, so a pass holds for
# every input sequence of any length. A combinational wrapper needs one step.
#
# usage: formal.sh [--quick] [--rtl DIR] [PROOF...]   run the proofs (all, or those named;
#                                                      --quick: those make test runs)
#        formal.sh --mutants [--quick]                 each mutant that touches a proven block
#                                                      must fail the proof its table names
#                                                      (--quick: the first mutant of each
#                                                      proof that make test runs)
#        formal.sh --list                              the proofs, one a line, with what each proves
# --rtl DIR proves the RTL in DIR instead of rtl/ (a mutant's copy). Exit 0 when every proof
# holds, 1 when one fails (its counterexample is in build/formal/NAME.log) or cannot run, 2 on
# bad usage.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
out=build/formal
jobs=2

# name | wrapper | parameters (chparam) | extra read_verilog options | flags | tiers | what
#   flags: comb (a combinational wrapper: one SAT problem, no induction); macro-free
#   (tnam_macro is a black box whose outputs are free in every cycle, an over-approximation:
#   fv_macro proves the macro itself); init=N (start the induction at length N, the length
#   it needs: the shorter ones fail and cost time)
proofs=(
  "select|fv_select|MACROS=4||comb|quick full|tnam_select: a copy with the fewest driven hazard rows, then the lowest residual, then the lowest index; static mapping the lowest copy"
  "select_m8|fv_select|MACROS=8 RSW=3||comb|full|the same with 8 macros (the largest chip), 3-bit residuals"
  "chip|fv_chip|ROWS=2 COLS=3 MACROS=3 TILES=2||macro-free|quick full|tnam_chip: the selection from the spec's terms, exactly the chosen copies of running tiles enabled, each with its tile's inputs, the tile map's invariant"
  "chip_m4|fv_chip|ROWS=4 COLS=3 MACROS=4 TILES=3||macro-free|full|the same on 4 macros and 3 tiles"
  "sense|fv_sense|ROWS=4 COLS=3||comb|quick full|tnam_sense: A, G, the gated column's 0 and known decision, the comparator, P + N, against a row-by-row reference"
  "sense_guarded|fv_sense|ROWS=4 COLS=3|-DTNAM_SIM_GUARDS|comb|quick full|the same in the Verilated form (speed guards on), with the held comparison of a search step"
  "sar_result|fv_macro|ROWS=2 COLS=4|||quick full|tnam_macro + tnam_sar + tnam_ml_ctrl: at done_o every code is the READ's value clamped to the range (0 when gated); the RTL's macro checks"
  "sar_result_guarded|fv_macro|ROWS=2 COLS=4|-DTNAM_SIM_GUARDS||full|the same in the Verilated form (speed guards on)"
  "timing|fv_ml_ctrl|ROWS=2||init=12|quick full|tnam_ml_ctrl against a model of section 10: busy, done, READ/STEP/FINISH, step indices, word lines of each plane"
  "timing_r4|fv_ml_ctrl|ROWS=4|||full|the same with S = 4 steps"
  "clock_enable|fv_ce|ROWS=2 COLS=2|||quick full|tnam_ml_ctrl and tnam_sar: no register changes at an edge with ce_i = 0; the sequencer's invariants"
  "counters|fv_counters|ROWS=4 COLS=3|||quick full|tnam_counters: each counter grows by what the spec counts and nothing else; reset; ce_i = 0"
)

field() { cut -d'|' -f"$2" <<<"$1"; }
describe() { for p in "${proofs[@]}"; do printf '%-20s %s\n' "$(field "$p" 1)" "$(field "$p" 7)"; done; }
lookup() { for p in "${proofs[@]}"; do [[ $(field "$p" 1) == "$1" ]] && { echo "$p"; return 0; }; done; return 1; }

# One proof: NAME RTL_DIR LOG. Prints one line; exit 0 when it holds.
prove() {
  local spec top params defs flags chparams="" macro_free="" t0 rc secs mode
  spec=$(lookup "$1") || { echo "formal: no proof '$1' (formal.sh --list)" >&2; return 2; }
  top=$(field "$spec" 2) params=$(field "$spec" 3) defs=$(field "$spec" 4) flags=$(field "$spec" 5)
  for kv in $params; do chparams+=" -set ${kv%%=*} ${kv#*=}"; done
  [[ $flags == *macro-free* ]] && macro_free="blackbox tnam_macro;"
  mode="-tempinduct -set-init-zero -maxsteps 24"
  [[ $flags =~ init=([0-9]+) ]] && mode+=" -initsteps ${BASH_REMATCH[1]}"
  [[ $flags == *comb* ]] && mode=""
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086 # the RTL list is a glob, the defines a word list
  yosys -q -l "$3" -p "read_verilog -formal -DTNAM_ASSERT $defs tb/formal/$top.v $2/*.v;
      chparam$chparams $top; $macro_free prep -flatten -top $top; async2sync;
      sat $( [[ -n $macro_free ]] && echo -ignore_unknown_cells) -prove-asserts -set-assumes \
        $mode -show-inputs -verify" >/dev/null 2>&1
  rc=$?
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  local steps
  steps=$(grep -o 'Trying induction with length [0-9]*' "$3" | tail -1 | awk '{print $NF}')
  if [[ $rc -eq 0 && -z $mode ]] && grep -q 'no model found: SUCCESS' "$3"; then
    printf '  %-20s PROVED   %5ss  (combinational; %s)\n' "$1" "$secs" "$params"
    return 0
  fi
  if [[ $rc -eq 0 ]] && grep -q 'Induction step proven: SUCCESS' "$3"; then
    printf '  %-20s PROVED   %5ss  (induction length %s; %s)\n' "$1" "$secs" "${steps:-1}" "$params"
    return 0
  fi
  # A counterexample, or an induction that did not close within -maxsteps (neither proved
  # nor refuted: a stronger wrapper or a longer induction is needed).
  if grep -q 'model found.*FAIL' "$3"; then
    printf '  %-20s FAILED   %5ss  (%s; counterexample in %s)\n' "$1" "$secs" "$params" "$3"
    return 1
  fi
  if grep -q 'Reached maximum number of time steps -> proof failed' "$3"; then
    printf '  %-20s UNPROVEN %5ss  (%s; the induction did not close in 24 steps: %s)\n' "$1" "$secs" "$params" "$3"
    return 3
  fi
  printf '  %-20s ERROR    %5ss  (yosys stopped before the proof: %s)\n' "$1" "$secs" "$3"
  return 3
}

# One mutant: TABLE NAME PROOF. The mutated copy must fail PROOF with a counterexample.
one_mutant() {
  local dir=$out/mut/$2 line
  rm -rf "$dir"
  MUTANTS=$1 scripts/mutant.sh --copy "$2" "$dir" >"$out/mut_$2.diff" 2>&1 ||
    { echo "  $2: the mutant does not apply (see $out/mut_$2.diff)"; return 1; }
  line=$(prove "$3" "$dir/rtl" "$dir/$3.log")
  case $? in
    0) echo "  $2: SURVIVED: $3 still holds on the mutated RTL"; return 1 ;;
    1) printf '  %-38s killed by %-19s %6ss  (counterexample in %s)\n' "$2" "$3" \
         "$(awk '{ sub(/s$/, "", $3); print $3 }' <<<"$line")" "$dir/$3.log" ;;
    *) echo "  $2: $3 did not run on the mutated RTL: $line"; return 1 ;;
  esac
}

rtl=rtl tier=full mode=prove
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) tier=quick; shift ;;
    --rtl) [[ $# -ge 2 && -d $2 ]] || { echo "formal: --rtl needs a folder of RTL" >&2; exit 2; }
      rtl=$2; shift 2 ;;
    --mutants) mode=mutants; shift ;;
    --list) describe; exit 0 ;;
    --one) prove "$2" "$3" "$4"; exit $? ;;  # internal: one proof (run in parallel below)
    --one-mutant) one_mutant "$2" "$3" "$4"; exit $? ;;  # internal: TABLE NAME PROOF
    -*) echo "usage: formal.sh [--quick] [--rtl DIR] [PROOF...] | --mutants [--quick] | --list" >&2; exit 2 ;;
    *) break ;;
  esac
done
command -v yosys >/dev/null || { echo "formal: yosys is not installed (make deps)" >&2; exit 2; }
mkdir -p "$out"

# Runs the named proofs on RTL folder $1, two at a time; LOGDIR $2. Exit 1 if any failed.
run_proofs() {
  local dir=$1 logdir=$2; shift 2
  mkdir -p "$logdir"
  printf '%s\n' "$@" | xargs -P "$jobs" -I{} "$0" --one {} "$dir" "$logdir/{}.log"
}

if [[ $mode == prove ]]; then
  selected=("$@")
  if [[ ${#selected[@]} -eq 0 ]]; then
    for p in "${proofs[@]}"; do [[ " $(field "$p" 6) " == *" $tier "* ]] && selected+=("$(field "$p" 1)"); done
  fi
  for n in "${selected[@]}"; do lookup "$n" >/dev/null || { echo "formal: no proof '$n' (formal.sh --list)" >&2; exit 2; }; done
  start=$SECONDS
  echo "formal: ${#selected[@]} proof(s) of $rtl/ (yosys sat, temporal induction)"
  run_proofs "$rtl" "$out" "${selected[@]}"
  rc=$?
  echo "formal: $([[ $rc -eq 0 ]] && echo "every property holds" || echo "FAILED") ($((SECONDS - start)) s)"
  [[ $rc -eq 0 ]] || exit 1
  exit 0
fi

# --mutants: every mutant with a `formal PROOF` line (tb/mutants.txt, and the formal-only
# mutants of tb/formal/mutants.txt for blocks no lockstep mutant touches) must fail PROOF
# with a counterexample. A mutant of tb/mutants.txt in a proven block's file without that
# line is an error, so a new mutant is never silently left out.
blocks="tnam_select.v tnam_chip.v tnam_tile_map.v tnam_sense.v tnam_sar.v tnam_counters.v tnam_ml_ctrl.v tnam_macro.v"
start=$SECONDS
jobs_list=() sampled=()
failed=0
for table in tb/mutants.txt tb/formal/mutants.txt; do
  while read -r name; do
    block=$(awk -v n="$name" '/^mutant / { cur = substr($0, 8) } cur == n && /^(side|file|formal) / { print }' "$table")
    side=$(sed -n 's/^side //p' <<<"$block") file=$(sed -n 's/^file //p' <<<"$block")
    proof=$(sed -n 's/^formal //p' <<<"$block")
    [[ $side == rtl ]] || continue
    if [[ -z $proof ]]; then
      [[ " $blocks " == *" $file "* ]] || continue
      echo "  $name: touches $file but names no proof ('formal PROOF' in $table)"; failed=1; continue
    fi
    [[ $proof == none:* ]] && { echo "  $name: no proof covers it:${proof#none:}"; continue; }
    spec=$(lookup "$proof") || { echo "  $name: $table names no proof '$proof'"; failed=1; continue; }
    # --quick: one mutant for each proof that make test runs
    if [[ $tier == quick ]]; then
      [[ " $(field "$spec" 6) " == *" quick "* && " ${sampled[*]} " != *" $proof "* ]] || continue
      sampled+=("$proof")
    fi
    jobs_list+=("$table $name $proof")
  done < <(sed -n 's/^mutant //p' "$table")
done
# Two at a time, each line printed as its proof ends.
printf '%s\n' "${jobs_list[@]}" | xargs -P "$jobs" -L 1 "$0" --one-mutant
rc=$?
[[ $rc -eq 0 ]] || failed=1
echo "formal: ${#jobs_list[@]} mutants, $([[ $failed -eq 0 ]] && echo "each fails its proof" || echo "FAILED") ($((SECONDS - start)) s)"
exit $failed
