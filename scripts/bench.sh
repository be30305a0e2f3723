#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make bench: speed of the lockstep harness, the RTL alone and the C model alone on one
# generated stream (default configuration), best of BENCH_RUNS runs each, every figure also as
# a ratio to the yardstick: a minimal macro of the same size (tb/bench/tnam_yardstick.v) built
# with the same flags and driven by the same main and benchmark loop in the same run. Speeds
# vary from run to run and machine to machine; the ratios are what the targets judge
# (docs/decisions.md D28). Two views, and the wall clock:
#   back ends : the stream is sequenced into memory first; the timer sees only the back-end
#               steps (and, in lockstep, the per-cycle comparison): simulator against simulator.
#   end to end: what a regression run costs: sequencer, idle-port noise, expectation scoreboard
#               and back ends (stream generation is outside the timer).
#   wall      : the end-to-end runs timed from the outside, the stream's generation included
#               (it is made as the run goes, D41): what a generated regression job waits for;
#               and the generator's own rate, the model run's wall time less its timed run
#               (docs/decisions.md D46). No target: printed so that a slow generator shows.
# The speed figures are of 1.5-bit (threshold-mode) streams. Then the price of precision:
# 1.5-bit against 4-bit evaluations at 1% and 50% input activity: cycles and comparator
# decisions per evaluation and per neuron (the same in every back end), and neuron evaluations
# per second in lockstep and with the RTL alone. Then the largest legal chip (256 x 64, 8
# macros, 4 tiles), RTL alone, single-threaded and with Verilator's --threads 2 (no target).
#
# Usage: bench.sh SIM YARDSTICK_SIM. Exit status 0 when every run passed and every target is
# met, 1 otherwise (the failures are listed last). BENCH_QUICK=1 runs a short slice of each
# part, judges no target (short runs measure nothing) and leaves out the largest chip, whose
# builds take minutes: it checks that the bench runs end to end.
set -uo pipefail
sim=$1 yardstick=$2
quick=${BENCH_QUICK:-0}
if [[ $quick == 1 ]]; then short=20000; else short=; fi
cycles=${BENCH_CYCLES:-${short:-2000000}}
pcycles=${BENCH_PRECISION_CYCLES:-${short:-400000}}
bcycles=${BENCH_BIG_CYCLES:-${short:-200000}}
ccycles=${BENCH_CHECK_CYCLES:-${short:-200000}}
runs=${BENCH_RUNS:-$([[ $quick == 1 ]] && echo 1 || echo 3)}
big=${BENCH_BIG:-$([[ $quick == 1 ]] && echo 0 || echo 1)}
big_build_s=${BENCH_BIG_BUILD_S:-1800}
seed=${BENCH_SEED:-1} profile=${BENCH_PROFILE:-mixed}

# The baseline the "times today" targets count from, as ratios to the yardstick's back-end
# cycles/s of the same run: the RTL alone's back-end speed, and the 4-bit 50% lockstep neuron
# evaluations per second. Measured with `make bench BENCH_BIG=0` on branch h/yardstick, whose
# RTL, model and harness are main's at eb8c8f2 (only this bench and the yardstick added), on
# the shared 2-core VM, 2026-12-06: two runs gave 0.194 and 0.149, and 0.0113 and 0.0110; the
# constants are the means.
base_rtl_ratio=0.17
base_q4_ratio=0.0112

failures=()
fail() { failures+=("$1"); }

# The fastest run of each figure counts. The runs go in rounds, each round running every figure
# of its table once, so that a change in the machine's load meets every figure alike and the
# ratios stay fair.
declare -A rate evals broken wall_rate gen_rate
# KEY BINARY ARGS...: one run; keeps the fastest summary line's M cycles/s and M evaluations/s
# in rate[KEY] and evals[KEY], and its whole output in $out. A failed run is listed once and
# its figure stays 0.
measure() {
  local key=$1 bin=$2 line r e
  shift 2
  : "${rate[$key]:=0}" "${evals[$key]:=0}"
  [[ -n ${broken[$key]:-} ]] && return 1
  # No held edges (spec 7, `hold`): the figures count cycles, comparable with the baseline's.
  local t0 t1 cycles secs wall wr gr
  t0=$(date +%s.%N)
  if ! out=$("$bin" "$@" --hold-rate 0) || ! line=$(grep -E '^PASS:' <<<"$out"); then
    echo "bench: this run failed: $bin $*" >&2
    fail "run: $bin $*"
    broken[$key]=1 rate[$key]=0 evals[$key]=0
    return 1
  fi
  r=$(sed -E 's/.* ([0-9.]+) M cycles\/s.*/\1/' <<<"$line")
  e=$(sed -E 's/.* ([0-9.]+) M evaluations\/s.*/\1/' <<<"$line")
  if awk -v a="$r" -v b="${rate[$key]}" 'BEGIN { exit !(a > b) }'; then rate[$key]=$r evals[$key]=$e; fi
  # The wall clock: the whole process, generation included; the generator: the rest of the
  # wall time once the run's own (timed) seconds are taken out. The fastest of each counts.
  t1=$(date +%s.%N)
  cycles=$(sed -E 's/^PASS: ([0-9]+) cycles.*/\1/' <<<"$line")
  secs=$(sed -E 's/.* ([0-9.]+) s, [0-9.]+ M cycles\/s.*/\1/' <<<"$line")
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
  read -r wr gr < <(awk -v c="$cycles" -v w="$wall" -v s="$secs" -v bw="${wall_rate[$key]:-0}" \
    -v bg="${gen_rate[$key]:-0}" 'BEGIN { wr = w > 0 ? c / w / 1e6 : 0; gr = w > s ? c / (w - s) / 1e6 : 0;
             printf "%.3f %.3f\n", (wr > bw ? wr : bw), (gr > bg ? gr : bg) }')
  wall_rate[$key]=$wr gen_rate[$key]=$gr
}

# A / B to three significant digits (0 when B is 0).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3g", (b > 0 ? a / b : 0) }'; }

# NAME MEASURED OP BOUND UNIT: one line per target, its verdict first; OP is ">=" or "<=".
target() {
  local name=$1 measured=$2 op=$3 bound=$4 unit=$5 verdict
  if [[ $quick == 1 ]]; then
    verdict=--
  elif awk -v m="$measured" -v b="$bound" -v op="$op" \
    'BEGIN { exit !(op == ">=" ? m >= b : m <= b) }'; then
    verdict=PASS
  else
    verdict=FAIL
    fail "target: $name: $measured, wanted $op $bound ($unit)"
  fi
  printf '  %-4s  %-36s %7s   wanted %s %s (%s)\n' "$verdict" "$name" "$measured" "$op" "$bound" "$unit"
}

# The yardstick has no variation, so only an ideal stream's expectations hold for it: its
# mac, gate and dec against the generator's own reference (and its latency against the
# sequencer's), end to end, before it is trusted as a measure.
echo "bench: yardstick self-check: $yardstick, ideal 1.5-bit stream, seed $seed, $ccycles cycles"
if out=$("$yardstick" --seed "$seed" --profile "$profile" --modes thresh --cycles "$ccycles" \
  --mode rtl --ideal --quiet --hold-rate 0 2>&1) && grep -qE '^PASS:' <<<"$out"; then
  echo "  $(grep -E '^PASS:' <<<"$out" | sed -E 's/, mode.*//'): every result as the stream expects"
else
  echo "$out" | tail -20
  fail "run: yardstick self-check (its results differ from the stream's expectations)"
fi

echo "bench: $sim, profile $profile, 1.5-bit mode, seed $seed, $cycles cycles, best of $runs"
fmt='  %-24s %12s %12s %16s\n'
# shellcheck disable=SC2059 # the format is the table's, shared by every row
printf "$fmt" "" "M cycles/s" "x yardstick" "M evaluations/s"
common=(--seed "$seed" --profile "$profile" --modes thresh --cycles "$cycles" --quiet)
views=(back_end end_to_end) modes=(lockstep rtl model)
for ((i = 0; i < runs; i++)); do
  measure yardstick "$yardstick" "${common[@]}" --mode rtl --backend-only
  for view in "${views[@]}"; do
    if [[ $view == back_end ]]; then opts=(--backend-only); else opts=(); fi
    for mode in "${modes[@]}"; do measure "$view.$mode" "$sim" "${common[@]}" --mode "$mode" "${opts[@]}"; done
  done
done
yard_rate=${rate[yardstick]}
# shellcheck disable=SC2059
printf "$fmt" "back end yardstick" "$yard_rate" "1.00" "${evals[yardstick]}"
for view in "${views[@]}"; do
  for mode in "${modes[@]}"; do
    # shellcheck disable=SC2059
    printf "$fmt" "${view//_/ } $mode" "${rate[$view.$mode]}" "$(ratio "${rate[$view.$mode]}" "$yard_rate")" \
      "${evals[$view.$mode]}"
  done
done
for mode in "${modes[@]}"; do
  # shellcheck disable=SC2059
  printf "$fmt" "wall $mode" "${wall_rate[end_to_end.$mode]}" \
    "$(ratio "${wall_rate[end_to_end.$mode]}" "$yard_rate")" "(generation included)"
done
# shellcheck disable=SC2059
printf "$fmt" "stream generation" "${gen_rate[end_to_end.model]}" \
  "$(ratio "${gen_rate[end_to_end.model]}" "$yard_rate")" "(the generator alone)"
echo "  (the yardstick lacks the chip's variation, so this stream's expectations fail on it end to end)"

echo "bench: price of precision (rows 64 cols 16, seed $seed, $pcycles cycles per run, best of $runs, ideal: no variation)"
pfmt='  %-8s %-9s %11s %11s %12s %12s %13s %13s %11s %11s\n'
# shellcheck disable=SC2059
printf "$pfmt" mode activity cycles/eval decis./eval cycles/neuron decis./neuron \
  "M neur/s lock" "M neur/s RTL" "lock x yard" "RTL x yard"
# Per evaluation and per neuron: from the work line, the same in every run and back end.
declare -A work neur
for ((i = 0; i < runs; i++)); do
  for mode in thresh q4; do
    for p in sparse half; do
      for run in lockstep rtl; do
        key=$mode.$p.$run
        measure "$key" "$sim" --seed "$seed" --profile "$p" --modes "$mode" --cycles "$pcycles" \
          --mode "$run" --ideal || continue
        w=$(grep -E '^work ' <<<"$out" | sed -E 's/.*per evaluation ([0-9.]+) cycles, ([0-9.]+) decisions; per neuron ([0-9.]+) cycles, ([0-9.]+) decisions; ([0-9.]+) M.*/\1 \2 \3 \4 \5/')
        work[$mode.$p]=${w% *}
        if awk -v a="${w##* }" -v b="${neur[$key]:-0}" 'BEGIN { exit !(a > b) }'; then neur[$key]=${w##* }; fi
      done
    done
  done
done
for mode in thresh q4; do
  for p in sparse half; do
    read -ra wk <<<"${work[$mode.$p]:-}"
    lock=${neur[$mode.$p.lockstep]:-0} alone=${neur[$mode.$p.rtl]:-0}
    # shellcheck disable=SC2059
    printf "$pfmt" "$([[ $mode == thresh ]] && echo 1.5-bit || echo 4-bit)" \
      "$([[ $p == sparse ]] && echo 1% || echo 50%)" "${wk[0]:-}" "${wk[1]:-}" "${wk[2]:-}" \
      "${wk[3]:-}" "$lock" "$alone" "$(ratio "$lock" "$yard_rate")" "$(ratio "$alone" "$yard_rate")"
  done
done
q4_half_lockstep=${neur[q4.half.lockstep]:-0}

if [[ $big == 1 ]]; then
  big_cfg=(ROWS=256 COLS=64 MACROS=8 TILES=4)
  echo "bench: the largest legal chip (rows 256 cols 64 macros 8 tiles 4), RTL alone, back end," \
    "profile $profile, 1.5-bit mode, $bcycles cycles, best of $runs (no target)"
  declare -A big_sim
  for threads in 1 2; do
    big_sim[$threads]=$(make -s --no-print-directory print-SIM "${big_cfg[@]}" VL_THREADS=$threads)
    log=build/bench/build-r256c64m8t4-threads$threads.log
    mkdir -p build/bench
    echo "  building ${big_sim[$threads]} (log $log)"
    # The first build is long: cut at BENCH_BIG_BUILD_S, the next make bench goes on from the
    # objects ccache kept.
    if ! timeout -k 10 "$big_build_s" make --no-print-directory build "${big_cfg[@]}" \
      VL_THREADS=$threads >"$log" 2>&1; then
      echo "  not built: see $log"
      fail "run: build of the largest chip with --threads $threads (failed, or not done in $big_build_s s)"
      broken[big.$threads]=1
    fi
  done
  for ((i = 0; i < runs; i++)); do
    for threads in 1 2; do
      measure "big.$threads" "${big_sim[$threads]}" --seed "$seed" --profile "$profile" \
        --modes thresh --cycles "$bcycles" --quiet --mode rtl --backend-only
    done
  done
  for threads in 1 2; do
    if [[ -n ${broken[big.$threads]:-} ]]; then
      printf '  %-24s %12s\n' "--threads $threads" "no figure"
      continue
    fi
    # shellcheck disable=SC2059
    printf "$fmt" "--threads $threads" "${rate[big.$threads]}" "$(ratio "${rate[big.$threads]}" "$yard_rate")" \
      "${evals[big.$threads]}"
  done
  [[ -z ${broken[big.1]:-}${broken[big.2]:-} ]] &&
    echo "  --threads 2 against 1: $(ratio "${rate[big.2]}" "${rate[big.1]}")x"
fi

echo "bench: targets (ratios to the yardstick's back end, baselines of eb8c8f2$([[ $quick == 1 ]] && echo "; not judged: quick"))"
rtl_ratio=$(ratio "${rate[back_end.rtl]}" "$yard_rate")
target "RTL alone, back end" "$rtl_ratio" ">=" 0.80 "x yardstick"
target "RTL alone, back end, against today" "$rtl_ratio" ">=" \
  "$(awk -v b="$base_rtl_ratio" 'BEGIN { printf "%.3g", 2.5 * b }')" \
  "x yardstick, 2.5x today's $base_rtl_ratio"
target "lockstep checking cost, end to end" \
  "$(awk -v l="${rate[end_to_end.lockstep]}" -v r="${rate[end_to_end.rtl]}" \
    'BEGIN { printf "%.1f", (r > 0 ? (1 - l / r) * 100 : 100) }')" "<=" 10.0 "% of the RTL-alone speed"
target "C model alone, end to end" "$(ratio "${rate[end_to_end.model]}" "${rate[end_to_end.rtl]}")" \
  ">=" 5.00 "x the RTL alone"
target "4-bit 50% neuron evals/s, lockstep" "$(ratio "$q4_half_lockstep" "$yard_rate")" ">=" \
  "$(awk -v b="$base_q4_ratio" 'BEGIN { printf "%.3g", 2 * b }')" \
  "M/s per yardstick M cycles/s, 2x today's $base_q4_ratio"

if ((${#failures[@]})); then
  echo "bench: FAIL: ${#failures[@]} failed:"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
echo "bench: PASS"
