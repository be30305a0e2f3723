#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make regress ENGINE=slurm (the run folder contract: tb/regress/README.md; docs/verification.md;
# D42): submits the jobs of JOBFILE (one absolute job folder a line) to SLURM as one job array
# whose task i runs `$TNAM_REGRESS_BIN job <line i+1>`, and waits until the array has left the
# queue. SLURM's own output files and the generated batch script go to RUNDIR/slurm/.
# Many short jobs on few cores: an array task costs SLURM about 60 ms (slurmstepd, the
# credential, the epilog), as much as a 20000-cycle lockstep job. When there are more than 8
# jobs per allowed task (N > 8 x TNAM_JOBS), the array has M = 8 x TNAM_JOBS tasks (more if a
# task would get over 200 jobs), each running its jobs one after another: task i of M runs lines
# i+1, i+1+M, i+1+2M, ... (neighbours in the list, often alike, go to different tasks). Otherwise
# M = N, the contract's one job a task.
# usage: regress_slurm.sh RUNDIR JOBFILE
# Environment:
#   TNAM_REGRESS_BIN  absolute path of the job wrapper (tnam_regress), required
#   TNAM_JOBS         at most this many tasks at once (--array=0-(N-1)%TNAM_JOBS); unset: no limit
#   SLURM_PARTITION, SLURM_ACCOUNT   sbatch's --partition and --account, when set
#   SLURM_CONF        the cluster's config (the one-node cluster's); unset on a real cluster
#   TNAM_SLURM_POLL   seconds between two looks at the queue (default 0.5)
#   TNAM_SLURM_LOST   seconds without an answer from slurmctld before giving up (default 120)
#   TNAM_SLURM_PER_TASK  K: K jobs per array task, M = N / K rounded up (default: as above)
# More than the cluster's MaxArraySize jobs are split into arrays of that size, each starting
# when the one before has ended (afterany), so that TNAM_JOBS still bounds the tasks at once.
# The array's time limit is the longest task's sum of job timeouts (meta's timeout=) plus the
# wrapper's 5 s of grace per job and a minute of margin.
# Exit: 0 the array(s) done (a job without result is the runner's to count as lost); 2 bad usage
# or input; 3 the cluster does not answer (nothing submitted); 1 submission failed, the controller
# was lost, or a task can never start (the arrays are cancelled); 130/143 SIGINT/SIGTERM (cancelled).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P) || exit 1
me=regress_slurm

usage() { echo "usage: $0 RUNDIR JOBFILE   (environment: TNAM_REGRESS_BIN, TNAM_JOBS, SLURM_PARTITION, SLURM_ACCOUNT, SLURM_CONF)" >&2; exit 2; }
bad() { echo "$me: error: $*" >&2; exit 2; }
# A config of scripts/slurm_cluster.sh (its marker comment) is a one-node cluster that may just be
# stopped: the message says how to start it.
unreachable() {
  local hint=
  grep -qs 'slurm_cluster.sh' "${SLURM_CONF:-/nonexistent}" && hint=" (a one-node cluster of this machine: make slurm-start)"
  echo "error: SLURM cluster not reachable: $*$hint" >&2
  exit 3
}
[[ $# -eq 2 ]] || usage
[[ -d $1 ]] || bad "$1: no such run folder"
rundir=$(cd "$1" && pwd -P) || bad "$1: cannot enter the run folder"
jobfile=$2
[[ -f $jobfile && -r $jobfile ]] || bad "$jobfile: no such job file"
mapfile -t jobs <"$jobfile" || bad "$jobfile: cannot read"
n=${#jobs[@]}
((n > 0)) || bad "$jobfile: no jobs (the file is empty)"
for ((i = 0; i < n; i++)); do
  j=${jobs[i]}
  [[ $j == /* ]] || bad "$jobfile:$((i + 1)): '$j' is not an absolute path of a job folder"
  [[ -d $j ]] || bad "$jobfile:$((i + 1)): $j: no such job folder"
done

bin=${TNAM_REGRESS_BIN:-}
[[ -n $bin ]] || bad "TNAM_REGRESS_BIN is not set (the absolute path of tnam_regress)"
[[ $bin == /* && -f $bin && -x $bin ]] || bad "TNAM_REGRESS_BIN=$bin: not an absolute path of an executable"
jobs_max=${TNAM_JOBS:-}
[[ -z $jobs_max || $jobs_max =~ ^[1-9][0-9]{0,5}$ ]] || bad "TNAM_JOBS must be a whole number >= 1, not '$jobs_max'"
poll=${TNAM_SLURM_POLL:-0.5}
[[ $poll =~ ^([0-9]{1,3}(\.[0-9]{1,3})?)$ && ! $poll =~ ^0+(\.0*)?$ ]] ||
  bad "TNAM_SLURM_POLL must be seconds between 0.001 and 999, not '$poll'"
per_task=${TNAM_SLURM_PER_TASK:-}
[[ -z $per_task || $per_task =~ ^[1-9][0-9]{0,3}$ ]] || bad "TNAM_SLURM_PER_TASK must be a whole number of jobs >= 1, not '$per_task'"
lost_max=${TNAM_SLURM_LOST:-120}
[[ $lost_max =~ ^[1-9][0-9]{0,4}$ ]] || bad "TNAM_SLURM_LOST must be a whole number of seconds >= 1, not '$lost_max'"

# ---- does the cluster answer? (within seconds: a dead or wrong controller is not a hang)
where=${SLURM_CONF:+ (SLURM_CONF=$SLURM_CONF)}
[[ -z ${SLURM_CONF:-} || -r $SLURM_CONF ]] || unreachable "SLURM_CONF=$SLURM_CONF: no such file"
for tool in sbatch squeue scancel scontrol; do
  command -v "$tool" >/dev/null 2>&1 || unreachable "$tool not found (Debian's slurm-client; make deps installs slurm-wlm)"
done
# Up to 3 tries within about 5 s: a busy munged can fail one credential request.
for try in 1 2 3; do
  ping=$(timeout -k 1 3 scontrol ping 2>&1)
  rc=$?
  grep -q 'is UP' <<<"$ping" && break
  ((rc == 124 || rc == 137)) && break
  ((try < 3)) && sleep 0.5
done
if ! grep -q 'is UP' <<<"$ping"; then
  if ((rc == 124 || rc == 137)); then
    unreachable "no answer from scontrol ping within 3 s$where"
  fi
  unreachable "$(grep -m1 -E 'Slurmctld|error' <<<"$ping" || echo "scontrol ping: exit $rc")$where"
fi
config=$(timeout -k 1 5 scontrol show config 2>/dev/null)
max_array=$(awk -F= '/^MaxArraySize/ {gsub(/ /, "", $2); print $2}' <<<"$config")
[[ $max_array =~ ^[1-9][0-9]*$ ]] || max_array=1001 # SLURM's default

# M tasks of at most K jobs. Past 8 jobs per allowed task: 8 x TNAM_JOBS tasks, or more when
# one would get over 200 jobs, a multiple of TNAM_JOBS (whole rounds: no task left alone at the end).
if [[ -n $per_task ]]; then
  tasks=$(((n + per_task - 1) / per_task))
else
  tasks=$n
  if [[ -n $jobs_max ]] && ((n > 8 * jobs_max)); then
    tasks=$(((n + 199) / 200))
    ((tasks < 8 * jobs_max)) && tasks=$((8 * jobs_max))
    tasks=$(((tasks + jobs_max - 1) / jobs_max * jobs_max))
    ((tasks > n)) && tasks=$n
  fi
fi
per_task=$(((n + tasks - 1) / tasks))

# ---- the batch script and a copy of the job list, beside SLURM's output files, in the run
# folder: on a real cluster that is the shared build folder, which every node sees; the runner's
# job file may be anywhere.
sdir=$rundir/slurm
mkdir -p "$sdir" || bad "cannot create $sdir"
sub=$(date +%Y%m%d-%H%M%S)-$$
list=$sdir/$sub.jobs
script=$sdir/$sub.sh
printf '%s\n' "${jobs[@]}" >"$list" || bad "cannot write $list"
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; } # one shell word, for the generated script
cat >"$script" <<EOF || bad "cannot write $script"
#!/bin/sh
# Generated by scripts/regress_slurm.sh: task i of the array submitted with argument T0 is task
# t = T0 + i of $tasks; it runs the job wrapper on lines t+1, t+1+$tasks, ... of the job list
# ($n lines), one after another.
t=\$((\${1:?first task} + \${SLURM_ARRAY_TASK_ID:?not an array task}))
line=\$((t + 1))
rc=0
while [ "\$line" -le $n ]; do
  job=\$(sed -n "\${line}p" $(q "$list"))
  if [ -z "\$job" ]; then
    echo "error: $list:\$line: no job folder for array task \$SLURM_ARRAY_TASK_ID" >&2
    exit 2
  fi
  $(q "$bin") job "\$job" || rc=\$?
  line=\$((line + $tasks))
done
exit \$rc
EOF
chmod +x "$script"

# The time limit: the longest task's job timeouts (a real cluster's partition default may be far
# shorter than a soak), each plus the wrapper's 5 s, plus a minute.
declare -A timeout_of=()
while IFS= read -r hit; do
  v=${hit##*:timeout=}
  [[ $v =~ ^[0-9]{1,7}$ ]] && timeout_of[${hit%/meta:timeout=*}]=$v
done < <(printf '%s/meta\0' "${jobs[@]}" | xargs -0 grep -H '^timeout=' 2>/dev/null)
longest=0
if ((${#timeout_of[@]} > 0)); then
  for ((t = 0; t < tasks; t++)); do
    sum=0
    for ((l = t; l < n; l += tasks)); do sum=$((sum + ${timeout_of[${jobs[l]}]:-0} + 5)); done
    ((sum > longest)) && longest=$sum
  done
fi
time_opt=()
((longest > 0)) && time_opt=(--time=$(((longest + 60 + 59) / 60)))

ids=()
jobname=tnam-regress-${rundir##*/}
user=$(id -un)
submitting=0
# Everything submitted is cancelled on the way out unless it ended: an interrupt, or an error
# after the first array went in. By the arrays' name too: a signal during sbatch is handled
# after sbatch returns, when the new array exists but its id is not in ids yet.
cancel() {
  ((${#ids[@]} > 0 || submitting)) || return 0
  timeout -k 1 10 scancel --name="$jobname" --user="$user" "${ids[@]}" 2>/dev/null
  echo "slurm: cancelled job array ${ids[*]:-$jobname}" >&2
  # Until the tasks are gone (SLURM's KillWait), at most 15 s; not at all without a controller.
  local deadline=$((SECONDS + 15)) left
  while ((SECONDS < deadline)); do
    left=$(timeout -k 1 5 squeue -h --name="$jobname" --user="$user" -o %i 2>/dev/null) || break
    [[ -z $left ]] && break
    sleep 0.25
  done
}
# Called from the traps, which shellcheck does not follow.
# shellcheck disable=SC2317
on_signal() {
  trap '' INT TERM
  cancel
  exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
fail() { echo "$me: error: $*" >&2; cancel; exit 1; }

# ---- submit: one array, or several of at most MaxArraySize tasks one after another
t0=$(date +%s%N)
errf=$sdir/$sub.err
for ((offset = 0; offset < tasks; offset += max_array)); do
  count=$((tasks - offset < max_array ? tasks - offset : max_array))
  args=(--parsable --job-name="$jobname" --output="$sdir/%A_%a.out"
    --chdir="$root" --ntasks=1 --cpus-per-task=1 --array="0-$((count - 1))${jobs_max:+%$jobs_max}"
    "${time_opt[@]}")
  [[ -n ${SLURM_PARTITION:-} ]] && args+=(--partition="$SLURM_PARTITION")
  [[ -n ${SLURM_ACCOUNT:-} ]] && args+=(--account="$SLURM_ACCOUNT")
  ((${#ids[@]} > 0)) && args+=(--dependency="afterany:${ids[-1]}" --kill-on-invalid-dep=yes)
  submitting=1
  out=$(timeout -k 1 60 sbatch "${args[@]}" "$script" "$offset" 2>"$errf")
  rc=$?
  id=${out%%;*}
  if ((rc != 0)) || [[ ! $id =~ ^[0-9]+$ ]]; then
    fail "sbatch failed (exit $rc): $(tr '\n' ' ' <"$errf")${where}"
  fi
  ids+=("$id")
  echo "slurm: job array $id, $count tasks$( ((per_task > 1)) && echo " of up to $per_task jobs each")"
done
rm -f "$errf"

# ---- wait until every array has left the queue
ids_csv=$(IFS=,; echo "${ids[*]}")
quiet_since=
while :; do
  out=$(timeout -k 1 10 squeue -h -j "$ids_csv" -o '%i %r' 2>"$errf")
  rc=$?
  if ((rc == 0)); then
    [[ -z $out ]] && break
    quiet_since=
    # A task that can never start would be waited for forever: say why and give up.
    never=$(grep -m1 -E ' (PartitionTimeLimit|PartitionNodeLimit|DependencyNeverSatisfied|InvalidAccount|InvalidQOS|BadConstraints|AccountNotAllowed)' <<<"$out")
    [[ -n $never ]] && fail "job ${never%% *} cannot start: ${never#* } (squeue's reason)"
  elif grep -q 'Invalid job id' "$errf"; then
    break # every array ended and was purged from slurmctld's memory (MinJobAge)
  else
    [[ -n $quiet_since ]] || quiet_since=$SECONDS
    ((SECONDS - quiet_since >= lost_max)) &&
      fail "no answer from slurmctld for ${lost_max} s ($(tr '\n' ' ' <"$errf")); cancelling job array ${ids[*]}"
  fi
  sleep "$poll" &
  wait $!
done
rm -f "$errf"
trap - INT TERM
t1=$(date +%s%N)

missing=0
for j in "${jobs[@]}"; do [[ -f $j/result ]] || missing=$((missing + 1)); done
ms=$(((t1 - t0) / 1000000))
echo "slurm: job array ${ids[*]} done: $n jobs in $tasks tasks in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"
if ((missing > 0)); then
  echo "slurm: $missing of $n jobs left no result (SLURM's output of each task: $sdir/<array>_<task>.out)" >&2
fi
exit 0
