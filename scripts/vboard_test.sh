#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The host against the virtual board (make vboard-test): generated streams pass through the pty
# with the model's digest, and every injected link fault ends the run with a non-zero exit and
# the message that names it; never a hang. Builds nothing.
# usage: vboard_test.sh [--streams-only] [--cycles N] VBOARD HOST   (tnam_vboard and tnam_host)
#   --streams-only  the streams and the digest only: no faults, no bad options (scripts/postsim.sh
#                   runs these on the netlist board, about 40x slower than the RTL one)
#   --cycles N      length of each generated stream (default 2000 for the mixed one, whose
#                   digest is compared with the model's, and 1000 for the others)
set -uo pipefail
usage() { echo "usage: $0 [--streams-only] [--cycles N] VBOARD HOST (two executables)" >&2; exit 2; }
streams_only=0 cycles_opt=
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --streams-only) streams_only=1; shift ;;
    --cycles)
      [[ $# -ge 2 && $2 =~ ^[1-9][0-9]{0,6}$ ]] || { echo "$0: --cycles needs a whole number >= 1" >&2; usage; }
      cycles_opt=$2; shift 2 ;;
    *) echo "$0: unknown option '$1'" >&2; usage ;;
  esac
done
[[ $# -eq 2 && -x $1 && -x $2 ]] || usage
vboard=$1 host=$2
mixed_cycles=${cycles_opt:-2000} other_cycles=${cycles_opt:-1000}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vboard_test.XXXXXX") || exit 1
pids=()
# Every vboard started here is ended here, whatever happens to this script.
# Called by the EXIT trap, which shellcheck does not follow.
# shellcheck disable=SC2317
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0 failed=0
failures=()
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
bad() { # name log...
  local name=$1 f
  shift
  failed=$((failed + 1)); failures+=("$name"); printf '  FAIL  %s\n' "$name"
  for f in "$@"; do [[ -f $f ]] && { echo "        -- $(basename "$f")"; tail -12 "$f" | sed 's/^/        | /'; }; done
}

# start_vboard NAME [vboard options]: the vboard in the background behind $tmp/NAME.tty; waits
# (at most 10 s) for its link. Sets vb_pid and vb_log.
start_vboard() {
  local name=$1 i
  shift
  vb_log=$tmp/$name.vboard.log
  "$vboard" --link "$tmp/$name.tty" --max-idle-s 30 "$@" >"$vb_log" 2>&1 &
  vb_pid=$!
  pids+=("$vb_pid")
  for ((i = 0; i < 100; i++)); do
    [[ -L $tmp/$name.tty ]] && return 0
    kill -0 "$vb_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the vboard made no link $tmp/$name.tty within 10 s" >>"$vb_log"
  return 1
}

# stop_vboard: the vboard must leave by itself once the host has hung up (at most 5 s); sets
# vb_rc (124 when it had to be killed).
stop_vboard() {
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 "$vb_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$vb_pid" 2>/dev/null; then
    kill "$vb_pid"; wait "$vb_pid" 2>/dev/null; vb_rc=124
    echo "the vboard was still running 5 s after the host left" >>"$vb_log"
  else
    wait "$vb_pid"; vb_rc=$?
  fi
}

# board_run NAME SECONDS [vboard options] -- [host options]: one host run against a fresh
# vboard. Sets host_rc, host_log, vb_rc, vb_log.
board_run() {
  local name=$1 limit=$2 vopts=()
  shift 2
  while [[ $# -gt 0 && $1 != -- ]]; do vopts+=("$1"); shift; done
  shift
  host_log=$tmp/$name.host.log
  if ! start_vboard "$name" "${vopts[@]}"; then host_rc=125; vb_rc=125; : >"$host_log"; return; fi
  timeout "$limit" "$host" --board serial --port "$tmp/$name.tty" "$@" >"$host_log" 2>&1
  host_rc=$?
  [[ $host_rc -eq 124 ]] && echo "(the host was stopped by timeout after $limit s)" >>"$host_log"
  stop_vboard
}

# The board's configuration, for the model runs: the vboard says it on start.
if ! start_vboard probe; then bad "vboard starts and makes its link" "$vb_log"; exit 1; fi
kill "$vb_pid"; wait "$vb_pid" 2>/dev/null
read -r rows cols macros tiles < <(sed -nE 's/^vboard: rows ([0-9]+) cols ([0-9]+) macros ([0-9]+) tiles ([0-9]+),.*/\1 \2 \3 \4/p' "$vb_log")
if [[ -z ${tiles:-} ]]; then bad "vboard names its configuration" "$vb_log"; exit 1; fi
config=$rows:$cols:$macros:$tiles
echo "vboard-test: $vboard (rows $rows cols $cols macros $macros tiles $tiles) and $host"

# pass_run NAME HOST-OPTIONS...: the stream passes on the board, the vboard counted one chip
# cycle per checked cycle plus the reset STEP, and left with exit 0 when the host hung up.
# Adds the chip cycles and the vboard's seconds to the totals. The time limit allows 5 chip
# cycles/s (the RTL board does thousands, the netlist board about 20).
total_steps=0 total_secs=0
pass_run() {
  local name=$1 cycles steps secs rate limit
  shift
  limit=$((60 + stream_cycles / 5))
  board_run "$name" "$limit" -- --timeout-ms 2000 "$@"
  cycles=$(sed -nE 's/^PASS: ([0-9]+) cycles.*/\1/p' "$host_log")
  steps=$(sed -nE 's/^vboard: host hung up: .* ([0-9]+) chip cycles.*/\1/p' "$vb_log")
  secs=$(sed -nE 's/^vboard: host hung up: .*, ([0-9.]+) s$/\1/p' "$vb_log")
  if [[ $host_rc -eq 0 && $vb_rc -eq 0 && -n $cycles && -n $secs && $steps == $((cycles + 1)) ]]; then
    rate=$(awk -v n="$steps" -v s="$secs" 'BEGIN {printf "%.0f", (s > 0) ? n / s : 0}')
    ok "$name: $cycles cycles pass, $steps chip cycles on the board ($secs s, $rate chip cycles/s)"
    total_steps=$((total_steps + steps))
    total_secs=$(awk -v a="$total_secs" -v b="$secs" 'BEGIN {print a + b}')
  else
    echo "(host exit $host_rc, vboard exit $vb_rc; host checked ${cycles:-?} cycles, vboard counted ${steps:-?} chip cycles: wanted one more)" >>"$host_log"
    bad "$name" "$host_log" "$vb_log"
  fi
}

# A seed whose generated stream of other_cycles calibrates (the generator draws calibration per
# stream); searched from 4 on, past the seeds of the other two streams.
cal_seed=
for s in $(seq 4 43); do
  "$host" --board model --config "$config" --seed "$s" --cycles "$other_cycles" --quiet \
    --dump-stream "$tmp/cal.tns" >/dev/null 2>&1 || continue
  if grep -q '^calibrate' "$tmp/cal.tns"; then cal_seed=$s; break; fi
done

echo "vboard-test: streams through the pty"
stream_cycles=$mixed_cycles
pass_run "seed 1, $mixed_cycles cycles, mixed" --seed 1 --cycles "$mixed_cycles" --digest
board_log=$host_log
stream_cycles=$other_cycles
pass_run "seed 3, $other_cycles cycles, q4 only" --seed 3 --cycles "$other_cycles" --modes q4
if [[ -n $cal_seed ]]; then
  pass_run "seed $cal_seed, $other_cycles cycles, with calibrate" --seed "$cal_seed" --cycles "$other_cycles"
else
  echo "no seed in 4..43 generates a stream of $other_cycles cycles with calibrate for $config" >"$tmp/cal.log"
  bad "a generated stream with calibrate" "$tmp/cal.log"
fi

# The same seed on the model board: the same outputs every cycle, so the same digest.
model_log=$tmp/model.log
timeout 60 "$host" --board model --config "$config" --seed 1 --cycles "$mixed_cycles" --digest >"$model_log" 2>&1
a=$(grep -E '^digest:' "$board_log") b=$(grep -E '^digest:' "$model_log")
if [[ -n $a && $a == "$b" ]]; then ok "seed 1: board digest = model digest (${a#digest: })"
else
  printf 'board: %s\nmodel: %s\n' "${a:-none}" "${b:-none}" >"$tmp/digest.log"
  bad "seed 1: board digest = model digest" "$tmp/digest.log" "$board_log" "$model_log"
fi
if [[ $total_steps -gt 0 ]]; then
  awk -v n="$total_steps" -v s="$total_secs" 'BEGIN {
    printf "vboard-test: speed: %d chip cycles in %.1f s on the board: %.1f chip cycles/s\n", n, s, (s > 0) ? n / s : 0 }'
fi

# summary: the last lines, and the exit status.
summary() {
  echo "vboard-test: $passed passed, $failed failed"
  [[ $failed -eq 0 ]] || { echo "vboard-test: failing checks: ${failures[*]}"; exit 1; }
  exit 0
}
[[ $streams_only -eq 1 ]] && summary

# Byte positions of the faults: the INFO request is 7 bytes and its answer 21; then STEP
# frames of IN+7 bytes, answered by OUT frames of OUT+7 (sizes as the host reports them).
read -r in_bytes out_bytes < <(sed -nE 's/^board: .*vectors of ([0-9]+) and ([0-9]+) bytes.*/\1 \2/p' "$board_log")
in_bytes=${in_bytes:-0} out_bytes=${out_bytes:-0}
step=101 # the hundredth cycle of the stream (the reset STEP is step 1)
req_byte=$((7 + (step - 1) * (in_bytes + 7) + 5 + 1))   # its first payload byte
ans_byte=$((21 + (step - 1) * (out_bytes + 7) + 5 + 1)) # its answer's first payload byte

# fault_run NAME WANT-HOST WANT-VBOARD VBOARD-FAULT [host options]: the host stops with exit 3
# (link or protocol error) and WANT-HOST in its message; WANT-VBOARD in the vboard's log.
fault_run() {
  local name=$1 want=$2 want_vb=$3 fault=$4
  shift 4
  board_run "$name" 20 --fault "$fault" -- --seed 1 --cycles 300 "$@"
  if [[ $host_rc -eq 3 && $(cat "$host_log") == *"$want"* && $(cat "$vb_log") == *"$want_vb"* &&
        $vb_rc -eq 0 ]]; then
    ok "$name: host exit 3, '$want'"
  else
    echo "(host exit $host_rc, wanted 3 and '$want'; vboard exit $vb_rc, wanted 0 and '$want_vb')" >>"$host_log"
    bad "$name" "$host_log" "$vb_log"
  fi
}

echo "vboard-test: injected faults (each stops the host with a message naming it)"
if [[ $in_bytes -gt 0 && $out_bytes -gt 0 ]]; then
  fault_run "flip-request: the board's CRC check" "board reported: CRC mismatch in request seq" \
    "ERROR 0x01" "flip-request:$req_byte"
  fault_run "drop-request: the board's inter-byte timeout" "board reported: timeout inside a frame" \
    "ERROR 0x04" "drop-request:$req_byte"
  fault_run "flip-answer: the host's CRC check" "bad CRC" "fault flip-answer" "flip-answer:$ans_byte"
else
  bad "frame sizes from the host's first line" "$board_log"
fi
fault_run "flip-answer on the sync byte: the host's sync check" "bad sync" "fault flip-answer" "flip-answer:1"
fault_run "garbage answers: the host's sync check" "bad sync" "fault garbage" garbage
fault_run "silent board: the host's timeout" "no answer within 300 ms" "fault silent" silent --timeout-ms 300

echo "vboard-test: a signal while the host waits for an answer ends it at once"
# The silent board never answers INFO: the host waits (up to 60 s) until SIGINT, which must end
# it within 2 s with exit 3, a message, and its --record file closed whole (the header and the
# INFO request it sent), never killed with an empty record.
signal_test() {
  local rc t0 t1 pid
  start_vboard signal --fault silent || return 1
  "$host" --board serial --port "$tmp/signal.tty" --timeout-ms 60000 --record "$tmp/signal.rec" \
    --seed 1 --cycles 10 >"$tmp/signal.host" 2>&1 &
  pid=$!
  sleep 1
  t0=$(date +%s%N)
  kill -INT "$pid"
  wait "$pid"
  rc=$?
  t1=$(date +%s%N)
  stop_vboard
  cat "$tmp/signal.host" "$tmp/signal.rec"
  echo "host exit $rc, $(((t1 - t0) / 1000000)) ms after SIGINT"
  [[ $rc -eq 3 && $(((t1 - t0) / 1000000)) -lt 2000 ]] &&
    grep -q "interrupted by signal 2" "$tmp/signal.host" &&
    [[ $(head -1 "$tmp/signal.rec") == "// $host --board serial"* && $(sed -n 2p "$tmp/signal.rec") == 0A5 &&
       $(wc -l <"$tmp/signal.rec") -eq 8 ]]
}
if signal_test >"$tmp/signal.log" 2>&1; then
  ok "SIGINT while waiting for INFO's answer: exit 3 at once, message, record file whole"
else
  bad "SIGINT while waiting for an answer" "$tmp/signal.log"
fi

echo "vboard-test: the host starts the virtual board itself (--board vboard)"
vb_self_log=$tmp/vboard_self.log
if timeout 60 "$host" --board vboard --vboard "$vboard" --seed 2 --cycles 300 >"$vb_self_log" 2>&1 &&
   grep -q '^PASS' "$vb_self_log"; then
  ok "tnam_host --board vboard: started, ran a stream in lockstep, stopped"
else
  bad "tnam_host --board vboard" "$vb_self_log"
fi

echo "vboard-test: a board that stays powered (--persist) serves host after host"
# A board that ran before, even one whose host was killed mid-run, must give the next host the
# run a fresh golden model gives: the host's quiet wait and reset STEP (spec 13.4) see to it.
persist_log=$tmp/persist.log
persist_test() {
  local rc a b
  start_vboard persist --persist || return 1
  "$host" --board serial --port "$tmp/persist.tty" --seed 1 --cycles 300 --quiet || return 1
  timeout -s KILL 0.5 "$host" --board serial --port "$tmp/persist.tty" --seed 2 --cycles 100000 --quiet
  rc=$?
  echo "the second host was killed mid-run: exit $rc"
  [[ $rc -eq 137 ]] || return 1
  # The third host meets the board as the killed one left it, mid-stream; a stream begins with
  # reset (spec 7, D36), and the host's own reset STEP comes before it: the digest must be the
  # model board's.
  "$host" --board model --config "$config" --seed 5 --cycles 300 --quiet \
    --dump-stream "$tmp/seed5.tns" >/dev/null || return 1
  a=$("$host" --board serial --port "$tmp/persist.tty" --stream "$tmp/seed5.tns" --quiet --digest |
      grep -E '^digest:')
  b=$("$host" --board model --config "$config" --stream "$tmp/seed5.tns" --quiet --digest |
      grep -E '^digest:')
  echo "third host: $a; model board: $b"
  kill "$vb_pid"; wait "$vb_pid" 2>/dev/null
  cat "$vb_log"
  [[ -n $a && $a == "$b" ]] && grep -q "host 3 hung up" "$vb_log"
}
if persist_test >"$persist_log" 2>&1; then
  ok "one board: a run, a host killed mid-run, then a third host with the model board's digest"
else
  bad "persistent board" "$persist_log"
fi

echo "vboard-test: bad ports and bad options"
# expect NAME WANT-RC WANT-TEXT CMD...: the command exits WANT-RC (within 10 s) saying WANT-TEXT.
expect() {
  local name=$1 want_rc=$2 want=$3 log=$tmp/expect.log rc
  shift 3
  timeout 10 "$@" >"$log" 2>&1
  rc=$?
  if [[ $rc -eq $want_rc && $(cat "$log") == *"$want"* ]]; then ok "$name"
  else echo "(exit $rc, wanted $want_rc and '$want')" >>"$log"; bad "$name" "$log"; fi
}
expect "host: a port that does not exist" 2 "No such file" \
  "$host" --board serial --port "$tmp/no_such_tty" --seed 1 --cycles 10
: >"$tmp/regular_file"
expect "host: a regular file as the port" 2 "is not a tty" \
  "$host" --board serial --port "$tmp/regular_file" --seed 1 --cycles 10
expect "vboard: unknown fault" 2 "option --fault: 'flip:3' is not" "$vboard" --fault flip:3
expect "vboard: fault count 0" 2 "option --fault: '0' is not a whole number" "$vboard" --fault drop-request:0
expect "vboard: bad idle time" 2 "option --max-idle-s: 'x' is not a whole number" "$vboard" --max-idle-s x
expect "vboard: option without value" 2 "option --link needs a value" "$vboard" --link
expect "vboard: unknown option" 2 "unknown option '--port'" "$vboard" --port x
expect "vboard: --link over a regular file" 2 "exists and is not a symbolic link" \
  "$vboard" --link "$tmp/regular_file"
expect "vboard: leaves after --max-idle-s 1 without a host" 0 "vboard: idle: 0 bytes in" \
  "$vboard" --max-idle-s 1

summary
