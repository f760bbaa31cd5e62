#!/bin/bash
# matrix-bench.sh: the wall time of the whole matrix, the median of N runs of
# ci/all-builds.sh (the suites are built by a first, untimed run, so that
# the figure is the runs' and not the compiler's), with each run's time and
# exit status. Arguments after the options go to ci/all-builds.sh.
#   ci/matrix-bench.sh [--runs N] [--jobs N] [ALL-BUILDS ARGUMENTS...]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
runs=5 jobs=()
die() { echo "matrix-bench: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --runs) case ${2:-} in [1-9] | [1-9][0-9]) runs=$2; shift 2 ;; *) die "--runs needs a count from 1 to 99" ;; esac ;;
    --jobs) case ${2:-} in [1-9] | [1-9][0-9]) jobs=(--jobs "$2"); shift 2 ;; *) die "--jobs needs a count from 1 to 99" ;; esac ;;
    *) break ;;
    esac
done
out=$root/build/matrix-bench
mkdir -p "$out"
echo "matrix-bench: building the suites (untimed)" >&2
"$root/ci/all-builds.sh" "${jobs[@]}" --out "$out/matrix" "$@" >"$out/build-run.txt" 2>&1
walls=()
for ((i = 1; i <= runs; i++)); do
    start=$(date +%s.%N)
    "$root/ci/all-builds.sh" "${jobs[@]}" --out "$out/matrix" "$@" >"$out/run-$i.txt" 2>&1
    rc=$?
    end=$(date +%s.%N)
    walls+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')")
    builds=$(awk '/^build +PASS/ { table = 1; next } table && NF' "$out/run-$i.txt" | wc -l)
    echo "matrix-bench: run $i: ${walls[-1]} s, exit $rc, $builds builds ($out/run-$i.txt)" >&2
done
median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "matrix: median ${median} s over $runs runs (${walls[*]})"
