#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Fingerprints of a corpus of generated streams, one line each: name, the md5 of its dump
# (--dump-stream) and the model run's digest (--digest). A change to the generator that must not
# change its streams (a faster oracle, say) prints the same lines before and after:
#   scripts/gen_corpus.sh >before.txt; (change, make build/lib/tnam_model_run)
#   scripts/gen_corpus.sh >after.txt; diff before.txt after.txt
# 640 streams: 8 chips (2 x 3 up to 256 x 64 with 8 macros and 4 tiles), 5 profiles, 4 mode
# sets, ideal or not, 2 seeds, CYCLES cycles each (default 6000); about 45 s on 2 cores.
# usage: gen_corpus.sh [MODEL_RUN] (default build/lib/tnam_model_run)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
bin=${1:-build/lib/tnam_model_run}
cycles=${CYCLES:-6000}
[[ -x $bin ]] || { echo "gen_corpus: no $bin (make build/lib/tnam_model_run)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for cfg in "64 16 1 1" "8 4 4 2" "256 64 8 4" "37 5 3 2" "2 3 1 1" "256 8 1 1" "8 64 1 1" "64 16 4 4"; do
  read -r rows cols macros tiles <<<"$cfg"
  for profile in sparse half dense random mixed; do
    for modes in thresh level q4 thresh,level,q4; do
      for ideal in "" --ideal; do
        for seed in 1 7; do
          name="r${rows}c${cols}m${macros}t${tiles}-$profile-$modes-${ideal:+ideal-}s$seed"
          # shellcheck disable=SC2086 # $ideal is empty or one option
          if ! "$bin" --rows "$rows" --cols "$cols" --macros "$macros" --tiles "$tiles" \
            --seed "$seed" --profile "$profile" --modes "$modes" $ideal --cycles "$cycles" \
            --quiet --digest --dump-stream "$out/s.tns" >"$out/run.txt" 2>&1; then
            echo "$name: the run failed:" >&2
            tail -5 "$out/run.txt" >&2
            status=1
          fi
          echo "$name $(md5sum <"$out/s.tns" | cut -c1-16) $(grep -E '^digest' "$out/run.txt")"
        done
      done
    done
  done
done
exit $status
