#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make bad-files: stream, weight and variation files as a hostile user writes them (decision
# D36). Each must give exit 2 and "error: FILE:LINE: message" naming where the fault is, and no
# result (no PASS, no MISMATCH); a signal while a file loads or a stream is generated for
# --dump-stream must end the program at once with 130 or 143, and one in a generated run (whose
# stream is made as it runs, D41) stops the run, which says where, with exit 3 (D37). The
# byte-level files (NUL bytes, lone CRs, non-UTF-8,
# endless inputs) are made here, under build/; tb/bad/hostile/ holds the plain-text ones.
# usage: bad_files.sh TNAM_SIM TNAM_MODEL_RUN [RUNNER...]
#   TNAM_SIM: a 64 x 16 one-macro tnam_sim; the runners after it (tnam_model_run, the SystemC
#   harness, tnam_host --board model) get the rule that a stream begins with reset.
set -uo pipefail
sim=${1:?usage: bad_files.sh TNAM_SIM TNAM_MODEL_RUN [RUNNER...]}
model=${2:?usage: bad_files.sh TNAM_SIM TNAM_MODEL_RUN [RUNNER...]}
shift 2
extra=("$@")
dir=build/bad-files
rm -rf "$dir"
mkdir -p "$dir"
passed=0 failed=0
# stream64 BODY: a 64 x 16 stream's header and reset, then BODY with its backslash escapes.
stream64() { printf 'tns 1\nconfig rows 64 cols 16\nreset\n%b' "$1"; }

pass() { passed=$((passed + 1)); echo "  ok    $1"; }
fail() { failed=$((failed + 1)); echo "  FAIL  $1"; }

# refuses NAME WANT CMD...: CMD exits 2 (within 20 s) with "error: " and WANT in its output,
# and no PASS or MISMATCH.
refuses() {
  local name=$1 want=$2 out rc
  shift 2
  out=$(timeout -k 2 20 "$@" 2>&1)
  rc=$?
  if [[ $rc -eq 2 && $out == *"error: "*"$want"* && $out != *PASS* && $out != *MISMATCH* ]]; then
    pass "$name: ${out%%$'\n'*}"
  else
    fail "$name: exit $rc, wanted 2 and '$want'; got: $(head -c 600 <<<"$out")"
  fi
}

# both NAME WANT ARGS...: refuses with tnam_sim and with tnam_model_run.
both() {
  local name=$1 want=$2
  shift 2
  refuses "$name (tnam_sim)" "$want" "$sim" "$@"
  refuses "$name (tnam_model_run)" "$want" "$model" "$@"
}

# stops NAME SIGNAL STATUS CMD...: CMD, sent SIGNAL after 1 s, ends with STATUS within 2 s
# of it (else SIGKILL: 137) and prints no result.
stops() {
  local name=$1 sig=$2 want=$3 out rc t0
  shift 3
  t0=$(date +%s%N)
  out=$(timeout --preserve-status -s "$sig" -k 2 1 "$@" 2>&1)
  rc=$?
  local ms=$((($(date +%s%N) - t0) / 1000000))
  if [[ $rc -eq $want && $out != *PASS* && $out != *MISMATCH* ]]; then
    pass "$name: exit $rc after $ms ms"
  else
    fail "$name: exit $rc after $ms ms, wanted $want; got: $(head -c 300 <<<"$out")"
  fi
}

echo "plain-text files (tb/bad/hostile/*.tns, first line '# error: LINE: text')"
for f in tb/bad/hostile/*.tns; do
  want=$(sed -n '1s/^# error: //p' "$f")
  [[ $want =~ ^[0-9]+: ]] && want="$f:$want"
  both "$(basename "$f")" "$want" --stream "$f"
done

echo "NUL bytes: an error where they are, never the end of the line"
stream64 'write 0 ++++\0garbage\nidle 1\n' >"$dir/nul.tns"
both "NUL in a stream line" "$dir/nul.tns:4: NUL byte in column 13" --stream "$dir/nul.tns"
# A NUL early in a line longer than the old 8191-byte buffer: the line's tail ('reset') was read
# as line 5 and obeyed.
{ stream64 '#\0'; head -c 8189 /dev/zero | tr '\0' x; printf 'reset\nidle 1\n'; } >"$dir/nul_long.tns"
both "NUL in a long line" "$dir/nul_long.tns:4: NUL byte in column 2" --stream "$dir/nul_long.tns"
{ printf '++++++++\0++++++++\n'; for _ in $(seq 63); do echo ++++++++++++++++; done; } >"$dir/nul.tw"
stream64 'load nul.tw\n' >"$dir/nul_tw.tns"
both "NUL in a weight file" "$dir/nul.tw:1: NUL byte in column 9" --stream "$dir/nul_tw.tns"
printf 'tnamvar 1\nconfig rows 64 cols 16 macros 1\nexcess 1\0 junk\n' >"$dir/nul.var"
stream64 'variation nul.var\n' >"$dir/nul_var.tns"
both "NUL in a variation file" "$dir/nul.var:3: NUL byte in column 9" --stream "$dir/nul_var.tns"

echo "endless inputs: a bounded read and a clear error"
both "/dev/zero as the stream" "/dev/zero:1: NUL byte in column 1" --stream /dev/zero
stream64 'load /dev/zero\n' >"$dir/zero_tw.tns"
both "/dev/zero as a weight file" "/dev/zero:1: NUL byte in column 1" --stream "$dir/zero_tw.tns"
stream64 'variation /dev/zero\n' >"$dir/zero_var.tns"
both "/dev/zero as a variation file" "/dev/zero:1: NUL byte in column 1" --stream "$dir/zero_var.tns"
stream64 'load /dev/stdin\n' >"$dir/stdin_tw.tns"
# The pipe's writer ends with SIGPIPE when the reader stops: that is its way out.
# shellcheck disable=SC2016 # the single-quoted script expands its own arguments
refuses "a weight file of endless blank lines" "/dev/stdin:100000001: more than 100000000 lines" \
  bash -c 'tr "\0" "\n" </dev/zero | "$1" --stream "$2"' _ "$model" "$dir/stdin_tw.tns"
mkfifo "$dir/fifo"
stops "SIGINT while the stream's FIFO has no writer (tnam_sim)" INT 130 "$sim" --stream "$dir/fifo"
stops "SIGTERM while the stream's FIFO has no writer (tnam_model_run)" TERM 143 "$model" --stream "$dir/fifo"
# A stream of valid lines that never ends, through the FIFO: a writer for each runner.
for runner in "$sim:INT:130" "$model:TERM:143"; do
  { stream64 ''; yes 'idle 1'; } >"$dir/fifo" 2>/dev/null &
  writer=$!
  sig=$(cut -d: -f2 <<<"$runner")
  stops "SIG$sig while an endless stream loads ($(basename "${runner%%:*}"))" \
    "$sig" "${runner##*:}" "${runner%%:*}" --stream "$dir/fifo"
  kill "$writer" 2>/dev/null
  wait "$writer" 2>/dev/null
done
stops "SIGINT while a 10^9-cycle stream is generated for --dump-stream (tnam_model_run)" INT 130 \
  "$model" --seed 1 --cycles 1000000000 --dump-stream "$dir/huge.tns"
rm -f "$dir/huge.tns"
stops "SIGTERM in a 10^9-cycle generated run, its stream made as it runs (tnam_sim)" TERM 3 \
  "$sim" --seed 1 --cycles 1000000000

echo "a stream that does not begin with reset: refused by every runner, never a mismatch"
printf 'tns 1\nconfig rows 64 cols 16\nidle 3\n' >"$dir/no_reset.tns"
for runner in "${extra[@]}"; do
  # A runner may carry its options ("tnam_host --board model --config ..."): split on purpose.
  # shellcheck disable=SC2086
  refuses "no reset: $(basename "${runner%% *}")" \
    "$dir/no_reset.tns:3: this is the stream's first command; it must begin with 'reset'" \
    $runner --stream "$dir/no_reset.tns"
done

echo "a stream path longer than 255 characters: its load and variation files beside it"
deep=$dir/deep
for i in 1 2 3 4 5 6; do deep=$deep/level_${i}_$(printf '%050d' 0); done
mkdir -p "$deep/weights"
cp tb/streams/chip_r8c4m4t2.tns tb/streams/chip_r8c4m4t2.var "$deep/"
cp tb/streams/weights/chip_r8c4m4t2_tile*.tw "$deep/weights/"
out=$("$model" --stream "$deep/chip_r8c4m4t2.tns" --rows 8 --cols 4 --macros 4 --tiles 2 2>&1)
rc=$?
if [[ $rc -eq 0 && $out == *PASS* ]]; then
  pass "a ${#deep}-character folder: PASS with its expectations"
else
  fail "a ${#deep}-character folder: exit $rc: $(head -c 600 <<<"$out")"
fi

printf 'tns 1\nconfig rows 64 cols 16\nreset\nload no_such.tw\n' >"$deep/missing.tns"
both "a missing weight file beside a long path: the whole path" \
  "$deep/missing.tns:4: cannot open weight file '$deep/no_such.tw': No such file" \
  --stream "$deep/missing.tns"

echo "messages: clear, and a file's bytes escaped"
printf 'tns 1\rconfig rows 64 cols 16\rreset\r' >"$dir/cr.tns"
both "CR-only line ends" "$dir/cr.tns:1: carriage return without a line feed after it (column 6)" \
  --stream "$dir/cr.tns"
stream64 '\xff\xfe\x1b[2J\x1b]0;owned\x07 1\n' >"$dir/bytes.tns"
both "non-UTF-8 and control bytes" "unknown command '\\xff\\xfe\\x1b[2J\\x1b]0;owned\\x07'" \
  --stream "$dir/bytes.tns"
if LC_ALL=C grep -q $'[\xff\x1b\x07]' <(timeout 10 "$sim" --stream "$dir/bytes.tns" 2>&1); then
  fail "raw bytes of the file reached the terminal"
else
  pass "no raw byte of the file reaches the terminal"
fi
stream64 'load caf\xc3\xa9.tw\n' >"$dir/utf8.tns"
both "UTF-8 names kept as they are" "cannot open weight file '$dir/caf"$'\xc3\xa9'".tw'" \
  --stream "$dir/utf8.tns"

echo "bad-files: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
