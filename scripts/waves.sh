#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# One traced run: build/waves/tnam.fst plus a matching GTKWave view build/waves/tnam.gtkw.
# usage: ROWS=R COLS=C MACROS=M TILES=T waves.sh SIM SEED PROFILE CYCLES [tnam_sim options, e.g. --wave-from N]
set -uo pipefail
sim=$1 seed=$2 profile=$3 cycles=$4
shift 4
rows=${ROWS:?ROWS must be set} cols=${COLS:?COLS must be set} macros=${MACROS:-1} tiles=${TILES:-1}
mkdir -p build/waves
rm -f build/waves/tnam.fst
sim/gen_gtkw.sh "$rows" "$cols" "$macros" "$tiles" > build/waves/tnam.gtkw || exit 2
"$sim" --seed "$seed" --profile "$profile" --cycles "$cycles" --waves build/waves/tnam.fst "$@"
rc=$?
if [[ -s build/waves/tnam.fst ]]; then
  echo "waves: build/waves/tnam.fst ($(du -h build/waves/tnam.fst | cut -f1)); view with:"
  echo "  gtkwave build/waves/tnam.fst build/waves/tnam.gtkw"
fi
exit $rc
