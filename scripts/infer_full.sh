#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The full-test-set benchmark of issue 13 (make infer-full): each model's whole test set through
# the RTL in lockstep with the golden model, every image's logits compared with the integer
# reference, the set split over JOBS processes (tnam_infer --first/--limit). Prints one line per
# model: correct images, wall time and images/s; exits 1 if any part fails (its log is named).
# Usage: infer_full.sh VL_INFER DIGITS_CSV FASHION_DIR OUT JOBS MODEL...
set -uo pipefail
[[ $# -ge 6 ]] || { echo "usage: $0 VL_INFER DIGITS_CSV FASHION_DIR OUT JOBS MODEL..." >&2; exit 2; }
vl_infer=$1 digits=$2 fashion=$3 out=$4 jobs=$5
shift 5
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "infer_full.sh: JOBS '$jobs' is not a whole number >= 1" >&2; exit 2; }
mkdir -p "$out"
status=0
for model in "$@"; do
  [[ -f $model ]] || { echo "infer_full.sh: $model: no such model" >&2; exit 2; }
  name=$(basename "$model" .tnn)
  case $name in
    digits_*) data=(--digits "$digits") total=360 ;;
    fashion_*) data=(--data "$fashion") total=10000 ;;
    *) echo "infer_full.sh: $model: the name says no data set (digits_* or fashion_*)" >&2; exit 2 ;;
  esac
  per=$(( (total + jobs - 1) / jobs ))
  start=$(date +%s.%N)
  pids=()
  for ((j = 0; j < jobs; j++)); do
    first=$((j * per))
    (( first < total )) || break
    n=$(( total - first < per ? total - first : per ))
    "$vl_infer" --model "$model" "${data[@]}" --backend lockstep --first "$first" --limit "$n" \
      > "$out/$name.$j.log" 2>&1 &
    pids+=($!)
  done
  failed=()
  for j in "${!pids[@]}"; do wait "${pids[$j]}" || failed+=("$out/$name.$j.log"); done
  wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  if [[ ${#failed[@]} -gt 0 ]]; then
    echo "infer-full: FAIL $name: see ${failed[*]}"
    status=1
    continue
  fi
  correct=$(cat "$out/$name".*.log | awk '/^accuracy:/ { c += $2 } END { print c + 0 }')
  awk -v n="$name" -v c="$correct" -v t="$total" -v w="$wall" -v j="${#pids[@]}" 'BEGIN {
    printf "infer-full: %s: %d / %d = %.2f %%, lockstep = golden model = reference on every image; %.1f s wall on %d processes (%.1f images/s)\n",
      n, c, t, 100 * c / t, w, j, (w > 0 ? t / w : t) }'
done
exit $status
