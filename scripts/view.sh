#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make view: opens a wave file with its GTKWave view. Without VIEW the newest of
# build/waves/tnam.gtkw (make waves) and build/regress/*/jobs/*/waves.gtkw (waves on failure,
# scripts/regress_waves.sh); VIEW = a job folder, a folder holding tnam.gtkw, a .gtkw or a
# .fst file. The wave file is the view's namesake: tnam.gtkw with tnam.fst, waves.gtkw with
# waves.fst. VIEW_PRINT=1 prints the command instead of running it (no display needed);
# VIEW_REGRESS=DIR looks for regression runs in DIR instead of build/regress (for make test).
# usage: [VIEW_PRINT=1] scripts/view.sh [VIEW]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
want=${1:-}
if [[ -z $want ]]; then
  # A glob that matches nothing is dropped (nullglob).
  shopt -s nullglob
  views=(build/waves/tnam.gtkw "${VIEW_REGRESS:-build/regress}"/*/jobs/*/waves.gtkw)
  shopt -u nullglob
  existing=()
  for v in "${views[@]}"; do [[ -f $v ]] && existing+=("$v"); done
  if [[ ${#existing[@]} -eq 0 ]]; then
    echo "view: no wave view yet: make waves (SEED=N or STREAM=FILE) writes build/waves/tnam.gtkw," >&2
    echo "view: a failing make regress writes build/regress/RUN/jobs/JOB/waves.gtkw" >&2
    exit 2
  fi
  gtkw=
  for v in "${existing[@]}"; do [[ -z $gtkw || $v -nt $gtkw ]] && gtkw=$v; done
else
  case $want in
    *.gtkw) gtkw=$want ;;
    *.fst) gtkw=${want%.fst}.gtkw ;;
    *)
      if [[ -f $want/waves.gtkw ]]; then gtkw=$want/waves.gtkw
      elif [[ -f $want/tnam.gtkw ]]; then gtkw=$want/tnam.gtkw
      else echo "view: VIEW=$want: no waves.gtkw or tnam.gtkw in it (or not a .gtkw/.fst file)" >&2; exit 2; fi ;;
  esac
  [[ -f $gtkw ]] || { echo "view: VIEW=$want: $gtkw does not exist" >&2; exit 2; }
fi
fst=${gtkw%.gtkw}.fst
[[ -s $fst ]] || { echo "view: $gtkw has no wave file $fst beside it (or it is empty)" >&2; exit 2; }
cmd=(gtkwave "$fst" "$gtkw")
if [[ ${VIEW_PRINT:-0} == 1 ]]; then echo "${cmd[*]}"; exit 0; fi
command -v gtkwave >/dev/null ||
  { echo "view: gtkwave is not installed (scripts/deps.sh installs it); the view: ${cmd[*]}" >&2; exit 1; }
[[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]] ||
  { echo "view: no display (DISPLAY is not set); on a machine with one: ${cmd[*]}" >&2; exit 1; }
echo "view: ${cmd[*]}"
exec "${cmd[@]}"
