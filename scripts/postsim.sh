#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Post-synthesis simulation of the board top (spec section 13): the yosys netlist of
# tnam_fpga_top, synthesised by scripts/fpga.sh's own commands, with yosys's iCE40 cell models,
# under Icarus (directed checks, 4-state) and Verilated as the virtual board (streams checked
# by the host against the golden model every cycle).
# usage: postsim.sh BOARD HOST
#   BOARD: icebreaker or hx8k (its chip configuration, from scripts/fpga.sh)
#   HOST:  the host tool (build/tools/tnam_host)
# Runs, in build/postsim/BOARD/:
#   1. synthesis at CLKS_PER_BIT=4 (fast vectors): netlist_cpb4.v;
#   2. tb/fpga/tnam_fpga_tb.v on it under Icarus: the directed checks (INFO, STEP, every
#      error code of 13.3, LEDs), then the first POSTSIM_REPLAY_STEPS STEP exchanges of a host
#      record (its model board answers as the bridge must; every answered byte compared);
#   3. the same netlist Verilated as the virtual board (make vboard VBOARD_NETLIST=...) and
#      scripts/vboard_test.sh --streams-only through it: three generated streams of
#      POSTSIM_CYCLES cycles, every output of every chip cycle checked against the golden model
#      by the host, and the board's digest equal to the model board's;
#   4. synthesis at CLKS_PER_BIT=104 (the board's own netlist) and the directed INFO check on it
#      under Icarus (a STEP takes about 150 k clocks there).
# Prints the figures (chip cycles, chip cycles/s). Exit 0 when all pass.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
[[ $# -eq 2 ]] || { echo "usage: $0 BOARD HOST" >&2; exit 2; }
board=$1 host=$2
[[ -x $host ]] || { echo "postsim.sh: host tool '$host' not found (make $host)" >&2; exit 2; }
read -r rows cols macros tiles led_low < <(scripts/fpga.sh config "$board") || exit 2
# Sizes, for at most about 3 minutes on a shared 2-core machine (icebreaker): the Verilated
# netlist does about 22 chip cycles/s at 4 clocks per bit (three streams of 200 cycles are
# about 800 chip cycles, 37 s), Icarus about 0.5 (a STEP exchange takes 1 to 2 s); synthesis, the
# Verilator build and the board-netlist INFO take the rest.
cycles=${POSTSIM_CYCLES:-200}
replay_steps=${POSTSIM_REPLAY_STEPS:-4}
# whole NAME VALUE: VALUE is a whole number >= 1, else exit 2 naming NAME.
whole() {
  [[ $2 =~ ^[1-9][0-9]{0,5}$ ]] || { echo "postsim.sh: $1 '$2' is not a whole number in [1, 999999]" >&2; exit 2; }
}
whole POSTSIM_CYCLES "$cycles"
whole POSTSIM_REPLAY_STEPS "$replay_steps"
cells=/usr/share/yosys/ice40/cells_sim.v
dir=build/postsim/$board
rm -rf "$dir"
mkdir -p "$dir"
status=0
t0=$SECONDS

# compile NAME NETLIST CPB: the testbench on a netlist.
compile() {
  # Icarus 11 has no default values of input ports, which cells_sim.v uses unless told not to;
  # the synthesised cells have every port connected.
  iverilog -g2012 -Wall -Wno-timescale -DNETLIST -DNO_ICE40_DEFAULT_ASSIGNMENTS -o "$dir/$1.vvp" \
    -Ptnam_fpga_tb.ROWS="$rows" -Ptnam_fpga_tb.COLS="$cols" -Ptnam_fpga_tb.MACROS="$macros" \
    -Ptnam_fpga_tb.TILES="$tiles" -Ptnam_fpga_tb.CLKS_PER_BIT="$3" \
    -Ptnam_fpga_tb.LED_ACTIVE_LOW="$led_low" tb/fpga/tnam_fpga_tb.v "$2" "$cells" \
    >"$dir/$1.compile.log" 2>&1 || { cat "$dir/$1.compile.log"; return 1; }
}
# run NAME LOG ARGS...: one simulation; passes when it prints PASS and exits 0.
run() {
  local name=$1 log=$2
  shift 2
  if vvp -n "$dir/$name.vvp" "$@" >"$log" 2>&1 && grep -q '^PASS' "$log"; then
    return 0
  fi
  echo "postsim: FAIL ($log):"
  grep -E 'FAIL|FATAL|error' "$log" | head -10
  return 1
}

echo "postsim: $board, chip rows $rows cols $cols macros $macros tiles $tiles"
scripts/fpga.sh synth "$board" "$dir/cpb4" 4 "$dir/netlist_cpb4.v" || exit 1
compile fast "$dir/netlist_cpb4.v" 4 || exit 1
echo "  synthesised and compiled for Icarus (CLKS_PER_BIT 4) in $((SECONDS - t0)) s"

t=$SECONDS
if run fast "$dir/directed.log"; then
  echo "  ok    Icarus: directed checks on the netlist: $(grep -c '^  ok' "$dir/directed.log") checks ($((SECONDS - t)) s)"
else
  status=1
fi

# The record's first exchanges: INFO, the reset STEP, then STEPs of the stream; cut after the
# answer of STEP number replay_steps, where the next host byte follows a board byte.
t=$SECONDS
full=$dir/record_full.hex rec=$dir/record.hex
if "$host" --board model --config "$rows:$cols:$macros:$tiles" --seed 1 --cycles 1 \
     --record "$full" >"$dir/record_host.log" 2>&1; then
  awk -v keep="$replay_steps" '
    /^[01][0-9A-Fa-f][0-9A-Fa-f]$/ { if ($0 ~ /^0/ && last == 1 && ++done == keep) exit; last = ($0 ~ /^1/) }
    { print }' "$full" >"$rec"
  if run fast "$dir/replay.log" +replay_only +record="$rec"; then
    echo "  ok    Icarus: host record, INFO and the first $replay_steps STEPs: $(sed -nE 's/.*ok +record [^:]*: //p' "$dir/replay.log") ($((SECONDS - t)) s)"
  else
    status=1
  fi
else
  echo "postsim: FAIL: the host on its model board (log $dir/record_host.log)"
  tail -5 "$dir/record_host.log"
  status=1
fi

# The virtual board on the netlist.
t=$SECONDS
vbdir=$dir/vboard
if "${MAKE:-make}" --no-print-directory vboard VBOARD_NETLIST="$dir/netlist_cpb4.v" \
     VBOARD_DIR="$vbdir" VBOARD_CPB=4 WAVES=0 ROWS="$rows" COLS="$cols" MACROS="$macros" \
     TILES="$tiles" >"$dir/vboard_build.log" 2>&1; then
  echo "  built the virtual board on the netlist with Verilator ($((SECONDS - t)) s)"
  t=$SECONDS
  if scripts/vboard_test.sh --streams-only --cycles "$cycles" "$vbdir/tnam_vboard" "$host" \
       >"$dir/vboard_test.log" 2>&1; then
    grep -E '^  ok|speed:' "$dir/vboard_test.log" | sed -E 's/^  ok    /  ok    netlist board: /; s/^vboard-test: speed: /  speed: /'
  else
    echo "postsim: FAIL: the host against the netlist board ($dir/vboard_test.log):"
    sed 's/^/  /' "$dir/vboard_test.log" | tail -40
    status=1
  fi
else
  echo "postsim: FAIL: the Verilator build of the netlist board ($dir/vboard_build.log):"
  tail -20 "$dir/vboard_build.log"
  status=1
fi

# The board's own netlist: 104 clocks per bit, INFO only (a STEP takes about 150 k clocks).
t=$SECONDS
scripts/fpga.sh synth "$board" "$dir/cpb104" 104 "$dir/netlist_cpb104.v" || exit 1
compile board "$dir/netlist_cpb104.v" 104 || exit 1
if run board "$dir/board_info.log" +info_only; then
  echo "  ok    Icarus: INFO on the board netlist (CLKS_PER_BIT 104) ($((SECONDS - t)) s)"
else
  status=1
fi

echo "postsim: $([[ $status -eq 0 ]] && echo PASS || echo FAIL) ($((SECONDS - t0)) s)"
exit $status
