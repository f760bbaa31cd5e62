#!/bin/sh
# No process of the suite outlives the driver: while cases hang (a busy
# one, a fresh process in pause(), a lock-order deadlock), the driver is
# killed with SIGKILL, or hung up (SIGHUP, exit 129), or one of its workers
# is killed, or stopped and then killed. Afterwards no process of the
# driver's process groups is left, and a scan of /proc finds no process
# running this selftest binary. Survivors are killed by pid at the end.
set -u
selftest=$1
exe=$(readlink -f "$selftest")
dir=$(mktemp -d)
status=0
suite_pids() {
    for p in /proc/[0-9]*; do
        case $(readlink "$p/exe" 2>/dev/null) in "$exe"|"$exe (deleted)") echo "${p#/proc/}" ;; esac
    done
}
cleanup() { for p in $(suite_pids); do kill -9 "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT
# The process groups of the suite's processes but this script's own (which
# the driver, started from it, shares; the scan of /proc covers the driver).
own_group=$(cut -d' ' -f5 /proc/$$/stat)
groups_of() {
    for p in $(suite_pids); do cut -d' ' -f5 "/proc/$p/stat" 2>/dev/null; done | sort -u |
        grep -vx "$own_group"
}
# Waits until the run has its hanging case children: N processes or more;
# else (the driver ended first) the test fails. A state, not a time: on a
# loaded machine starting them takes what it takes.
wait_for() {
    while [ "$(suite_pids | wc -l)" -lt "$1" ]; do
        kill -0 "$driver" 2>/dev/null ||
            { echo "FAIL: the run ended before it had $1 processes"; status=1; cleanup; exit 1; }
        sleep 0.1
    done
}
# Whether process $1, one of those in $2, is on its way out: gone, a zombie,
# a SIGKILL pending (PR_SET_PDEATHSIG's, or the test's), or its parent one of
# them (it is signalled when that one dies).
going() {
    stat=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 0
    # shellcheck disable=SC2086 # the fields of stat after the name
    set -- "$1" "$2" $stat
    [ "$3" = Z ] || [ "$3" = X ] && return 0
    grep -Eq '^(SigPnd|ShdPnd):.*[13579bdf][0-9a-f][0-9a-f]$' "/proc/$1/status" 2>/dev/null && return 0
    case " $(echo "$2" | tr '\n' ' ') " in *" $4 "*) return 0 ;; esac
    return 1
}
# Passes when nothing of the groups and no process of the binary is left;
# fails when one is left that is not on its way out, at 10 looks in a row.
# States, not a time: a killed process on a loaded machine exits late.
none_left() { # WHAT GROUPS
    stays=0
    while [ "$stays" -lt 10 ]; do
        left=$(suite_pids; for g in $2; do pgrep -g "$g"; done)
        [ -z "$left" ] && { echo "ok: $1: no process left"; return 0; }
        stuck=0
        for p in $left; do going "$p" "$left" || stuck=1; done
        stays=$((stuck ? stays + 1 : 0))
        sleep 0.1
    done
    echo "FAIL: $1: left behind:"; for p in $left; do ps -o pid,ppid,pgid,stat,args -p "$p" | tail -n +2; done
    status=1
    for p in $left; do kill -9 "$p" 2>/dev/null; done
}
hangs=--filter=selftest.expect_timeout.hangs,selftest.expect_timeout.naps_in_fresh_process
run() { "$selftest" --no-default-expectations --timeout 60 --jobs 4 "$hangs" "$@" >"$dir/out" 2>&1 & }

# The driver killed with SIGKILL: a worker and two hanging case children.
run; driver=$!
wait_for 4 && groups=$(groups_of) && kill -9 "$driver" && wait "$driver" 2>/dev/null
none_left "driver killed with SIGKILL" "$groups"

# The driver hung up: it ends the run, exit 129.
run; driver=$!
wait_for 4 && groups=$(groups_of) && kill -HUP "$driver"
wait "$driver"; rc=$?
[ "$rc" -eq 129 ] || { echo "FAIL: SIGHUP: exit $rc, want 129"; cat "$dir/out"; status=1; }
none_left "driver hung up (exit $rc)" "$groups"

# A worker killed, and one stopped and then killed (as the driver does to
# a worker that stopped answering): its case children go with it, and the
# driver records the mode as ERROR.
for how in KILL STOP; do
    run --allocator malloc,debug; driver=$!
    wait_for 4 && groups=$(groups_of)
    worker=$(pgrep -P "$driver" | head -n 1)
    [ "$how" = STOP ] && kill -STOP "$worker" && sleep 0.3
    kill -9 "$worker"
    sleep 0.5
    left=$(for p in $(pgrep -P "$worker" 2>/dev/null); do echo "$p"; done)
    [ -z "$left" ] || { echo "FAIL: worker SIG$how: its children live on: $left"; status=1; }
    kill -9 "$driver"; wait "$driver" 2>/dev/null
    none_left "worker SIG$how then killed" "$groups"
done
[ $status -eq 0 ] && echo "no survivors: ok"
exit $status
