#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The behaviour fingerprint of the golden model, the generator, the stream writer and the stream
# reader (make digests): digests of generated runs on seven chips, the checksum of each dumped
# stream, the directed streams' digests and the exact output of every malformed stream. A
# refactoring must leave it unchanged (make digests compares it with tb/digests.txt); a change
# of behaviour updates the file on purpose (make digests-update) and says so in its commit.
# usage: digests.sh MODEL_RUN OUT_DIR > fingerprint
set -uo pipefail
run=${1:?usage: digests.sh MODEL_RUN OUT_DIR} out=${2:?usage: digests.sh MODEL_RUN OUT_DIR}
mkdir -p "$out"
digest() { "$run" "$@" --digest --quiet 2>&1 | grep -E '^digest:|error'; }
for cfg in "64 16 1 1" "64 16 4 2" "8 4 4 2" "37 5 3 2" "256 8 1 1" "8 64 1 1" "4 6 2 1"; do
  # The configuration's four words are $1..$4.
  # shellcheck disable=SC2086
  set -- $cfg
  chip=(--rows "$1" --cols "$2" --macros "$3" --tiles "$4")
  name=r$1c$2m$3t$4
  for p in sparse half dense random mixed; do
    for s in 1 2 3 17; do
      d=$(digest --seed "$s" --profile "$p" --cycles 6000 "${chip[@]}" --dump-stream "$out/$name.tns")
      echo "$name $p $s $d $(sha1sum <"$out/$name.tns" | cut -c1-12)"
    done
  done
  for m in level q4 thresh; do
    echo "$name modes-$m $(digest --seed 5 --modes "$m" --cycles 6000 "${chip[@]}")"
    echo "$name ideal-$m $(digest --seed 5 --ideal --modes "$m" --cycles 6000 "${chip[@]}")"
  done
done
for f in tb/streams/*_r64c16.tns; do echo "$f $(digest --stream "$f")"; done
echo "tb/streams/chip_r8c4m4t2.tns $(digest --stream tb/streams/chip_r8c4m4t2.tns --rows 8 --cols 4 --macros 4 --tiles 2)"
for f in tb/bad/*.tns; do
  msg=$("$run" --stream "$f" 2>&1)
  echo "$f: exit $? $(tr '\n' '|' <<<"$msg")"
done
