#!/usr/bin/env bash
# RTL lint: Verilator -Wall (the chip top in several configurations, the macro top at its
# default size), Icarus (Verilog-2005), yosys synth_ice40 of the chip at 64 x 16, M = T = 1.
# Any warning fails: the waivers, each with its reason, live in rtl/tnam.vlt only.
set -uo pipefail
cd "$(dirname "$0")/.."
out=build/lint
mkdir -p "$out"
status=0
check() { # name, log file, command...
  local name=$1 log=$2
  shift 2
  if "$@" >"$log" 2>&1 && ! grep -qiE 'warning|error' "$log"; then
    echo "  ok    $name"
  else
    echo "  FAIL  $name"
    sed 's/^/        /' "$log" | head -30
    status=1
  fi
}
# rows cols macros tiles: the default, odd sizes (rows and columns not powers of two, three
# macros for two tiles), the smallest and the largest macro, the most macros and tiles.
for cfg in "64 16 1 1" "64 16 4 2" "37 5 3 2" "2 3 1 1" "256 64 1 1" "8 4 8 4"; do
  set -- $cfg
  check "verilator --lint-only -Wall tnam_chip (rows $1 cols $2 macros $3 tiles $4)" \
    "$out/verilator_r$1c$2m$3t$4.log" \
    verilator --lint-only -Wall rtl/tnam.vlt rtl/*.v --top-module tnam_chip \
    -GROWS="$1" -GCOLS="$2" -GMACROS="$3" -GTILES="$4"
done
check "verilator --lint-only -Wall tnam_macro (rows 64 cols 16)" "$out/verilator_macro.log" \
  verilator --lint-only -Wall rtl/tnam.vlt rtl/*.v --top-module tnam_macro
check "iverilog -g2005 -Wall tnam_chip" "$out/iverilog.log" \
  iverilog -g2005 -Wall -s tnam_chip -o "$out/tnam.vvp" rtl/*.v
check "iverilog -g2005 -Wall tnam_chip (rows 37 cols 5 macros 3 tiles 2)" "$out/iverilog_r37c5m3t2.log" \
  iverilog -g2005 -Wall -s tnam_chip -Ptnam_chip.ROWS=37 -Ptnam_chip.COLS=5 \
  -Ptnam_chip.MACROS=3 -Ptnam_chip.TILES=2 -o "$out/tnam_r37c5m3t2.vvp" rtl/*.v
# About 80 s: synth_ice40 of the 64 x 16 chip (one macro).
rm -f "$out/yosys_stat.log"
check "yosys synth_ice40 tnam_chip (rows 64 cols 16 macros 1 tiles 1)" "$out/yosys.log" \
  yosys -q -l "$out/yosys_stat.log" -p "read_verilog rtl/*.v; synth_ice40 -top tnam_chip; stat"
if [[ -f "$out/yosys_stat.log" ]]; then
  # synth_ice40 prints the statistics and so does the explicit stat: report the last block.
  awk '/^=== tnam_chip ===/ {delete s} $1 ~ /^SB_(LUT4|DFF|CARRY)/ && NF == 2 {s[$1] = $2}
       END {printf "        cells:"; for (k in s) printf " %s=%d", k, s[k]; print ""}' "$out/yosys_stat.log"
fi
echo "lint: $([[ $status -eq 0 ]] && echo clean || echo FAILED)"
exit $status
