#!/usr/bin/env bash
# Post-synthesis simulation of the board top (spec section 13): the yosys netlist of
# tnam_fpga_top, synthesised by scripts/fpga.sh's own commands, under tb/fpga/tnam_fpga_tb.v
# with Icarus and yosys's iCE40 cell models.
# usage: postsim.sh BOARD HOST
#   BOARD: icebreaker or hx8k (its chip configuration, from scripts/fpga.sh)
#   HOST:  the host tool (build/tools/tnam_host) that writes the smoke records (its model
#          board answers as the bridge must)
# Runs, in build/postsim/BOARD/: the directed checks on the netlist at CLKS_PER_BIT=4 (fast
# vectors), the replay of POSTSIM_RECORDS records of the host against its model board
# (seed:cycles, ideal streams: no calibration), and the directed INFO check on the board's
# own netlist (CLKS_PER_BIT=104). Prints the gate-level speed. Exit 0 when all pass.
set -uo pipefail
cd "$(dirname "$0")/.."
[[ $# -eq 2 ]] || { echo "usage: $0 BOARD HOST" >&2; exit 2; }
board=$1 host=$2
[[ -x $host ]] || { echo "postsim.sh: host tool '$host' not found (make $host)" >&2; exit 2; }
read -r rows cols macros tiles led_low < <(scripts/fpga.sh config "$board") || exit 2
# Seed:cycles of each record; sized so that the whole run stays under two minutes on a shared
# 2-core machine: the gate-level netlist does about 0.5 chip cycles/s (2700 clocks/s) at 4 clocks
# per bit (24 cycles took 47 s), and synthesis, directed checks and the board-netlist INFO take
# about 75 s.
records=${POSTSIM_RECORDS:-"1:10"}
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
echo "  synthesised and compiled (CLKS_PER_BIT 4) in $((SECONDS - t0)) s"

t=$SECONDS
if run fast "$dir/directed.log"; then
  echo "  ok    directed checks on the netlist: $(grep -c '^  ok' "$dir/directed.log") checks ($((SECONDS - t)) s)"
else
  status=1
fi

total_cycles=0 total_secs=0
for r in $records; do
  seed=${r%%:*} cycles=${r##*:}
  rec=$dir/record_s${seed}_c${cycles}.hex
  hlog=$dir/host_s${seed}.log
  if ! "$host" --board model --config "$rows:$cols:$macros:$tiles" --seed "$seed" \
       --cycles "$cycles" --ideal --record "$rec" >"$hlog" 2>&1; then
    echo "postsim: FAIL: the host on its model board (seed $seed, log $hlog)"
    tail -5 "$hlog"
    status=1
    continue
  fi
  # The chip cycles of the record: one STEP per cycle, as the host reports them.
  steps=$(sed -nE 's/^PASS: ([0-9]+) cycles.*/\1/p' "$hlog")
  t=$SECONDS
  start=$(date +%s.%N)
  if run fast "$dir/replay_s$seed.log" +replay_only +record="$rec"; then
    secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
    echo "  ok    record seed $seed: $steps chip cycles, $(sed -nE 's/.*ok +record [^:]*: //p' "$dir/replay_s$seed.log") ($secs s)"
    total_cycles=$((total_cycles + steps))
    total_secs=$(awk -v a="$total_secs" -v b="$secs" 'BEGIN {print a + b}')
  else
    status=1
  fi
done
if [[ $total_cycles -gt 0 ]]; then
  awk -v c="$total_cycles" -v s="$total_secs" -v cpb=4 'BEGIN {
    printf "  speed: %d chip cycles in %.1f s of gate-level simulation: %.2f chip cycles/s at %d clocks per bit\n", c, s, c / s, cpb }'
fi

# The board's own netlist: 104 clocks per bit, INFO only (a STEP takes about 150 k clocks).
t=$SECONDS
scripts/fpga.sh synth "$board" "$dir/cpb104" 104 "$dir/netlist_cpb104.v" || exit 1
compile board "$dir/netlist_cpb104.v" 104 || exit 1
if run board "$dir/board_info.log" +info_only; then
  echo "  ok    INFO on the board netlist (CLKS_PER_BIT 104) ($((SECONDS - t)) s)"
else
  status=1
fi

echo "postsim: $([[ $status -eq 0 ]] && echo PASS || echo FAIL) ($((SECONDS - t0)) s)"
exit $status
