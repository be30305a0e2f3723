#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Bar charts (PNG, gnuplot) of the energy and accuracy reports (docs/energy.md section 6).
#
#   scripts/energy_plot.sh energy   IN.tsv OUT.png [TITLE]
#       one stacked bar per configuration: energy per inference by event class
#       (IN: "configuration", then one column per class, pJ; tnam_energy --tsv writes the rows)
#   scripts/energy_plot.sh accuracy IN.tsv OUT.png [TITLE]
#       clustered bars per network and mode: accuracy beside the float baseline
#       (IN: "network mode", then one column per series, e.g. float, reference, chip; percent)
#
# IN is tab-separated; its first non-comment line names the columns (the legend); lines that
# start with '#' are comments. A malformed table is refused (exit 2, FILE:LINE: what is wrong)
# before gnuplot runs, so no half-drawn PNG is left.
set -euo pipefail

usage() {
  echo "usage: $0 energy|accuracy IN.tsv OUT.png [TITLE]" >&2
  exit 2
}
[[ $# -ge 3 && $# -le 4 ]] || usage
kind=$1 in=$2 out=$3 title=${4:-}
case $kind in
  energy) style="rowstacked" ylabel="energy per inference (pJ)" ;;
  accuracy) style="clustered gap 1" ylabel="accuracy (%)" ;;
  *) usage ;;
esac
[[ -r $in ]] || { echo "$in: cannot read" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "$0: gnuplot not found (make deps)" >&2; exit 2; }

# Every row must have the header's number of columns and numbers (>= 0) after the first.
cols=$(awk -F'\t' '
  /^#/ || /^[[:space:]]*$/ { next }
  !n { n = NF; if (n < 2) { printf "%s:%d: the header needs a name column and a value column\n", FILENAME, FNR; bad = 1; exit } next }
  NF != n { printf "%s:%d: %d columns, the header has %d\n", FILENAME, FNR, NF, n; bad = 1; exit }
  { for (i = 2; i <= NF; i++) if ($i !~ /^[0-9]+([.][0-9]*)?([eE][-+]?[0-9]+)?$/) {
      printf "%s:%d: column %d: not a number >= 0: \"%s\"\n", FILENAME, FNR, i, $i; bad = 1; exit } rows++ }
  END { if (bad) exit 1; if (!rows) { printf "%s: no data rows\n", FILENAME; exit 1 } print n }
' "$in" 2>&1) || { echo "$cols" >&2; exit 2; }

# Debian's gnuplot-nox has pngcairo (antialiased); png (libgd) is the fallback.
term=png
gnuplot -e "set terminal pngcairo" 2>/dev/null && term=pngcairo

tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
gnuplot <<EOF
set terminal $term size 1000,560 noenhanced
set output "$tmp"
set datafile separator "\t"
set datafile commentschars "#"
set title "$title"
set style data histograms
set style histogram $style
set style fill solid 0.85 border -1
set boxwidth 0.75
set key outside right top autotitle columnheader
set ylabel "$ylabel"
set yrange [0:*]
set xtics rotate by -25 nomirror
set grid ytics
plot for [i=2:$cols] "$in" using i:xtic(1)
EOF
mv "$tmp" "$out"
echo "$out"
