#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make infer-variation (docs/nn.md section 5, "Variation"): every committed digits model on the golden model
# of a 64 x 16 chip with M = 4, T = 2, over the whole test set, on CHIPS random chips per
# variation (offsets of sigma 1 and 2; 1 % and 3 % defective cells with D = +1 on offsets of
# sigma 1) under each mitigation (none, cal, cal+sel), beside the ideal chip. Writes
# OUT/variation.tsv (one row per model, variation and mitigation: means over the chips) and
# OUT/variation.md (the accuracy table, printed); a failed run leaves neither. With VL_INFER
# (build/r64c16m4t2/tnam_infer), each model also runs LOCKSTEP images in lockstep (RTL checked
# against the golden model every cycle) on chip 1 of 3 % defects under cal+sel.
# Usage: infer_variation.sh INFER DIGITS_CSV OUT CHIPS [VL_INFER LOCKSTEP]
set -uo pipefail
[[ $# -eq 4 || $# -eq 6 ]] || { echo "usage: $0 INFER DIGITS_CSV OUT CHIPS [VL_INFER LOCKSTEP]" >&2; exit 2; }
infer=$1 digits=$2 out=$3 chips=$4 vl_infer=${5:-} lockstep=${6:-}
[[ $chips =~ ^[1-9][0-9]*$ ]] || { echo "infer-variation: CHIPS '$chips' is not a positive count" >&2; exit 2; }
mkdir -p "$out" || exit 2
tmp=$(mktemp -d "$out/variation.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
chip=(--backend model --rows 64 --cols 16 --macros 4 --tiles 2)
# name sigma defects: the variations (excess D = +1 for all).
variations=("s1 1 0" "s2 2 0" "s1d1 1 0.01" "s1d3 1 0.03")
mitigations=(none cal cal+sel)

# run LOG ARGS...: one tnam_infer run; prints "accuracy differ class_differ pJ" (per cent of
# images: correct, logits differing from the reference, class differing; pJ per image).
run() {
  local log=$1
  shift
  if ! "$infer" "${chip[@]}" --digits "$digits" "$@" >"$log" 2>&1; then
    echo "infer-variation: tnam_infer ${chip[*]} $* failed:" >&2
    tail -5 "$log" >&2
    return 1
  fi
  local acc differ class pj
  acc=$(sed -n 's/^accuracy: .* = \([0-9.]*\) %.*/\1/p' "$log")
  differ=$(sed -n 's/.*differ from the reference on [0-9]* \/ [0-9]* images (\([0-9.]*\) %).*/\1/p' "$log")
  class=$(sed -n 's/.*, the class on [0-9]* (\([0-9.]*\) %).*/\1/p' "$log")
  pj=$(awk '$1 == "total" { print $2 }' "$log")
  echo "$acc ${differ:-0} ${class:-0} $pj"
}

printf 'model\tvariation\tsigma\tdefects\texcess\tmitigation\tchips\taccuracy\tdiffer\tclass_differ\tpj_per_image\n' >"$tmp/variation.tsv"
for model in models/digits_{mlp,cnn}_{bin,q4}.tnn; do
  name=$(basename "$model" .tnn)
  read -r acc differ class pj < <(run "$tmp/log" --model "$model") && [[ -n $acc ]] || exit 1
  printf '%s\tideal\t0\t0\t0\tnone\t1\t%s\t%s\t%s\t%s\n' "$name" "$acc" "$differ" "$class" "$pj" >>"$tmp/variation.tsv"
  for v in "${variations[@]}"; do
    read -r vname sigma defects <<<"$v"
    for mit in "${mitigations[@]}"; do
      sums="0 0 0 0"
      for ((k = 1; k <= chips; k++)); do
        r=$(run "$tmp/log" --model "$model" --var-seed "$k" --sigma "$sigma" --defects "$defects" \
          --excess 1 --mitigation "$mit") || exit 1
        sums=$(echo "$sums $r" | awk '{ print $1 + $5, $2 + $6, $3 + $7, $4 + $8 }')
      done
      echo "$sums" | awk -v m="$name" -v vn="$vname" -v s="$sigma" -v d="$defects" -v mit="$mit" -v n="$chips" \
        '{ printf "%s\t%s\t%s\t%s\t1\t%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\n", m, vn, s, d, mit, n, $1 / n, $2 / n, $3 / n, $4 / n }' \
        >>"$tmp/variation.tsv"
    done
  done
  echo "infer-variation: $name done" >&2
done

# The table: one row per model and variation, accuracy (images differing from the reference).
awk -F'\t' -v chips="$chips" '
  NR == 1 { next }
  $2 == "ideal" { ideal[$1] = $8; next }
  { key = $1 "\t" $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key; var[key] = $2; sig[key] = $3; def[key] = $4 }
    cell[key, $6] = sprintf("%.2f %% (%.1f %%)", $8, $10) }
  END {
    printf "Digits test set (360 images), golden model of a 64 x 16 chip with M = 4, T = 2; mean over %d random chips per variation (seeds 1 .. %d), excess D = +1. Each cell: accuracy (images whose class differs from the ideal chip'"'"'s; build/report/variation.tsv also has the images whose logits differ at all).\n\n", chips, chips
    print "| model | ideal chip | sigma | defects | none | cal | cal+sel |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, p, "\t")
      printf "| %s | %.2f %% | %s | %s %% | %s | %s | %s |\n", p[1], ideal[p[1]], sig[k], def[k] * 100, cell[k, "none"], cell[k, "cal"], cell[k, "cal+sel"]
    }
  }' "$tmp/variation.tsv" >"$tmp/variation.md" || exit 1
# Energy per image under each mitigation, mean over the variations (weight loading counted).
awk -F'\t' '
  NR == 1 { next }
  $2 == "ideal" { ideal[$1] = $11; order[++n] = $1; next }
  { sum[$1, $6] += $11; cnt[$1, $6]++ }
  END {
    print "\nEnergy per image (modelled, weight loading counted; mean over the four variations):\n"
    print "| model | ideal chip | none | cal | cal+sel |"
    print "|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      m = order[i]
      printf "| %s | %.1f pJ | %.1f pJ | %.1f pJ | %.1f pJ |\n", m, ideal[m], sum[m, "none"] / cnt[m, "none"], sum[m, "cal"] / cnt[m, "cal"], sum[m, "cal+sel"] / cnt[m, "cal+sel"]
    }
  }' "$tmp/variation.tsv" >>"$tmp/variation.md" || exit 1
if [[ -n $vl_infer ]]; then
  printf '\nLockstep (the RTL checked against the golden model on every cycle, variation injected into both), chip seed 1, sigma 1, 3 %% defects, D = +1, cal+sel, the first %s images:\n\n' "$lockstep" >>"$tmp/variation.md"
  for model in models/digits_{mlp,cnn}_{bin,q4}.tnn; do
    infer=$vl_infer chip=(--backend lockstep)
    read -r acc differ class pj < <(run "$tmp/log" --model "$model" --limit "$lockstep" --var-seed 1 \
      --sigma 1 --defects 0.03 --excess 1 --mitigation cal+sel) && [[ -n $acc ]] || exit 1
    printf -- '- %s: RTL = golden model on every cycle; accuracy %s %%; logits differ from the ideal chip'"'"'s on %s %% of the images, the class on %s %%\n' \
      "$(basename "$model" .tnn)" "$acc" "$differ" "$class" >>"$tmp/variation.md"
  done
fi
mv "$tmp/variation.tsv" "$tmp/variation.md" "$out/" || exit 1
cat "$out/variation.md"
