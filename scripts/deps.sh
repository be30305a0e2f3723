#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages TNAM's flows need; idempotent. Not root: prints the command.
set -euo pipefail

# One list for every flow (simulation, unit tests, lint, synthesis, waves, SystemC, FPGA,
# the variation sweep plot; ccache for the repeated Verilator builds of the mutants; valgrind
# for make profile's instruction counts; reuse, clang-format and shellcheck for the
# repository's lint; lcov, whose genhtml renders make coverage's report, 0.7 MB): about 530 MB
# and 20 s measured without the lint tools, which add about 190 MB by their Installed-Size
# (mostly clang-format's LLVM libraries); nothing is half-installed when a later flow needs more.
# clang and libclang-rt-14-dev: make sanitize and make fuzz (D35) build with clang 14 (gcc has no
# libFuzzer), whose ASan, UBSan and libFuzzer runtimes are libclang-rt-14-dev (43 MB), only a
# Recommends of libclang-common-14-dev, which --no-install-recommends leaves out.
# libxml2-utils: xmllint, with which make test checks that make regress's JUnit file parses.
packages=(build-essential verilator libsystemc-dev libcmocka-dev gtkwave yosys nextpnr-ice40
          fpga-icestorm fpga-icestorm-chipdb iverilog xvfb imagemagick zlib1g-dev gnuplot-nox ccache
          dataset-fashion-mnist valgrind reuse clang-format shellcheck clang libclang-rt-14-dev lcov
          libxml2-utils "$@")

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "deps: missing Debian packages: ${missing[*]}" >&2
  echo "deps: run as root:  $cmd" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed"
