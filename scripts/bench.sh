#!/usr/bin/env bash
# make bench: speed of the lockstep harness, the RTL alone and the C model alone, on one
# generated stream (default configuration), best of BENCH_RUNS runs each. Two views:
#   back ends : the stream is sequenced into memory first; the timer sees only the back-end
#               steps (and, in lockstep, the per-cycle comparison): simulator against
#               simulator. Target: the C model alone runs at least 5x faster than the RTL.
#   end to end: what a regression run costs: sequencer, idle-port noise, expectation
#               scoreboard and back ends (stream generation is outside the timer). Target:
#               lockstep checking (model + per-cycle compare) costs at most 15% of the speed
#               of the same run with the RTL alone.
# Both views are printed for every figure; docs/decisions.md (D8) gives the reasoning.
set -uo pipefail
sim=$1
cycles=${BENCH_CYCLES:-2000000} seed=${BENCH_SEED:-1} profile=${BENCH_PROFILE:-mixed}
runs=${BENCH_RUNS:-3}

best() { # MODE [extra option]: prints "Mcycles/s Mevals/s" of the fastest of $runs runs
  local mode=$1 b=0 be=0 line r e
  shift
  for ((i = 0; i < runs; i++)); do
    line=$("$sim" --seed "$seed" --profile "$profile" --cycles "$cycles" --mode "$mode" --quiet "$@" |
           grep -E '^PASS:') || { echo "bench: the $mode run failed" >&2; exit 1; }
    r=$(sed -E 's/.* ([0-9.]+) M cycles\/s.*/\1/' <<<"$line")
    e=$(sed -E 's/.* ([0-9.]+) M evaluations\/s.*/\1/' <<<"$line")
    if awk -v a="$r" -v b="$b" 'BEGIN { exit !(a > b) }'; then b=$r be=$e; fi
  done
  echo "$b $be"
}

echo "bench: $sim, profile $profile, seed $seed, $cycles cycles, best of $runs"
printf '  %-24s %12s %16s\n' "" "M cycles/s" "M evaluations/s"
declare -A c
for view in back_end end_to_end; do
  for mode in lockstep rtl model; do
    if [[ $view == back_end ]]; then set -- $(best $mode --backend-only); else set -- $(best $mode); fi
    c[$view.$mode]=$1
    printf '  %-24s %12s %16s\n' "${view//_/ } $mode" "$1" "$2"
  done
done
awk -v l="${c[back_end.lockstep]}" -v r="${c[back_end.rtl]}" -v m="${c[back_end.model]}" \
    -v el="${c[end_to_end.lockstep]}" -v er="${c[end_to_end.rtl]}" 'BEGIN {
  cost = (1 - l / r) * 100; ratio = m / r; e2e = (1 - el / er) * 100
  ok_cost = (e2e <= 15); ok_ratio = (ratio >= 5)
  printf "  target: lockstep checking costs <= 15%% of RTL-alone speed (end to end): %.1f%%  %s  (back ends alone: %.1f%%)\n", e2e, (ok_cost ? "PASS" : "FAIL"), cost
  printf "  target: C model alone >= 5x the RTL: %.1fx  %s\n", ratio, (ok_ratio ? "PASS" : "FAIL")
  exit (ok_cost && ok_ratio) ? 0 : 1 }'
