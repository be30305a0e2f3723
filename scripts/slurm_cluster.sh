#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# A one-node SLURM cluster on this machine for `make regress ENGINE=slurm` (docs/verification.md,
# D42): munged, slurmctld and slurmd of Debian's slurm-wlm and munge, with a generated munge key
# and slurm.conf and every socket, state, spool, log and pid file under one folder.
# usage: slurm_cluster.sh start|stop|status [DIR]   (DIR: default build/slurm; a relative DIR is
#        taken from the repository root)
#   start   idempotent: a cluster that is up stays up; a half-dead one (a daemon crashed, stale
#           pid files) is stopped and started afresh. Waits until the node is idle.
#   stop    cancels the cluster's jobs, ends exactly the daemons it started (their pid files),
#           then checks that no process of this cluster is left; exit 1 if one is.
#   status  prints whether it is up (exit 0) or not (exit 1), and the SLURM_CONF to use.
# Environment:
#   TNAM_SLURM_PORT  slurmctld's port (slurmd's is the next one); default derived from DIR's
#                    path (20000-57999), so that clusters of two clones and a real SLURM on the
#                    host (6817/6818) do not meet
#   TNAM_SLURM_WAIT  seconds start waits for each daemon (default 30)
# Running as root, SlurmUser and SlurmdUser are root and jobs run as whoever submits them. Not
# root, the daemons run as you (SlurmUser=SlurmdUser=you): jobs can then only be yours.
set -uo pipefail
# The physical path: the marker of a folder that is gone is this path's text.
cd "$(cd "$(dirname "$0")/.." && pwd -P)" || exit 1
# The daemons live in /usr/sbin, which a user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

usage() { echo "usage: $0 start|stop|status [DIR]   (DIR: default build/slurm)" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
action=$1
case $action in start | stop | status) ;; *) usage ;; esac
dir=${2:-build/slurm}
die() { echo "slurm_cluster: error: $*" >&2; exit 1; }

# stop needs none of SLURM's tools (make clean stops a cluster on a machine without them).
tools_missing=()
for tool in munged mungekey slurmctld slurmd sinfo scontrol squeue scancel; do
  command -v "$tool" >/dev/null 2>&1 || tools_missing+=("$tool")
done
if [[ ${#tools_missing[@]} -gt 0 && $action != stop ]]; then
  [[ $action == status ]] && { echo "slurm: down (not installed: ${tools_missing[*]})"; exit 1; }
  die "${tools_missing[*]} not found: install Debian's slurm-wlm and munge (make deps, as root)"
fi

if [[ $action == start ]]; then
  mkdir -p "$dir" || die "cannot create $dir"
fi
if [[ -d $dir ]]; then
  dir=$(cd "$dir" && pwd -P) || die "cannot enter $dir"
else
  # Gone (make clean, rm -rf): its daemons may still run, known by the marker of this path.
  [[ $dir == /* ]] || dir=$PWD/$dir
fi
conf=$dir/slurm.conf
mdir=$dir/munge
socket=$mdir/munge.socket
node=$(hostname -s)
# Every daemon carries this in its environment, and so does every slurmstepd it forks:
# how stop finds a process of this cluster that outlived its daemon.
marker=TNAM_SLURM_CLUSTER=$dir
export SLURM_CONF=$conf
wait_max=${TNAM_SLURM_WAIT:-30}
[[ $wait_max =~ ^[1-9][0-9]{0,3}$ ]] || { echo "slurm_cluster: TNAM_SLURM_WAIT must be 1-9999 seconds, not '$wait_max'" >&2; exit 2; }

# The daemons, in start order: name, pid file.
daemons=(munged slurmctld slurmd)
pidfile() {
  case $1 in
    munged) echo "$mdir/munged.pid" ;;
    *) echo "$dir/run/$1.pid" ;;
  esac
}
# pid_of NAME: the daemon's pid when its pid file names a live process that is that daemon of
# this folder (a pid file left by a crash may name a pid reused by anything else).
pid_of() {
  local f pid args
  f=$(pidfile "$1")
  [[ -f $f ]] || return 1
  pid=$(tr -dc '0-9' <"$f")
  [[ -n $pid ]] || return 1
  mapfile -d '' args 2>/dev/null <"/proc/$pid/cmdline" || return 1
  [[ ${#args[@]} -gt 0 && ${args[0]##*/} == "$1" && "${args[*]}" == *"$dir/"* ]] || return 1
  echo "$pid"
}
# Every live process of this cluster: the daemons and what they fork (slurmscriptd, slurmstepd)
# carry the marker in their environment; a job's processes carry its SLURM_JOB_ID and this
# cluster's SLURM_CONF. (A zombie's environment reads empty: it is dead already.)
cluster_pids() {
  {
    grep -lzxF -- "$marker" /proc/[0-9]*/environ
    grep -lz '^SLURM_JOB_ID=' /proc/[0-9]*/environ | xargs -r grep -lzxF -- "SLURM_CONF=$conf"
  } 2>/dev/null | sed -n 's|^/proc/\([0-9]*\)/environ$|\1|p' | sort -un
}
# ctld_up: slurmctld answers within seconds.
ctld_up() { [[ -r $conf ]] && timeout -k 1 5 scontrol ping 2>/dev/null | grep -q 'is UP'; }
node_state() { timeout -k 1 5 sinfo -h -n "$node" -o %T 2>/dev/null | head -1; }
log_tail() { # FILE...: the last lines of each log, for an error message
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    echo "---- last lines of $f:" >&2
    tail -n 15 "$f" >&2
  done
}

status() { # prints one line; 0 when every daemon runs and the node answers
  local d missing=() state
  [[ -d $dir ]] || { echo "slurm: down (no cluster folder $dir)"; return 1; }
  for d in "${daemons[@]}"; do pid_of "$d" >/dev/null || missing+=("$d"); done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "slurm: down (not running: ${missing[*]}; folder $dir)"
    return 1
  fi
  state=$(node_state)
  if [[ -z $state ]] || ! ctld_up; then
    echo "slurm: down (daemons run but slurmctld does not answer; logs in $dir/log)"
    return 1
  fi
  echo "slurm: up, node $node $state, ports $(sed -n 's/^SlurmctldPort=//p' "$conf")/$(sed -n 's/^SlurmdPort=//p' "$conf"); export SLURM_CONF=$conf"
}

stop() { # sets ended: how many processes of the cluster it ended
  local d pid left i
  ended=0
  # Jobs first, while slurmctld still answers: a slurmstepd outlives its slurmd by design.
  if pid_of slurmctld >/dev/null && ctld_up; then
    timeout -k 1 10 scancel --partition=tnam 2>/dev/null
    i=$((SECONDS + 10))
    while ((SECONDS < i)); do
      [[ -z $(timeout -k 1 5 squeue -h -o %i 2>/dev/null) ]] && break
      sleep 0.25
    done
  fi
  for d in slurmd slurmctld munged; do
    pid=$(pid_of "$d") || { rm -f "$(pidfile "$d")"; continue; }
    ended=$((ended + 1))
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]] && break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; then
      echo "slurm_cluster: $d (pid $pid) ignored SIGTERM for 10 s: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$(pidfile "$d")"
  done
  # Whatever of this cluster outlived its daemon (a slurmstepd of a job cancelled too late).
  left=$(cluster_pids)
  if [[ -n $left ]]; then
    ended=$((ended + $(wc -l <<<"$left")))
    # shellcheck disable=SC2086 # one pid a word
    kill -TERM $left 2>/dev/null
    sleep 1
    left=$(cluster_pids)
    # shellcheck disable=SC2086
    [[ -n $left ]] && kill -KILL $left 2>/dev/null && sleep 0.5
  fi
  left=$(cluster_pids)
  if [[ -n $left ]]; then
    echo "slurm_cluster: error: processes of the cluster in $dir are still alive:" >&2
    # shellcheck disable=SC2086
    ps -o pid,stat,args -p ${left//$'\n'/,} >&2
    return 1
  fi
  return 0
}

# port_free PORT: nothing listens on it (bash's own TCP client, no tool needed).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_conf() {
  local user port cpus mem
  user=$(id -un)
  if [[ -n ${TNAM_SLURM_PORT:-} ]]; then
    port=$TNAM_SLURM_PORT
    [[ $port =~ ^[1-9][0-9]{3,4}$ && $port -lt 65535 ]] ||
      { echo "slurm_cluster: TNAM_SLURM_PORT must be 1000-65534, not '$port'" >&2; exit 2; }
  else
    port=$((20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 19000 * 2))
  fi
  cpus=$(nproc)
  mem=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
  cat >"$conf" <<EOF
# Generated by scripts/slurm_cluster.sh for $dir: a one-node cluster for make regress
# ENGINE=slurm (docs/verification.md, D42). Every file it uses is in this folder; it is rewritten at
# every start.
ClusterName=tnam
# The node's own name, reached on the loopback address whatever the host's DNS says.
SlurmctldHost=$node(127.0.0.1)
# Not SLURM's defaults (6817/6818), so that a real SLURM on this host is not disturbed;
# derived from the folder's path so that two clones' clusters do not meet either.
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# No cgroups (a container or a VM often has no writable cgroup tree): processes are tracked by
# their parentage and tasks are not bound to CPUs; each task still holds one core of the node.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# No accounting database, no job completion log.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MailProg=/bin/true
# (slurmctld and slurmd still try every MPI plugin at start: the "can not load PMIx library"
# errors in their logs are about Debian's pmix plugins, which need libpmix2, and harmless.)
MpiDefault=none
# A fast turnaround for many short jobs: schedule at once on every event (no batch delay), keep
# the full-queue pass as a 2 s safety net. The epilog is what makes a finished task free its
# core at once: without one, slurmd answers the end of a job without an epilog-complete
# message, and the next task starts only at the next full-queue pass (measured: one task per
# core per sched_interval, 1 s at best, 3 s with the defaults; with it 20 tasks in about 1 s).
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0,sched_interval=2
Epilog=/bin/true
MessageTimeout=5
KillWait=2
MinJobAge=10
ReturnToService=2
# The L2 regression is one array of 2000 tasks.
MaxArraySize=10001
MaxJobCount=50000
# The node as declared here is authoritative (slurmd does not drain it over a hardware detail).
SlurmdParameters=config_overrides
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=tnam Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

# started NAME: wait until the daemon's pid file names it, or fail with its log.
wait_started() {
  local i
  for ((i = 0; i < wait_max * 10; i++)); do
    pid_of "$1" >/dev/null && return 0
    sleep 0.1
  done
  return 1
}
fail_start() { # MESSAGE LOG...: stop what was started, print the logs' tails, exit 1
  local msg=$1
  shift
  echo "slurm_cluster: error: $msg" >&2
  log_tail "$@"
  stop >/dev/null 2>&1
  exit 1
}

start() {
  local d port i state
  if status >/dev/null 2>&1; then
    echo "slurm: already up; export SLURM_CONF=$conf"
    return 0
  fi
  # Half up (a daemon crashed) or a crash's stale pid files: clear everything, start afresh.
  for d in "${daemons[@]}"; do
    if pid_of "$d" >/dev/null || [[ -f $(pidfile "$d") ]]; then
      echo "slurm: stopping what is left of the last cluster in $dir"
      stop || exit 1
      break
    fi
  done
  mkdir -p "$mdir" "$dir/state" "$dir/spool" "$dir/log" "$dir/run" || die "cannot create folders in $dir"
  # munged wants its socket's folder searchable by everyone and its key readable by its owner only.
  chmod 755 "$mdir" || exit 1
  if [[ ! -s $mdir/munge.key ]]; then
    mungekey --create --keyfile="$mdir/munge.key" || die "mungekey could not create $mdir/munge.key"
  fi
  chmod 600 "$mdir/munge.key" || exit 1
  write_conf
  port=$(sed -n 's/^SlurmctldPort=//p' "$conf")
  for ((i = 0; i < 2; i++)); do
    port_free $((port + i)) ||
      die "port $((port + i)) is in use (another cluster?): set TNAM_SLURM_PORT to another port"
  done
  # The daemons' standard streams go to files: a caller that captures this script's output
  # must not wait for daemons that hold its pipe open.
  # 10 threads, not 2: under load (many short tasks, a busy machine) 2 threads let credential
  # requests time out ("If munged is up, restart with --num-threads=10"), failing scontrol or
  # a task's launch. --force: munged refuses a key, socket or seed file below a group-writable
  # folder (a clone made under umask 002); whoever can write the clone already controls every
  # program this cluster runs, so its check guards nothing here (munged logs a warning).
  env "$marker" munged --force --num-threads=10 --socket="$socket" --key-file="$mdir/munge.key" \
    --pid-file="$mdir/munged.pid" --log-file="$mdir/munged.log" --seed-file="$mdir/munged.seed" \
    </dev/null >"$dir/log/munged.out" 2>&1 ||
    fail_start "munged did not start" "$dir/log/munged.out" "$mdir/munged.log"
  wait_started munged || fail_start "munged wrote no pid file in ${wait_max} s" "$mdir/munged.log"
  env "$marker" slurmctld -c -i -f "$conf" </dev/null >"$dir/log/slurmctld.out" 2>&1 ||
    fail_start "slurmctld did not start" "$dir/log/slurmctld.out" "$dir/log/slurmctld.log"
  wait_started slurmctld ||
    fail_start "slurmctld wrote no pid file in ${wait_max} s" "$dir/log/slurmctld.out" "$dir/log/slurmctld.log"
  env "$marker" slurmd -f "$conf" -N "$node" </dev/null >"$dir/log/slurmd.out" 2>&1 ||
    fail_start "slurmd did not start" "$dir/log/slurmd.out" "$dir/log/slurmd.log"
  wait_started slurmd ||
    fail_start "slurmd wrote no pid file in ${wait_max} s" "$dir/log/slurmd.out" "$dir/log/slurmd.log"
  for ((i = 0; i < wait_max * 5; i++)); do
    state=$(node_state)
    [[ $state == idle ]] && break
    sleep 0.2
  done
  [[ $state == idle ]] ||
    fail_start "node $node is not idle after ${wait_max} s (state '${state:-no answer}')" \
      "$dir/log/slurmctld.log" "$dir/log/slurmd.log"
  echo "slurm: up, node $node idle with $(nproc) CPUs, ports $port/$((port + 1)); export SLURM_CONF=$conf"
}

case $action in
  start) start ;;
  stop)
    stop || exit 1
    if ((ended > 0)); then echo "slurm: stopped ($dir)"; else echo "slurm: not running ($dir)"; fi
    ;;
  status) status ;;
esac
