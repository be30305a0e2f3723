#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# The job wrapper of the run folder contract (tb/regress/README.md), `tnam_regress job JOBDIR`,
# in shell: the test double make test gives scripts/regress_slurm.sh as TNAM_REGRESS_BIN, so
# that the SLURM engine is tested on its own. It writes `started`, runs `sh JOBDIR/cmd` in its
# own process group with its output in JOBDIR/log, kills the group at the job's timeout (SIGTERM,
# SIGKILL 5 s later) and writes `result` atomically. Unlike the runner it leaves maxrss_kb empty
# (the engine's test reads status, rc and started only).
# usage: job_wrapper.sh job JOBDIR
set -uo pipefail
[[ $# -eq 2 && $1 == job ]] || { echo "usage: $0 job JOBDIR" >&2; exit 2; }
jd=$2
for f in meta cmd; do
  [[ -f $jd/$f ]] || { echo "$0: error: $jd: not a job folder (no $f)" >&2; exit 2; }
done
limit=$(sed -n 's/^timeout=//p' "$jd/meta")
[[ $limit =~ ^[1-9][0-9]{0,6}$ ]] ||
  { echo "$0: error: $jd/meta: timeout= must be a whole number of seconds, not '$limit'" >&2; exit 2; }
printf 'host=%s pid=%s at=%s\n' "$(hostname)" "$$" "$(date +%s)" >"$jd/started" || exit 1
t0=$(date +%s%N)
# GNU timeout runs the command in a process group of its own and signals the whole group.
timeout -k 5 "$limit" sh "$jd/cmd" >"$jd/log" 2>&1
rc=$?
t1=$(date +%s%N)
reason='' status=fail
case $rc in
  0) status=pass ;;
  124 | 137) status=timeout reason="killed at its timeout of $limit s" ;;
  *) reason="exit $rc" ;;
esac
first=$(grep -m1 -E 'MISMATCH|FAIL|error:' "$jd/log")
{
  echo "status=$status"
  echo "rc=$rc"
  printf 'wall_s=%d.%03d\n' $(((t1 - t0) / 1000000000)) $(((t1 - t0) / 1000000 % 1000))
  echo "maxrss_kb="
  echo "reason=$reason"
  echo "first=$first"
} >"$jd/result.tmp" && mv -f "$jd/result.tmp" "$jd/result"
