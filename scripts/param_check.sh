#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The parameter ranges of spec section 1, checked at elaboration (docs/decisions.md D25):
# Verilator (--lint-only -Wall), Icarus (-g2005) and yosys (read_verilog, chparam,
# hierarchy -check) must each stop on an illegal tnam_chip, exit non-zero and print the name
# of the module that states the violated range, and must still elaborate the legal corners.
# usage: param_check.sh (about 40 s). Logs in build/param_check/.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
out=build/param_check
mkdir -p "$out"
status=0

# elaborate TOOL ROWS COLS MACROS TILES LOG: tnam_chip in that configuration; the tool's status.
elaborate() {
  local tool=$1 rows=$2 cols=$3 macros=$4 tiles=$5 log=$6
  case $tool in
    verilator)
      verilator --lint-only -Wall rtl/tnam.vlt rtl/*.v --top-module tnam_chip \
        -GROWS="$rows" -GCOLS="$cols" -GMACROS="$macros" -GTILES="$tiles" ;;
    iverilog)
      iverilog -g2005 -Wall -s tnam_chip -Ptnam_chip.ROWS="$rows" -Ptnam_chip.COLS="$cols" \
        -Ptnam_chip.MACROS="$macros" -Ptnam_chip.TILES="$tiles" -o "$out/tnam.vvp" rtl/*.v ;;
    yosys)
      yosys -q -p "read_verilog rtl/*.v; chparam -set ROWS $rows -set COLS $cols \
        -set MACROS $macros -set TILES $tiles tnam_chip; hierarchy -check -top tnam_chip" ;;
  esac >"$log" 2>&1
}

# ROWS COLS MACROS TILES, and the module whose name the tools must print: each range from
# both sides, and TILES above MACROS.
illegal=(
  "1 16 1 1 tnam_error_ROWS_out_of_range_2_to_256"
  "257 16 1 1 tnam_error_ROWS_out_of_range_2_to_256"
  "8 2 1 1 tnam_error_COLS_out_of_range_3_to_64"
  "8 65 1 1 tnam_error_COLS_out_of_range_3_to_64"
  "8 4 0 1 tnam_error_MACROS_out_of_range_1_to_8"
  "8 4 9 1 tnam_error_MACROS_out_of_range_1_to_8"
  "8 4 1 0 tnam_error_TILES_out_of_range_1_to_min_MACROS_4"
  "8 4 8 5 tnam_error_TILES_out_of_range_1_to_min_MACROS_4"
  "8 4 2 3 tnam_error_TILES_out_of_range_1_to_min_MACROS_4"
)
# The legal corners: the smallest macro with the most macros and tiles, the largest macro,
# as many tiles as macros.
legal=("2 3 8 4" "256 64 1 1" "8 4 3 3")

for tool in verilator iverilog yosys; do
  for cfg in "${illegal[@]}"; do
    read -r rows cols macros tiles name <<<"$cfg"
    what="ROWS=$rows COLS=$cols MACROS=$macros TILES=$tiles"
    log=$out/${tool}_r${rows}c${cols}m${macros}t${tiles}.log
    if elaborate "$tool" "$rows" "$cols" "$macros" "$tiles" "$log"; then
      echo "  FAIL  $tool accepted $what (log $log)"
      status=1
    elif ! grep -q "$name" "$log"; then
      echo "  FAIL  $tool stopped on $what without naming $name (log $log):"
      sed 's/^/        /' "$log" | head -10
      status=1
    else
      echo "  ok    $tool stops on $what: $(grep -m1 "$name" "$log" | cut -c1-160)"
    fi
  done
  for cfg in "${legal[@]}"; do
    read -r rows cols macros tiles <<<"$cfg"
    what="ROWS=$rows COLS=$cols MACROS=$macros TILES=$tiles"
    log=$out/${tool}_r${rows}c${cols}m${macros}t${tiles}.log
    if elaborate "$tool" "$rows" "$cols" "$macros" "$tiles" "$log"; then
      echo "  ok    $tool elaborates $what"
    else
      echo "  FAIL  $tool rejects the legal $what (log $log):"
      sed 's/^/        /' "$log" | head -10
      status=1
    fi
  done
done
echo "param_check: $([[ $status -eq 0 ]] && echo PASS || echo FAILED)"
exit $status
