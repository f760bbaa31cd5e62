#!/bin/sh
# time-to-bug.sh: how long a fuzz target takes to find a real bug from an
# empty corpus, FuzzBench's measure of search power: TRIALS runs of at most
# MAX seconds each (libFuzzer seeds 1..TRIALS), each timed to its first
# crash; prints each trial and the median as a Markdown row. A trial that
# finds nothing counts as ">MAX"; the median is then ">MAX" when half do.
#   ci/time-to-bug.sh [--trials N] [--max S] PYTHON TARGET MODE [VAR=VALUE...]
# VAR=VALUE: environment for the target (e.g. PYMEM_CTS_FUZZ_OVERLAP=1).
# Builds in build-fuzz-<version>/ (as ci/fuzz-bench.sh); logs and crash
# artifacts in build-fuzz-runs/ttb-*.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
trials=5 max=300
usage() { echo "usage: ci/time-to-bug.sh [--trials N] [--max S] PYTHON TARGET MODE [VAR=VALUE...]" >&2; exit 2; }
number() { case ${2:-} in '' | *[!0-9]* | 0) echo "time-to-bug: $1 needs a positive number, not '${2:-}'" >&2; exit 2 ;; esac; }
while [ $# -gt 0 ]; do
    case $1 in
    --trials) number "$1" "${2:-}"; trials=$2; shift 2 ;;
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
times=""
i=1
while [ "$i" -le "$trials" ]; do
    work="$runs/$i" && rm -rf "$work" && mkdir -p "$work/corpus"
    start=$(date +%s.%N)
    rc=0
    # shellcheck disable=SC2086
    env PYTHONMALLOC="$mode" LSAN_OPTIONS=print_suppressions=0 "$@" "$dir/fuzz/$target" $opts \
        -seed="$i" -max_total_time="$max" -artifact_prefix="$work/" "$work/corpus" \
        >"$work/log" 2>&1 || rc=$?
    end=$(date +%s.%N)
    if [ "$rc" -eq 0 ]; then t=">$max"; else t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'); fi
    echo "time-to-bug: $target $mode on $version, trial $i: $t s$([ "$rc" -ne 0 ] &&
        printf ' (%s)' "$(grep -m1 -o 'ERROR: [A-Za-z]*: [a-z-]*\|FUZZ CHECK.*\|deadly signal\|SEGV' "$work/log" | cut -c1-60)")" >&2
    times="$times $t"
    i=$((i + 1))
done
median=$(echo "$times" | tr ' ' '\n' | grep . | sed "s/^>.*/999999/" | sort -n |
    awk -v m="$max" '{ v[NR] = $1 } END { x = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; if (x >= 999999) print ">" m; else printf "%.1f\n", x }')
echo "| $target | $mode | $version | $* | $(echo $times | sed 's/ /, /g') | $median |"
