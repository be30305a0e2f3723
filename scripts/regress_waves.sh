#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Waves on failure (issue 16; the regression folder contract: a job folder with meta and log):
# reruns a failed regression job with waves around its first failure report (MISMATCH,
# EXPECTATION FAILED, TIMING ERROR or RTL ASSERTION FAILED at cycle N) and writes a GTKWave
# view of the failing unit with a marker at the failure.
#   JOBDIR/waves.fst   the wave file, clock periods P-WAVES_BEFORE .. P+WAVES_AFTER, P the
#                      period of the failing edge (held edges are periods too)
#   JOBDIR/waves.gtkw  the view: clock, inputs, the failing unit's ports and its RTL signals
#                      (from the dump), marker A at the failure, then the rest of the chip
#   JOBDIR/waves.run.log    the rerun's output; it must fail with the same first report line
#   JOBDIR/waves.build.log  the wave build's output; JOBDIR/waves.signals the dump's signals
# (its stdout is the runner's JOBDIR/waves.log)
# Reads JOBDIR/meta (rows= cols= macros= tiles= harness= bin= args= timeout=, optional
# waves_build=) and JOBDIR/log. The wave build of the job's configuration (make build WAVES=1)
# is made when missing or stale, of the sources the job's program was built from: the RTL
# folder and the assertions as its Verilator build recorded them (FOLDER/obj/*__verFiles.dat),
# a mutated c_model/ copy beside it (scripts/mutant.sh's build/mut/NAME/), or the make
# variables of meta's waves_build= (e.g. RTL_DIR=build/x/rtl SIMDIR=build/x-waves); other
# sources than the repository's get a wave build of their own, FOLDER-waves.
# Prints "waves: JOBDIR/waves.fst" and "view: JOBDIR/waves.gtkw" and exits 0; otherwise one
# line "regress_waves: JOB: REASON" and exits 1 (2: usage, or JOBDIR unreadable).
# usage: scripts/regress_waves.sh JOBDIR      (env: WAVES_BEFORE=300 WAVES_AFTER=20)
set -uo pipefail
[[ $# -eq 1 ]] || { echo "usage: scripts/regress_waves.sh JOBDIR" >&2; exit 2; }
[[ -d $1 ]] || { echo "regress_waves: $1: no such job folder" >&2; exit 2; }
job=$(cd "$1" && pwd)
cd "$(dirname "$0")/.." || exit 2
root=$PWD
before=${WAVES_BEFORE:-300} after=${WAVES_AFTER:-20}
[[ $before =~ ^[0-9]+$ && $after =~ ^[0-9]+$ ]] ||
  { echo "regress_waves: WAVES_BEFORE/WAVES_AFTER must be whole numbers" >&2; exit 2; }
name=$(basename "$job")
# No waves but whole ones: a failure leaves no wave file or view behind.
fail() { rm -f "$job/waves.fst" "$job/waves.gtkw"; echo "regress_waves: $name: $*"; exit 1; }
for f in meta log; do [[ -r $job/$f ]] || { echo "regress_waves: $job/$f: cannot read it" >&2; exit 2; }; done

# ---- meta: key=value, the value to the line's end ------------------------------------------
declare -A meta=()
n=0
while IFS= read -r line || [[ -n $line ]]; do
  n=$((n + 1))
  [[ -z $line || $line == \#* ]] && continue
  [[ $line =~ ^([a-z_]+)=(.*)$ ]] || { echo "regress_waves: $job/meta:$n: not key=value: $line" >&2; exit 2; }
  meta[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
done <"$job/meta"
for k in harness rows cols bin args; do
  [[ -v meta[$k] ]] || { echo "regress_waves: $job/meta: no $k= line" >&2; exit 2; }
done
rows=${meta[rows]} cols=${meta[cols]} macros=${meta[macros]:-1} tiles=${meta[tiles]:-1}
for v in "$rows" "$cols" "$macros" "$tiles"; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "regress_waves: $job/meta: rows/cols/macros/tiles '$v' is not a number" >&2; exit 2; }
done
note=
case ${meta[harness]} in
  lockstep) ;;
  sc) note="a SystemC job: its waves come from the Verilator lockstep harness of the same RTL and configuration" ;;
  model) fail "a model-only job (harness=model) has no RTL to trace" ;;
  vboard) fail "a virtual-board job (harness=vboard): the host drives the board top over a pty; rerun its stream in lockstep for waves" ;;
  *) fail "unknown harness '${meta[harness]}' in meta" ;;
esac

# ---- the first failure report of the log -----------------------------------------------------
report_re='^ *(MISMATCH|EXPECTATION FAILED|TIMING ERROR|RTL ASSERTION FAILED) at cycle [0-9]+'
# first_report LOG: the first report, from its first line up to its reproduce line.
first_report() {
  awk -v re="$report_re" '$0 ~ re { on = 1 } on { print } on && /^ *reproduce *:/ { exit }' "$1"
}
report=$(first_report "$job/log")
if [[ -z $report ]]; then
  other=$(grep -m1 -E '^(error:|FAIL)' "$job/log")
  fail "no failure report naming a cycle in the log${other:+ (its first failure line: $other)}"
fi
first=$(head -1 <<<"$report" | sed 's/^ *//')
[[ $first =~ at\ cycle\ ([0-9]+) ]]
cycle=${BASH_REMATCH[1]}
kind=${first%% at cycle*}
field() { sed -n "s/^ *$1 *: //p" <<<"$report" | head -1; }
time_line=$(field time)
if [[ $kind == "RTL ASSERTION FAILED" ]]; then
  # The Verilated chip's own count of rising edges, held ones included: the clock period.
  period=$cycle t_ns=$((cycle * 10 + 5))
elif [[ $time_line =~ rising\ edge\ at\ ([0-9]+)\ ns ]]; then
  t_ns=${BASH_REMATCH[1]}
  period=$(((t_ns - 5) / 10))
else
  # No time line (an older harness): the period is the cycle plus the held edges before it,
  # at most all the run's held edges (its FAIL line counts them).
  held=$(sed -n 's/^FAIL: .*(\([0-9]*\) held edges).*/\1/p' "$job/log" | head -1)
  period=$cycle t_ns=$((cycle * 10 + 5))
  after=$((after + ${held:-0}))
  note="${note:+$note; }the report has no time line: the marker is at cycle $cycle, $((${held:-0})) held edges may shift it"
fi

# ---- the failing unit: which port groups and which RTL scopes ------------------------------
macro=0 neuron=
[[ $first =~ :\ macro\ ([0-9]+)\  ]] && macro=${BASH_REMATCH[1]}
from_macro=$(field "read from")
[[ $from_macro =~ macro\ ([0-9]+) ]] && macro=${BASH_REMATCH[1]}
[[ $first =~ neuron\ ([0-9]+) ]] && neuron=${BASH_REMATCH[1]}
unit=$(field unit)
if [[ $kind == "EXPECTATION FAILED" ]]; then
  # The expectation's kind names the unit that computes it (spec 7).
  case $first in
    *"chose no macro"* | *" sel: "*) unit="chip selection logic" ;;
    *" cycles: "*) unit="chip operation control" ;;
    *" code: "*) unit="multi-level readout" ;;
    *" acc: "* | *" out: "*) unit="4-bit digital block" ;;
    *) unit="sense stage" ;;
  esac
elif [[ $kind == "TIMING ERROR" ]]; then
  unit="chip operation control"
elif [[ $kind == "RTL ASSERTION FAILED" ]]; then
  # The unit is the scope the assertion fired in, named by Verilator's message before the line:
  # "%Error: FILE:LINE: Assertion failed in SCOPE: MESSAGE".
  scope=$(grep -m1 -o 'Assertion failed in [^: ]*' "$job/log" | sed 's/^Assertion failed in //')
  [[ -n $scope ]] || fail "no 'Assertion failed in SCOPE' message before '$first' in the log"
  [[ $scope =~ g_macro\[([0-9]+)\] ]] && macro=${BASH_REMATCH[1]}
  unit="RTL assertion in $scope"
fi
# ere_quote TEXT: TEXT as an extended regular expression that matches it alone.
ere_quote() { local s=${1//./\\.}; s=${s//\[/\\[}; printf '%s' "${s//\]/\\]}"; }
m="macro $macro: "
mu=$(ere_quote "TOP.tnam_chip.g_macro[$macro].u_macro")
case $unit in
  "RTL assertion in TOP.tnam_chip.g_macro["*) groups="${m}" scopes=$(ere_quote "$scope") ;;
  "RTL assertion in "*) groups="selection and power gating|tile map" m=
    scopes=$(ere_quote "$scope") ;;
  "drive stage"*) groups="${m}drive stage" scopes="$mu" ;;
  "sense stage"*) groups="${m}sense stage" scopes="$mu\\.(u_sense|u_thr|u_trim|u_var)(\\..*)?" ;;
  "multi-level readout"*) groups="${m}(sense stage|multi-level search)" scopes="$mu\\.u_sar" ;;
  "4-bit digital block"*) groups="${m}(multi-level search|4-bit neurons)"
    scopes="$mu\\.g_neuron\\[${neuron:-[0-9]+}\\]\\.u_neuron" ;;
  "multi-level operation control"*) groups="${m}multi-level search" scopes="$mu\\.u_ctrl" ;;
  "event counters"*) groups="${m}event counters" scopes="$mu\\.u_counters(\\..*)?" ;;
  "chip selection logic"*) groups="selection and power gating|tile map" m=
    scopes="TOP\\.tnam_chip(\\.(g_select\\[[0-9]+\\]\\.u_select|u_map(\\..*)?|g_key\\[[0-9]+\\]\\.u_hz))?" ;;
  "chip operation control"*) groups="selection and power gating" m=
    scopes="TOP\\.tnam_chip(\\.g_macro\\[[0-9]+\\]\\.u_macro\\.u_ctrl)?" ;;
  *) fail "the report's unit '$unit' is not one this script knows (tb/harness/tnam_check.c unit_text)" ;;
esac

# ---- the wave build: the same sources as the job's program -----------------------------------
cfg=(ROWS="$rows" COLS="$cols" MACROS="$macros" TILES="$tiles")
vars=()
bindir=$(dirname "${meta[bin]}")
src=$bindir
# A mutant's SystemC build sits beside its folder (build/mut/NAME-sc, as tb/run_tests.sh makes it).
[[ $src == *-sc && ! -d $src/rtl && -d ${src%-sc}/rtl ]] && src=${src%-sc}
# How the job's program was Verilated: its build's own record of the command line.
vdat=$(compgen -G "$bindir/obj/V*__verFiles.dat" | head -1)
vcmd=
[[ -n $vdat ]] && vcmd=$(sed -n 's/^C "\(.*\)"$/\1/p' "$vdat")
if [[ -n ${meta[waves_build]:-} ]]; then
  eval "vars=(${meta[waves_build]})" || fail "meta waves_build= is not one shell-quoted line"
else
  if [[ -n $vcmd ]]; then
    # The RTL it read (a mutated copy, or rtl/) and whether with its assertions.
    rtl=$(grep -o '[^ ]*/tnam_chip\.v' <<<"$vcmd" | head -1)
    rtl=${rtl%/tnam_chip.v}
    [[ -z $rtl || $rtl == rtl || $rtl == "$root/rtl" ]] || vars+=(RTL_DIR="$rtl" VL_LINT="-Wall -Wno-fatal")
    [[ " $vcmd " == *" --assert "* ]] || vars+=(VL_ASSERT=)
  elif [[ -d $src/rtl ]]; then
    # A mutant of the RTL as scripts/mutant.sh builds it (no assertions: they would fire first).
    vars+=(RTL_DIR="$src/rtl" VL_LINT="-Wall -Wno-fatal" VL_ASSERT=)
  fi
  [[ -d $src/c_model ]] && vars+=(MODEL_DIR="$src/c_model" C_WERROR=)
  # Other sources than the repository's: a wave build of its own beside the job's program.
  [[ " ${vars[*]} " == *" RTL_DIR="* || " ${vars[*]} " == *" MODEL_DIR="* ]] && vars+=(SIMDIR="$src-waves")
fi
# A make that runs this script (make test) must not hand its settings or jobserver to these.
export MAKEFLAGS='' MAKELEVEL=''
wsim=$(make --no-print-directory -s print-SIM WAVES=1 "${cfg[@]}" "${vars[@]}") || fail "make print-SIM failed"
mkdir -p "$(dirname "$wsim")"
# Two failures of one configuration may ask for its wave build at once: one builds it.
if ! flock "$(dirname "$wsim").lock" make --no-print-directory -s "$wsim" WAVES=1 "${cfg[@]}" "${vars[@]}" \
  >"$job/waves.build.log" 2>&1; then
  fail "the wave build $wsim failed (see $job/waves.build.log)"
fi

# ---- the rerun: the job's options, without those that write files, plus the window -----------
eval "set -- ${meta[args]}" || fail "meta args= is not one shell-quoted line"
args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --waves | --wave-from | --wave-to | --fcov | --dump-stream) shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
from=$((period > before ? period - before : 0)) to=$((period + after))
rm -f "$job/waves.fst" "$job/waves.gtkw"
limit=${meta[timeout]:-600}
[[ $limit =~ ^[0-9]+$ ]] || limit=600
# Waves cost time: four times the job's own limit.
timeout -k 5 $((4 * limit + 30)) "$wsim" "${args[@]}" --waves "$job/waves.fst" --wave-from "$from" \
  --wave-to "$to" >"$job/waves.run.log" 2>&1
rc=$?
[[ $rc -ne 124 && $rc -ne 137 ]] || fail "the rerun with waves timed out after $((4 * limit + 30)) s"
again=$(first_report "$job/waves.run.log" | head -1 | sed 's/^ *//')
# (A SystemC job's report is the Verilator harness's word for word: tb/run_tests.sh checks it.)
[[ $first == "$again" ]] ||
  fail "the rerun (exit $rc) did not reproduce '$first'; it gave '${again:-no report}' ($job/waves.run.log)"
scripts/fst_signals.sh "$job/waves.fst" >"$job/waves.signals" || fail "the rerun left no readable $job/waves.fst"

# ---- the view --------------------------------------------------------------------------------
{
  lab="RTL: ${unit%% (*}${m:+, ${m%: }}"
  echo "label ${lab/RTL: RTL assertion/RTL: assertion}"
  # The unit's scopes' own signals but their parameters and the chip's ports (in the groups).
  re="^($scopes)\\.[^.]+$" awk '$1 != "parameter" && $3 ~ ENVIRON["re"] &&
    $3 !~ /^TOP\.tnam_chip\.[^.]*_n?[io](\[[0-9:]+\])?$/ { print "signal", $2, $3 }' "$job/waves.signals"
} >"$job/waves.extra"
[[ $(wc -l <"$job/waves.extra") -gt 1 ]] || note="${note:+$note; }no RTL signals of the unit in the dump"
# The view shows the whole dump, the failure near its right edge. (The failure is the dump's
# last time, as the run stops there; GTKWave takes a [timestart] only when the page it opens
# ends before the dump does, so a view that opened on the failure alone would lose it.)
v0=$((from * 10)) v1=$((t_ns + (t_ns - from * 10) / 10 + 10))
if ! sim/gen_gtkw.sh --focus "^(clock and reset|evaluate|$groups)" --extra "$job/waves.extra" \
  --marker "$t_ns" --marker-name "$kind cycle $cycle" --window "$v0" "$v1" \
  --dumpfile "$job/waves.fst" "$rows" "$cols" "$macros" "$tiles" >"$job/waves.gtkw.tmp"; then
  rm -f "$job/waves.gtkw.tmp"
  fail "sim/gen_gtkw.sh failed"
fi
mv "$job/waves.gtkw.tmp" "$job/waves.gtkw" || fail "cannot write $job/waves.gtkw"
rm -f "$job/waves.extra"

echo "regress_waves: $name: $first"
echo "regress_waves: time $t_ns ns (clock period $period), unit: $unit${m:+ of ${m%: }}; window periods $from..$to"
echo "regress_waves: rerun with $wsim reproduces it${note:+ ($note)}"
echo "waves: $job/waves.fst"
echo "view: $job/waves.gtkw"
