#!/bin/bash
# starved-run.sh: the suite's results on a machine starved of CPU, beside its
# results on the same build without the starvation. A result must depend on
# what the build under test does, never on how much CPU the run was given.
#   ci/starved-run.sh [--runs N] [--hogs-per-core K] [--baseline REPORT]
#                     [--out DIR] [--compare PROGRAM] PYMEM_CTS [ARG...]
# PYMEM_CTS is a built pymem-cts; every ARG goes to each of its runs (for
# example --allocator all, or --filter GLOB). First a baseline run without
# starvation (or --baseline, a report of an earlier one), then N runs
# (default 5) each at nice -n 19 beside K busy loops per online CPU (default
# 3). Each loop runs in a session of its own (setsid): under the kernel's
# autogroup scheduling every session is a scheduling group of its own, as
# the other programs of a busy machine are, so the loops take the CPUs from
# the run whatever its nice value (in one session with the loops, a
# nice -n 19 run gets about 0.5 % of a CPU and a run of the whole suite would
# take days). Every run's JSON report is kept in DIR (default
# build-starved), and each starved run is compared with the baseline by
# pymem-cts-compare (beside PYMEM_CTS, or --compare): every case run of the
# baseline must be in it and have ended the same way. One row per run: the case runs that
# differ, those that ended TIMEOUT and were run again ("re-run"), and the
# run's CPU and wall seconds (for information: no result depends on them).
# Exit 0 when every starved run agrees with the baseline, 1 when one
# differs or a run did not end with a report, 2 for bad input.
set -uo pipefail
die() { echo "starved-run: $*" >&2; exit 2; }
runs=5 hogs_per_core=3 baseline="" out=build-starved compare=""
number() { [[ $2 =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] || die "$1 needs a whole number >= $3, not '$2'"; }
while [ $# -gt 0 ]; do
    case $1 in
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; number --runs "$2" 1; runs=$2; shift 2 ;;
    --hogs-per-core)
        [ $# -ge 2 ] || die "--hogs-per-core needs a value"
        number --hogs-per-core "$2" 0; hogs_per_core=$2; shift 2 ;;
    --baseline) [ $# -ge 2 ] || die "--baseline needs a value"; baseline=$2; shift 2 ;;
    --out) [ $# -ge 2 ] && [ -n "$2" ] || die "--out needs a value"; out=$2; shift 2 ;;
    --compare) [ $# -ge 2 ] && [ -n "$2" ] || die "--compare needs a value"; compare=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -uo/{/^set -uo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    --) shift; break ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) break ;;
    esac
done
[ $# -ge 1 ] || die "no pymem-cts given (see --help)"
suite=$1; shift
[ -x "$suite" ] && [ -f "$suite" ] || die "$suite is not an executable pymem-cts"
[ -n "$compare" ] || compare=$(dirname "$suite")/pymem-cts-compare
[ -x "$compare" ] && [ -f "$compare" ] || die "no pymem-cts-compare at $compare"
[ -z "$baseline" ] || [ -r "$baseline" ] || die "cannot read the baseline report $baseline"
[ -z "$baseline" ] || "$compare" --ids "$baseline" > /dev/null ||
    die "$baseline is not a pymem-cts report"
command -v setsid > /dev/null || die "setsid is needed (util-linux)"
mkdir -p "$out" || die "cannot make $out"
cpus=$(getconf _NPROCESSORS_ONLN)
hogs=()
stop_hogs() {
    [ ${#hogs[@]} -eq 0 ] || kill "${hogs[@]}" 2> /dev/null
    [ ${#hogs[@]} -eq 0 ] || wait "${hogs[@]}" 2> /dev/null
    hogs=()
}
run_args=("$@")
suite_pid=""
stop_suite() { [ -z "$suite_pid" ] || { kill -TERM "$suite_pid"; wait "$suite_pid"; } 2> /dev/null; }
trap stop_hogs EXIT
trap 'stop_suite; stop_hogs; exit 130' INT TERM
start_hogs() {
    local i
    for ((i = 0; i < cpus * hogs_per_core; i++)); do
        setsid sh -c 'while :; do :; done' &
        hogs+=($!)
    done
}

# children_cpu FILE: writes the CPU seconds (user + system) of this shell's
# waited-for children so far, from bash's `times`, which must run in this
# shell (in a command substitution it would count the subshell's).
children_cpu() {
    times > "$1.times"
    awk 'NR == 2 {
        n = split($0, t, " ")
        for (i = 1; i <= n; i++) { split(t[i], ms, "m"); sub("s", "", ms[2]); s += ms[1] * 60 + ms[2] }
        printf "%.2f\n", s }' "$1.times" > "$1"
    rm -f "$1.times"
}

# run NAME NICE: one run of the suite; its report is $out/NAME.json, its
# console $out/NAME.txt, "CPU WALL" seconds in $out/NAME.time. Fails when
# the run wrote no report or ended by bad input or a signal. The suite runs
# in the background and is waited for, so that a signal to this script stops
# the run and the loops at once (bash runs a trap only after a foreground
# command ends; wait is not one).
run() {
    local name=$1 niceness=$2 status start
    rm -f "$out/$name.json"
    children_cpu "$out/$name.cpu0"
    start=$(date +%s.%N)
    nice -n "$niceness" "$suite" "${run_args[@]}" --json "$out/$name.json" \
        > "$out/$name.txt" 2>&1 &
    suite_pid=$!
    wait "$suite_pid"
    status=$? suite_pid=""
    children_cpu "$out/$name.cpu1"
    awk -v s="$start" -v e="$(date +%s.%N)" 'FNR == 1 { c[NR] = $1 }
        END { printf "%.1f %.1f\n", c[2] - c[1], e - s }' "$out/$name.cpu0" "$out/$name.cpu1" \
        > "$out/$name.time"
    rm -f "$out/$name.cpu0" "$out/$name.cpu1"
    if [ "$status" -gt 1 ] || [ ! -s "$out/$name.json" ]; then
        echo "starved-run: the $name run ended with status $status and no report; see $out/$name.txt" >&2
        return 1
    fi
}

made_baseline=0
if [ -z "$baseline" ]; then
    run baseline 0 || exit 1
    baseline=$out/baseline.json made_baseline=1
fi
"$compare" --ids "$baseline" > "$out/baseline.ids" || die "cannot read the ids of $baseline"
printf '%-10s %10s %8s %9s %9s\n' run differing re-run cpu_s wall_s
row() { # NAME DIFFERING REPORT: one row of the table
    local cpu wall
    read -r cpu wall < "$out/$1.time"
    printf '%-10s %10s %8s %9s %9s\n' "$1" "$2" "$(grep -c '"rerun":' "$3")" "$cpu" "$wall"
}
[ "$made_baseline" -eq 0 ] || row baseline - "$baseline"
failed=0
for ((n = 1; n <= runs; n++)); do
    start_hogs
    run "starved-$n" 19
    ended=$?
    stop_hogs
    if [ "$ended" -ne 0 ]; then
        failed=1
        continue
    fi
    "$compare" "$baseline" "$out/starved-$n.json" "$out/baseline.ids" > "$out/starved-$n.diff"
    differing=$(grep -c . "$out/starved-$n.diff")
    [ "$differing" -eq 0 ] || failed=1
    row "starved-$n" "$differing" "$out/starved-$n.json"
done
echo "$runs run(s) beside $((cpus * hogs_per_core)) busy loops on $cpus CPU(s); reports and differences in $out"
exit "$failed"
