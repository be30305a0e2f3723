#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Runs the ASan + UBSan build of make sanitize-build (docs/verification.md "Sanitizers and
# fuzzing"). Any sanitizer report fails a check: a report goes to a log file of its own
# (log_path), so that it is seen even where the program's exit status is expected to be non-zero
# (bad input exits 2). One line per check with its time.
# usage: sanitize.sh run SAN_DIR FASHION_DIR
#        sanitize.sh fuzz SAN_DIR SECONDS SEED TARGET...   (SEED empty: libFuzzer's own, printed)
#        sanitize.sh merge SAN_DIR TARGET...
#   run:   unit tests, the model runner on make digests' runs, bad input, every C tool
#   fuzz:  each tb/fuzz target over its committed corpus (and tb/fuzz/regress/TARGET), then
#          SECONDS of fuzzing; a crash, leak, timeout or report fails and keeps the input
#   merge: minimises tb/fuzz/corpus/TARGET with what fuzz found (libFuzzer -merge=1)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
usage() { sed -n '8,10s/^# //p' "$0" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
cmd=$1 san=$2
shift 2
[[ -x $san/lib/tnam_model_run ]] || { echo "sanitize: no $san/lib/tnam_model_run: make sanitize-build" >&2; exit 2; }

# Every check stops the program at its first report (-fno-sanitize-recover=all, and here).
ubsan="halt_on_error=1:print_stacktrace=1"
asan="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"

# ---- run -------------------------------------------------------------------------------------
if [[ $cmd == run ]]; then
  [[ $# -eq 1 ]] || usage
  fashion=$1
  out=$san/run
  rm -rf "$out"
  mkdir -p "$out/reports"
  passed=0 failed=0 t_all=$SECONDS
  # check NAME WANT CMD...: CMD must exit WANT and leave no sanitizer report (each check has
  # its own report folder, so that two can run at once). Prints the check's line.
  check() {
    local name=$1 want=$2 tag log rep rc t0 dt reports
    shift 2
    tag=$(tr -c 'A-Za-z0-9_.-' _ <<<"$name" | cut -c1-80)
    log=$out/$tag.log rep=$out/reports/$tag
    mkdir -p "$rep"
    t0=$(date +%s.%N)
    ASAN_OPTIONS="$asan:log_path=$PWD/$rep/asan" UBSAN_OPTIONS="$ubsan:log_path=$PWD/$rep/ubsan" \
      "$@" >"$log" 2>&1 </dev/null
    rc=$?
    dt=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    reports=$(ls "$rep")
    if [[ $rc -eq $want && -z $reports ]]; then
      printf '  ok    %5ss  %s\n' "$dt" "$name"
      return 0
    fi
    printf '  FAIL  %5ss  %s: exit %d (wanted %d)\n' "$dt" "$name" "$rc" "$want"
    for r in $reports; do sed 's/^/        | /' "$rep/$r" | head -40; done
    [[ -z $reports ]] && tail -15 "$log" | sed 's/^/        | /'
    return 1
  }
  tally() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }
  # shellcheck disable=SC2317 # digests and bad_options are called through check
  digests() { # the model runner on every run of make digests gives tb/digests.txt
    scripts/digests.sh "$san/lib/tnam_model_run" "$out/digests" >"$out/digests.txt" || return 1
    diff tb/digests.txt "$out/digests.txt" && echo "$(wc -l <tb/digests.txt) lines as in tb/digests.txt"
  }
  # shellcheck disable=SC2317
  bad_options() { # each refused with exit 2
    local args rc
    for args in "--seed x1" "--seed 1 --cycles 0" "--seed 1 --rows 300" "--stream tb/streams/no_such.tns" \
      "--seed 1 --macros 4 --tiles 5" "--seed 1 --modes q4," "--bogus"; do
      # shellcheck disable=SC2086 # each case is a list of words on purpose
      "$san/lib/tnam_model_run" $args
      rc=$?
      [[ $rc -eq 2 ]] || { echo "tnam_model_run $args: exit $rc, wanted 2"; return 1; }
    done
  }

  # The longest check (about half of the whole) runs beside the others, on the second core.
  check "tnam_model_run: make digests' runs (7 chips, 5 profiles, directed and every tb/bad stream) = tb/digests.txt" \
    0 digests >"$out/digests.line" &
  bg=$!
  for t in "$san"/tests/*; do tally check "unit: $(basename "$t")" 0 "$t"; done
  tally check "tnam_model_run: bad options exit 2" 0 bad_options
  tally check "tnam_model_run --seed 21 --macros 4 --tiles 2 --cycles 40000" 0 \
    "$san/lib/tnam_model_run" --seed 21 --macros 4 --tiles 2 --cycles 40000 --quiet
  tally check "tnam_var: draw 64 x 16, 4 macros" 0 "$san/tools/tnam_var" --rows 64 --cols 16 --macros 4 \
    --sigma 2 --rate 0.01 --excess 1 --seed 7 -o "$out/r64c16m4.var"
  tally check "tnam_var: bad option exits 2" 2 "$san/tools/tnam_var" --rows 1 --cols 16 --macros 4 \
    --sigma 2 --rate 0.01 --excess 1 --seed 7
  tally check "tnam_sweep --chips 1 --evals 200 --levels 20" 0 "$san/tools/tnam_sweep" --chips 1 --evals 200 --levels 20
  tally check "tnam_host --board model --config 4:6:2:1 --seed 1 --cycles 3000 --record" 0 \
    "$san/tools/tnam_host" --board model --config 4:6:2:1 --seed 1 --cycles 3000 --quiet --record "$out/host.rec"
  tally check "tnam_host --board model --config 8:4:4:2 --stream tb/streams/chip_r8c4m4t2.tns" 0 \
    "$san/tools/tnam_host" --board model --config 8:4:4:2 --stream tb/streams/chip_r8c4m4t2.tns --quiet
  tally check "tnam_ports 64 16 4 2" 0 "$san/tools/tnam_ports" 64 16 4 2
  tally check "tnam_infer fashion_mlp_bin, 3 images, golden model" 0 "$san/tools/tnam_infer" \
    --model models/fashion_mlp_bin.tnn --data "$fashion" --backend model --limit 3 --out "$out/infer.tsv"
  tally check "tnam_infer fashion_cnn_q4 on 64 x 16 M4 T2 with tnam_var's file, cal+sel, 1 Fashion image" 0 \
    "$san/tools/tnam_infer" --model models/fashion_cnn_q4.tnn --data "$fashion" --backend model --limit 1 \
    --rows 64 --cols 16 --macros 4 --tiles 2 --variation "$out/r64c16m4.var" --mitigation cal+sel
  tally check "nn/tests/bad_input.sh (tnam_infer's bad inputs exit 2)" 0 nn/tests/bad_input.sh "$san/tools/tnam_infer"
  tally check "tnam_energy --config nn/energy.cfg" 0 "$san/tools/tnam_energy" --config nn/energy.cfg eval=100 dec=1600 cols=16
  if wait "$bg"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  cat "$out/digests.line"
  echo "sanitize: $passed passed, $failed failed in $((SECONDS - t_all)) s (ASan + UBSan, logs in $out)"
  [[ $failed -eq 0 ]]
  exit
fi

# ---- fuzz, merge -----------------------------------------------------------------------------
export ASAN_OPTIONS=$asan UBSAN_OPTIONS=$ubsan
if [[ $cmd == fuzz ]]; then
  [[ $# -ge 3 ]] || usage
  seconds=$1 seed=$2
  shift 2
  # fuzz_one TARGET: one target; its line (or its failure) on standard output, status 1 on failure.
  fuzz_one() {
    local t=$1 bin=$san/fuzz/fuzz_$1 work=$san/fuzz/work/$1 art=$san/fuzz/artifacts/$1
    local log=$san/fuzz/$1.log rc used runs rate cov a
    local dirs=(tb/fuzz/corpus/"$t")
    [[ -d tb/fuzz/regress/$t ]] && dirs+=(tb/fuzz/regress/"$t")
    rm -rf "$work" "$art"
    mkdir -p "$work" "$art"
    "$bin" ${seed:+-seed="$seed"} -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$art/" "$work" "${dirs[@]}" >"$log" 2>&1 </dev/null
    rc=$?
    used=$(sed -n 's/^INFO: Seed: //p' "$log" | head -1)
    if [[ $rc -ne 0 ]]; then
      echo "fuzz $t: FAILED (exit $rc, seed $used); from $log:"
      grep -E 'ERROR|SUMMARY|property broken|runtime error|Test unit written' "$log" | head -8 | sed 's/^/  | /'
      for a in "$art"/*; do [[ -e $a ]] && echo "  reproduce: $bin $a"; done
      return 1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    # Edges covered of the instrumented edges linked in (the parser, what it calls, the target).
    edges=$(sed -n 's/^INFO: Loaded 1 modules *(\([0-9]*\) inline 8-bit counters.*/\1/p' "$log" | head -1)
    cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1\/'"${edges:-?}"' edges, ft \2/p')
    printf 'fuzz %-8s seed %s, %s s: %s runs, %s exec/s, %s, corpus %s committed + %s found\n' "$t" \
      "$used" "$seconds" "${runs:-?}" "${rate:-?}" "${cov:-cov ?}" \
      "$(find "${dirs[@]}" -type f | wc -l)" "$(find "$work" -type f | wc -l)"
  }
  # Two targets at a time (FUZZ_JOBS, default 2), each line printed in the targets' order.
  jobs=${FUZZ_JOBS:-2} status=0 pids=() t0=$SECONDS
  for t in "$@"; do
    while (($(jobs -rp | wc -l) >= jobs)); do wait -n; done
    fuzz_one "$t" >"$san/fuzz/$t.line" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || status=1
    cat "$san/fuzz/${*:i+1:1}.line"
  done
  echo "fuzz: $# targets in $((SECONDS - t0)) s, $jobs at a time: $([[ $status -eq 0 ]] && echo "no crash, leak or report" || echo FAILED)"
  exit $status
fi

if [[ $cmd == merge ]]; then
  # Candidates: the committed corpus, and what make fuzz found up to FUZZ_MERGE_MAX bytes (the
  # committed corpus stays a few hundred KB). libFuzzer keeps, smallest first, each input that
  # adds coverage to those kept before it.
  max=${FUZZ_MERGE_MAX:-1024}
  for t in "$@"; do
    new=$san/fuzz/merged/$t cand=$san/fuzz/candidates/$t
    rm -rf "$new" "$cand"
    mkdir -p "$new" "$cand" "$san/fuzz/work/$t"
    find "$san/fuzz/work/$t" -type f -size -"$((max + 1))"c -exec cp {} "$cand/" \;
    "$san/fuzz/fuzz_$t" -merge=1 "$new" tb/fuzz/corpus/"$t" "$cand" >"$san/fuzz/$t.merge.log" 2>&1 ||
      { tail -20 "$san/fuzz/$t.merge.log"; exit 1; }
    before=$(du -sb tb/fuzz/corpus/"$t" | cut -f1)
    # A committed input that stays keeps its name (libFuzzer names by SHA-1).
    for f in tb/fuzz/corpus/"$t"/*; do
      h=$(sha1sum <"$f" | cut -d' ' -f1)
      [[ -e $new/$h && $h != "$(basename "$f")" ]] && mv "$new/$h" "$new/$(basename "$f")"
    done
    rm -rf tb/fuzz/corpus/"$t"
    mv "$new" tb/fuzz/corpus/"$t"
    echo "fuzz-merge $t: $(find tb/fuzz/corpus/"$t" -type f | wc -l) inputs, $(du -sb tb/fuzz/corpus/"$t" | cut -f1) bytes (was $before)"
  done
  exit 0
fi
usage
