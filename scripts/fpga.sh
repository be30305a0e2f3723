#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# iCE40 board builds of tnam_fpga_top (spec section 13): yosys synth_ice40, nextpnr-ice40,
# icepack, icetime, and a report of size and timing at 12 MHz.
# usage: fpga.sh build BOARD...               full flow into build/fpga/BOARD/, report.txt
#        fpga.sh synth BOARD DIR CPB [NETLIST]  synthesis only (the post-synthesis simulation's:
#                                               the same yosys commands), with CLKS_PER_BIT=CPB,
#                                               and write_verilog -noattr NETLIST if given
#        fpga.sh config BOARD                   print "ROWS COLS MACROS TILES LED_ACTIVE_LOW"
# BOARD: icebreaker (iCE40UP5K-SG48) or hx8k (iCE40HX8K-CT256 breakout). Exit 1 when a tool
# fails, the design does not fit or timing misses 12 MHz; 2 on a usage error.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

usage() { echo "usage: $0 build BOARD... | synth BOARD DIR CPB [NETLIST] | config BOARD" >&2; exit 2; }

# Per board: chip configuration, LED polarity, device, package, logic cells, RAM blocks.
# The configurations are the largest tried that fit and meet 12 MHz: the spec.s 8x6 (UP5K) and
# 16x6 (HX8K), two macros, do not fit beside the bridge, whose output multiplexer costs about
# one LUT per output bit, and the UP5K at 4x6 needs -abc9 to reach 12 MHz (11.8 without).
board() {
  case $1 in
    icebreaker) rows=4  cols=6 macros=2 tiles=1 led_low=1 dev=up5k pkg=sg48  lcs=5280 brams=30 ;;
    hx8k)       rows=12 cols=6 macros=2 tiles=1 led_low=0 dev=hx8k pkg=ct256 lcs=7680 brams=32 ;;
    *) echo "fpga.sh: unknown board '$1' (icebreaker or hx8k)" >&2; exit 2 ;;
  esac
  pcf=constraints/$1.pcf
}

# synth BOARD DIR CPB [NETLIST]: the one yosys run behind both the board build and postsim.
synth() {
  local b=$1 dir=$2 cpb=$3 netlist=${4:-}
  board "$b"
  mkdir -p "$dir"
  local write=""
  [[ -n $netlist ]] && write="; write_verilog -noattr $netlist"
  yosys -q -l "$dir/yosys.log" -p "read_verilog rtl/*.v rtl/fpga/*.v; \
    chparam -set ROWS $rows -set COLS $cols -set MACROS $macros -set TILES $tiles \
      -set CLKS_PER_BIT $cpb -set LED_ACTIVE_LOW $led_low tnam_fpga_top; \
    synth_ice40 -abc9 -top tnam_fpga_top -json $dir/tnam.json$write; stat" >/dev/null 2>&1 || {
    echo "fpga.sh: yosys failed for $b (log: $dir/yosys.log)" >&2
    tail -20 "$dir/yosys.log" >&2
    return 1
  }
}

# The last statistics block of a yosys log: "SB_LUT4 n", "SB_DFF n" (all flip-flop kinds),
# "SB_CARRY n", "SB_RAM40_4K n".
cells() {
  awk '/^=== tnam_fpga_top ===/ {delete s}
       $1 ~ /^SB_/ && NF == 2 {k = ($1 ~ /^SB_DFF/) ? "SB_DFF" : $1; s[k] += $2}
       END {for (k in s) print k, s[k]}' "$1"
}

build() {
  local b=$1
  board "$b"
  local dir=build/fpga/$b
  rm -rf "$dir"
  mkdir -p "$dir"
  local t0=$SECONDS fail=()
  echo "fpga: $b ($dev-$pkg): chip rows $rows cols $cols macros $macros tiles $tiles, 104 clocks per bit"
  synth "$b" "$dir" 104 || return 1
  # nextpnr fails on a timing miss at --freq; allow it so that the report still gets both
  # tools' figures, and judge timing below.
  if ! nextpnr-ice40 --"$dev" --package "$pkg" --json "$dir/tnam.json" --pcf "$pcf" \
       --asc "$dir/tnam.asc" --freq 12 --timing-allow-fail -l "$dir/nextpnr.log" >/dev/null 2>&1; then
    echo "fpga.sh: nextpnr-ice40 failed for $b (log: $dir/nextpnr.log)" >&2
    grep -iE 'error|fail' "$dir/nextpnr.log" | head -10 >&2
    fail+=("place and route")
  fi
  if [[ -f $dir/tnam.asc ]]; then
    icepack "$dir/tnam.asc" "$dir/tnam.bin" >"$dir/icepack.log" 2>&1 || fail+=("icepack")
    icetime -d "$dev" -P "$pkg" -p "$pcf" -c 12 -t "$dir/tnam.asc" >"$dir/icetime.log" 2>&1 \
      || fail+=("icetime at 12 MHz")
  fi

  local lut dff carry ram
  lut=$(cells "$dir/yosys.log" | awk '$1 == "SB_LUT4" {print $2}')
  dff=$(cells "$dir/yosys.log" | awk '$1 == "SB_DFF" {print $2}')
  carry=$(cells "$dir/yosys.log" | awk '$1 == "SB_CARRY" {print $2}')
  ram=$(cells "$dir/yosys.log" | awk '$1 == "SB_RAM40_4K" {print $2}')
  local lc_line fmax_pnr fmax_ice
  lc_line=$(grep -E 'ICESTORM_LC:' "$dir/nextpnr.log" 2>/dev/null | tail -1 | sed -E 's/^Info:[[:space:]]+//; s/[[:space:]]+/ /g')
  fmax_pnr=$(grep -E "Max frequency for clock" "$dir/nextpnr.log" 2>/dev/null | tail -1 \
    | sed -E 's/.*: ([0-9.]+) MHz.*/\1/')
  fmax_ice=$(sed -nE 's/^Total path delay: .*\(([0-9.]+) MHz\).*/\1/p' "$dir/icetime.log" 2>/dev/null | tail -1)
  local timing=FAIL
  if [[ -n $fmax_pnr && -n $fmax_ice ]] &&
     awk -v a="$fmax_pnr" -v b="$fmax_ice" 'BEGIN {exit !(a >= 12 && b >= 12)}'; then
    timing=PASS
  else
    fail+=("timing at 12 MHz")
  fi
  pct() { awk -v n="${1:-0}" -v d="$2" 'BEGIN {printf "%.1f", 100 * n / d}'; }
  {
    echo "board:        $b (iCE40 $dev, package $pkg, 12 MHz)"
    echo "chip:         rows $rows cols $cols macros $macros tiles $tiles; CLKS_PER_BIT 104 (115200 baud), LED_ACTIVE_LOW $led_low"
    echo "SB_LUT4:      ${lut:-0} ($(pct "$lut" $lcs) % of $lcs logic cells)"
    echo "SB_DFF*:      ${dff:-0} ($(pct "$dff" $lcs) % of $lcs)"
    echo "SB_CARRY:     ${carry:-0} ($(pct "$carry" $lcs) % of $lcs)"
    echo "SB_RAM40_4K:  ${ram:-0} of $brams"
    echo "placed:       ${lc_line:-none (place and route failed)}"
    echo "fmax nextpnr: ${fmax_pnr:-?} MHz"
    echo "fmax icetime: ${fmax_ice:-?} MHz"
    echo "timing:       $timing at 12 MHz"
    echo "files:        $dir/tnam.{json,asc,bin}, logs $dir/*.log ($((SECONDS - t0)) s)"
    if ((${#fail[@]})); then
      echo "result:       FAIL (${fail[*]})"
    else
      echo "result:       PASS"
    fi
  } | tee "$dir/report.txt"
  ((${#fail[@]} == 0))
}

[[ $# -ge 1 ]] || usage
cmd=$1
shift
case $cmd in
  build)
    [[ $# -ge 1 ]] || usage
    status=0
    for b in "$@"; do board "$b"; done  # every name checked before the long runs
    for b in "$@"; do build "$b" || status=1; done
    exit $status ;;
  synth)
    [[ $# -eq 3 || $# -eq 4 ]] || usage
    [[ $3 =~ ^[0-9]+$ && $3 -ge 4 ]] || { echo "fpga.sh: CPB must be a number >= 4, not '$3'" >&2; exit 2; }
    synth "$@" ;;
  config)
    [[ $# -eq 1 ]] || usage
    board "$1"
    echo "$rows $cols $macros $tiles $led_low" ;;
  *) usage ;;
esac
