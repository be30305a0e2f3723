#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make nn-plot-test: scripts/energy_plot.sh draws both charts from the sample tables as PNG,
# and refuses each malformed table with exit 2, FILE:LINE and no PNG.
set -uo pipefail
dir=${1:-build/nn/plot-test}
mkdir -p "$dir"
fail=0
png() { [[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]]; }

for kind in energy accuracy; do
  out="$dir/$kind.png"
  rm -f "$out"
  if scripts/energy_plot.sh "$kind" "nn/tests/${kind}_sample.tsv" "$out" "$kind sample" >/dev/null &&
    png "$out"; then
    echo "  ok    $kind chart: $out"
  else
    echo "  FAIL  $kind chart"; fail=1
  fi
done

# Each bad table: its text, then the message expected on stderr.
bad() {
  local name=$1 text=$2 want=$3 out="$dir/bad.png" msg
  printf '%b' "$text" >"$dir/$name.tsv"
  rm -f "$out"
  msg=$(scripts/energy_plot.sh energy "$dir/$name.tsv" "$out" 2>&1 >/dev/null)
  local rc=$?
  if [[ $rc == 2 && $msg == *"$want"* && ! -e $out ]]; then
    echo "  ok    refused $name: $msg"
  else
    echo "  FAIL  $name: exit $rc, message '$msg', wanted '$want'"; fail=1
  fi
}
bad short_row 'c\ta\tb\nx\t1\t2\ny\t1\n' "$dir/short_row.tsv:3: 2 columns, the header has 3"
bad not_number '# c\nc\ta\nx\tlots\n' "$dir/not_number.tsv:3: column 2: not a number >= 0: \"lots\""
bad negative 'c\ta\nx\t-1\n' "$dir/negative.tsv:2: column 2: not a number >= 0: \"-1\""
bad no_rows '# only a comment\nc\ta\n' "$dir/no_rows.tsv: no data rows"
bad one_column 'c\nx\n' "$dir/one_column.tsv:1: the header needs a name column and a value column"
exit $fail
