#!/bin/sh
# time-to-bug.sh: how many executions a fuzz target needs to find a real
# bug from an empty corpus, FuzzBench's measure of search power counted so
# that a loaded machine does not change it: TRIALS runs of at most RUNS
# executions each (libFuzzer seeds 1..TRIALS; --max S also bounds each in
# seconds, a safety net only), each counted to its first crash
# (libFuzzer's stat::number_of_executed_units); prints each trial and the
# median as a Markdown row, with the seconds beside them for information. A
# trial that finds nothing counts as ">RUNS"; the median is then ">RUNS"
# when half do.
#   ci/time-to-bug.sh [--trials N] [--runs N] [--max S] PYTHON TARGET MODE [VAR=VALUE...]
# VAR=VALUE: environment for the target (e.g. PYMEM_CTS_FUZZ_OVERLAP=1).
# Builds in build-fuzz-<version>/ (as ci/fuzz-bench.sh); logs and crash
# artifacts in build-fuzz-runs/ttb-*.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
trials=5 runs_max=200000 max=3600
usage() { echo "usage: ci/time-to-bug.sh [--trials N] [--runs N] [--max S] PYTHON TARGET MODE [VAR=VALUE...]" >&2; exit 2; }
number() { case ${2:-} in '' | *[!0-9]* | 0) echo "time-to-bug: $1 needs a positive number, not '${2:-}'" >&2; exit 2 ;; esac; }
while [ $# -gt 0 ]; do
    case $1 in
    --trials) number "$1" "${2:-}"; trials=$2; shift 2 ;;
    --runs) number "$1" "${2:-}"; runs_max=$2; shift 2 ;;
    --max) number "$1" "${2:-}"; max=$2; shift 2 ;;
    -h | --help) usage ;;
    -*) echo "time-to-bug: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ $# -ge 3 ] || usage
python=$1 target=$2 mode=$3
shift 3
for v in "$@"; do case $v in *=*) ;; *) echo "time-to-bug: '$v' is not VAR=VALUE" >&2; exit 2 ;; esac; done
. "$root/ci/fuzz-targets.sh"
fuzz_targets | grep -qx "$target" || { echo "time-to-bug: no target '$target' in fuzz/targets.txt" >&2; exit 2; }
command -v clang >/dev/null || { echo "time-to-bug: clang is needed for libFuzzer" >&2; exit 2; }
version=$(fuzz_python_version "$python") ||
    { echo "time-to-bug: cannot run $python" >&2; exit 2; }
dir="$root/build-fuzz-$version"
CC=clang "$root/ci/build.sh" "$dir" "$python" -DCTS_FUZZ=ON >&2
runs="$root/build-fuzz-runs/ttb-$version-$target-$mode"
mkdir -p "$runs"
opts=$(fuzz_options "$target")
execs="" times=""
i=1
while [ "$i" -le "$trials" ]; do
    work="$runs/$i" && rm -rf "$work" && mkdir -p "$work/corpus"
    start=$(date +%s.%N)
    rc=0
    # shellcheck disable=SC2086
    env PYTHONMALLOC="$mode" LSAN_OPTIONS=print_suppressions=0 "$@" "$dir/fuzz/$target" $opts \
        -seed="$i" -runs="$runs_max" -max_total_time="$max" -print_final_stats=1 \
        -artifact_prefix="$work/" "$work/corpus" \
        >"$work/log" 2>&1 || rc=$?
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
    [ -n "$n" ] || { echo "time-to-bug: trial $i printed no execution count (see $work/log)" >&2; exit 1; }
    if [ "$rc" -eq 0 ]; then n=">$n" t=">$t"; fi
    echo "time-to-bug: $target $mode on $version, trial $i: $n executions, $t s$([ "$rc" -ne 0 ] &&
        printf ' (%s)' "$(grep -m1 -o 'ERROR: [A-Za-z]*: [a-z-]*\|FUZZ CHECK.*\|deadly signal\|SEGV' "$work/log" | cut -c1-60)")" >&2
    execs="$execs $n" times="$times $t"
    i=$((i + 1))
done
# The median of a list where ">X" (nothing found) sorts above every number.
median() {
    echo "$1" | tr ' ' '\n' | grep . | sed 's/^>\(.*\)/\1 1/; t; s/$/ 0/' | sort -k2,2n -k1,1n |
        awk '{ v[NR] = $1; f[NR] = $2 } END {
            i = NR % 2 ? (NR + 1) / 2 : NR / 2 + 1; j = NR % 2 ? i : NR / 2
            x = (v[i] + v[j]) / 2
            if (f[i] || f[j]) print ">" v[i]; else if (x == int(x)) printf "%d\n", x; else printf "%.1f\n", x }'
}
echo "| $target | $mode | $version | $* | $(echo $execs | sed 's/ /, /g') | $(median "$execs") | $(median "$times") |"
