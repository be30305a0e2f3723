#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Extracts scikit-learn's 8x8 digits (digits.csv.gz) from Debian's python3-sklearn package into
# DIR (default build/data). A set-up step like apt-get install: it downloads the .deb once
# (apt-get download needs no root) and takes the one file; nothing runs it at inference time.
# Idempotent: an existing DIR/digits.csv.gz that gunzips cleanly is kept.
set -euo pipefail
dir=${1:-build/data}
out=$dir/digits.csv.gz
member=./usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz

if [[ -f $out ]] && gzip -t "$out" 2>/dev/null; then
  echo "data: $out is there"
  exit 0
fi
mkdir -p "$dir/deb"
if ! compgen -G "$dir/deb/python3-sklearn_*.deb" >/dev/null; then
  (cd "$dir/deb" && apt-get download python3-sklearn) || {
    echo "data: apt-get download python3-sklearn failed (as root, run apt-get update first)" >&2
    exit 1
  }
fi
debs=("$dir"/deb/python3-sklearn_*.deb)
tmp=$(mktemp -d "$dir/extract.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg-deb --fsys-tarfile "${debs[0]}" | tar -x -C "$tmp" "$member"
gzip -t "$tmp/$member"
mv "$tmp/$member" "$out"
echo "data: $out ($(zcat "$out" | wc -l) rows) from $(basename "${debs[0]}")"
