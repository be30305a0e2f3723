#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The regression farm's checks (tb/run_tests.sh, section "regression farm"): each case runs
# tnam_regress on tb/regress/tests/farm.tsv or a bad list, in a temporary run folder, and exits
# 0 when it behaves, 1 with what it saw otherwise. Run from the repository root; builds nothing
# but tnam_regress (the jobs' programs are built by the runner, as make regress builds them).
# usage: farm_test.sh short|seeds|bad|fail|interrupt|l0|slurm
set -uo pipefail
cd "$(dirname "$0")/../../.." || exit 1
case=${1:-}
regress=build/tools/tnam_regress
list=tb/regress/tests/farm.tsv
make -s --no-print-directory "$regress" >/dev/null || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/farm_test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
die() { echo "farm_test $case: $*"; exit 1; }
# run NAME ARGS...: the runner's output in $tmp/NAME.out, its exit status in rc, its run folder
# in dir (a resume keeps dir).
run() {
  local name=$1
  shift
  "$regress" "$@" >"$tmp/$name.out" 2>&1
  rc=$?
  local d
  d=$(sed -n 's/^regress: [0-9]* jobs of level .* in //p' "$tmp/$name.out")
  dir=${d:-${dir:-}}
  cat "$tmp/$name.out"
}
# left_behind PATTERN: a process of this checkout (its folder) whose command line has PATTERN.
left_behind() {
  local p
  for p in $(pgrep -f -- "$1"); do
    [[ $(readlink "/proc/$p/cwd" 2>/dev/null) == "$PWD" ]] && return 0
  done
  return 1
}
# testcases FILE: the number of testcase elements, once xmllint has parsed it.
testcases() { xmllint --xpath 'count(//testcase)' "$1"; }

case $case in
  short)
    # A short regression passes, two jobs at once, with a JUnit file that parses.
    run short run --list "$list" --filter pass --jobs 2 --seed 11 --out "$tmp/out"
    [[ $rc -eq 0 ]] || die "exit $rc, want 0"
    grep -q '^regress: 7 jobs: 7 passed, 0 failed, 0 not run' "$dir/summary.txt" || die "summary"
    [[ $(testcases "$dir/junit.xml") == 7 ]] || die "junit.xml: want 7 testcases"
    [[ $(xmllint --xpath 'count(//failure)' "$dir/junit.xml") == 0 ]] || die "junit.xml: failures"
    for j in "$dir"/jobs/*; do
      [[ -f $j/meta && -x $j/cmd && -f $j/started && -f $j/log ]] || die "$j: missing files"
      grep -q '^status=pass$' "$j/result" || die "$j/result: not pass"
      grep -qE '^maxrss_kb=[1-9][0-9]*$' "$j/result" || die "$j/result: no maxrss_kb"
    done
    # `sh cmd` reruns a job by hand.
    sh "$dir/jobs/pass-stream/cmd" | grep -q '^PASS' || die "sh cmd did not rerun the job"
    ;;
  seeds)
    # The same regression seed gives the same job seeds (and the run's meta files hold them);
    # another gives other derived seeds and the same pinned ones.
    run a plan --list "$list" --filter pass --seed 11
    run b plan --list "$list" --filter pass --seed 11
    run c plan --list "$list" --filter pass --seed 12
    cmp -s "$tmp/a.out" "$tmp/b.out" || die "seed 11 twice: different plans"
    [[ $(grep -c seed "$tmp/a.out") -ge 6 ]] || die "no seeds in the plan"
    cmp -s <(grep -v '^regress' "$tmp/a.out") <(grep -v '^regress' "$tmp/c.out") && die "seed 12 gave seed 11's plan"
    grep -q $'^pass-lockstep.s2\t.*\tseed 7$' "$tmp/c.out" || die "pinned seed 7 is not in the plan"
    run d run --list "$list" --filter pass --jobs 2 --seed 11 --out "$tmp/out"
    for j in "$dir"/jobs/*; do
      s=$(sed -n 's/^seed=//p' "$j/meta")
      [[ -z $s ]] || grep -qE "^$(basename "$j")"$'\t'".*seed $s\$" "$tmp/a.out" || die "$j: seed $s not the plan's"
    done
    ;;
  bad)
    # Every bad list stops the run before anything starts: exit 2, FILE:LINE: the error.
    n=0
    for f in tb/bad/regress/*.tsv; do
      want=$(sed -n '1s/^# error: //p' "$f")
      [[ -n $want ]] || die "$f: no '# error:' first line"
      run bad run --list "$f" --jobs 2 --out "$tmp/bad"
      [[ $rc -eq 2 && $(cat "$tmp/bad.out") == *"error: $f:$want"* ]] || die "$f: exit $rc, want 2 and '$f:$want'"
      n=$((n + 1))
    done
    [[ ! -e $tmp/bad/latest ]] || die "a bad list made a run folder"
    echo "farm_test bad: $n bad lists refused"
    ;;
  fail)
    # An injected failure (a stream with a wrong expectation) and a job that hangs (its timeout
    # is 1 s): both counted failed, the first line and the rerun line in the summary and JUnit.
    run fail run --list "$list" --filter fail --jobs 2 --seed 11 --waves-max 0 --out "$tmp/out"
    [[ $rc -eq 1 ]] || die "exit $rc, want 1"
    s=$dir/summary.txt
    grep -q '^regress: 2 jobs: 0 passed, 2 failed' "$s" || die "summary totals"
    grep -q '^FAIL .*fail-expect .*exit 1: mismatch or failed expectation' "$s" || die "no FAIL line"
    grep -q '^ *first: EXPECTATION FAILED at cycle 603: column 0 dec' "$s" || die "no first line"
    grep -q '^ *rerun: build/r64c16/tnam_sim --quiet --stream tb/bad/failing/wrong_dec_r64c16.tns$' "$s" ||
      die "no rerun line"
    grep -q '^TIMEOUT .*fail-hang .*killed at its timeout of 1 s' "$s" || die "the hang is not a timeout"
    # The rerun line fails the same way.
    eval "$(sed -n 's/^ *rerun: //p' "$s" | head -1)" >"$tmp/rerun.log" 2>&1 && die "the rerun line passed"
    grep -q 'EXPECTATION FAILED at cycle 603' "$tmp/rerun.log" || die "the rerun line did not reproduce"
    x=$dir/junit.xml
    [[ $(testcases "$x") == 2 ]] || die "junit.xml: want 2 testcases"
    xmllint --xpath 'string(//testcase[@name="fail-expect"]/failure)' "$x" | grep -q 'first: EXPECTATION FAILED' ||
      die "junit.xml: no first line in the failure"
    xmllint --xpath 'string(//testcase[@name="fail-expect"]/failure)' "$x" | grep -q '^rerun: build/r64c16/tnam_sim' ||
      die "junit.xml: no rerun line in the failure"
    [[ $(xmllint --xpath 'string(//testcase[@name="fail-hang"]/failure/@type)' "$x") == timeout ]] ||
      die "junit.xml: the hang is not a timeout failure"
    xmllint --xpath 'string(//testcase[@name="fail-expect"]/system-out)' "$x" | grep -q "^\[\[ATTACHMENT|$dir/jobs/fail-expect/log\]\]" ||
      die "junit.xml: no log attachment"
    # The killed job left no process behind.
    ! left_behind "hang_r64c16.tns" || die "the hanging job still runs"
    ;;
  interrupt)
    # SIGINT after two jobs have finished: the finished results stay, exit 130, the summary and
    # JUnit of what finished; RESUME runs the rest and reports every job once.
    "$regress" run --list "$list" --filter slow --jobs 2 --seed 11 --out "$tmp/out" >"$tmp/int.out" 2>&1 &
    pid=$!
    for _ in $(seq 300); do
      n=$(grep -l '^status=pass' "$tmp"/out/latest/jobs/*/result 2>/dev/null | wc -l)
      [[ $n -ge 2 ]] && break
      sleep 0.05
    done
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    cat "$tmp/int.out"
    [[ $rc -eq 130 ]] || die "interrupted: exit $rc, want 130"
    dir=$(readlink -f "$tmp/out/latest")
    done_before=$(grep -l '^status=pass' "$dir"/jobs/*/result | wc -l)
    grep -q '^NOT RUN' "$dir/summary.txt" || die "interrupted: no NOT RUN line (all done before the signal?)"
    grep -q "RESUME=$dir" "$dir/summary.txt" || die "interrupted: no RESUME line"
    [[ $(xmllint --xpath 'count(//skipped)' "$dir/junit.xml") -ge 1 ]] || die "interrupted: no skipped testcase"
    ! pgrep -f "$dir/jobs" >/dev/null || die "a job wrapper of the interrupted run still runs"
    ! left_behind "tnam_sim --quiet --seed" || die "a job of the interrupted run still runs"
    run resume resume "$dir" --jobs 2
    [[ $rc -eq 0 ]] || die "resumed: exit $rc, want 0"
    grep -q "^regress: $((8 - done_before)) jobs to run ($done_before of 8 have a result)" "$tmp/resume.out" ||
      die "resumed: did not run only the missing jobs"
    grep -q '^regress: 8 jobs: 8 passed, 0 failed, 0 not run' "$dir/summary.txt" || die "resumed: summary"
    [[ $(testcases "$dir/junit.xml") == 8 ]] || die "resumed: junit.xml: want 8 testcases"
    [[ $(xmllint --xpath '//testcase/@name' "$dir/junit.xml" | sort | uniq -d | wc -l) == 0 ]] ||
      die "resumed: a job reported twice"
    ;;
  slurm)
    # The runner through a one-node SLURM cluster of its own (scripts/slurm_cluster.sh, its own
    # folder and ports): the same jobs as the local engine with the same results, one JUnit
    # file, and no process of the cluster left.
    [[ -x scripts/slurm_cluster.sh && -x scripts/regress_slurm.sh ]] || die "the SLURM scripts are missing"
    cluster=$PWD/build/slurm-farm
    # Whatever happens below, the cluster is stopped and the temporary folder removed.
    trap 'scripts/slurm_cluster.sh stop "$cluster" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
    scripts/slurm_cluster.sh start "$cluster" || die "the cluster did not start"
    SLURM_CONF=$cluster/slurm.conf "$regress" run --list "$list" --filter pass,fail --engine slurm \
      --jobs 2 --seed 11 --waves-max 0 --out "$tmp/slurm" >"$tmp/slurm.out" 2>&1
    rc=$?
    cat "$tmp/slurm.out"
    scripts/slurm_cluster.sh stop "$cluster" || die "the cluster did not stop cleanly"
    [[ $rc -eq 1 ]] || die "ENGINE=slurm: exit $rc, want 1 (two jobs fail on purpose)"
    grep -qE '^slurm: job array [0-9]+, 9 tasks' "$tmp/slurm.out" || die "no job array of 9 tasks"
    run local run --list "$list" --filter pass,fail --jobs 2 --seed 11 --waves-max 0 --out "$tmp/local"
    s=$(readlink -f "$tmp/slurm/latest") l=$(readlink -f "$tmp/local/latest")
    for j in "$l"/jobs/*; do
      n=$(basename "$j")
      # The final line of a run killed at its timeout counts the cycles it got to: not compared.
      a=$(grep -E '^(status|rc|first)=' "$j/result" | sed 's/^first=FAIL: [0-9]* cycles.*/first=FAIL/')
      b=$(grep -E '^(status|rc|first)=' "$s/jobs/$n/result" | sed 's/^first=FAIL: [0-9]* cycles.*/first=FAIL/')
      [[ $a == "$b" ]] || die "$n: local and SLURM results differ: $a / $b"
      cmp -s "$j/meta" <(sed "s|$s|$l|g" "$s/jobs/$n/meta") || die "$n: local and SLURM jobs differ"
    done
    [[ $(testcases "$s/junit.xml") == 9 ]] || die "ENGINE=slurm: junit.xml: want 9 testcases"
    ;;
  l0)
    # L0's chips are make sim's SIM_CONFIGS, and it has scripts/sim.sh's runs on each: every
    # directed stream whose config line is the chip, 15 seeded runs of five profiles, two
    # single-mode runs and a fresh seed.
    run l0 plan --level L0 --seed 1
    configs=$(make -s --no-print-directory print-SIM_CONFIGS)
    want=$(tr ' ' '\n' <<<"$configs" | sort -u)
    got=$(awk -F'\t' 'NF == 5 { print $4 }' "$tmp/l0.out" | sort -u)
    [[ $got == "$want" ]] || die "L0's chips (${got//$'\n'/ }) are not SIM_CONFIGS (${want//$'\n'/ })"
    total=0
    for c in $configs; do
      IFS=: read -r r co m t <<<"$c"
      if [[ $m == 1 && $t == 1 ]]; then chip_re="( macros 1 tiles 1)?"; else chip_re=" macros $m tiles $t"; fi
      streams=$(grep -lE "^config rows $r cols $co$chip_re *(#.*)?$" tb/streams/*.tns | wc -l)
      n=$(awk -F'\t' -v c="$c" '$4 == c' "$tmp/l0.out" | wc -l)
      [[ $n -eq $((streams + 18)) ]] || die "L0 has $n runs on $c, make sim had $((streams + 18))"
      total=$((total + n))
    done
    grep -q "^regress: $total jobs\$" "$tmp/l0.out" || die "L0 has other jobs than make sim's $total"
    ;;
  *)
    echo "usage: $0 short|seeds|bad|fail|interrupt|l0|slurm" >&2
    exit 2
    ;;
esac
echo "farm_test $case: ok"
