#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make infer-all: every committed model (data set x network x mode in models/) on the golden
# model over its whole test set, and on the RTL in lockstep over the first LIMIT images; one
# tnam_infer --tsv row per run into OUT/report.tsv, then the accuracy and energy plots and the
# summary table (OUT/report.md, printed). Digits models are always committed; Fashion-MNIST
# models join when models/fashion_*.tnn exist, and each absent one is named and skipped.
# Usage: infer_report.sh MODEL_INFER LOCKSTEP_INFER DIGITS_CSV FASHION_DIR OUT LIMIT
set -uo pipefail
[[ $# -eq 6 ]] || { echo "usage: $0 MODEL_INFER LOCKSTEP_INFER DIGITS_CSV FASHION_DIR OUT LIMIT" >&2; exit 2; }
model_infer=$1 vl_infer=$2 digits=$3 fashion=$4 out=$5 limit=$6
mkdir -p "$out" || exit 2
tsv=$out/report.tsv
rm -f "$tsv" "$out"/*.txt

# run NAME BACKEND TOOL ARGS...: one tnam_infer run, its output kept in OUT/NAME.BACKEND.txt.
run() {
  local name=$1 backend=$2 tool=$3
  shift 3
  local log=$out/$name.$backend.txt
  "$tool" "$@" --backend "$backend" --tsv "$tsv" >"$log" 2>&1
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "infer-all: $name on $backend failed (exit $rc):" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  echo "infer-all: $name on $backend: $(sed -n 's/^accuracy: //p' "$log"); $(sed -n 's/^speed: //p' "$log")"
}

for data in digits fashion; do
  for net in mlp cnn; do
    for mode in bin q4; do
      name=${data}_${net}_$mode
      model=models/$name.tnn
      if [[ ! -f $model ]]; then
        echo "infer-all: skip $name: no $model (not trained yet)"
        continue
      fi
      if [[ $data == digits ]]; then args=(--digits "$digits"); else args=(--data "$fashion"); fi
      run "$name" model "$model_infer" --model "$model" "${args[@]}"
      run "$name" lockstep "$vl_infer" --model "$model" "${args[@]}" --limit "$limit"
    done
  done
done

# The plots' tables, from the golden model's rows (whole test sets): accuracy beside float
# (0 where a model has no .json), and energy per image by event class.
awk -F'\t' '
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "network mode\tfloat\tchip (golden model)"; next }
  $c["backend"] == "model" { f = $c["float"]; if (f == "-") f = 0
    printf "%s %s %s\t%s\t%s\n", $c["dataset"], $c["net"], $c["mode"], f, $c["accuracy"] }
' "$tsv" >"$out/accuracy.tsv"
awk -F'\t' '
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; first = c["cell_read"]; last = c["macro_active_cycle"]
    printf "configuration"; for (i = first; i <= last; i++) printf "\t%s", $i; print ""; next }
  $c["backend"] == "model" { printf "%s %s %s", $c["dataset"], $c["net"], $c["mode"]
    for (i = first; i <= last; i++) printf "\t%s", $i; print "" }
' "$tsv" >"$out/energy.tsv"
scripts/energy_plot.sh accuracy "$out/accuracy.tsv" "$out/accuracy.png" \
  "Accuracy on the test sets: float baseline and the integer network on the chip" >/dev/null || exit 1
scripts/energy_plot.sh energy "$out/energy.tsv" "$out/energy.png" \
  "Modelled energy per inference by event class (docs/energy.md)" >/dev/null || exit 1

# The summary: one line per model, the golden model's whole test set beside the lockstep slice.
awk -F'\t' -v limit="$limit" '
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { key = $c["dataset"] " | " $c["net"] " | " $c["mode"] }
  $c["backend"] == "lockstep" { ls[key] = sprintf("%.2f %% (%d / %d)", $c["accuracy"], $c["correct"], $c["images"]); lsp[key] = $c["images_per_s"]; next }
  $c["backend"] == "model" { order[++n] = key; r[key] = $0; chip = $c["chip"]; batch = $c["batch"] }
  END {
    print "| data | network | mode | float | chip, whole test set | lockstep, first " limit " | activity | gated | cycles / image | decisions / image | cell writes / image | energy / image | without weight loading | TOPS/W | images/s model, lockstep |"
    print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for (k = 1; k <= n; k++) { key = order[k]; split(r[key], f, "\t")
      fl = f[c["float"]] == "-" ? "-" : sprintf("%.2f %%", f[c["float"]])
      printf "| %s | %s | %.2f %% (%d / %d) | %s | %.3f | %.3f | %.0f | %.0f | %.0f | %.2f nJ | %.2f nJ | %s (%s) | %.0f, %.1f |\n",
        key, fl, f[c["accuracy"]], f[c["correct"]], f[c["images"]], key in ls ? ls[key] : "-",
        f[c["activity"]], f[c["gated"]], f[c["cycles_per_image"]], f[c["decisions_per_image"]],
        f[c["writes_per_image"]], f[c["energy_pj"]] / 1000, f[c["energy_no_load_pj"]] / 1000,
        f[c["tops_w"]], f[c["tops_w_no_load"]], f[c["images_per_s"]], lsp[key] }
    print ""
    print "Chip " chip " (rows x cols, macros, tiles), batches of " batch " images; TOPS/W with weight loading (without it in brackets), dense-equivalent operations; the published chip'"'"'s 8.8 TOPS/W is not comparable (docs/energy.md section 7)."
  }
' "$tsv" >"$out/table.md"
echo
cat "$out/table.md"
echo
# The page make infer-report copies to docs/nn_report.md (its images are the docs/ copies).
{
  echo "# Networks on TNAM: the report"
  echo
  echo "Written by \`make infer-report\` (scripts/infer_report.sh) on $(date -u +%Y-%m-%d) at commit" \
    "$(git describe --always --dirty 2>/dev/null || echo unknown): every model in models/ on the golden" \
    "model over its whole test set and on the RTL in lockstep over the first $limit images," \
    "each compared with the integer reference on every image. Images/s are of that run on a" \
    "shared 2-core machine."
  echo
  cat "$out/table.md"
  echo
  echo "![accuracy per network and mode beside the float baseline](nn_accuracy.png)"
  echo
  echo "![energy per inference by event class](nn_energy.png)"
} >"$out/report.md"
echo "infer-all: $tsv, $out/accuracy.png, $out/energy.png, $out/report.md"
