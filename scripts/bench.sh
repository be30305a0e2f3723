#!/usr/bin/env bash
# make bench: one stream, three back-end modes, best of three runs each; checks the targets
#   lockstep checking costs at most 15% of the RTL-alone speed;
#   the C model alone runs at least 5x faster than the RTL.
# The timed loop is the same harness loop in every mode (sequencer, expectation checks), so
# the ratios compare the back ends, not the stream generation (which is outside the timer).
set -uo pipefail
sim=$1
cycles=${BENCH_CYCLES:-1000000} seed=${BENCH_SEED:-1} profile=${BENCH_PROFILE:-mixed}
runs=3
declare -A cps eps
for mode in lockstep rtl model; do
  best=0 best_e=0
  for ((i = 0; i < runs; i++)); do
    line=$("$sim" --seed "$seed" --profile "$profile" --cycles "$cycles" --mode "$mode" --quiet |
           grep -E '^PASS:') || { echo "bench: the $mode run failed" >&2; exit 1; }
    # PASS: N cycles, M evaluations, mode X, S s, R M cycles/s, E M evaluations/s
    r=$(sed -E 's/.* ([0-9.]+) M cycles\/s.*/\1/' <<<"$line")
    e=$(sed -E 's/.* ([0-9.]+) M evaluations\/s.*/\1/' <<<"$line")
    n=$(sed -E 's/^PASS: ([0-9]+) cycles, ([0-9]+) evaluations.*/\1 cycles, \2 evaluations/' <<<"$line")
    if awk -v a="$r" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=$r best_e=$e; fi
  done
  cps[$mode]=$best eps[$mode]=$best_e
done
echo "bench: $sim, profile $profile, seed $seed, $n per run, best of $runs"
printf '  %-10s %14s %18s\n' mode "M cycles/s" "M evaluations/s"
for mode in lockstep rtl model; do printf '  %-10s %14s %18s\n' "$mode" "${cps[$mode]}" "${eps[$mode]}"; done
awk -v l="${cps[lockstep]}" -v r="${cps[rtl]}" -v m="${cps[model]}" 'BEGIN {
  cost = (1 - l / r) * 100; ratio = m / r; ok = 1
  printf "  target: lockstep checking costs <= 15%% of RTL-alone speed: %.1f%%  %s\n", cost, cost <= 15 ? "PASS" : "FAIL"
  printf "  target: C model alone >= 5x the RTL: %.1fx  %s\n", ratio, ratio >= 5 ? "PASS" : "FAIL"
  exit !(cost <= 15 && ratio >= 5) }'
