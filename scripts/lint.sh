#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# RTL lint: Verilator -Wall (the chip top in several configurations, the macro top at its
# default size, the FPGA board top in both boards' configurations), Icarus (Verilog-2005; the
# FPGA testbench as SystemVerilog-2012 for $fatal), yosys synth_ice40 of the chip at 64 x 16,
# M = T = 1; a proof that the count's two forms are equal (scripts/popcount_equiv.sh); the
# RTL's assertions (TNAM_ASSERT) under Verilator --assert and Icarus -g2012.
# Any warning fails: the waivers, each with its reason, live in rtl/tnam.vlt only (the bench's
# yardstick, not part of the chip, has its own in tb/bench/).
# Then the repository's own checks (scripts/lint_repo.sh): licences, C format, shellcheck, version.
# usage: lint.sh [--quick]: --quick (make check) synthesises the 8 x 4 chip with 4 macros and 2
# tiles instead (every module, 24 s instead of 80 to 105 s); make test runs the full size.
set -uo pipefail
synth_cfg="64 16 1 1" equiv_args=()
case ${1:-} in
  --quick) synth_cfg="8 4 4 2" equiv_args=(--quick) ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.." || exit 1
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
# The plain command a newcomer types first: no include path, no waiver file, no top.
check "verilator --lint-only -Wall rtl/*.v (the plain command)" "$out/verilator_plain.log" \
  verilator --lint-only -Wall rtl/*.v
# rows cols macros tiles: the default, odd sizes (rows and columns not powers of two, three
# macros for two tiles), the smallest and the largest macro, the most macros and tiles.
for cfg in "64 16 1 1" "64 16 4 2" "37 5 3 2" "2 3 1 1" "256 64 1 1" "8 4 8 4"; do
  # The configuration's four words are $1..$4.
  # shellcheck disable=SC2086
  set -- $cfg
  check "verilator --lint-only -Wall tnam_chip (rows $1 cols $2 macros $3 tiles $4)" \
    "$out/verilator_r$1c$2m$3t$4.log" \
    verilator --lint-only -Wall rtl/tnam.vlt rtl/*.v --top-module tnam_chip \
    -GROWS="$1" -GCOLS="$2" -GMACROS="$3" -GTILES="$4"
done
# The RTL's assertions (`ifdef TNAM_ASSERT, docs/decisions.md D34) as make sim builds them, and
# as Icarus reads them (immediate assertions are SystemVerilog: -g2012).
for cfg in "64 16 4 2" "37 5 3 2"; do
  # shellcheck disable=SC2086
  set -- $cfg
  check "verilator --lint-only -Wall --assert -DTNAM_ASSERT tnam_chip (rows $1 cols $2 macros $3 tiles $4)" \
    "$out/verilator_assert_r$1c$2m$3t$4.log" \
    verilator --lint-only -Wall --assert -DTNAM_ASSERT rtl/tnam.vlt rtl/*.v --top-module tnam_chip \
    -GROWS="$1" -GCOLS="$2" -GMACROS="$3" -GTILES="$4"
done
check "iverilog -g2012 -Wall -DTNAM_ASSERT tnam_chip (rows 37 cols 5 macros 3 tiles 2)" "$out/iverilog_assert.log" \
  iverilog -g2012 -Wall -DTNAM_ASSERT -s tnam_chip -Ptnam_chip.ROWS=37 -Ptnam_chip.COLS=5 \
  -Ptnam_chip.MACROS=3 -Ptnam_chip.TILES=2 -o "$out/tnam_assert.vvp" rtl/*.v
check "verilator --lint-only -Wall tnam_macro (rows 64 cols 16)" "$out/verilator_macro.log" \
  verilator --lint-only -Wall rtl/tnam.vlt rtl/*.v --top-module tnam_macro
check "verilator --lint-only -Wall tnam_yardstick (make bench's, tb/bench)" "$out/verilator_yardstick.log" \
  verilator --lint-only -Wall tb/bench/tnam_yardstick.vlt tb/bench/tnam_yardstick.v
check "iverilog -g2005 -Wall tnam_chip" "$out/iverilog.log" \
  iverilog -g2005 -Wall -s tnam_chip -o "$out/tnam.vvp" rtl/*.v
check "iverilog -g2005 -Wall tnam_chip (rows 37 cols 5 macros 3 tiles 2)" "$out/iverilog_r37c5m3t2.log" \
  iverilog -g2005 -Wall -s tnam_chip -Ptnam_chip.ROWS=37 -Ptnam_chip.COLS=5 \
  -Ptnam_chip.MACROS=3 -Ptnam_chip.TILES=2 -o "$out/tnam_r37c5m3t2.vvp" rtl/*.v
# The FPGA board top (spec 13) in each board's configuration (scripts/fpga.sh config).
for b in icebreaker hx8k; do
  # The board's configuration words (rows cols macros tiles LED polarity) are $1..$5.
  # shellcheck disable=SC2046
  set -- $(scripts/fpga.sh config "$b")
  check "verilator --lint-only -Wall tnam_fpga_top ($b: rows $1 cols $2 macros $3 tiles $4)" \
    "$out/verilator_fpga_$b.log" \
    verilator --lint-only -Wall rtl/tnam.vlt rtl/*.v rtl/fpga/*.v --top-module tnam_fpga_top \
    -GROWS="$1" -GCOLS="$2" -GMACROS="$3" -GTILES="$4" -GLED_ACTIVE_LOW="$5"
  check "iverilog -g2005 -Wall tnam_fpga_top ($b)" "$out/iverilog_fpga_$b.log" \
    iverilog -g2005 -Wall -s tnam_fpga_top -Ptnam_fpga_top.ROWS="$1" -Ptnam_fpga_top.COLS="$2" \
    -Ptnam_fpga_top.MACROS="$3" -Ptnam_fpga_top.TILES="$4" -Ptnam_fpga_top.LED_ACTIVE_LOW="$5" \
    -o "$out/tnam_fpga_$b.vvp" rtl/*.v rtl/fpga/*.v
done
check "iverilog -g2012 -Wall tnam_fpga_tb (RTL)" "$out/iverilog_fpga_tb.log" \
  iverilog -g2012 -Wall -Wno-timescale -o "$out/tnam_fpga_tb.vvp" tb/fpga/tnam_fpga_tb.v rtl/*.v rtl/fpga/*.v
# About 80 s at 64 x 16 (one macro): synth_ice40 of the chip.
rm -f "$out/yosys_stat.log"
# shellcheck disable=SC2086 # the configuration's four words are $1..$4
set -- $synth_cfg
check "yosys synth_ice40 tnam_chip (rows $1 cols $2 macros $3 tiles $4)" "$out/yosys.log" \
  yosys -q -l "$out/yosys_stat.log" -p "read_verilog rtl/*.v; chparam -set ROWS $1 -set COLS $2 -set MACROS $3 -set TILES $4 tnam_chip; synth_ice40 -top tnam_chip; stat"
if [[ -f "$out/yosys_stat.log" ]]; then
  # synth_ice40 prints the statistics and so does the explicit stat: report the last block.
  awk '/^=== tnam_chip ===/ {delete s} $1 ~ /^SB_(LUT4|DFF|CARRY)/ && NF == 2 {s[$1] = $2}
       END {printf "        cells:"; for (k in s) printf " %s=%d", k, s[k]; print ""}' "$out/yosys_stat.log"
fi
# Verilator counts with another formula than synthesis (rtl/tnam_popcount_fn.vh): proven equal.
check "yosys sat: the count's Verilator form equals its synthesis form ($([[ ${#equiv_args[@]} -gt 0 ]] && echo 4 || echo 68) widths)" \
  "$out/popcount_equiv.log" scripts/popcount_equiv.sh "${equiv_args[@]}"
scripts/lint_repo.sh || status=1
echo "lint: $([[ $status -eq 0 ]] && echo clean || echo FAILED)"
exit $status
