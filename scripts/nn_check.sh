#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make nn-check: runs the C integer reference (tnam_infer) on each model on the test images it
# was trained for (NAME.json: infer_args) and requires the count of correct images that the
# training tool's integer emulation printed (int_correct). Needs no Python.
# Usage: nn_check.sh TNAM_INFER MODEL.tnn...
set -uo pipefail
infer=$1
shift
[[ $# -gt 0 ]] || { echo "nn-check: no models given (models/*.tnn)" >&2; exit 2; }
status=0
for model in "$@"; do
  meta=${model%.tnn}.json
  # The .json is written by tnam_train.py with one key per line.
  field() { sed -n "s/^ *\"$1\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$meta"; }
  want=$(field int_correct)
  total=$(field test_images)
  args=$(field infer_args)
  if [[ -z $want || -z $total || -z $args ]]; then
    echo "nn-check: $meta: missing int_correct, test_images or infer_args" >&2
    status=1
    continue
  fi
  # shellcheck disable=SC2086 # infer_args is a list of options
  if ! out=$("$infer" --model "$model" $args 2>&1); then
    echo "nn-check: FAIL $model: tnam_infer failed:" >&2
    echo "$out" >&2
    status=1
    continue
  fi
  got=$(sed -n 's/^accuracy: \([0-9]*\) \/ \([0-9]*\) .*/\1 \2/p' <<<"$out")
  if [[ $got == "$want $total" ]]; then
    echo "nn-check: ok   $model: $want / $total correct, as training printed"
  else
    echo "nn-check: FAIL $model: C reference '$got' correct / images, training printed $want / $total" >&2
    status=1
  fi
done
exit $status
