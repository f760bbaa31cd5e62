#!/bin/sh
# fuzz-bench.sh: runs every fuzz target under each of its allocator modes
# with libFuzzer (clang, ASan + UBSan), and reports exec/s per target x mode
# as the median of several runs, the rate relative to null_fuzzer, and how
# long each target took to find its planted bug. Any crash without the
# planted bug is a false positive: it is printed, and the exit status is 1.
#   ci/fuzz-bench.sh [--seconds S] [--runs N] [--targets T,T] [--no-planted]
#                    [PYTHON...]
# Defaults: 20 s, 3 runs, every target, python3 on PATH; runs are one at a
# time, so that the rates are comparable. Builds land
# in build-fuzz-<version>/; run logs and artifacts in build-fuzz-runs/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=20 runs=3 targets="" planted=1
usage() { echo "usage: ci/fuzz-bench.sh [--seconds S] [--runs N] [--targets T,T] [--no-planted] [PYTHON...]" >&2; exit 2; }
number() { case $2 in '' | *[!0-9]*) echo "fuzz-bench: $1 needs a positive number, not '$2'" >&2; exit 2 ;; esac; [ "$2" -gt 0 ] || { echo "fuzz-bench: $1 needs a positive number" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
    case $1 in
    --seconds) number "$1" "${2:-}"; seconds=$2; shift 2 ;;
    --runs) number "$1" "${2:-}"; runs=$2; shift 2 ;;
    --targets) [ -n "${2:-}" ] || usage; targets=$(echo "$2" | tr , ' '); shift 2 ;;
    --no-planted) planted=0; shift ;;
    -h | --help) usage ;;
    -*) echo "fuzz-bench: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || set -- python3
command -v clang >/dev/null || { echo "fuzz-bench: clang is needed for libFuzzer (ci/install-deps.sh --fuzz installs clang and libclang-rt-dev)" >&2; exit 2; }
. "$root/ci/fuzz-targets.sh"
all=$(fuzz_targets)
[ -n "$targets" ] || targets=$all
for t in $targets; do
    echo "$all" | grep -qx "$t" || { echo "fuzz-bench: no target '$t' in fuzz/targets.txt" >&2; exit 2; }
done
runs_dir="$root/build-fuzz-runs"
mkdir -p "$runs_dir"
# LeakSanitizer's suppressions are compiled into the targets (fuzz/support/fuzz_boot.c).
export LSAN_OPTIONS=print_suppressions=0

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One libFuzzer run; prints its exec/s, or "CRASH" / "ABSENT".
run_one() { # binary mode seconds seed plant logfile workdir
    rm -rf "$7" && mkdir -p "$7" && cp "$root/corpus/$(basename "$1")"/* "$7"/ 2>/dev/null || true
    opts=$(fuzz_options "$(basename "$1")")
    rc=0
    # shellcheck disable=SC2086
    PYTHONMALLOC=$2 PYMEM_CTS_FUZZ_PLANT=$5 "$1" $opts -max_total_time="$3" -seed="$4" \
        -print_final_stats=1 -artifact_prefix="$7/" "$7" >"$6" 2>&1 || rc=$?
    if grep -q "is not compiled into" "$6"; then echo ABSENT
    elif [ $rc -ne 0 ]; then echo CRASH
    else sed -n 's/^stat::average_exec_per_sec: *//p' "$6"; fi
}

false_positives=0
for python in "$@"; do
    version=$(fuzz_python_version "$python") ||
        { echo "fuzz-bench: cannot run $python" >&2; exit 2; }
    dir="$root/build-fuzz-$version"
    echo "fuzz-bench: building $dir for $python" >&2
    CC=clang "$root/ci/build.sh" "$dir" "$python" -DCTS_FUZZ=ON
    echo
    echo "### Python $version: exec/s, median of $runs runs of $seconds s"
    echo
    echo "| target | mode | exec/s | runs | vs null | planted bug found in |"
    echo "|---|---|---|---|---|---|"
    null_rate=""
    for t in $targets; do
        modes=$(fuzz_modes "$t")
        for mode in $modes; do
            rates="" crash=0 absent=0
            i=1
            while [ $i -le "$runs" ]; do
                log="$runs_dir/$version.$t.$mode.$i.log"
                r=$(run_one "$dir/fuzz/$t" "$mode" "$seconds" "$i" 0 "$log" "$runs_dir/$version.$t.$mode.$i")
                case $r in
                ABSENT) absent=1; break ;;
                CRASH) crash=1; false_positives=$((false_positives + 1))
                    echo "fuzz-bench: FALSE POSITIVE: $t under $mode on $version (log: $log):" >&2
                    grep -E "fuzz invariant|ERROR:|SUMMARY|Test unit written" "$log" | head -n 5 >&2 ;;
                *) rates="$rates $r" ;;
                esac
                i=$((i + 1))
            done
            if [ $absent -eq 1 ]; then
                echo "| $t | $mode | not compiled in | 0 | | |"
                continue
            fi
            rate=$(echo "$rates" | tr ' ' '\n' | grep . | median)
            [ "$t" = null_fuzzer ] && [ -z "$null_rate" ] && null_rate=$rate
            ratio=""
            [ -n "$null_rate" ] && [ "$rate" != - ] && ratio=$(awk -v a="$rate" -v b="$null_rate" 'BEGIN { printf "%.0f%%", 100 * a / b }')
            found=""
            if [ $planted -eq 1 ]; then
                log="$runs_dir/$version.$t.$mode.planted.log"
                start=$(date +%s.%N)
                r=$(run_one "$dir/fuzz/$t" "$mode" 300 1 1 "$log" "$runs_dir/$version.$t.$mode.planted")
                found=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')
                [ "$r" = CRASH ] || found="NOT FOUND in 300 s"
            fi
            echo "| $t | $mode | $rate | $(echo "$rates" | wc -w)$([ $crash -eq 1 ] && echo " + CRASH") | $ratio | $found |"
        done
    done
done
[ "$false_positives" -eq 0 ] || { echo "fuzz-bench: $false_positives false positive(s)" >&2; exit 1; }
