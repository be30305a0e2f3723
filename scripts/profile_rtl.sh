#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make profile: the cost of the Verilated chip per RTL module, in instructions per cycle.
# usage: profile_rtl.sh BUILD_DIR CYCLES   (BUILD_DIR holds tnam_sim built with -g, and obj/)
#
# Each kind of traffic runs under callgrind (RTL alone, back-end loop). callgrind_annotate
# gives the instructions of every line of the generated C++; a line belongs to the statement
# it continues, and a statement to the RTL module of the instance that its left-hand side
# names (Verilator spells the hierarchy into every variable: ..._DOT__u_col__DOT__a_val).
# Instruction counts, unlike times, do not change with the machine's load, so a before/after
# comparison needs no quiet machine. Why callgrind and not --prof-cfuncs with gprof: gprof's
# mcount calls cost more than the statements they measure, and split the code into one
# function per statement (docs/harnesses.md, "Where the cycles go").
set -uo pipefail
dir=${1:?usage: profile_rtl.sh BUILD_DIR CYCLES} cycles=${2:?usage: profile_rtl.sh BUILD_DIR CYCLES}
command -v valgrind >/dev/null || { echo "profile: valgrind is not installed (make deps)" >&2; exit 2; }
sim=$dir/tnam_sim
[[ -x $sim ]] || { echo "profile: $sim is not built" >&2; exit 2; }

# The module of every instance name the RTL uses (tnam_chip's own logic has none).
modules='u_sense=tnam_sense u_gated=tnam_popcount
  u_hz=tnam_popcount u_sar=tnam_sar u_ctrl=tnam_ml_ctrl u_mag=tnam_bit_array
  u_sign=tnam_bit_array u_table=tnam_bit_array u_defect=tnam_bit_array u_thr=tnam_col_regs
  u_trim=tnam_col_regs u_offset=tnam_col_regs u_var=tnam_variation u_health=tnam_health
  u_counters=tnam_counters u_neuron=tnam_q4_neuron g_neuron=tnam_q4_neuron
  u_select=tnam_select u_map=tnam_tile_map u_macro=tnam_macro'

attribute() { # callgrind_annotate output, cycles -> "module instr/cycle share" lines
  awk -v cycles="$2" -v modules="$modules" '
    BEGIN { n = split(modules, pairs, /[ \n]+/)
            for (i = 1; i <= n; i++) if (split(pairs[i], kv, "=") == 2) mod[kv[1]] = kv[2] }
    function module_of(text,   lhs, best, s, m, tok) {
      lhs = text; if (index(text, " = ")) lhs = substr(text, 1, index(text, " = "))
      best = ""
      # the last instance named on the left-hand side is the innermost one
      s = lhs
      while (match(s, /(u_[a-z0-9_]+|g_neuron)/)) {
        tok = substr(s, RSTART, RLENGTH); sub(/__.*/, "", tok)
        if (tok in mod) best = mod[tok]
        s = substr(s, RSTART + RLENGTH)
      }
      if (best != "") return best
      if (lhs ~ /__DOT__/) return "tnam_chip"
      return "tnam_chip(ports)"
    }
    /^-- Auto-annotated source:/ { in_gen = ($0 ~ /Vtnam_chip___024root__DepSet/); stmt = ""; next }
    !in_gen { next }
    {
      if (!match($0, /^ *([0-9,]+|\.) /)) next
      count = substr($0, 1, RLENGTH); src = substr($0, RLENGTH + 1)
      gsub(/[ ,]/, "", count); if (count == ".") count = 0
      if (src ~ /^ *=>/ || src ~ /events annotated/) next
      if (src ~ /^ *(vlSelf->|tnam_chip__|__V|if \(|} else|for \(|while|return|[A-Z]Data|VlWide|VL_|bool)/) stmt = src
      else stmt = stmt " " src
      if (count == 0) next
      if (stmt ~ /__Vtrig|__Vico|__Vact|__Vnba|Triggered|IterCount|VL_DEBUG/ || src ~ /^ *(void|}|{)/) key = "(scheduling)"
      else key = module_of(stmt)
      cost[key] += count; total += count
    }
    END {
      for (k in cost) printf "  %-22s %7.0f %5.1f%%\n", k, cost[k] / cycles, 100 * cost[k] / total | "sort -k2 -nr"
      close("sort -k2 -nr")
      printf "  %-22s %7.0f\n", "total", total / cycles
    }' "$1"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "profile: $sim, $cycles cycles per kind of traffic (RTL alone, back-end loop), instructions per cycle"
for traffic in "thresh mixed" "thresh half --ideal" "level mixed" "q4 half --ideal"; do
  read -r modes profile ideal <<<"$traffic"
  valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$tmp/cg.out" \
    "$sim" --seed 1 --profile "$profile" --modes "$modes" ${ideal:+"$ideal"} --cycles "$cycles" \
    --mode rtl --backend-only --quiet >"$tmp/run.txt" 2>"$tmp/valgrind.txt" ||
    { cat "$tmp/run.txt" "$tmp/valgrind.txt" >&2; echo "profile: the $traffic run failed" >&2; exit 1; }
  ran=$(sed -nE 's/^PASS: ([0-9]+) cycles.*/\1/p' "$tmp/run.txt")
  callgrind_annotate --auto=yes --show-percs=no --include="$dir" --include="$dir/obj" "$tmp/cg.out" \
    >"$tmp/annotated.txt" 2>/dev/null
  conv=$(awk '/tnam_ports::(sample|drive)|tnam_port_width/ && /^ *[0-9,]+ / { gsub(/,/, "", $1); s += $1 }
              /Auto-annotated source/ { exit } END { print s + 0 }' "$tmp/annotated.txt")
  echo "traffic: $modes, profile $profile${ideal:+, ideal}; $ran cycles; port conversion (harness) $(awk -v c="$conv" -v n="$ran" 'BEGIN { printf "%.0f", c / n }')"
  attribute "$tmp/annotated.txt" "$ran"
done
