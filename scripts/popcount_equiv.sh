#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Proves rtl/tnam_popcount_fn.vh's two forms of the count equal for every input vector: the
# masked levels that synthesis and Icarus use, and the multiply form that Verilator compiles
# (the lockstep regression checks only the latter, the board builds only the former). Yosys
# builds a miter of the two and its SAT solver proves that no input tells them apart.
# usage: popcount_equiv.sh [--quick] : the widths of every chip (2 .. 256 bits: all widths up to
# 66, so every one-word count, then 128, 129 and 256 across the word boundaries); --quick:
# 8, 37, 64 and 65.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
case ${1:-} in
  --quick) widths="8 37 64 65" ;;
  "") widths="$(seq 2 66) 128 129 256" ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
out=build/lint/popcount_equiv
mkdir -p "$out"
# One wrapper per form: the same function text, read with and without VERILATOR defined.
for form in sim synth; do
  cat >"$out/popcount_$form.v" <<VERILOG
module popcount_$form #(parameter N = 64) (input wire [N-1:0] vec, output wire [\$clog2(N+1)-1:0] n);
  localparam POPCOUNT_N = N;
  \`include "rtl/tnam_popcount_fn.vh"
  assign n = popcount(vec);
endmodule
VERILOG
done
failed=()
for n in $widths; do
  if ! yosys -q -l "$out/n$n.log" -p "read_verilog -I. -DVERILATOR $out/popcount_sim.v;
      read_verilog -I. $out/popcount_synth.v; chparam -set N $n popcount_sim popcount_synth;
      proc; miter -equiv -flatten -make_outputs popcount_synth popcount_sim miter;
      hierarchy -top miter; flatten; opt; sat -verify -prove trigger 0 miter" >/dev/null 2>&1; then
    failed+=("$n")
  fi
done
read -r -d '' -a all <<<"$widths"
count=${#all[@]}
if ((${#failed[@]})); then
  echo "popcount_equiv: the two forms differ, or the proof failed, at ${#failed[@]} of $count widths: ${failed[*]} (logs: $out/n<width>.log)" >&2
  exit 1
fi
echo "popcount_equiv: the two forms are equal for every input at $count widths (${all[0]} .. ${all[count - 1]} bits)"
