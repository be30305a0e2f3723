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

# A check's wall time, printed after its name (set by check and check_end, cleared by the
# line that prints it): what a change adds to the suite's 20-minute budget shows in the log.
took=
ok() { passed=$((passed + 1)); printf '  PASS  %s%s\n' "$1" "${took:+ ($took)}"; took=; }
bad() {
  failed=$((failed + 1)); failures+=("$1"); printf '  FAIL  %s%s\n' "$1" "${took:+ ($took)}"; took=
  [[ -n "${2:-}" && -f "$2" ]] && sed 's/^/        | /' "$2" | tail -25
}
logfile() { echo "$logdir/$(tr -c 'A-Za-z0-9_.-' _ <<<"$1").log"; }
# check NAME CMD...: passes when CMD exits 0; the log is kept in build/test-logs.
check() {
  local name=$1 log t0=$SECONDS rc=0
  log=$(logfile "$1")
  shift
  "$@" >"$log" 2>&1 || rc=$?
  took="$((SECONDS - t0)) s"
  if ((rc == 0)); then ok "$name"; else bad "$name" "$log"; fi
}
# check_start NAME CMD...: a check that runs in the background, on the second core, beside the
# checks that follow; check_end waits for it and prints its line.
check_start() {
  bg_name=$1
  shift
  bg_t0=$SECONDS
  "$@" >"$(logfile "$bg_name")" 2>&1 &
  bg_pid=$!
}
check_end() {
  local rc=0
  wait "$bg_pid" || rc=$?
  took="$((SECONDS - bg_t0)) s beside the others"
  if ((rc == 0)); then ok "$bg_name"; else bad "$bg_name" "$(logfile "$bg_name")"; fi
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
check "unit: tnam_model, tnam_chip, tnam_stream, tnam_cal, tnam_proto, tnam_ports, tnam_cli" make unit JUNIT=1
check "make digests (the model, generator, stream writer and reader give tb/digests.txt: 270 fingerprints)" make digests

# Lint is one process for 100 to 125 s on a 2-core VM, its yosys synthesis of the 64 x 16 chip
# 80 to 105 s of it: it runs beside the lockstep regressions on the other core. The quick tier
# synthesises a small chip (every module) instead.
section "lint (RTL, synthesis, repository), beside the checks up to the mutants"
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
if ((quick)); then
  check_end
  summary
  exit
fi

section "regression farm: make regress's runner (tb/regress/README.md; make regress LEVEL=L1/L2 runs the big sets)"
# About 15 s: short runs on the chips make sim has built (model, 8 x 4 and 64 x 16 lockstep);
# with the SLURM engine's scripts, the same jobs through a one-node cluster of its own (7 s).
farm_cases=(short seeds bad fail interrupt l0)
[[ -x scripts/slurm_cluster.sh && -x scripts/regress_slurm.sh ]] && farm_cases+=(slurm)
for c in "${farm_cases[@]}"; do
  case $c in
    short) what="a short regression passes, 2 jobs at once, with a JUnit file that parses" ;;
    seeds) what="the same REGRESS_SEED gives the same job seeds; pinned seeds stay" ;;
    bad) what="bad test lists (tb/bad/regress/) refuse to start: exit 2, FILE:LINE" ;;
    fail) what="an injected failure and a hanging job (killed at its timeout) fail with first and rerun lines in summary and JUnit" ;;
    interrupt) what="SIGINT keeps finished results, exit 130; RESUME= runs the rest, every job reported once" ;;
    l0) what="L0 is make sim: SIM_CONFIGS' chips, scripts/sim.sh's runs on each" ;;
    slurm) what="ENGINE=slurm through a one-node cluster: the local engine's results, one JUnit file, no process left" ;;
  esac
  check "regress: $what" tb/regress/tests/farm_test.sh "$c"
done

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
bad_option "option --hold-rate: '501' is not a whole number in [0, 500]" --seed 1 --hold-rate 501
bad_option "option --hold-rate is for generated streams" --stream tb/streams/corners_r64c16.tns --hold-rate 0
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

section "clock enable in lockstep: held edges happen, count as no cycle and replay (D32)"
# held_edges: a generated run holds about 3% of its edges (the summary counts them), the
# same stream without them has the same cycles and results, and its dump replays the same
# edges (same digest, same summary).
held_edges() {
  local run none dumped
  run=$("$SIM" --seed 5 --cycles 5000 --quiet --digest --dump-stream "$logdir/held.tns" 2>&1) || return 1
  none=$("$SIM" --seed 5 --cycles 5000 --quiet --hold-rate 0 2>&1) || return 1
  dumped=$("$SIM" --stream "$logdir/held.tns" --quiet --digest 2>&1) || return 1
  printf 'generated: %s
no holds:  %s
dumped:    %s
' "$run" "$none" "$dumped"
  local cycles held
  read -r cycles held < <(sed -nE 's/^PASS: ([0-9]+) cycles \(([0-9]+) held edges\).*/\1 \2/p' <<<"$run")
  if [[ -z $held ]] || ((held * 100 < cycles || held * 100 > 6 * cycles)); then
    echo "held edges: ${held:-none}, wanted 1% to 6% of the cycles"
    return 1
  fi
  [[ $(grep -oE '^PASS: [0-9]+ cycles' <<<"$none") == "PASS: $cycles cycles" ]] || return 1
  [[ $(cut -d, -f1-2 <<<"$(grep '^PASS' <<<"$run")") == $(cut -d, -f1-2 <<<"$(grep '^PASS' <<<"$dumped")") ]] || return 1
  [[ $(grep '^digest' <<<"$run") == $(grep '^digest' <<<"$dumped") ]]
}
check "held edges: about 3% of a generated run's edges, no cycle among them, replayed by its dump" held_edges

section "lazily generated streams: bounded memory, the same run as the dumped stream (D41)"
# The generator feeds the sequencer a window at a time (make soak runs 100 M cycles so): 2 M
# cycles stay far below the memory of the same stream loaded whole from its dump, and give the
# same run, with the same stream lines in its reports (calibrate names its op's line).
lazy_stream() {
  local lazy whole small small_whole peak_lazy peak_whole lines_lazy lines_whole
  lazy=$("$MODEL_RUN" --seed 9 --cycles 2000000 --digest --dump-stream "$logdir/lazy.tns" 2>&1) || return 1
  whole=$("$MODEL_RUN" --stream "$logdir/lazy.tns" --digest 2>&1) || return 1
  local chip=(--rows 8 --cols 4 --macros 4 --tiles 2)
  small=$("$MODEL_RUN" "${chip[@]}" --seed 9 --cycles 300000 --digest --quiet --dump-stream "$logdir/lazy.tns" 2>&1) || return 1
  small_whole=$("$MODEL_RUN" "${chip[@]}" --stream "$logdir/lazy.tns" --digest --quiet 2>&1) || return 1
  rm -f "$logdir/lazy.tns"
  printf '%s\n' "$lazy" "$whole" "$small" "$small_whole" | grep -vE '^(calibrate|work)'
  peak_lazy=$(sed -nE 's/^memory: peak resident ([0-9]+)\..*/\1/p' <<<"$lazy")
  peak_whole=$(sed -nE 's/^memory: peak resident ([0-9]+)\..*/\1/p' <<<"$whole")
  # About 4 MB generated as it runs against about 45 MB loaded whole.
  if [[ -z $peak_lazy || -z $peak_whole ]] || ((peak_lazy > 16 || peak_lazy * 4 > peak_whole)); then
    echo "peak memory: ${peak_lazy:-?} MB generated lazily, ${peak_whole:-?} MB loaded whole"
    return 1
  fi
  lines_lazy=$(sed -nE 's/^calibrate: .*:([0-9]+): [0-9]+ cycles$/\1/p' <<<"$lazy")
  lines_whole=$(sed -nE 's/^calibrate: .*:([0-9]+): [0-9]+ cycles$/\1/p' <<<"$whole")
  [[ -n $lines_lazy && $lines_lazy == "$lines_whole" ]] || { echo "calibrate lines differ"; return 1; }
  [[ $(grep '^digest' <<<"$lazy") == $(grep '^digest' <<<"$whole") ]] || return 1
  [[ $(grep '^digest' <<<"$small") == $(grep '^digest' <<<"$small_whole") ]] || return 1
  [[ $(cut -d, -f1-2 <<<"$(grep '^PASS' <<<"$lazy")") == $(cut -d, -f1-2 <<<"$(grep '^PASS' <<<"$whole")") ]]
}
check "lazy stream: 2 M generated cycles in a few MB, the run and its op lines as the dumped stream's" lazy_stream

# The lint has run beside everything since the lockstep regressions (about 230 s on one core of a
# fresh clone): the single-core checks above keep the other core busy until here, where the
# mutants take both.
check_end # make lint

section "the checker bites: mutants must fail 'make sim' with a mismatch report"
# Two at a time, one a core: each builds and runs in its own folder (build/mut/NAME); what they
# share (the model runner, the host tool) is built first. Their lines come in the table's order.
mapfile -t mutants < <(scripts/mutant.sh --list)
make build build/tools/tnam_host >"$logdir/mutant_shared.log" 2>&1
mutants_t0=$SECONDS
for name in "${mutants[@]}"; do
  if (($(jobs -rp | wc -l) >= 2)); then wait -n; fi
  (scripts/mutant.sh "$name" >"$logdir/mutant_$name.log" 2>&1; echo $? >"$logdir/mutant_$name.rc") &
done
wait
for name in "${mutants[@]}"; do
  if [[ $(cat "$logdir/mutant_$name.rc" 2>/dev/null) == 0 ]]; then ok "mutant $name killed with a full report"
  else bad "mutant $name" "$logdir/mutant_$name.log"; fi
done
echo "  (${#mutants[@]} mutants in $((SECONDS - mutants_t0)) s, two at a time)"

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
  local name=rtl_select_tie_to_higher_index dir=build/mut/rtl_select_tie_to_higher_index a b vars
  [[ -d $dir/rtl ]] || scripts/mutant.sh "$name" >/dev/null 2>&1
  # Built as scripts/mutant.sh builds its Verilator harness (--vars).
  read -ra vars <<<"$(scripts/mutant.sh --vars "$name" "$dir")"
  make "$dir-sc/tnam_sim_sc" "${vars[@]}" SCDIR="$dir-sc" \
    ROWS=64 COLS=16 MACROS=4 TILES=2 >/dev/null || return 1
  a=$("$dir/tnam_sim" --seed 1 --profile sparse --cycles 5000 2>&1 | grep -m1 -E '^ *MISMATCH')
  b=$("$dir-sc/tnam_sim_sc" --seed 1 --profile sparse --cycles 5000 2>&1 | grep -m1 -E '^ *MISMATCH')
  printf 'Verilator harness: %s\nSystemC:           %s\n' "$a" "$b"
  [[ -n "$a" && "$a" == "$b" ]]
}
check "mutant rtl_select_tie_to_higher_index: the same mismatch report in both harnesses" sc_same_report

section "functional coverage: bins counted by the C harness (make fcov, docs/verification.md)"
check "make fcov (make sim's streams on 5 chips, golden model; every bin hit or waived with a reason)" make fcov
fcov_same_counts() { # the bins are counted in the shared run loop: every harness counts the same
  local cfg=r64c16m4t2 dir=build/fcov-harnesses bin chip
  rm -rf "$dir" && mkdir -p "$dir"
  for bin in "build/$cfg/tnam_sim" "build/sc-$cfg/tnam_sim_sc" "$MODEL_RUN"; do
    chip=() && [[ $bin == "$MODEL_RUN" ]] && chip=(--macros 4 --tiles 2)
    "$bin" --seed 12 --cycles 5000 --quiet --fcov "$dir/$(basename "$bin").cnt" "${chip[@]}" || return 1
  done
  echo "bins hit: $(awk 'NR > 2 && $2 > 0' "$dir/tnam_model_run.cnt" | wc -l)"
  cmp "$dir/tnam_sim.cnt" "$dir/tnam_model_run.cnt" && cmp "$dir/tnam_sim_sc.cnt" "$dir/tnam_model_run.cnt" ||
    return 1
  # The board host, against the bridge's C model (its default chip, 4 x 6 with 2 macros).
  make build/tools/tnam_host >/dev/null || return 1
  build/tools/tnam_host --board model --seed 5 --cycles 3000 --quiet --fcov "$dir/host.cnt" &&
    "$MODEL_RUN" --seed 5 --cycles 3000 --quiet --rows 4 --cols 6 --macros 2 --fcov "$dir/model46.cnt" &&
    cmp "$dir/host.cnt" "$dir/model46.cnt"
}
check "fcov: tnam_sim, tnam_sim_sc, tnam_host and tnam_model_run count the same bins (seed 12 with a calibrate, 64 x 16, 4 macros, 2 tiles; the board model)" \
  fcov_same_counts
fcov_bad_files() { # tb/bad/fcov: exit 2, FILE:LINE: text, no report; the harness likewise
  local f want out rc dir=build/fcov-bad fails=0
  rm -rf "$dir" && mkdir -p "$dir"
  for f in tb/bad/fcov/*; do
    want="$f:$(sed -n '1s/^# error: //p' "$f")"
    if [[ $f == *.waive ]]; then out=$(build/tools/tnam_fcov --waivers "$f" build/fcov/merged.cnt 2>&1)
    else out=$(build/tools/tnam_fcov "$f" "$f" 2>&1); fi # twice: overflow.cnt overflows when merged
    rc=$?
    if [[ $rc -eq 2 && $out == *"$want"* && $out != *"bins hit"* ]]; then echo "ok   $f"
    else printf 'FAIL %s (exit %d, wanted 2 and: %s):\n%s\n' "$f" "$rc" "$want" "$out"; fails=1; fi
  done
  # The harness adds to a counts file: a bad one stops it before the first cycle (a copy: on
  # success the file would be rewritten).
  cp tb/bad/fcov/unknown_bin.cnt "$dir/u.cnt"
  out=$("$MODEL_RUN" --seed 1 --fcov "$dir/u.cnt" 2>&1)
  rc=$?
  [[ $rc -eq 2 && $out == *"$dir/u.cnt:3: unknown bin"* && $out != *PASS* ]] || { echo "FAIL harness, bad counts file (exit $rc): $out"; fails=1; }
  cmp -s "$dir/u.cnt" tb/bad/fcov/unknown_bin.cnt || { echo "FAIL the bad counts file was changed"; fails=1; }
  out=$("$MODEL_RUN" --seed 1 --fcov "$dir/no/such/dir.cnt" 2>&1)
  rc=$?
  [[ $rc -eq 2 && $out == *"cannot write $dir/no/such/dir.cnt"* && $out != *PASS* ]] || { echo "FAIL harness, unwritable (exit $rc): $out"; fails=1; }
  out=$("$SIM" --seed 1 --mode rtl --fcov "$dir/rtl.cnt" 2>&1)
  rc=$?
  [[ $rc -eq 2 && $out == *"not with --mode rtl"* ]] || { echo "FAIL --mode rtl (exit $rc): $out"; fails=1; }
  ((fails == 0))
}
check "fcov: bad counts and waiver files exit 2 naming file and line (tb/bad/fcov, harness and tool)" fcov_bad_files

fcov_exact() { # the sampler counts what the spec says: a directed stream's bins, by hand
  local f=build/fcov-exact.cnt s want
  rm -f "$f"
  "$MODEL_RUN" --stream tb/streams/q4shift_r64c16.tns --quiet --fcov "$f" >/dev/null || return 1
  # 32 q4 operations with no activation (4 gated planes, 6 cycles) of 5 neurons at 16383, one
  # per shift: out 15 saturated below 10, exactly 15 at 10, 7, 3, 1 at 11..13, 0 from 14; then a
  # threshold evaluation cancelled by a reset and one on cleared cells (16 gated columns, T = 0).
  want=$(printf 'mode_activity[thresh/full] 2\nmode_activity[q4/none] 32\ngating[thresh/all] 1\n'
    printf 'gating[q4/all] 128\nplane_all_gated[q4] 128\nthr_gated[t=0] 16\nq4_length[6] 32\n'
    printf 'q4_relu[positive] 160\nq4_out[0] 90\nq4_out[1..14] 15\nq4_out[15] 5\nq4_out[saturated] 50\n'
    for s in $(seq 0 31); do printf 'q4_shift[%d] 5\n' "$s"; done
    printf 'mode_switch[thresh>q4] 1\nmode_switch[q4>thresh] 1\nmode_switch[q4>q4] 31\n'
    printf 'reset_in_flight 1\nsel_static 34\nsel_macro[0] 34\nsel_rank[1st] 34\n')
  # While busy (5 cycles of each operation) the sequencer's noise raises each enable at random.
  diff <(echo "$want") <(awk 'NR > 2 && $2 > 0' "$f" | grep -v '^busy_ignored') &&
    awk '/^busy_ignored/ { if ($2 < 1 || $2 > 160) bad = 1 } END { exit bad }' "$f" || return 1
  # The selection bins of E1 .. E13 of chip_r8c4m4t2.tns, from its comments: static E1, E2 (4
  # tiles, macros 0 and 1); then ties by index E3 t0, E7 t0, E8 t1, E11 t1; fewest hazards E5 t0,
  # E9 t0, E13 t1; ties by residual E6 t0, E10 t0, E12 t1 (macros 2, 2, 3: second copies); 12
  # inactive tiles, E4 with none active.
  f=build/fcov-sel/sel.cnt
  rm -rf build/fcov-sel && mkdir -p build/fcov-sel && cp -r tb/streams/weights tb/streams/*.var build/fcov-sel/
  sed '/^# ---- level mode: test mode/q' tb/streams/chip_r8c4m4t2.tns >build/fcov-sel/sel.tns
  "$MODEL_RUN" --stream build/fcov-sel/sel.tns --rows 8 --cols 4 --macros 4 --tiles 2 --quiet \
    --fcov "$f" >/dev/null || return 1
  want=$(printf 'sel_static 4\nsel_outcome[inactive] 12\nsel_outcome[fewest_hazards] 3\n'
    printf 'sel_outcome[tie_resid] 3\nsel_outcome[tie_index] 4\nsel_macro[0] 6\nsel_macro[1] 5\n'
    printf 'sel_macro[2] 2\nsel_macro[3] 1\nsel_rank[1st] 11\nsel_rank[2nd] 3\nsel_all_idle 1\n')
  diff <(echo "$want") <(awk 'NR > 2 && $2 > 0' "$f" | grep '^sel_')
}
check "fcov: bins counted by hand: every bin of q4shift_r64c16.tns, the selection bins of chip_r8c4m4t2.tns E1..E13" fcov_exact
fcov_docs() { # the one table of bins and its description agree; the tool says its version
  local point missing=0
  [[ $(build/tools/tnam_fcov --version) == "tnam_fcov $(scripts/version.sh)" ]] || { echo "bad --version"; return 1; }
  for point in $(build/tools/tnam_fcov --list | grep -v '^ ' | sed 's/\[.*//'); do
    grep -q "\`$point\`" docs/verification.md || { echo "coverpoint $point: not in docs/verification.md"; missing=1; }
  done
  ((missing == 0))
}
check "fcov: tnam_fcov --version; every coverpoint of the table is described in docs/verification.md" fcov_docs

# After the SystemC section, so that its harness gets the rule that a stream begins with reset.
section "hostile input files (D36): NUL bytes, lone CRs, endless inputs, signals while loading, no reset, long paths"
check "make bad-files (each exits 2 naming FILE:LINE, or 130/143 on a signal; 4 runners refuse a stream without reset)" \
  make bad-files

section "FPGA bring-up: the chip behind its UART bridge, one host tool for every board (docs/fpga.md)"
check "make fpga-tb (board top on the RTL under Icarus: INFO, STEP, every ERROR code, LEDs; both boards)" make fpga-tb
check "make host-model (host against the bridge's C model; board alone = golden model alone)" make host-model
check "make vboard-test (host against the Verilated board top behind a pty: streams, digest, faults)" make vboard-test
check "make fpga BOARD=icebreaker (yosys, nextpnr, icepack, icetime: fits, timing met at 12 MHz)" make fpga BOARD=icebreaker
# The post-synthesis simulation (two to three minutes on one core) runs beside the sections that
# follow, up to the sanitizers, which use both cores; it shares no build with them (the host
# tool it runs is built above).
check_start "make postsim (iCEBreaker netlist with the iCE40 cell models: directed checks, streams in lockstep)" \
  make postsim

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

# refuses_with CODE WANT CMD...: CMD exits CODE (within 10 s) saying WANT, and prints no result.
refuses_with() {
  local code=$1 want=$2 out rc
  shift 2
  out=$(timeout -k 2 10 "$@" 2>&1)
  rc=$?
  printf '%s\n(exit %d, wanted %d and: %s)\n' "$out" "$rc" "$code" "$want"
  [[ $rc -eq $code && "$out" == *"$want"* && "$out" != *PASS* ]]
}
# refuses WANT CMD...: CMD exits 2 (a usage or input error) saying WANT.
refuses() { refuses_with 2 "$@"; }
# Waves that cannot be written end loudly (D37): not a regular file is refused before the run (a
# FIFO: the FST writer, given a device such as /dev/full, replaced it with a regular file); a
# file the disk cannot take (here a 16 kB file size limit, SIGXFSZ ignored: writes fail with
# EFBIG as on a full disk) makes the read-back fail: exit 3, never PASS.
rm -f "$logdir/waves.fifo"
mkfifo "$logdir/waves.fifo"
check "refused: --waves FIFO (not a regular file)" refuses "waves.fifo is not a regular file" \
  "$WSIM" --seed 3 --cycles 300 --waves "$logdir/waves.fifo"
waves_full_disk() {
  local rc out
  # The trap and the limit stay in the subshell.
  out=$( (ulimit -f 16; trap '' XFSZ; timeout -k 5 60 "$WSIM" --seed 3 --cycles 3000 \
    --waves "$logdir/full.fst" --quiet) 2>&1)
  rc=$?
  echo "$out"
  echo "exit $rc, wanted 3"
  [[ $rc -eq 3 && $out == *"wave file $logdir/full.fst: unreadable after writing"* && $out != *PASS* ]]
}
check "waves to a full disk: an error and exit 3, never PASS" waves_full_disk

section "waves on failure (issue 16): scripts/regress_waves.sh, make view, make waves STREAM=, JUnit files and merge"
# A regression job folder (issue 16's folder contract: meta, cmd, log) made by hand
# from the committed failing stream (a wrong expectation, late and among held edges).
wjob=build/test-logs/regress/run/jobs/wrong_dec
wstream=tb/bad/failing/wrong_dec_r64c16.tns
rm -rf build/test-logs/regress
mkdir -p "$wjob"
printf '%s\n' name=wrong_dec test=wrong_dec level=L0 harness=lockstep rows=64 cols=16 macros=1 \
  tiles=1 seed= "stream=$wstream" timeout=60 "bin=$SIM" "args=--stream $wstream" \
  "rerun=$SIM --stream $wstream" >"$wjob/meta"
printf '#!/bin/sh\ncd %s && exec %s --stream %s\n' "$PWD" "$SIM" "$wstream" >"$wjob/cmd"
sh "$wjob/cmd" >"$wjob/log" 2>&1
regress_waves_ok() {
  local out
  out=$(scripts/regress_waves.sh "$wjob") || { echo "$out"; return 1; }
  echo "$out"
  grep -qx "waves: $PWD/$wjob/waves.fst" <<<"$out" && grep -qx "view: $PWD/$wjob/waves.gtkw" <<<"$out" &&
    grep -q "reproduces it" <<<"$out" && grep -q '^EXPECTATION FAILED at cycle 603: column 0 dec' "$wjob/waves.run.log"
}
check "regress_waves.sh: the failing job's rerun reproduces its first line; prints waves: and view:" regress_waves_ok
# The report: cycle 603 after 68 held edges, time 6715 ns = clock period 671; the window
# starts 300 periods before (3710 ns) and the run ends at the failure.
wave_window_ok() {
  grep -q 'time *: rising edge at 6715 ns' "$wjob/log" || { echo "the log's time line moved"; return 1; }
  fst2vcd "$wjob/waves.fst" 2>/dev/null | grep -E '^#[0-9]+' | sed -n '1p;$p' | tr -d '#' | tr '\n' ' ' |
    { read -r first last; echo "times $first .. $last"; [[ $first == 3710 && $last == 6715 ]]; }
}
check "its FST is readable and cut to the window: periods 371 .. 671 (3710 .. 6715 ns)" wave_window_ok
wave_view_ok() {
  local g=$wjob/waves.gtkw missing
  grep -qx '\*[-0-9.]* 6715 6715\( -1\)\{25\}' "$g" || { echo "no marker at 6715 ns"; return 1; }
  grep -qx '\[markername\] AEXPECTATION FAILED cycle 603' "$g" || { echo "no marker name"; return 1; }
  grep -qx -- '-RTL: sense stage, macro 0' "$g" || { echo "no unit label"; return 1; }
  grep -q '^+{u_sense\.[^}]*} TOP\.tnam_chip\.g_macro\[0\]\.u_macro\.u_sense\.' "$g" ||
    { echo "no tnam_sense signal"; return 1; }
  # Every signal the view names (a vector's bits as (N)NAME; not the aliases {..}) is in the dump.
  missing=$(grep -vE '^[@[*-]' "$g" | tr ' ' '\n' | grep -v '^[#+]{' | sed 's/^([0-9]*)//' | sort -u |
    comm -23 - <(scripts/fst_signals.sh "$wjob/waves.fst" | cut -d' ' -f3 | sort -u))
  [[ -z $missing ]] || { echo "not in the dump: $missing"; return 1; }
}
check "its view: marker A at 6715 ns, the failing unit's RTL (tnam_sense), only signals in the dump" wave_view_ok
# GTKWave itself reads the view (under Xvfb): the marker where the view puts it, in the page
# it opens (the dump from 3710 ns), and the traces it lists.
gtkwave_reads_view() {
  local line marker start end traces
  printf 'puts "marker [gtkwave::getMarker] page %s traces %s"\ngtkwave::/File/Quit\n' \
    '[gtkwave::getWindowStartTime] [gtkwave::getWindowEndTime]' '[gtkwave::getTotalNumTraces]' >"$logdir/view.tcl"
  line=$(timeout 60 xvfb-run -a gtkwave -S "$logdir/view.tcl" "$wjob/waves.gtkw" 2>&1 | grep -E '^marker ')
  echo "$line"
  read -r _ marker _ start end _ traces <<<"$line"
  [[ $marker == 6715 && $start == 3710 && $end -gt 6715 && $traces -gt 0 ]]
}
check "GTKWave opens waves.gtkw (its [dumpfile]): marker at 6715 ns in the page it opens" gtkwave_reads_view
wjob_as() { # wjob_as HARNESS LOG: a copy of the job with another harness and log
  local d=build/test-logs/regress/run/jobs/$1
  mkdir -p "$d"
  sed "s/^harness=.*/harness=$1/" "$wjob/meta" >"$d/meta"
  printf '%s\n' "$2" >"$d/log"
  echo "$d"
}
check "refused: a model-only job (no RTL): exit 1 and its reason" refuses_with 1 "harness=model" \
  scripts/regress_waves.sh "$(wjob_as model "$(cat "$wjob/log")")"
check "refused: a log without a report naming a cycle: exit 1 and its reason" refuses_with 1 \
  "no failure report naming a cycle" scripts/regress_waves.sh "$(wjob_as lockstep "error: x.tns:3: what")"
not_reproduced() { # a rerun that fails otherwise than the log says: exit 1, no waves left
  local d
  d=$(wjob_as sc "$(sed 's/column 0 dec/column 1 dec/' "$wjob/log")")
  refuses_with 1 "did not reproduce 'EXPECTATION FAILED at cycle 603: column 1 dec" scripts/regress_waves.sh "$d" &&
    [[ ! -e $d/waves.fst && ! -e $d/waves.gtkw ]]
}
check "refused: a rerun that does not reproduce the log's first line: exit 1, no waves left" not_reproduced
waves_stream() {
  local out
  out=$(make waves STREAM=tb/streams/hold_r64c16.tns 2>&1) || { echo "$out"; return 1; }
  echo "$out"
  grep -q '^waves: tb/streams/hold_r64c16.tns: the chip of its config line' <<<"$out" &&
    grep -q '^run: tb/streams/hold_r64c16.tns, mode lockstep' <<<"$out" && grep -q '^PASS' <<<"$out" &&
    fst_ok build/waves/tnam.fst
}
check "make waves STREAM=FILE traces that stream (it ran seed 1), on its config line's chip" waves_stream
# make view: the newest view, or the one VIEW= names (VIEW_PRINT=1: the command, no display).
view_is() { # view_is VIEW MAKE-ARGS...: make view VIEW_PRINT=1 would open VIEW and its wave file
  local want=$1 out
  shift
  out=$(VIEW_REGRESS=build/test-logs/regress make view VIEW_PRINT=1 "$@")
  echo "$out"
  [[ $out == "gtkwave ${want%.gtkw}.fst $want" ]]
}
view_picks() {
  touch "$wjob/waves.gtkw"
  view_is "$wjob/waves.gtkw" || return 1
  touch build/waves/tnam.gtkw
  view_is build/waves/tnam.gtkw || return 1
  view_is "$wjob/waves.gtkw" VIEW="$wjob"
}
check "make view: the newest view (a job's, then make waves'), VIEW=DIR the chosen one" view_picks
check "refused: make view VIEW=a folder without a view: exit 2" refuses_with 2 "no waves.gtkw or tnam.gtkw" \
  make view VIEW=build/test-logs VIEW_PRINT=1
check "refused: make view (scripts/view.sh) without a display: exit 1, the command to run where there is one" \
  refuses_with 1 "no display (DISPLAY is not set); on a machine with one: gtkwave $wjob/waves.fst" \
  env -u DISPLAY -u WAYLAND_DISPLAY scripts/view.sh "$wjob"
# make unit JUNIT=1 ran in the unit section: one file per binary (two unnamed cmocka groups
# shared tests.xml), each holding its own suite.
unit_junit_files() {
  local bins files suites xml=(build/junit/*.xml)
  bins=$(make -s print-UNIT_TESTS | wc -w)
  files=${#xml[@]}
  suites=$(for f in "${xml[@]}"; do xmllint --xpath 'string(//testsuite/@name)' "$f"; echo; done | sort -u | grep -c .)
  echo "$bins binaries, $files files, $suites suite names"
  [[ $files -eq $bins && $suites -eq $bins ]]
}
check "make unit JUNIT=1: one JUnit file and suite per test binary" unit_junit_files
junit_merged() {
  local sum xml=(build/junit/*.xml)
  # A regression's report as the runner writes it (one testcase per job, a failure with its
  # rerun line, the waves as attachments), merged with the unit tests'.
  cat >"$logdir/regress_junit.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="regress"><testsuite name="regress L0" tests="2" failures="1" errors="0" skipped="0" time="1.5">
<testcase name="a" time="0.5"/><testcase name="wrong_dec" time="1.0"><failure message="EXPECTATION FAILED &amp; more"><![CDATA[rerun: x]]></failure>
<system-out>[[ATTACHMENT|$wjob/waves.fst]]</system-out></testcase></testsuite></testsuites>
XML
  scripts/junit_merge.sh "$logdir/junit_all.xml" "$logdir/regress_junit.xml" "${xml[@]}" || return 1
  xmllint --noout "$logdir/junit_all.xml" || return 1
  sum=$(for f in "$logdir/regress_junit.xml" "${xml[@]}"; do xmllint --xpath 'sum(//testsuite/@tests)' "$f"; echo; done |
    awk '{ s += $1 } END { print s }')
  [[ $(xmllint --xpath 'count(/testsuites/testsuite)' "$logdir/junit_all.xml") -eq $((${#xml[@]} + 1)) &&
    $(xmllint --xpath 'string(/testsuites/@tests)' "$logdir/junit_all.xml") == "$sum" &&
    $(xmllint --xpath 'string(/testsuites/@failures)' "$logdir/junit_all.xml") == 1 ]] &&
    grep -q "ATTACHMENT|$wjob/waves.fst" "$logdir/junit_all.xml"
}
check "scripts/junit_merge.sh: one <testsuites>, every suite kept, totals summed; xmllint validates it" junit_merged

section "hostile command lines and outputs: strict numbers, options once, whole reproduce lines, outputs that fail loudly"
# Every tool: tnam_sim, tnam_model_run, tnam_host, tnam_sweep, tnam_var, tnam_ports, tnam_energy,
# tnam_infer (docs/decisions.md D37). About 3 s.
make build/tools/tnam_host build/tools/tnam_sweep build/tools/tnam_var build/tools/tnam_ports \
  build/tools/tnam_energy build/tools/tnam_infer >"$logdir/hostile_tools.log" 2>&1
HOST=build/tools/tnam_host
# refused WANT CMD...: one check of refuses.
refused() { check "refused: ${*:2}" refuses "$@"; }
refused "option --seed: ' -1' is not a whole number" "$SIM" --seed " -1"
refused "option --cycles: ' 5' is not a whole number" "$SIM" --seed 1 --cycles " 5"
refused "option --seed is given twice" "$SIM" --seed 1 --seed 2
refused "option --quiet is given twice" "$MODEL_RUN" --seed 1 --quiet --quiet
refused "option --dump-stream writes a generated stream: it needs --seed" \
  "$SIM" --stream tb/streams/corners_r64c16.tns --dump-stream "$logdir/never.tns"
refused "option --cycles shapes a generated stream" "$SIM" --stream tb/streams/corners_r64c16.tns --cycles 5
refused "option --digest: the --backend-only benchmark loop does not honour it" \
  "$SIM" --seed 1 --backend-only --digest
refused "option --wave-from: only with --waves FILE" "$SIM" --seed 1 --wave-from 5
# A calibrate in the benchmark loop runs on its pacer while the inputs are prepared and is
# replayed to the back ends: the hand-computed expectations after it must hold (the old loop
# skipped it, and an expectation after it failed or the run hung).
backend_only_calibrates() {
  "$MODEL_RUN" --stream tb/streams/chip_r8c4m4t2.tns --rows 8 --cols 4 --macros 4 --tiles 2 \
    --backend-only | grep -E '^PASS: ' &&
    "$SIM" --seed 1 --cycles 20000 --mode lockstep --backend-only | grep -E '^PASS: '
}
check "--backend-only runs a calibrate on its pacer and replays it (chip_r8c4m4t2.tns; seed 1 in lockstep)" \
  backend_only_calibrates
refused "option --config: '4:-6:2:1': COLS '-6' is not a whole number" "$HOST" --config 4:-6:2:1 --seed 1
refused "option --baud: only for a board on a serial port" "$HOST" --baud 9600 --seed 1
refused "option --timeout-ms is given twice" "$HOST" --timeout-ms 5 --timeout-ms 6 --seed 1
refused "option --backend-only: this harness clocks the RTL itself" "$HOST" --seed 1 --backend-only
refused "option --chips: ' 1' is not a whole number" build/tools/tnam_sweep --chips " 1"
refused "option --excess is given twice" build/tools/tnam_sweep --excess 1 --excess -1
refused "option --rows is given twice" \
  build/tools/tnam_var --rows 8 --rows 8 --cols 4 --macros 1 --sigma 0 --rate 0 --excess 1 --seed 1
refused "usage: " build/tools/tnam_ports 8 " 4"
refused "--limit  3: not a positive count" \
  build/tools/tnam_infer --model models/digits_mlp_bin.tnn --digits x --limit " 3"
refused "bad argument 'eval=2'" build/tools/tnam_energy --config nn/energy.cfg eval=1 eval=2
backend_only_expect() { # a wrong expectation fails --backend-only as it fails a normal run
  local rc
  "$SIM" --stream "$logdir/wrong_expect.tns" --backend-only
  rc=$?
  echo "exit $rc, wanted 1"
  [[ $rc -eq 1 ]]
}
sed 's/^expect dec 2a7$/expect dec 2a3/' tb/streams/corners_r64c16.tns >"$logdir/wrong_expect.tns"
cp -r tb/streams/weights "$logdir/"
check "--backend-only with a wrong expectation: FAIL, exit 1" backend_only_expect
long_path_repro() { # a binary started through a 1.3 KB path: the reproduce line is whole
  local dir=$logdir/long i out want rc bin
  for ((i = 0; i < 13; i++)); do dir=$dir/$(printf 'p%.0s' {1..99}); done
  mkdir -p "$dir" || return 1
  for bin in "$SIM" "$MODEL_RUN"; do
    ln -sf "$PWD/$bin" "$dir/$(basename "$bin")"
    out=$("$dir/$(basename "$bin")" --stream "$logdir/wrong_expect.tns" 2>&1)
    rc=$?
    want="$dir/$(basename "$bin") --stream $logdir/wrong_expect.tns"
    [[ $bin == "$MODEL_RUN" ]] && want+=" --mode model --rows 64 --cols 16 --macros 1 --tiles 1"
    echo "$(basename "$bin"): exit $rc, path of ${#dir} characters"
    if [[ $rc -ne 1 ]] || ! grep -qxF "  reproduce   : $want" <<<"$out"; then
      echo "$out" | tail -5
      return 1
    fi
  done
}
check "a binary through a 1.3 KB path: the failure's reproduce line is whole (tnam_sim, tnam_model_run)" long_path_repro
full_stdout() { # every tool's standard output to a full device: a message and a non-zero exit
  local cmd rc err n=0
  while IFS= read -r cmd; do
    # shellcheck disable=SC2086 # the command lines split at blanks on purpose
    err=$($cmd 2>&1 >/dev/full)
    rc=$?
    echo "$cmd >/dev/full: exit $rc: ${err##*$'\n'}"
    [[ $rc -ne 0 && $err == *"cannot write standard output"* ]] || n=$((n + 1))
  done <<EOT
$SIM --seed 1 --cycles 2000 --digest --quiet
$MODEL_RUN --seed 1 --cycles 2000 --digest --quiet
$SIM --help
$HOST --seed 1 --cycles 200 --digest --quiet
build/tools/tnam_sweep --chips 1 --evals 10 --levels 10 --excess 1
build/tools/tnam_var --rows 8 --cols 4 --macros 1 --sigma 0 --rate 0 --excess 1 --seed 1
build/tools/tnam_ports 8 4
build/tools/tnam_energy --tsv-header
build/tools/tnam_infer --help
EOT
  [[ $n -eq 0 ]]
}
check "standard output to /dev/full: every tool says so and exits non-zero" full_stdout

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

section "RTL code coverage: a slice (make coverage runs make sim's whole regression, docs/verification.md)"
check "make coverage-slice (8x4 chip, 4 macros, 2 tiles, directed stream: lines, branches, toggles at or above tb/coverage_floor.txt; HTML)" \
  make coverage-slice
# The report's checks bite: each bad waiver line stops it with exit 2 naming the file and line;
# a floor above the figures makes it exit 1 naming the module and metric.
coverage_report_bites() {
  local dir=build/coverage/bites merged=build/coverage/slice/merged.dat c want out rc
  [[ -s $merged ]] || { echo "no $merged"; return 1; }
  mkdir -p "$dir"
  report() { # STRICT WAIVERS FLOOR
    awk -v set=slice -v strict="$1" -v update=0 -v kept="$dir/kept.dat" -v holes="$dir/holes.txt" \
      -v newfloor="$dir/floor.txt" -f scripts/coverage.awk "$2" "$3" "$merged" 2>&1
  }
  for c in 'toggle tnam_chip cnt_eval_o[31]|a waiver needs its reason' \
    'branch tnam_sar else "no such text" why|is on 0 lines of rtl/tnam_sar.v' \
    'line tnam_sar else why|a line waiver reads' 'cover tnam_sar x why|unknown metric' \
    'toggle tnam_chip no_such_signal never declared|matches no point'; do
    want=${c#*|}
    printf '%s\n' "${c%%|*}" >"$dir/waivers.txt"
    out=$(report 1 "$dir/waivers.txt" tb/coverage_floor.txt)
    rc=$?
    echo "${c%%|*}: exit $rc: $out"
    [[ $rc -eq 2 && $out == *"$dir/waivers.txt:1: "*"$want"* ]] || return 1
  done
  sed 's/^\(slice  tnam_sense  *\)[0-9.]*/\1100.0/' tb/coverage_floor.txt >"$dir/floor.txt.in"
  out=$(report 0 tb/coverage_waivers.txt "$dir/floor.txt.in")
  rc=$?
  echo "floor raised: exit $rc: $(tail -2 <<<"$out")"
  [[ $rc -eq 1 && $out == *"tnam_sense line: "*"below the floor of 100.0%"* ]]
}
check "make coverage's report refuses bad waivers (exit 2, file:line) and fails below the floor (exit 1)" \
  coverage_report_bites

section "real networks: data readers, model format, integer reference, three ways through the chip (docs/nn.md)"
check "make nn-test (IDX, digits and model readers, integer reference; bad inputs exit 2 naming the file)" make nn-test
check "make nn-check (each committed model reproduces its training accuracy in the C reference)" make nn-check
check "make nn-slice (20 digits and 4 Fashion-MNIST images, every network and mode, RTL in lockstep = golden model = reference, 64 x 16)" make nn-slice
check "make nn-slice on the 8 x 4 chip with 4 macros and 2 tiles (every layer split, banks, passes)" \
  make nn-slice ROWS=8 COLS=4 MACROS=4 TILES=2


section "sanitizers and fuzzing: the C code under ASan + UBSan, every parser under libFuzzer (D35)"
check "make sanitize (clang ASan + UBSan: unit tests, model runner on make digests' runs and every bad stream, every C tool)" \
  make sanitize
check "make fuzz FUZZ_SECONDS=2 FUZZ_SEED=1 (each tb/fuzz target over its committed corpus, then 2 s of fuzzing)" \
  make fuzz FUZZ_SECONDS=2 FUZZ_SEED=1

section "SLURM one-node cluster: make regress ENGINE=slurm's engine (scripts/regress_slurm.sh, D42)"
# A cluster of its own (build/slurm-test, its own ports), not make slurm-start's build/slurm.
# The job wrapper is the runner's (`tnam_regress job JOBDIR`) where this tree builds it, else
# tb/slurm/job_wrapper.sh, the contract's wrapper in shell.
slurm_dir=$PWD/build/slurm-test
slurm_conf=$slurm_dir/slurm.conf
if make -s build/tools/tnam_regress >/dev/null 2>&1; then
  slurm_bin=$PWD/build/tools/tnam_regress
else
  slurm_bin=$PWD/tb/slurm/job_wrapper.sh
fi
# slurm_jobs RUNDIR CMD...: a run folder of the contract, one job a command, and its job file.
slurm_jobs() {
  local run=$1 i=0 d c
  shift
  rm -rf "$run"
  mkdir -p "$run/jobs"
  for c in "$@"; do
    d=$run/jobs/j.s$i
    mkdir -p "$d"
    printf 'name=j.s%d\ntest=j\nlevel=L0\nharness=model\ntimeout=60\nargs=\n' "$i" >"$d/meta"
    printf '#!/bin/sh\ncd %s || exit 1\nexec %s\n' "$PWD" "$c" >"$d/cmd"
    chmod +x "$d/cmd"
    echo "$d" >>"$run/joblist"
    i=$((i + 1))
  done
}
slurm_run() { # RUNDIR: the engine on RUNDIR's job file, through the test cluster
  TNAM_REGRESS_BIN=$slurm_bin TNAM_JOBS=2 SLURM_CONF=$slurm_conf scripts/regress_slurm.sh "$1" "$1/joblist"
}
# Six model runs and one failing job: every job gets its started and result, the failure its
# status and first error line, and a run's digest is the one the model runner gives here.
slurm_engine_test() {
  local run=$PWD/build/test-logs/slurm-run out rc d want got n=0
  slurm_jobs "$run" "$MODEL_RUN --seed 1 --cycles 2000 --digest --quiet" \
    "$MODEL_RUN --seed 2 --cycles 2000 --digest --quiet" "$MODEL_RUN --seed 3 --cycles 2000 --digest --quiet" \
    "$MODEL_RUN --seed 4 --cycles 2000 --digest --quiet" "$MODEL_RUN --seed 5 --cycles 2000 --digest --quiet" \
    "$MODEL_RUN --seed 6 --cycles 2000 --digest --quiet" "sh -c 'echo error: injected failure; exit 1'"
  echo "job wrapper: $slurm_bin"
  out=$(slurm_run "$run" 2>&1)
  rc=$?
  echo "$out"
  [[ $rc -eq 0 && $out =~ slurm:\ job\ array\ [0-9]+,\ 7\ tasks ]] || { echo "exit $rc, wanted 0 and 'job array N, 7 tasks'"; return 1; }
  for d in "$run"/jobs/j.s[0-5]; do
    if ! grep -q '^host=' "$d/started" || ! grep -qx 'status=pass' "$d/result"; then
      echo "$d: no started or no pass"
      return 1
    fi
    n=$((n + 1))
  done
  d=$run/jobs/j.s6
  if ! grep -qx 'status=fail' "$d/result" || ! grep -qx 'first=error: injected failure' "$d/result"; then
    echo "$d: wanted status=fail and its first error line"
    cat "$d/result"
    return 1
  fi
  want=$("$MODEL_RUN" --seed 3 --cycles 2000 --digest --quiet | grep '^digest:')
  got=$(grep '^digest:' "$run/jobs/j.s2/log")
  echo "$n passed, 1 failed as injected; seed 3 digest here '$want', through SLURM '$got'"
  [[ -n $want && $want == "$got" ]] && [[ $(find "$run/slurm" -name '*_*.out' | wc -l) -eq 7 ]]
}
# Several jobs a task (TNAM_SLURM_PER_TASK=3, as for a long list on few cores): 7 jobs in 3
# tasks, task t running lines t+1, t+4, t+7.
slurm_batch_test() {
  local run=$PWD/build/test-logs/slurm-batch out rc i tasks='' say
  # shellcheck disable=SC2016 # the job's own shell expands it
  say='sh -c "echo task \$SLURM_ARRAY_TASK_ID"'
  slurm_jobs "$run" "$say" "$say" "$say" "$say" "$say" "$say" "$say"
  out=$(TNAM_SLURM_PER_TASK=3 slurm_run "$run" 2>&1)
  rc=$?
  echo "$out"
  for i in 0 1 2 3 4 5 6; do
    grep -qx 'status=pass' "$run/jobs/j.s$i/result" 2>/dev/null || { echo "j.s$i: no pass"; return 1; }
    tasks+="$(cat "$run/jobs/j.s$i/log") "
  done
  echo "jobs 0-6 ran in: $tasks"
  [[ $rc -eq 0 && $out == *"3 tasks of up to 3 jobs each"* ]] &&
    [[ $tasks == "task 0 task 1 task 2 task 0 task 1 task 2 task 0 " ]]
}
# A controller that does not answer (its port dead): exit 3 and the message within seconds, and
# nothing submitted.
slurm_unreachable_test() {
  local run=$PWD/build/test-logs/slurm-dead out rc t0=$SECONDS
  slurm_jobs "$run" true
  sed 's/^SlurmctldPort=.*/SlurmctldPort=9/' "$slurm_conf" >"$run/dead.conf"
  out=$(TNAM_REGRESS_BIN=$slurm_bin SLURM_CONF=$run/dead.conf scripts/regress_slurm.sh "$run" "$run/joblist" 2>&1)
  rc=$?
  echo "$out (exit $rc after $((SECONDS - t0)) s)"
  [[ $rc -eq 3 && $out == "error: SLURM cluster not reachable: "* && $((SECONDS - t0)) -le 6 && ! -e $run/slurm ]]
}
# SIGTERM while the array runs: exit 143 at once, the array cancelled, no job left in the queue.
slurm_interrupt_test() {
  local run=$PWD/build/test-logs/slurm-int pid rc i t0 left
  slurm_jobs "$run" "sleep 30" "sleep 30" "sleep 30"
  # The engine itself in the background (not slurm_run: a subshell would take the signal).
  TNAM_REGRESS_BIN=$slurm_bin SLURM_CONF=$slurm_conf scripts/regress_slurm.sh "$run" "$run/joblist" &
  pid=$!
  for ((i = 0; i < 100; i++)); do [[ -e $run/jobs/j.s0/started ]] && break; sleep 0.1; done
  t0=$SECONDS
  kill -TERM "$pid"
  wait "$pid"
  rc=$?
  left=$(SLURM_CONF=$slurm_conf squeue -h -o %i)
  echo "exit $rc after $((SECONDS - t0)) s; left in the queue: '${left}'"
  [[ -e $run/jobs/j.s0/started && $rc -eq 143 && -z $left && $((SECONDS - t0)) -le 15 ]]
}
# No process of the cluster left: stop checks it itself; so does this, by the folder's name.
slurm_stop_test() {
  scripts/slurm_cluster.sh stop "$slurm_dir" || return 1
  ! pgrep -af -- "$slurm_dir/" && ! scripts/slurm_cluster.sh status "$slurm_dir"
}
# The daemons are in /usr/sbin, which a user's PATH may lack (slurm_cluster.sh adds it).
if ! (PATH=$PATH:/usr/sbin:/sbin && command -v slurmctld && command -v munged) >/dev/null; then
  if [[ ${CI:-} == true ]]; then
    bad "SLURM: slurm-wlm and munge are not installed (make deps installs them; CI must run this)"
  else
    echo "  skipped: slurm-wlm not installed (make deps installs slurm-wlm and munge, as root)"
  fi
else
  # Whatever fails or interrupts, no daemon of the test cluster outlives the suite.
  trap 'scripts/slurm_cluster.sh stop "$slurm_dir" >/dev/null 2>&1' EXIT
  check "slurm: one-node cluster starts (munged, slurmctld, slurmd; generated config; node idle)" \
    scripts/slurm_cluster.sh start "$slurm_dir"
  if scripts/slurm_cluster.sh status "$slurm_dir" >/dev/null; then
    check "slurm: 7 jobs as one array (TNAM_JOBS=2): each has its result, digests as run here" slurm_engine_test
    check "slurm: 3 jobs a task (TNAM_SLURM_PER_TASK=3): 7 jobs in 3 tasks, each job in its task" slurm_batch_test
    check "slurm: an unreachable controller gives exit 3 and the error within seconds, nothing submitted" \
      slurm_unreachable_test
    check "slurm: SIGTERM cancels the array and exits 143" slurm_interrupt_test
  fi
  check "slurm: the cluster stops and leaves no slurmctld, slurmd, munged or job process" slurm_stop_test
  trap - EXIT
fi

# The post-synthesis simulation (about 215 s on one core) has run beside everything since the
# FPGA section.
check_end # make postsim

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
