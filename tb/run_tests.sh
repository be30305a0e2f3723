#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The test suite behind `make test`: unit tests, lint, lockstep regressions, bad input,
# mutants (the checker must bite), SystemC, the FPGA bring-up path, tools, waves, determinism.
# One line per check, then "N passed, N failed in S s". Run from the repository root.
# usage: run_tests.sh [--quick]
#   --quick: the quick tier behind `make check`, a subset of these checks: the unit tests,
#   lint and the lockstep regression of one of make sim's chips (64 x 16, 4 macros, 2 tiles).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
quick=0
case ${1:-} in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
export MAKEFLAGS=--no-print-directory
passed=0 failed=0
failures=()
logdir=build/test-logs
rm -rf "$logdir"
mkdir -p "$logdir"

ok() { passed=$((passed + 1)); printf '  PASS  %s\n' "$1"; }
bad() {
  failed=$((failed + 1)); failures+=("$1"); printf '  FAIL  %s\n' "$1"
  [[ -n "${2:-}" && -f "$2" ]] && sed 's/^/        | /' "$2" | tail -25
}
logfile() { echo "$logdir/$(tr -c 'A-Za-z0-9_.-' _ <<<"$1").log"; }
# check NAME CMD...: passes when CMD exits 0; the log is kept in build/test-logs.
check() {
  local name=$1 log
  log=$(logfile "$1")
  shift
  if "$@" >"$log" 2>&1; then ok "$name"; else bad "$name" "$log"; fi
}
# check_start NAME CMD...: a check that runs in the background, on the second core, beside the
# checks that follow; check_end waits for it and prints its line.
check_start() {
  bg_name=$1
  shift
  "$@" >"$(logfile "$bg_name")" 2>&1 &
  bg_pid=$!
}
check_end() {
  if wait "$bg_pid"; then ok "$bg_name"; else bad "$bg_name" "$(logfile "$bg_name")"; fi
}
summary() {
  echo
  [[ $failed -eq 0 ]] || echo "failing checks: ${failures[*]}"
  echo "$passed passed, $failed failed in $SECONDS s"
  [[ $failed -eq 0 ]]
}
section() { printf '\n== %s (at %ds)\n' "$1" "$SECONDS"; }
# The output digest of a run (--digest): equal digests, equal runs.
digest() { "$@" --digest --quiet 2>&1 | grep -E '^digest:'; }

SIM=build/r64c16/tnam_sim
MODEL_RUN=build/lib/tnam_model_run

if ((!quick)); then
  section "build"
  check "build lockstep harness (rows 64 cols 16) and model runner" make build
  [[ -x $SIM ]] || { echo "cannot continue without $SIM"; summary; exit 1; }
fi

section "unit tests (cmocka)"
check "unit: tnam_model, tnam_chip, tnam_stream, tnam_cal, tnam_proto, tnam_ports" make unit JUNIT=1
check "make digests (the model, generator, stream writer and reader give tb/digests.txt: 260 fingerprints)" make digests

# Lint is one process for 100 to 125 s on a 2-core VM, its yosys synthesis of the 64 x 16 chip
# 80 to 105 s of it: it runs beside the lockstep regressions on the other core. The quick tier
# synthesises a small chip (every module) instead.
section "lint (RTL, synthesis, repository), beside the lockstep regressions"
if ((quick)); then lint_args=--quick; else lint_args=; fi
check_start "lint: verilator -Wall, iverilog, yosys synth_ice40; reuse, clang-format, shellcheck, version" \
  make lint LINT_ARGS="$lint_args"

section "lockstep regressions"
if ((quick)); then
  check "make sim ROWS=64 COLS=16 MACROS=4 TILES=2 (the chip with a spare per tile)" \
    make sim ROWS=64 COLS=16 MACROS=4 TILES=2
else
  check "make sim (64x16 macro; 64x16 chip, 4 macros, 2 tiles; 8x4 chip, directed)" make sim
  check "make sim ROWS=37 COLS=5 MACROS=3 TILES=2 (non-power-of-two rows, odd spares)" \
    make sim ROWS=37 COLS=5 MACROS=3 TILES=2 CYCLES=10000
  # The two extremes separately: 256 x 64 in one build takes 3 minutes of C++ compilation, and
  # the model's 256 x 64 path is covered by its randomized unit tests.
  check "make sim ROWS=256 COLS=8 (most rows: four row words)" make sim ROWS=256 COLS=8 CYCLES=10000
  check "make sim ROWS=8 COLS=64 (most columns)" make sim ROWS=8 COLS=64 CYCLES=10000
fi
check_end
if ((quick)); then
  summary
  exit
fi

section "formal: RTL properties proved for every input (yosys sat; make formal also runs the slow ones)"
# 19 s on the shared 2-core VM at a load of 3, 33 s at 7 (25 s of CPU); the slower proofs and
# the mutants that show each proof can fail (another 30 s and more) run in make formal.
check "formal proofs (scripts/formal.sh --quick: 8 proofs of tb/formal/README.md; make formal: 12, and 20 mutants)" \
  scripts/formal.sh --quick

section "RTL parameter ranges: every tool stops on an illegal chip"
check "parameter ranges: verilator, iverilog and yosys stop on an illegal chip naming the range; legal corners elaborate" \
  scripts/param_check.sh

section "bad input: clear error naming file and line, exit 2, no partial result"
for f in tb/bad/*.tns; do
  want=$(sed -n '1s/^# error: //p' "$f")
  [[ $want =~ ^[0-9]+: ]] && want="$f:$want"
  out=$("$SIM" --stream "$f" 2>&1)
  rc=$?
  if [[ $rc -eq 2 && "$out" == *"error: "*"$want"* && "$out" != *PASS* && "$out" != *MISMATCH* ]]; then
    ok "stream $(basename "$f")"
  else
    printf '%s\n(exit %d, wanted 2 and: %s)\n' "$out" "$rc" "$want" >"$logdir/bad.log"
    bad "stream $(basename "$f")" "$logdir/bad.log"
  fi
done
bad_option() { # expected-text args...
  local want=$1 out rc
  shift
  out=$("$SIM" "$@" 2>&1)
  rc=$?
  if [[ $rc -eq 2 && "$out" == *"$want"* ]]; then ok "option: $*"
  else printf '%s\n(exit %d)\n' "$out" "$rc" >"$logdir/opt.log"; bad "option: $*" "$logdir/opt.log"; fi
}
bad_option "give exactly one of --stream FILE and --seed N" --quiet
bad_option "unknown option '--sed'" --sed 1
bad_option "option --seed: 'x1' is not a whole number" --seed x1
bad_option "option --cycles: '0' is not a whole number in [1," --seed 1 --cycles 0
bad_option "option --profile: 'sparce' is not sparse" --seed 1 --profile sparce
bad_option "option --modes: 'q4,' is not a comma-separated list" --seed 1 --modes q4,
bad_option "option --modes: 'q8' is not a comma-separated list" --seed 1 --modes q8
bad_option "option --mode: 'fast' is not lockstep, rtl or model" --seed 1 --mode fast
bad_option "option --cycles needs a value" --seed 1 --cycles
bad_option "this binary was built without waves" --seed 1 --waves x.fst
bad_option "the RTL build fixes the configuration" --seed 1 --rows 8
bad_option "the RTL build fixes the configuration" --seed 1 --macros 2
bad_option "stream is for rows 8 cols 4 macros 4 tiles 2, this build is rows 64 cols 16 macros 1 tiles 1" \
  --stream tb/streams/chip_r8c4m4t2.tns
bad_option "cannot open: No such file" --stream tb/streams/no_such.tns
bad_option "--wave-from 9 is after --wave-to 3" --seed 1 --wave-from 9 --wave-to 3
answers() { # binary option first-line-glob: answered on stdout, nothing on stderr, exit 0
  local bin=$1 opt=$2 want=$3 out rc
  out=$("$bin" "$opt" 2>"$logdir/opt.err")
  rc=$?
  # shellcheck disable=SC2053 # $want is a glob pattern on purpose
  if [[ $rc -eq 0 && "${out%%$'\n'*}" == $want && ! -s "$logdir/opt.err" ]]; then ok "option: $bin $opt"
  else printf '%s\n(exit %d, wanted 0 and: %s)\n' "$out" "$rc" "$want" | cat - "$logdir/opt.err" >"$logdir/opt.log"
    bad "option: $bin $opt" "$logdir/opt.log"; fi
}
answers "$SIM" --help "usage: $SIM *"

section "the checker bites: mutants must fail 'make sim' with a mismatch report"
while IFS= read -r name; do
  log="$logdir/mutant_$name.log"
  if scripts/mutant.sh "$name" >"$log" 2>&1; then ok "mutant $name killed with a full report"
  else bad "mutant $name" "$log"; fi
done < <(scripts/mutant.sh --list)

section "SystemC testbench: the same regression, the same reports, the same results"
check "make sim-sc (the make sim configurations in the SystemC testbench)" make sim-sc CYCLES=10000
sc_same_digest() { # one seed, one result under both harnesses
  local cfg a b
  for cfg in r64c16:7 r64c16m4t2:8 r8c4m4t2:9; do
    a=$(digest "build/${cfg%:*}/tnam_sim" --seed "${cfg#*:}" --cycles 20000)
    b=$(digest "build/sc-${cfg%:*}/tnam_sim_sc" --seed "${cfg#*:}" --cycles 20000)
    echo "${cfg%:*} seed ${cfg#*:}: Verilator harness $a, SystemC $b"
    [[ -n "$a" && "$a" == "$b" ]] || return 1
  done
}
check "same seed, same digest in the Verilator and the SystemC harness (3 chips)" sc_same_digest
sc_same_report() { # a wrong RTL fails both harnesses with the same first report line
  local name=rtl_select_tie_to_higher_index dir=build/mut/rtl_select_tie_to_higher_index a b
  [[ -d $dir/rtl ]] || scripts/mutant.sh "$name" >/dev/null 2>&1
  make "$dir-sc/tnam_sim_sc" RTL_DIR="$dir/rtl" VL_LINT="-Wall -Wno-fatal" SCDIR="$dir-sc" \
    ROWS=64 COLS=16 MACROS=4 TILES=2 >/dev/null || return 1
  a=$("$dir/tnam_sim" --seed 1 --profile sparse --cycles 5000 2>&1 | grep -m1 -E '^ *MISMATCH')
  b=$("$dir-sc/tnam_sim_sc" --seed 1 --profile sparse --cycles 5000 2>&1 | grep -m1 -E '^ *MISMATCH')
  printf 'Verilator harness: %s\nSystemC:           %s\n' "$a" "$b"
  [[ -n "$a" && "$a" == "$b" ]]
}
check "mutant rtl_select_tie_to_higher_index: the same mismatch report in both harnesses" sc_same_report

section "FPGA bring-up: the chip behind its UART bridge, one host tool for every board (docs/fpga.md)"
check "make fpga-tb (board top on the RTL under Icarus: INFO, STEP, every ERROR code, LEDs; both boards)" make fpga-tb
check "make host-model (host against the bridge's C model; board alone = golden model alone)" make host-model
check "make vboard-test (host against the Verilated board top behind a pty: streams, digest, faults)" make vboard-test
check "make fpga BOARD=icebreaker (yosys, nextpnr, icepack, icetime: fits, timing met at 12 MHz)" make fpga BOARD=icebreaker
check "make postsim (iCEBreaker netlist with the iCE40 cell models: directed checks, streams in lockstep)" make postsim

section "waves"
check "make waves (FST for a cycle window + generated view)" \
  make waves SEED=3 CYCLES=3000 ARGS="--wave-from 100 --wave-to 600"
WSIM=build/r64c16-waves/tnam_sim
fst_ok() { # FST readable, holds the ports the view names, and its last time is in range
  fst2vcd "$1" >"$logdir/w.vcd" 2>"$logdir/w.err" || return 1
  local sig
  for sig in clk_i eval_i x_i wl_o res_valid_o mac_o gate_o dec_o cnt_dec_o; do
    grep -q " $sig " "$logdir/w.vcd" || { echo "no $sig in $1"; return 1; }
  done
  [[ -z "${2:-}" ]] && return 0
  local last
  last=$(grep -E '^#[0-9]+' "$logdir/w.vcd" | tail -1 | tr -d '#')
  (( last >= $2 && last <= $3 )) || { echo "last time $last not in [$2, $3]"; return 1; }
}
check "wave window: cycles 100..600 only (time 1000..6005 ns)" fst_ok build/waves/tnam.fst 6000 6005
# The script in single quotes is expanded by the bash that runs it.
# shellcheck disable=SC2016
check "view lists only signals that exist in the dump" bash -c '
  fst2vcd build/waves/tnam.fst > build/test-logs/v.vcd &&
  for s in $(grep -E "^(TOP|#\{)" build/waves/tnam.gtkw | grep -oE "TOP\.tnam_chip\.[a-z_]+" | sort -u); do
    grep -q " ${s##*.} " build/test-logs/v.vcd || { echo "missing $s"; exit 1; }; done'
check "committed sim/tnam.gtkw is what sim/gen_gtkw.sh 64 16 makes" bash -c 'diff <(sim/gen_gtkw.sh 64 16) sim/tnam.gtkw'
# exits_with CODE FST CMD...: CMD must exit with CODE and leave a readable wave file FST.
exits_with() {
  local want=$1 fst=$2 rc
  shift 2
  rm -f "$fst"
  "$@"
  rc=$?
  [[ $rc -eq $want ]] || { echo "exit $rc, wanted $want"; return 1; }
  fst_ok "$fst"
}
interrupt_after_start() { # the simulation proper starts after the stream is generated
  "$WSIM" --seed 4 --cycles 3000000 --waves build/waves/int.fst > build/waves/int.log 2>&1 &
  local pid=$! i
  for ((i = 0; i < 300; i++)); do grep -q '^run:' build/waves/int.log && break; sleep 0.1; done
  sleep 1
  kill -INT $pid
  wait $pid
}
check "Ctrl-C: exit 3 and a readable FST" exits_with 3 build/waves/int.fst interrupt_after_start
check "timeout: exit 3 and a readable FST" exits_with 3 build/waves/to.fst \
  "$WSIM" --seed 4 --cycles 3000000 --waves build/waves/to.fst --timeout 1
sed 's/^expect dec 2a7$/expect dec 2a3/' tb/streams/corners_r64c16.tns > build/waves/wrong.tns
cp -r tb/streams/weights build/waves/
check "failed check: exit 1 and a readable FST" exits_with 1 build/waves/fail.fst \
  "$WSIM" --stream build/waves/wrong.tns --waves build/waves/fail.fst

section "variation sweep (small): trims cancel offsets, mitigation never hurts"
sweep_smoke() { # on defect-free rows trims leave no error; each mitigation is at most the last
  make build/tools/tnam_sweep >/dev/null || return 1
  build/tools/tnam_sweep --chips 2 --evals 400 --levels 40 --excess 1 > "$logdir/sweep.tsv" || return 1
  awk -F'\t' '$1 ~ /^[+-]/ { n++
      if ($3 == 0 && ($6 != 0 || $7 != 0 || $8 != 0)) { print "offset error left after trim: " $0; bad = 1 }
      if ($3 == 0 && $2 >= 1 && $5 == 0) { print "no error without mitigation: " $0; bad = 1 }
      if ($7 > $6 + 1e-9) { print "selection worse than trim: " $0; bad = 1 } }
    END { if (n != 20) { print "rows: " n; bad = 1 } exit bad }' "$logdir/sweep.tsv"
}
check "sweep: trims cancel every offset, selection never adds errors (2 chips per point)" sweep_smoke

section "speed tooling (short slices: the speed targets are judged by make bench alone)"
bench_smoke() { # the yardstick builds, passes its self-check, and every figure and target prints
  local out
  out=$(make bench BENCH_QUICK=1) || { echo "$out"; return 1; }
  echo "$out"
  grep -q "yardstick self-check" <<<"$out" && grep -qE "^  PASS: [0-9]+ cycles" <<<"$out" || return 1
  [[ $(grep -cE "^  -- " <<<"$out") -eq 5 ]] || { echo "expected 5 target lines"; return 1; }
}
check "make bench BENCH_QUICK=1 (yardstick built and self-checked, every figure and target printed)" bench_smoke
profile_smoke() { # four kinds of traffic, each with the sense stage and a non-zero total
  local out
  out=$(make profile PROFILE_CYCLES=2000) || { echo "$out"; return 1; }
  echo "$out"
  [[ $(grep -c "^traffic:" <<<"$out") -eq 4 ]] || return 1
  [[ $(grep -cE "^  tnam_sense +[1-9][0-9]* " <<<"$out") -eq 4 ]] || return 1
  [[ $(grep -cE "^  total +[1-9][0-9]*$" <<<"$out") -eq 4 ]]
}
check "make profile PROFILE_CYCLES=2000 (instructions per cycle per RTL module, 4 kinds of traffic)" profile_smoke

section "real networks: data readers, model format, integer reference, three ways through the chip (docs/nn.md)"
check "make nn-test (IDX, digits and model readers, integer reference; bad inputs exit 2 naming the file)" make nn-test
check "make nn-check (each committed model reproduces its training accuracy in the C reference)" make nn-check
check "make nn-slice (20 digits and 4 Fashion-MNIST images, every network and mode, RTL in lockstep = golden model = reference, 64 x 16)" make nn-slice
check "make nn-slice on the 8 x 4 chip with 4 macros and 2 tiles (every layer split, banks, passes)" \
  make nn-slice ROWS=8 COLS=4 MACROS=4 TILES=2

section "every tool answers --version with the version in c_model/tnam_version.h"
version=$(scripts/version.sh)
make build/tools/tnam_sweep build/tools/tnam_var >"$logdir/tools.log" 2>&1
version_check() { # PROGRAM: --version prints "<program> <version>" and exits 0
  local out
  out=$("$1" --version 2>&1) || { echo "$1 --version: exit $?: $out"; return 1; }
  echo "$1 --version: $out"
  [[ $out == "$(basename "$1") $version" ]]
}
for tool in "$SIM" build/sc-r64c16/tnam_sim_sc "$MODEL_RUN" build/tools/tnam_host \
  "$(make print-VBOARD)" build/tools/tnam_sweep build/tools/tnam_var; do
  check "$(basename "$tool") --version" version_check "$tool"
done

section "determinism: one seed, one run, bit for bit"
same_seed_test() {
  local a b c
  a=$(digest "$SIM" --seed 99 --cycles 20000)
  b=$(digest "$SIM" --seed 99 --cycles 20000)
  c=$(digest "$SIM" --seed 100 --cycles 20000)
  echo "seed 99: $a / $b; seed 100: $c"
  [[ -n "$a" && "$a" == "$b" && "$a" != "$c" ]]
}
check "same seed, same digest; another seed, another digest" same_seed_test
modes_test() {
  local l r m x
  l=$(digest "$SIM" --seed 7 --cycles 20000)
  r=$(digest "$SIM" --seed 7 --cycles 20000 --mode rtl)
  m=$(digest "$SIM" --seed 7 --cycles 20000 --mode model)
  x=$(digest "$MODEL_RUN" --seed 7 --cycles 20000)
  echo "lockstep $l, rtl $r, model $m, model runner $x"
  [[ -n "$l" && "$l" == "$r" && "$r" == "$m" && "$m" == "$x" ]]
}
check "RTL alone, model alone and lockstep give one digest" modes_test
chip_modes_test() {
  local l r x
  l=$(digest build/r64c16m4t2/tnam_sim --seed 8 --cycles 20000)
  r=$(digest build/r64c16m4t2/tnam_sim --seed 8 --cycles 20000 --mode rtl)
  x=$(digest "$MODEL_RUN" --seed 8 --cycles 20000 --macros 4 --tiles 2)
  echo "chip 4x2: lockstep $l, rtl $r, model runner $x"
  [[ -n "$l" && "$l" == "$r" && "$r" == "$x" ]]
}
check "chip (4 macros, 2 tiles): RTL alone, lockstep and model runner give one digest" chip_modes_test
dump_test() {
  local a b
  a=$(digest "$SIM" --seed 12 --profile sparse --cycles 20000 --dump-stream build/test-logs/s12.tns)
  b=$(digest "$SIM" --stream build/test-logs/s12.tns)
  echo "generated $a, dumped file $b"
  [[ -n "$a" && "$a" == "$b" ]]
}
check "a dumped stream replays the generated run exactly" dump_test

summary
