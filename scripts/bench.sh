#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make bench: speed of the lockstep harness, the RTL alone and the C model alone, on one
# generated stream (default configuration), best of BENCH_RUNS runs each. Two views:
#   back ends : the stream is sequenced into memory first; the timer sees only the back-end
#               steps (and, in lockstep, the per-cycle comparison): simulator against
#               simulator. Target: the C model alone runs at least 5x faster than the RTL.
#   end to end: what a regression run costs: sequencer, idle-port noise, expectation
#               scoreboard and back ends (stream generation is outside the timer). Target:
#               lockstep checking (model + per-cycle compare) costs at most 15% of the speed
#               of the same run with the RTL alone.
# Both views are printed for every figure; docs/decisions.md (D8) gives the reasoning. These
# speed targets are measured on 1.5-bit (threshold-mode) streams, the mode they were set for.
# Then the price of precision: 1.5-bit against 4-bit evaluations at 1% and 50% input activity:
# cycles and comparator decisions per evaluation and per neuron (the same in every back end),
# and neuron evaluations per second in lockstep and with the RTL alone.
set -uo pipefail
sim=$1
cycles=${BENCH_CYCLES:-2000000} seed=${BENCH_SEED:-1} profile=${BENCH_PROFILE:-mixed}
runs=${BENCH_RUNS:-3}

best() { # MODE [extra option]: prints "Mcycles/s Mevals/s" of the fastest of $runs runs
  local mode=$1 b=0 be=0 line r e
  shift
  for ((i = 0; i < runs; i++)); do
    line=$("$sim" --seed "$seed" --profile "$profile" --modes thresh --cycles "$cycles" --mode "$mode" --quiet "$@" |
           grep -E '^PASS:') || { echo "bench: the $mode run failed" >&2; exit 1; }
    r=$(sed -E 's/.* ([0-9.]+) M cycles\/s.*/\1/' <<<"$line")
    e=$(sed -E 's/.* ([0-9.]+) M evaluations\/s.*/\1/' <<<"$line")
    if awk -v a="$r" -v b="$b" 'BEGIN { exit !(a > b) }'; then b=$r be=$e; fi
  done
  echo "$b $be"
}

echo "bench: $sim, profile $profile, 1.5-bit mode, seed $seed, $cycles cycles, best of $runs"
printf '  %-24s %12s %16s\n' "" "M cycles/s" "M evaluations/s"
declare -A c
for view in back_end end_to_end; do
  for mode in lockstep rtl model; do
    if [[ $view == back_end ]]; then opts=(--backend-only); else opts=(); fi
    read -r cycle_rate eval_rate < <(best "$mode" "${opts[@]}")
    c[$view.$mode]=$cycle_rate
    printf '  %-24s %12s %16s\n' "${view//_/ } $mode" "$cycle_rate" "$eval_rate"
  done
done
awk -v l="${c[back_end.lockstep]}" -v r="${c[back_end.rtl]}" -v m="${c[back_end.model]}" \
    -v el="${c[end_to_end.lockstep]}" -v er="${c[end_to_end.rtl]}" 'BEGIN {
  cost = (1 - l / r) * 100; ratio = m / r; e2e = (1 - el / er) * 100
  ok_cost = (e2e <= 15); ok_ratio = (ratio >= 5)
  printf "  target: lockstep checking costs <= 15%% of RTL-alone speed (end to end): %.1f%%  %s  (back ends alone: %.1f%%)\n", e2e, (ok_cost ? "PASS" : "FAIL"), cost
  printf "  target: C model alone >= 5x the RTL: %.1fx  %s\n", ratio, (ok_ratio ? "PASS" : "FAIL")
  exit (ok_cost && ok_ratio) ? 0 : 1 }'
target_status=$?
pcycles=${BENCH_PRECISION_CYCLES:-400000}
echo "bench: price of precision (rows 64 cols 16, seed $seed, $pcycles cycles per run, ideal: no variation)"
printf '  %-8s %-9s %11s %11s %12s %12s %13s %13s\n' mode activity cycles/eval decis./eval \
  cycles/neuron decis./neuron "M neur/s lock" "M neur/s RTL"
for mode in thresh q4; do
  for p in sparse half; do
    line=() rate=()
    for run in lockstep rtl; do
      out=$("$sim" --seed "$seed" --profile "$p" --modes "$mode" --cycles "$pcycles" --mode "$run" --ideal) ||
        { echo "bench: the $mode $p $run run failed" >&2; exit 1; }
      w=$(grep -E '^work ' <<<"$out")
      read -ra line < <(sed -E 's/.*per evaluation ([0-9.]+) cycles, ([0-9.]+) decisions; per neuron ([0-9.]+) cycles, ([0-9.]+) decisions; ([0-9.]+) M.*/\1 \2 \3 \4 \5/' <<<"$w")
      rate+=("${line[4]}")
    done
    printf '  %-8s %-9s %11s %11s %12s %12s %13s %13s\n' "$([[ $mode == thresh ]] && echo 1.5-bit || echo 4-bit)" \
      "$([[ $p == sparse ]] && echo 1% || echo 50%)" "${line[0]}" "${line[1]}" "${line[2]}" "${line[3]}" "${rate[0]}" "${rate[1]}"
  done
done
exit $target_status
