#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make nn-bad: bad inputs to tnam_infer. Each case must exit 2 with a message on stderr that
# names the file and what is wrong, print nothing on stdout (no partial result) and leave no
# --out file. The files are made here from a committed model and hand-written IDX headers.
# Usage: bad_input.sh TNAM_INFER
set -uo pipefail
infer=$1
model=models/digits_mlp_q4.tnn
tmp=$(mktemp -d /tmp/tnam_nn_bad.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# expect NAME WHAT ARGS...: tnam_infer ARGS --out OUT must fail as above with WHAT in stderr.
expect() {
  local name=$1 what=$2
  shift 2
  local out=$tmp/out.tsv
  rm -f "$out" "$out.tmp"
  "$infer" "$@" --out "$out" >"$tmp/stdout" 2>"$tmp/stderr"
  local rc=$?
  if [[ $rc -eq 2 ]] && grep -qF -- "$what" "$tmp/stderr" && [[ ! -s $tmp/stdout ]] &&
    [[ ! -e $out && ! -e $out.tmp ]]; then
    passed=$((passed + 1))
    echo "  ok    $name: $(head -1 "$tmp/stderr")"
  else
    failed=$((failed + 1))
    echo "  FAIL  $name: exit $rc, expected 2 and '$what'; stderr: $(head -3 "$tmp/stderr")"
  fi
}

# An IDX file: magic type 0x08, the dimensions given, then SIZE zero bytes.
idx() {
  local file=$1 size=$2
  shift 2
  {
    printf '%b' "$(printf '\\x00\\x00\\x08\\x%02x' $#)"
    for d in "$@"; do  # big-endian 32 bits
      printf '%b' "$(printf '\\x%02x' $((d >> 24 & 255)) $((d >> 16 & 255)) $((d >> 8 & 255)) $((d & 255)))"
    done
    head -c "$size" /dev/zero
  } >"$file"
}

# A well-formed data set: 3 images of 8x8 (IDX: pixel_max 255) and 3 labels.
good() {
  mkdir -p "$1"
  idx "$1/t10k-images-idx3-ubyte" 192 3 8 8
  idx "$1/t10k-labels-idx1-ubyte" 3 3
}

good "$tmp/ok"
expect "model that does not fit the data" "the model takes 1x8x8 images of pixels 0 .. 16" \
  --model "$model" --data "$tmp/ok"

good "$tmp/trunc"
idx "$tmp/trunc/t10k-images-idx3-ubyte" 191 3 8 8
expect "truncated image file" "t10k-images-idx3-ubyte: header says 192 elements, the file holds 191 bytes" \
  --model "$model" --data "$tmp/trunc"

good "$tmp/count"
idx "$tmp/count/t10k-labels-idx1-ubyte" 3 4
expect "label header count disagrees with the size" "t10k-labels-idx1-ubyte: header says 4 elements, the file holds 3 bytes" \
  --model "$model" --data "$tmp/count"

good "$tmp/magic"
printf '\x1f\x8b\x08\x00garbage' >"$tmp/magic/t10k-images-idx3-ubyte"
expect "gzip magic, then garbage" "t10k-images-idx3-ubyte: truncated gzip stream" --model "$model" --data "$tmp/magic"
printf 'P5\n8 8\n255\n' >"$tmp/magic/t10k-images-idx3-ubyte"
expect "wrong magic" "t10k-images-idx3-ubyte: wrong magic" --model "$model" --data "$tmp/magic"

good "$tmp/labels"
idx "$tmp/labels/t10k-labels-idx1-ubyte" 2 2
expect "label file not matching the image file" "t10k-labels-idx1-ubyte: holds 2 labels but the image file" \
  --model "$model" --data "$tmp/labels"

good "$tmp/gz"
gzip -c "$tmp/gz/t10k-images-idx3-ubyte" | head -c 30 >"$tmp/gz/t10k-images-idx3-ubyte.gz"
rm "$tmp/gz/t10k-images-idx3-ubyte"
expect "truncated gzip file" "t10k-images-idx3-ubyte.gz: truncated gzip stream" --model "$model" --data "$tmp/gz"

expect "no data files" "no t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz" --model "$model" --data "$tmp"

# Readers' arithmetic (the inputs of tb/fuzz/regress): dimensions whose product wraps 64 bits (2^22
# images of 2^21 x 2^21 in a 16-byte file), a layer whose fan-in wraps 32 bits (256 x 4096 x 4096).
good "$tmp/wrap"
cp tb/fuzz/regress/nndata/idx_dims_wrap_2e64.idx "$tmp/wrap/t10k-images-idx3-ubyte"
expect "IDX dimensions that multiply past 64 bits" "t10k-images-idx3-ubyte: header's dimensions multiply to 2^64" \
  --model "$model" --data "$tmp/wrap"
expect "model layer whose fan-in wraps 32 bits" "fanin_wraps_dense.tnn: layer 0 (dense): fan-in 4294967296" \
  --model tb/fuzz/regress/tnn/fanin_wraps_dense.tnn --data "$tmp/ok"

size=$(stat -c %s "$model")
head -c $((size - 10)) "$model" >"$tmp/short.tnn"
expect "truncated model" "short.tnn: truncated: the header says $size bytes, the file has $((size - 10))" \
  --model "$tmp/short.tnn" --data "$tmp/ok"
cp "$model" "$tmp/flip.tnn"
printf '\x05' | dd of="$tmp/flip.tnn" bs=1 seek=100 conv=notrunc status=none
expect "model checksum fails" "flip.tnn: checksum fails" --model "$tmp/flip.tnn" --data "$tmp/ok"
cp "$model" "$tmp/v2.tnn"
printf '\x02' | dd of="$tmp/v2.tnn" bs=1 seek=8 conv=notrunc status=none
expect "model of another format version" "v2.tnn: format version 2, this reader knows version 1" \
  --model "$tmp/v2.tnn" --data "$tmp/ok"
expect "not a model" "t10k-labels-idx1-ubyte: wrong magic: not a TNAM model file" \
  --model "$tmp/ok/t10k-labels-idx1-ubyte" --data "$tmp/ok"
expect "missing model" "nothing.tnn: cannot open" --model "$tmp/nothing.tnn" --data "$tmp/ok"
expect "unknown back end" "--backend foo: one of ref, model, rtl, lockstep" --model "$model" \
  --data "$tmp/ok" --backend foo
expect "RTL back end without Verilator" "--backend rtl: this tnam_infer has no RTL" \
  --model "$model" --data "$tmp/ok" --backend rtl
# A digits file the model takes (1797 blank images), for the errors found after the data fit.
zeros=$(printf '0,%.0s' {1..64})
for _ in $(seq 1797); do echo "${zeros}0"; done | gzip >"$tmp/blank.csv.gz"
expect "chip out of range" "chip rows 1 cols 16 macros 1 tiles 1 is out of range" \
  --model "$model" --digits "$tmp/blank.csv.gz" --backend model --rows 1
expect "first beyond the data" "--first 360: " --model "$model" \
  --digits "$tmp/blank.csv.gz" --first 360
expect "bad limit" "--limit -3: not a positive count" --model "$model" --data "$tmp/ok" --limit -3
expect "two data sets" "need --model and one of --data or --digits" --model "$model" --data "$tmp/ok" \
  --digits "$tmp/d.csv.gz"


# The energy model's file (docs/energy.md section 3) is read before any image runs.
printf '# constants\ncell_read 24.8 fJ\n' >"$tmp/bad.cfg"
expect "energy constant without its source" "bad.cfg:2: 'cell_read' needs '# source' after its unit" \
  --model "$model" --digits "$tmp/blank.csv.gz" --backend model --energy "$tmp/bad.cfg"
expect "missing energy file" "none.cfg: cannot open" --model "$model" --digits "$tmp/blank.csv.gz" \
  --backend model --energy "$tmp/none.cfg"

# --tsv: a path it cannot write fails before the run; a table there already must not change
# when the run fails or the table is not tnam_infer's, and a table the run would have created
# must not be left behind.
expect "table in a missing folder" "nodir/t.tsv: cannot write: No such file or directory" \
  --model "$model" --digits "$tmp/blank.csv.gz" --backend model --tsv "$tmp/nodir/t.tsv"
tsv=$tmp/t.tsv
"$infer" --model "$model" --digits "$tmp/blank.csv.gz" --backend model --limit 2 --tsv "$tsv" >/dev/null
cp "$tsv" "$tmp/t.before"
expect "table there, energy file broken" "bad.cfg:2:" --model "$model" \
  --digits "$tmp/blank.csv.gz" --backend model --energy "$tmp/bad.cfg" --tsv "$tsv"
printf 'name\tvalue\n' >"$tmp/foreign.tsv"
cp "$tmp/foreign.tsv" "$tmp/foreign.before"
expect "table of another layout" "foreign.tsv: its first line is not this tnam_infer's --tsv header" \
  --model "$model" --digits "$tmp/blank.csv.gz" --backend model --tsv "$tmp/foreign.tsv"
expect "new table, bad chip" "is out of range" --model "$model" --digits "$tmp/blank.csv.gz" \
  --backend model --rows 1 --tsv "$tmp/new.tsv"
if cmp -s "$tsv" "$tmp/t.before" && cmp -s "$tmp/foreign.tsv" "$tmp/foreign.before" &&
  [[ ! -e $tmp/new.tsv && $(wc -l <"$tsv") -eq 2 ]]; then
  passed=$((passed + 1))
  echo "  ok    tables unchanged after the failed runs (header and one row), none created"
else
  failed=$((failed + 1))
  echo "  FAIL  a failed run changed or created a --tsv table"
fi

# Variation and mitigation (docs/nn.md section 5, "Variation"): refused before any image runs.
vchip=(--model "$model" --digits "$tmp/blank.csv.gz" --backend model --macros 4 --tiles 2)
printf 'tnamvar 1\nconfig rows 64 cols 16 macros 4\noffset 0 16 1\n' >"$tmp/badcol.var"
expect "variation file: column out of range" "badcol.var:3:" "${vchip[@]}" --variation "$tmp/badcol.var"
printf 'tnamvar 1\nconfig rows 64 cols 16 macros 2\n' >"$tmp/other.var"
expect "variation file for another chip" "other.var:2: the file is for rows 64 cols 16 macros 2" \
  "${vchip[@]}" --variation "$tmp/other.var"
expect "missing variation file" "nothing.var: cannot open" "${vchip[@]}" --variation "$tmp/nothing.var"
expect "cal+sel without spares" "--mitigation cal+sel stores every tile twice" \
  --model "$model" --digits "$tmp/blank.csv.gz" --backend model --macros 3 --tiles 2 --mitigation cal+sel
expect "unknown mitigation" "--mitigation trim: one of none, cal, cal+sel" "${vchip[@]}" --mitigation trim
expect "variation on the reference" "needs a chip back end" --model "$model" --digits "$tmp/blank.csv.gz" --var-seed 1
expect "file and seed together" "give a variation file or --var-seed, not both" \
  "${vchip[@]}" --variation "$tmp/other.var" --var-seed 1
expect "sigma without a seed" "they need --var-seed" "${vchip[@]}" --sigma 1
expect "defect rate above 1" "--defects 1.5: not a number in 0 .. 1" "${vchip[@]}" --var-seed 1 --defects 1.5
expect "excess out of range" "--excess 2: an integer in -2 .. 1" "${vchip[@]}" --var-seed 1 --excess 2
expect "--tsv with a variation" "the table has no variation columns" "${vchip[@]}" --var-seed 1 \
  --tsv "$tmp/var.tsv"

# Hostile files (decision D36): endless inputs end with a clear error, numbers take one syntax,
# a file's bytes are escaped, a signal while a file loads ends the program with 130.
expect "model /dev/zero: endless input" "/dev/zero: 256 MiB or longer: not a file this reader takes" \
  --model /dev/zero --data "$tmp/ok"
expect "model is a directory" "$tmp/ok: cannot open: Is a directory" --model "$tmp/ok" --data "$tmp/ok"
expect "variation file /dev/zero" "/dev/zero:1: NUL byte in column 1" "${vchip[@]}" --variation /dev/zero
printf 'tnamvar 1\nconfig rows 64 cols 16 macros 4\noffset 0 3 +1\n' >"$tmp/plus.var"
expect "variation file: a '+' sign" "plus.var:3: offset '+1' is not a decimal number" "${vchip[@]}" \
  --variation "$tmp/plus.var"
printf 'tnamvar 1\nconfig rows 64 cols 16 macros 4\noffset 0 3 1\0 9\n' >"$tmp/nul.var"
expect "variation file: a NUL byte" "nul.var:3: NUL byte in column 13" "${vchip[@]}" \
  --variation "$tmp/nul.var"
printf 'tnamvar 1\rconfig rows 64 cols 16 macros 4\r' >"$tmp/cr.var"
expect "variation file: CR-only line ends" "cr.var:1: carriage return without a line feed" \
  "${vchip[@]}" --variation "$tmp/cr.var"
printf 'cell_read\xff\x1b[2J 24.8 fJ # x\n' >"$tmp/bytes.cfg"
expect "energy file: raw bytes escaped" "bytes.cfg:1: unknown constant 'cell_read\\xff\\x1b[2J'" \
  --model "$model" --digits "$tmp/blank.csv.gz" --backend model --energy "$tmp/bytes.cfg"
# tally OK TEXT: counts a check made outside expect(), OK being its exit status.
tally() {
  if [[ $1 -eq 0 ]]; then passed=$((passed + 1)); echo "  ok    $2"
  else failed=$((failed + 1)); echo "  FAIL  $2"; fi
}
! LC_ALL=C grep -q $'[\xff\x1b]' "$tmp/stderr"
tally $? "no raw byte of the energy file reaches the terminal"
mkfifo "$tmp/fifo"
# In the foreground: a command a script starts with & inherits SIGINT ignored.
timeout --preserve-status -s INT -k 2 1 "$infer" --model "$tmp/fifo" --data "$tmp/ok" \
  --out "$tmp/sig.tsv" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
[[ $rc -eq 130 && ! -s $tmp/stdout && ! -e $tmp/sig.tsv ]]
tally $? "SIGINT while the model loads from a FIFO: exit $rc (130), no output"
# A model in a folder whose path is longer than the old 1024-byte buffer of its .json's name:
# the float baseline comes from that .json, not from a truncated name.
deep=$tmp
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do deep=$deep/level_${i}_$(printf '%080d' 0); done
mkdir -p "$deep"
cp "$model" "${model%.tnn}.json" "$deep/"
out=$("$infer" --model "$deep/$(basename "$model")" --digits "$tmp/blank.csv.gz" --limit 2 2>&1)
[[ $out == *"float baseline"*"$deep/$(basename "${model%.tnn}").json"* ]]
tally $? "a model in a ${#deep}-character folder: the float baseline from its .json"

echo "nn-bad: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
