#!/usr/bin/env bash
# RTL lint: Verilator -Wall (three configurations), Icarus (Verilog-2005), yosys synth_ice40.
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
for cfg in "64 16" "37 5" "256 64" "2 3"; do
  set -- $cfg
  check "verilator --lint-only -Wall (rows $1 cols $2)" "$out/verilator_r$1c$2.log" \
    verilator --lint-only -Wall rtl/tnam.vlt rtl/*.v --top-module tnam_macro -GROWS="$1" -GCOLS="$2"
done
check "iverilog -g2005 -Wall" "$out/iverilog.log" \
  iverilog -g2005 -Wall -s tnam_macro -o "$out/tnam.vvp" rtl/*.v
check "yosys synth_ice40 (rows 64 cols 16)" "$out/yosys.log" \
  yosys -q -l "$out/yosys_stat.log" -p "read_verilog rtl/*.v; synth_ice40 -top tnam_macro; stat" 
if [[ -f "$out/yosys_stat.log" ]]; then
  # synth_ice40 prints the statistics and so does the explicit stat: report the last block.
  awk '/^=== tnam_macro ===/ {delete s} $1 ~ /^SB_(LUT4|DFF|CARRY)/ && NF == 2 {s[$1] = $2}
       END {printf "        cells:"; for (k in s) printf " %s=%d", k, s[k]; print ""}' "$out/yosys_stat.log"
fi
echo "lint: $([[ $status -eq 0 ]] && echo clean || echo FAILED)"
exit $status
