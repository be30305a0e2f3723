#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make waves: one traced run, build/waves/tnam.fst, plus a matching GTKWave view
# build/waves/tnam.gtkw. The run: STREAM=FILE, on the chip of its config line unless ROWS=,
# COLS=, MACROS= or TILES= are given (then those, which the stream must match); or SEED=N, a
# generated stream (PROFILE, CYCLES); neither: seed 1. Builds the wave build it needs.
# usage: ROWS=R COLS=C MACROS=M TILES=T CHOSEN=... waves.sh SEED STREAM PROFILE CYCLES [tnam_sim options, e.g. --wave-from N]
#   CHOSEN: non-empty when the configuration was given on make's command line
set -uo pipefail
[[ $# -ge 4 ]] || { echo "usage: waves.sh SEED STREAM PROFILE CYCLES [tnam_sim options]" >&2; exit 2; }
seed=$1 stream=$2 profile=$3 cycles=$4
shift 4
rows=${ROWS:?ROWS must be set} cols=${COLS:?COLS must be set} macros=${MACROS:-1} tiles=${TILES:-1}
[[ -z $seed || -z $stream ]] || { echo "waves: give SEED= or STREAM=, not both" >&2; exit 2; }
if [[ -n $stream ]]; then
  [[ -f $stream && -r $stream ]] || { echo "waves: STREAM=$stream: no such readable file" >&2; exit 2; }
  if [[ -z ${CHOSEN:-} ]]; then
    # The stream's `config rows R cols C [macros M tiles T]` line (spec 7), comments stripped.
    cfg=$(awk '{ sub(/#.*/, "") } $1 == "config" { print NR, $0; exit }' "$stream")
    read -r line _ r_kw r c_kw c m_kw m t_kw t rest <<<"$cfg"
    if [[ -z $cfg || $r_kw != rows || $c_kw != cols || ! $r =~ ^[0-9]+$ || ! $c =~ ^[0-9]+$ ]] ||
      [[ -n $m_kw && ($m_kw != macros || $t_kw != tiles || ! $m =~ ^[0-9]+$ || ! $t =~ ^[0-9]+$ || -n $rest) ]]; then
      echo "waves: $stream${line:+:$line}: no 'config rows R cols C [macros M tiles T]' line to take the chip from; give ROWS= COLS= (MACROS= TILES=)" >&2
      exit 2
    fi
    rows=$r cols=$c macros=${m:-1} tiles=${t:-1}
    echo "waves: $stream: the chip of its config line ($stream:$line): rows $rows cols $cols macros $macros tiles $tiles"
  else
    echo "waves: $stream on the chip ROWS= COLS= MACROS= TILES= give: rows $rows cols $cols macros $macros tiles $tiles"
  fi
  run=(--stream "$stream")
else
  [[ -n $seed ]] || echo "waves: seed 1 (SEED=N or STREAM=FILE choose the run)"
  run=(--seed "${seed:-1}" --profile "$profile" --cycles "$cycles")
fi
cfg=(ROWS="$rows" COLS="$cols" MACROS="$macros" TILES="$tiles")
make --no-print-directory build WAVES=1 "${cfg[@]}" || exit 1
sim=$(make --no-print-directory -s print-SIM WAVES=1 "${cfg[@]}") || exit 1
mkdir -p build/waves
rm -f build/waves/tnam.fst
sim/gen_gtkw.sh "$rows" "$cols" "$macros" "$tiles" > build/waves/tnam.gtkw || exit 2
"$sim" "${run[@]}" --waves build/waves/tnam.fst "$@"
rc=$?
if [[ -s build/waves/tnam.fst ]]; then
  echo "waves: build/waves/tnam.fst ($(du -h build/waves/tnam.fst | cut -f1)); view with make view, or:"
  echo "  gtkwave build/waves/tnam.fst build/waves/tnam.gtkw"
fi
exit $rc
