#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make nn-energy-match: the energy tnam_infer prints for a small run must be what tnam_energy
# computes from the counts tnam_infer printed (its "counts:" line), class by class and in
# TOPS/W, with and without the weight writes: one source of arithmetic (nn/tnam_energy.c), so
# the two tools cannot drift apart. A threshold network and a q4 network with split fan-in
# (partial sums, q4 reads) on a made-up digits file, so that no data set is needed.
# Usage: energy_match.sh TNAM_INFER TNAM_ENERGY
set -uo pipefail
infer=$1 energy=$2
cfg=nn/energy.cfg
tmp=$(mktemp -d /tmp/tnam_energy_match.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failed=0

# 1797 rows of 64 pixels 0 .. 16 and a label, varied enough to drive and gate columns.
awk 'BEGIN { for (i = 0; i < 1797; i++) { s = ""; for (j = 0; j < 64; j++) s = s ((i * 7 + j * 13 + (i * j) % 5) % 17) ","; print s (i % 10) } }' |
  gzip >"$tmp/digits.csv.gz"

# The TSV column named $2 of the last row of table $1.
column() {
  awk -F'\t' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { v = $c } END { print v }' "$1"
}

for model in models/digits_mlp_bin.tnn models/digits_cnn_q4.tnn; do
  name=$(basename "$model" .tnn)
  tsv=$tmp/$name.tsv
  if ! "$infer" --model "$model" --digits "$tmp/digits.csv.gz" --backend model --limit 5 --batch 2 \
    --energy "$cfg" --tsv "$tsv" >"$tmp/out" 2>&1; then
    echo "  FAIL  $name: tnam_infer failed: $(tail -3 "$tmp/out")"
    failed=1
    continue
  fi
  read -ra counts <<<"$(sed -n 's/^counts: //p' "$tmp/out")"
  # Class by class, pJ per image: tnam_energy --tsv prints them with tnam_infer's format.
  want=$("$energy" --config "$cfg" "${counts[@]}" --tsv "$name" | cut -f2-)
  got=$(for k in $("$energy" --tsv-header | cut -f2-); do column "$tsv" "$k"; done | paste -sd'\t')
  # TOPS/W with and without the weight writes, as both print it (%.4g).
  tops=$("$energy" --config "$cfg" "${counts[@]}" | sed -n 's/^TOPS\/W *\([^ ]*\) .*/\1/p')
  # Without the weight writes: wr=0 in place of the count (a count given twice is refused).
  tops_nl=$("$energy" --config "$cfg" "${counts[@]/#wr=*/wr=0}" | sed -n 's/^TOPS\/W *\([^ ]*\) .*/\1/p')
  printed=$(sed -n 's/^TOPS\/W: \([^ ]*\) modelled, \([^ ]*\) without.*/\1 \2/p' "$tmp/out")
  if [[ -n $want && $want == "$got" && "$tops $tops_nl" == "$printed" &&
    "$tops $tops_nl" == "$(column "$tsv" tops_w) $(column "$tsv" tops_w_no_load)" ]]; then
    echo "  ok    $name: ${#counts[@]} counts, pJ/image by class $(echo "$got" | tr '\t' ' '), TOPS/W $tops ($tops_nl without weight loading)"
  else
    echo "  FAIL  $name: tnam_energy gives '$want', TOPS/W $tops $tops_nl;" \
      "tnam_infer '$got', TOPS/W $printed"
    failed=1
  fi
done
[[ $failed -eq 0 ]] && echo "nn-energy-match: tnam_infer's energy = tnam_energy's on the same counts"
[[ $failed -eq 0 ]]
