#!/usr/bin/env bash
# Tests/slurm/cluster.sh - start/stop a private one-node Slurm cluster for tests.
#
# Usage:
#   Tests/slurm/cluster.sh start DIR   # DIR: fresh directory (created if missing)
#   Tests/slurm/cluster.sh stop  DIR   # idempotent; logs stay in DIR
#   Tests/slurm/cluster.sh status DIR  # exit 0 if the node is up (idle/mixed/alloc)
#
#   eval "$(Tests/slurm/cluster.sh start "$DIR")"   # sets SLURM_CONF
#   sbatch --parsable --array=0-3 job.sh ...
#   Tests/slurm/cluster.sh stop "$DIR"
#
# `start` wipes DIR/state (a fresh controller: job ids start at 1), keeps an
# existing munge key, and prints exactly one line on stdout, `export SLURM_CONF=DIR/slurm.conf`
# (also written to DIR/env); all progress/diagnostics go to stderr. On failure it
# prints the tails of the daemon logs, stops whatever it started and exits 1.
#
# Everything lives in DIR (nothing from /etc/slurm, /etc/munge, /run/munge or
# systemd is used), so several clusters can run side by side:
#   DIR/slurm.conf, DIR/plugstack.conf (empty), DIR/env
#   DIR/munge/{munge.key,munge.socket.2,munged.pid,munged.seed}
#   DIR/run/{slurmctld.pid,slurmd.pid}    DIR/log/{munged,slurmctld,slurmd}.log
#   DIR/state (StateSaveLocation)          DIR/spool/slurmd (SlurmdSpoolDir)
# SlurmctldPort/SlurmdPort are picked at random among ports that are not in
# use (checked via /proc/net/tcp*); on "Address already in use" the daemons
# are restarted with new ports.
#
# Cluster: one node "vnode1" (NodeAddr=127.0.0.1, CPUs=`nproc`), one
# default partition "debug" (MaxTime=INFINITE), select/cons_tres + CR_CPU (one
# 1-CPU task per CPU concurrently), no accounting (sacct does not work; use
# squeue/scontrol), MinJobAge=300 (finished jobs stay visible to
# `scontrol show job` for 5 minutes). Must run as root (SlurmUser=root).
#
# `stop` first cancels this cluster's jobs (bounded wait), then TERMs slurmd,
# slurmctld and munged by the pids in their pid files (only if that pid's
# command line still names DIR), waits up to 10 s each, then KILLs. Left-over
# slurmstepd processes of this cluster (cwd/open files in DIR) and their job
# processes are KILLed too. No other process is touched.
#
# Environment knobs: VERBINDER_SLURM_START_TIMEOUT (s, default 60),
# VERBINDER_SLURM_NODE_NAME (default vnode1), VERBINDER_SLURM_DEBUG
# (slurmctld/slurmd debug level, default info).
#
# Observed behaviour of this cluster (slurm 22.05.8), useful for tests:
# - Waiting without accounting: poll `squeue -h -t all -j ID -o '%T %r'`
#   (ID may be an array job id: one line per task). Done when no line is in
#   PENDING/RUNNING/CONFIGURING/COMPLETING/SUSPENDED/REQUEUED/...; final states
#   are COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY. Exit
#   status 1 with "Invalid job id specified" means the record was purged
#   (after MinJobAge). Plain `squeue -j ID` (no -t all) prints nothing once the
#   job has ended. `scontrol show job -o ID` gives JobState=/Reason=/ExitCode=.
# - afterok on an array job that has a CANCELLED/FAILED task: the dependent
#   job stays PENDING, Reason=Dependency, Dependency=afterok:A_*(unfulfilled)
#   while other tasks still run, then PENDING forever with
#   Reason=DependencyNeverSatisfied, Dependency=afterok:A_*(failed) - a poller
#   must treat that reason as terminal. Requeueing the task does not clear it;
#   `scontrol update JobId=B Dependency=afterok:NEW` does.
# - A task resubmitted alone (`sbatch --array=2`) sees SLURM_ARRAY_TASK_ID=2,
#   SLURM_ARRAY_TASK_COUNT=1, SLURM_ARRAY_TASK_MIN=2, SLURM_ARRAY_TASK_MAX=2:
#   pass the shard count explicitly instead of deriving it from these.

set -u
set -o pipefail

NODE_NAME="${VERBINDER_SLURM_NODE_NAME:-vnode1}"
START_TIMEOUT="${VERBINDER_SLURM_START_TIMEOUT:-60}"
DEBUG_LEVEL="${VERBINDER_SLURM_DEBUG:-info}"

log() { echo "cluster.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

abs_dir() {
    # realpath -m does not need the path to exist
    if command -v realpath >/dev/null 2>&1; then
        realpath -m -- "$1"
    else
        case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac
    fi
}

# --- ports -------------------------------------------------------------------

used_ports() {
    # local ports of every TCP socket (any state), decimal, one per line
    local f
    for f in /proc/net/tcp /proc/net/tcp6; do
        [ -r "$f" ] || continue
        awk 'NR > 1 { split($2, a, ":"); print a[length(a)] }' "$f"
    done | while read -r hex; do echo $((16#$hex)); done | sort -un
}

pick_port() {
    # pick_port EXCLUDED... : random free port in [20000, 32000) (below the
    # usual ephemeral range), not in use and not in the excluded list
    local used port i
    used=" $(used_ports | tr '\n' ' ') $* "
    for i in $(seq 1 200); do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
        case "$used" in *" $port "*) continue ;; esac
        echo "$port"
        return 0
    done
    return 1
}

# --- process helpers -----------------------------------------------------------

# pid_of PIDFILE : pid from file if that process is alive and its command line
# mentions $DIR (guards against pid reuse); prints nothing otherwise
pid_of() {
    local pidfile="$1" pid
    pid="$(tr -dc '0-9' 2>/dev/null < "$pidfile")"
    [ -n "$pid" ] || return 1
    # a zombie has an empty cmdline -> treated as gone
    { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$DIR/" || return 1
    echo "$pid"
}

# stop_pid NAME PIDFILE : TERM, wait up to 10 s, KILL, wait up to 5 s
stop_pid() {
    local name="$1" pidfile="$2" pid i step
    pid="$(pid_of "$pidfile")" || { log "$name not running"; return 0; }
    log "stopping $name (pid $pid)"
    for step in TERM:100 KILL:50; do
        [ "${step%%:*}" = KILL ] && log "$name (pid $pid) ignored TERM, sending KILL"
        kill "-${step%%:*}" "$pid" 2>/dev/null
        for i in $(seq 1 "${step##*:}"); do
            pid_of "$pidfile" >/dev/null || { STOPPED_PIDS="$STOPPED_PIDS $pid"; return 0; }
            sleep 0.1
        done
    done
    log "warning: $name (pid $pid) still present after KILL"
    return 1
}

# The daemons are re-parented to PID 1 when they daemonize; once dead they stay
# <defunct> until PID 1 reaps them (about 2 s in our CI container). Give that
# up to 4 s so that a following `pgrep slurm` is clean (best effort: only
# waits, never signals).
STOPPED_PIDS=""
wait_reaped() {
    local i p left
    for i in $(seq 1 40); do
        left=""
        for p in $STOPPED_PIDS; do [ -e "/proc/$p" ] && left="$left $p"; done
        [ -z "$left" ] && return 0
        sleep 0.1
    done
}

# slurmstepd processes of this cluster: slurmd chdirs to its log directory and
# the step daemons inherit its cwd and its log fd (their environment is
# overwritten by the process title), so "cwd or an fd in DIR" identifies them.
cluster_stepds() {
    local p
    for p in /proc/[0-9]*; do
        p="${p#/proc/}"
        [ "$(cat "/proc/$p/comm" 2>/dev/null)" = slurmstepd ] || continue
        if readlink "/proc/$p/cwd" 2>/dev/null | grep -qF -- "$DIR/" ||
           ls -l "/proc/$p/fd" 2>/dev/null | grep -qF -- "$DIR/"; then
            echo "$p"
        fi
    done
}

# descendants PID... : the given pids and all their descendants
descendants() {
    local all=" $* " f line rest pid ppid grew=1
    while [ "$grew" = 1 ]; do
        grew=0
        for f in /proc/[0-9]*/stat; do
            line="$(cat "$f" 2>/dev/null)" || continue
            [ -n "$line" ] || continue
            pid="${line%% *}"
            rest="${line##*) }"          # comm may contain blanks/parens
            ppid="$(echo "$rest" | cut -d' ' -f2)"
            case "$all" in *" $pid "*) continue ;; esac
            case "$all" in *" $ppid "*) all="$all$pid "; grew=1 ;; esac
        done
    done
    echo "$all"
}

show_logs() {
    local f
    for f in "$DIR/log/munged.log" "$DIR/log/slurmctld.stderr" "$DIR/log/slurmctld.log" \
             "$DIR/log/slurmd.stderr" "$DIR/log/slurmd.log"; do
        [ -s "$f" ] || continue
        echo "----- tail -n 40 $f -----" >&2
        tail -n 40 "$f" >&2
    done
    if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then
        echo "----- sinfo -----" >&2
        timeout 10 sinfo -N -l >&2 2>&1 || true
    fi
}

# --- munge -------------------------------------------------------------------

start_munge() {
    mkdir -p "$DIR/munge"
    # 0755: the socket must be reachable (munged warns otherwise); the key
    # itself is 0400
    chmod 0755 "$DIR/munge"
    local key="$DIR/munge/munge.key"
    if [ ! -s "$key" ]; then
        ( umask 077
          if command -v mungekey >/dev/null 2>&1; then
              mungekey --create --keyfile="$key" --force >/dev/null 2>&1
          fi
          [ -s "$key" ] || dd if=/dev/urandom of="$key" bs=1 count=1024 status=none
        ) || die "cannot create munge key"
    fi
    chmod 0400 "$key"
    # --force: munged refuses to run as root / with group-writable parents
    # (e.g. a TMPDIR that is not sticky) without it.
    munged --force \
        --key-file="$key" \
        --socket="$DIR/munge/munge.socket.2" \
        --pid-file="$DIR/munge/munged.pid" \
        --log-file="$DIR/log/munged.log" \
        --seed-file="$DIR/munge/munged.seed" \
        --num-threads=2 \
        </dev/null >>"$DIR/log/munged.log" 2>&1 || { show_logs; die "munged failed to start"; }
    local i
    for i in $(seq 1 50); do
        if [ -S "$DIR/munge/munge.socket.2" ] &&
           munge -n -S "$DIR/munge/munge.socket.2" 2>/dev/null |
               unmunge -S "$DIR/munge/munge.socket.2" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# --- slurm -------------------------------------------------------------------

write_conf() {
    local ctld_port="$1" slurmd_port="$2"
    local cpus mem_mb cluster
    cpus="$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
    [ "$cpus" -ge 1 ] 2>/dev/null || cpus=1
    # modest RealMemory: min(1024, half of MemTotal) MiB
    mem_mb="$(awk '/^MemTotal:/ { print int($2 / 2048) }' /proc/meminfo 2>/dev/null)"
    [ "${mem_mb:-0}" -ge 1 ] 2>/dev/null || mem_mb=1024
    [ "$mem_mb" -gt 1024 ] && mem_mb=1024
    # cluster name: lower case, <= 40 chars, unique per DIR
    cluster="vb$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)"

    # empty SPANK config instead of /etc/slurm/plugstack.conf. No cgroup.conf:
    # no cgroup plugin is configured (proctrack/linuxproc, task/none,
    # jobacct_gather/none), and slurm would look for it next to slurm.conf
    # (DIR), never in /etc/slurm.
    : > "$DIR/plugstack.conf"

    cat > "$DIR/slurm.conf" <<EOF
# generated by Tests/slurm/cluster.sh for $DIR
ClusterName=$cluster
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket.2
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool/slurmd
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=$DEBUG_LEVEL
SlurmdDebug=$DEBUG_LEVEL
PlugStackConfig=$DIR/plugstack.conf
TmpFS=$DIR/tmp
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=2,batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=300
KillWait=5
InactiveLimit=0
Waittime=0
MessageTimeout=10
TCPTimeout=5
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$NODE_NAME NodeAddr=127.0.0.1 NodeHostname=$NODE_NAME CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$NODE_NAME Default=YES MaxTime=INFINITE State=UP
EOF
}

node_state() {
    timeout 10 sinfo -h -N -n "$NODE_NAME" -o '%T' 2>/dev/null | head -n 1
}

# start_slurm : 0 ok, 1 failure, 2 port conflict (retry with other ports)
start_slurm() {
    local i state deadline t_start=$SECONDS
    slurmctld -f "$SLURM_CONF" </dev/null >>"$DIR/log/slurmctld.stderr" 2>&1 || {
        grep -q 'Address already in use' "$DIR/log/slurmctld.log" "$DIR/log/slurmctld.stderr" 2>/dev/null && return 2
        log "slurmctld failed to start"; return 1; }
    deadline=$((SECONDS + START_TIMEOUT))
    until timeout 10 scontrol ping 2>/dev/null | grep -q 'is UP'; do
        if grep -q 'Address already in use' "$DIR/log/slurmctld.log" 2>/dev/null; then return 2; fi
        if [ "$SECONDS" -ge "$deadline" ]; then log "slurmctld did not answer within ${START_TIMEOUT}s"; return 1; fi
        if ! pid_of "$DIR/run/slurmctld.pid" >/dev/null && [ $((SECONDS - t_start)) -ge 5 ]; then
            log "slurmctld exited"; return 1
        fi
        sleep 0.2
    done
    log "slurmctld up (port $(awk -F= '/^SlurmctldPort=/{print $2}' "$SLURM_CONF"))"

    slurmd -f "$SLURM_CONF" -N "$NODE_NAME" </dev/null >>"$DIR/log/slurmd.stderr" 2>&1 || {
        grep -q 'Address already in use' "$DIR/log/slurmd.log" "$DIR/log/slurmd.stderr" 2>/dev/null && return 2
        log "slurmd failed to start"; return 1; }
    while :; do
        state="$(node_state)"
        case "$state" in
            idle|mixed|allocated|completing) log "node $NODE_NAME is $state"; return 0 ;;
        esac
        if grep -q 'Address already in use' "$DIR/log/slurmd.log" 2>/dev/null; then return 2; fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "node $NODE_NAME not idle within ${START_TIMEOUT}s (state: ${state:-?})"; return 1
        fi
        sleep 0.2
    done
}

cmd_start() {
    [ "$(id -u)" = 0 ] || die "must run as root (SlurmUser=root)"
    local b
    for b in munged munge unmunge slurmctld slurmd sinfo scontrol; do
        command -v "$b" >/dev/null 2>&1 || die "$b not found (apt-get install slurm-wlm munge)"
    done
    mkdir -p "$DIR" || die "cannot create $DIR"
    if pid_of "$DIR/run/slurmctld.pid" >/dev/null || pid_of "$DIR/run/slurmd.pid" >/dev/null ||
       pid_of "$DIR/munge/munged.pid" >/dev/null; then
        die "a cluster is already running in $DIR (run: $0 stop $DIR)"
    fi
    # a restarted DIR gets a fresh controller state (job ids start at 1 again)
    rm -rf "$DIR/state" "$DIR/spool/slurmd"
    mkdir -p "$DIR/log" "$DIR/run" "$DIR/state" "$DIR/spool/slurmd" "$DIR/tmp" || die "cannot populate $DIR"
    chmod 0755 "$DIR" "$DIR/spool" "$DIR/spool/slurmd" "$DIR/tmp"
    chmod 0700 "$DIR/state"

    local t0=$SECONDS
    export SLURM_CONF="$DIR/slurm.conf"
    # don't let a caller's slurm environment leak into the daemons/commands
    unset SLURM_JOB_ID SLURM_JOBID SLURM_ARRAY_JOB_ID SLURM_CLUSTERS SQUEUE_FORMAT SINFO_FORMAT

    start_munge || { show_logs; cmd_stop >/dev/null 2>&1; die "munged not answering"; }
    log "munged up"

    local attempt rc ctld_port slurmd_port
    for attempt in 1 2 3 4 5; do
        ctld_port="$(pick_port)" || die "no free port"
        slurmd_port="$(pick_port "$ctld_port")" || die "no free port"
        write_conf "$ctld_port" "$slurmd_port"
        start_slurm
        rc=$?
        [ "$rc" = 0 ] && break
        if [ "$rc" = 2 ]; then
            log "port conflict ($ctld_port/$slurmd_port), retrying with other ports"
            stop_pid slurmd "$DIR/run/slurmd.pid"
            stop_pid slurmctld "$DIR/run/slurmctld.pid"
            for f in slurmctld.log slurmd.log; do
                [ -f "$DIR/log/$f" ] && mv "$DIR/log/$f" "$DIR/log/$f.attempt$attempt"
            done
            rm -rf "$DIR/state" && mkdir -p "$DIR/state" && chmod 0700 "$DIR/state"
            continue
        fi
        break
    done
    if [ "$rc" != 0 ]; then
        show_logs
        cmd_stop >/dev/null 2>&1
        die "cluster in $DIR failed to start"
    fi
    echo "export SLURM_CONF=$DIR/slurm.conf" > "$DIR/env"
    log "cluster up in $((SECONDS - t0))s: SLURM_CONF=$DIR/slurm.conf"
    echo "export SLURM_CONF=$DIR/slurm.conf"
}

cmd_stop() {
    export SLURM_CONF="$DIR/slurm.conf"
    [ -d "$DIR" ] || { log "$DIR does not exist; nothing to stop"; return 0; }
    local i ids
    # 1. cancel this cluster's jobs while slurmctld/slurmd can still clean up
    if pid_of "$DIR/run/slurmctld.pid" >/dev/null && [ -f "$SLURM_CONF" ]; then
        ids="$(timeout 10 squeue -h -t PENDING,RUNNING,SUSPENDED,CONFIGURING,COMPLETING -o '%F' 2>/dev/null | sort -u | tr '\n' ' ')"
        if [ -n "${ids// /}" ]; then
            log "cancelling jobs: $ids"
            # shellcheck disable=SC2086
            timeout 10 scancel $ids 2>/dev/null
            for i in $(seq 1 75); do
                [ -z "$(timeout 10 squeue -h -t RUNNING,COMPLETING,CONFIGURING -o '%A' 2>/dev/null)" ] && break
                sleep 0.2
            done
        fi
    fi
    # 2. daemons, by their own pid files
    stop_pid slurmd "$DIR/run/slurmd.pid"
    stop_pid slurmctld "$DIR/run/slurmctld.pid"
    # 3. step daemons that outlived slurmd (jobs that could not be cancelled,
    #    e.g. slurmctld was already dead) and their job processes
    local p left
    left="$(cluster_stepds | tr '\n' ' ')"
    if [ -n "${left// /}" ]; then
        left="$(descendants $left)"
        log "killing left-over step daemons/job processes of this cluster:$left"
        for p in $left; do kill -KILL "$p" 2>/dev/null; done
        STOPPED_PIDS="$STOPPED_PIDS $left"
    fi
    stop_pid munged "$DIR/munge/munged.pid"
    rm -f "$DIR/munge/munge.socket.2" "$DIR/munge/munge.socket.2.lock"
    wait_reaped
    log "stopped (logs in $DIR/log)"
    return 0
}

cmd_status() {
    export SLURM_CONF="$DIR/slurm.conf"
    local state
    pid_of "$DIR/run/slurmctld.pid" >/dev/null || { echo "down"; return 1; }
    state="$(node_state)"
    echo "${state:-unknown}"
    case "$state" in idle|mixed|allocated|completing) return 0 ;; esac
    return 1
}

[ $# -eq 2 ] || usage
DIR="$(abs_dir "$2")"
DIR="${DIR%/}"
[ -n "$DIR" ] && [ "$DIR" != / ] || die "refusing DIR=/"
case "$DIR" in *[[:space:]#=,]*) die "DIR must not contain blanks, '#', '=' or ',' (slurm.conf syntax): $DIR" ;; esac
case "$1" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) usage ;;
esac
