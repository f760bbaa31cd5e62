#!/bin/sh
# fuzz-bench.sh: runs every fuzz target under each of its allocator modes
# with libFuzzer (clang, ASan + UBSan), and reports exec/s per target x mode
# as the median of several runs, the rate relative to null_fuzzer, how
# long each target took to find its planted bug, and where its instructions
# go. Any crash without the planted bug is a false positive: it is printed,
# and the exit status is 1.
#   ci/fuzz-bench.sh [--seconds S] [--runs N] [--targets T,T] [--no-planted]
#                    [--profile-runs N | --no-profile] [PYTHON...]
# Defaults: 20 s, 3 runs, every target, python3 on PATH; runs are one at a
# time. Each run of a target follows a run of null_fuzzer under the same
# mode (malloc where null_fuzzer has no such mode), and "vs null" is the
# median of the target's rates over the median of those null runs: both
# taken in the same minutes, so a machine loaded by others moves both.
# The profile (valgrind's callgrind, skipped with the reason when valgrind
# is missing) runs <target>-ubsan (the same target without ASan, which
# valgrind cannot run beside) for N executions from the corpus (default
# 2000) and counts the instructions executed inside LLVMFuzzerTestOneInput
# and the threads a target starts (threads_fuzzer's run_worker):
# per execution, and the shares in libpython and in libc's allocator (under
# PYTHONMALLOC=malloc, and for PyMem_Raw*, Python's allocator is libc's
# malloc). Instruction
# counts do not depend on the machine's load. Builds land in
# build-fuzz-<version>/; run logs, artifacts and profiles in
# build-fuzz-runs/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=20 runs=3 targets="" planted=1 profile_runs=2000
usage() { echo "usage: ci/fuzz-bench.sh [--seconds S] [--runs N] [--targets T,T] [--no-planted] [--profile-runs N | --no-profile] [PYTHON...]" >&2; exit 2; }
number() { case $2 in '' | *[!0-9]*) echo "fuzz-bench: $1 needs a positive number, not '$2'" >&2; exit 2 ;; esac; [ "$2" -gt 0 ] || { echo "fuzz-bench: $1 needs a positive number" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
    case $1 in
    --seconds) number "$1" "${2:-}"; seconds=$2; shift 2 ;;
    --runs) number "$1" "${2:-}"; runs=$2; shift 2 ;;
    --targets) [ -n "${2:-}" ] || usage; targets=$(echo "$2" | tr , ' '); shift 2 ;;
    --no-planted) planted=0; shift ;;
    --profile-runs) number "$1" "${2:-}"; profile_runs=$2; shift 2 ;;
    --no-profile) profile_runs=0; shift ;;
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
if [ "$profile_runs" -gt 0 ] && ! command -v valgrind >/dev/null; then
    echo "fuzz-bench: no profile: valgrind is missing (apt-get install valgrind)" >&2
    profile_runs=0
fi
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

# Self cost per object file of a callgrind profile (--compress-strings=no
# --compress-pos=no): "<instructions per execution> <libpython %> <libc
# allocator %>", the last the C library's malloc, calloc, realloc, free and
# their internals (Python's allocator under PYTHONMALLOC=malloc, and what
# PyMem_Raw* calls), not its memcpy, memcmp or memset.
profile_shares() { # file executions
    awk -v runs="$2" '
        /^ob=/ { ob = substr($0, 4); next }
        /^fn=/ { fn = substr($0, 4); next }
        /^calls=/ { inclusive = 1; next }   # the next cost line is the callee, not ours
        /^[0-9+-]/ { if (inclusive) { inclusive = 0; next }
                     split($0, f, " "); total += f[2]
                     if (ob ~ /libpython/) py += f[2]
                     else if (ob ~ /\/libc\.so/ && fn ~ /^(__libc_)?(malloc|calloc|realloc|free|cfree)$|^_int_|^tcache|^sysmalloc|^malloc_|^unlink_chunk|^munmap_chunk|^mremap_chunk|^alloc_perturb|^systrim|^__default_morecore|^arena_get2/) libc += f[2]
                     next }
        END { if (total == 0 || runs == 0) { print "- - -"; exit }
              printf "%d %.1f%% %.1f%%\n", total / runs, 100 * py / total, 100 * libc / total }' "$1"
}

# One callgrind run of <target>-ubsan; prints profile_shares' line.
profile_one() { # binary mode workdir outfile
    rm -rf "$3" && mkdir -p "$3" && cp "$root/corpus/$(basename "$1")"/* "$3"/ 2>/dev/null || true
    opts=$(fuzz_options "$(basename "$1")")
    # shellcheck disable=SC2086
    PYTHONMALLOC=$2 valgrind --tool=callgrind --toggle-collect=LLVMFuzzerTestOneInput \
        --toggle-collect=run_worker \
        --compress-strings=no --compress-pos=no --callgrind-out-file="$4" \
        "$1-ubsan" $opts -runs="$profile_runs" -seed=1 -print_final_stats=1 "$3" >"$4.log" 2>&1 ||
        { echo "- - -"; return; }
    profile_shares "$4" "$(sed -n 's/^stat::number_of_executed_units: *//p' "$4.log")"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print ""; else printf "%.2f%%", 100 * a / b }'; }

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
    echo "| target | mode | exec/s | runs | null exec/s | vs null | instr/exec | in libpython | in libc malloc | planted bug found in |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    null_modes=$(fuzz_modes null_fuzzer)
    for t in $targets; do
        modes=$(fuzz_modes "$t")
        for mode in $modes; do
            null_mode=malloc
            echo " $null_modes " | grep -q " $mode " && null_mode=$mode
            rates="" null_rates="" crash=0 absent=0
            i=1
            while [ $i -le "$runs" ]; do
                log="$runs_dir/$version.$t.$mode.$i.log"
                if [ "$t" != null_fuzzer ]; then
                    r=$(run_one "$dir/fuzz/null_fuzzer" "$null_mode" "$seconds" "$i" 0 "$log.null" "$runs_dir/$version.null.$mode.$i")
                    case $r in ABSENT | CRASH) ;; *) null_rates="$null_rates $r" ;; esac
                fi
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
                echo "| $t | $mode | not compiled in | 0 | | | | | | |"
                continue
            fi
            rate=$(echo "$rates" | tr ' ' '\n' | grep . | median)
            [ "$t" = null_fuzzer ] && null_rates=$rates
            null_rate=$(echo "$null_rates" | tr ' ' '\n' | grep . | median)
            shares="- - -"
            [ "$profile_runs" -gt 0 ] &&
                shares=$(profile_one "$dir/fuzz/$t" "$mode" "$runs_dir/$version.$t.$mode.profile" "$runs_dir/$version.$t.$mode.callgrind")
            found=""
            if [ $planted -eq 1 ]; then
                log="$runs_dir/$version.$t.$mode.planted.log"
                start=$(date +%s.%N)
                r=$(run_one "$dir/fuzz/$t" "$mode" 300 1 1 "$log" "$runs_dir/$version.$t.$mode.planted")
                found=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')
                [ "$r" = CRASH ] || found="NOT FOUND in 300 s"
            fi
            # shellcheck disable=SC2086
            set -- $shares
            echo "| $t | $mode | $rate | $(echo "$rates" | wc -w)$([ $crash -eq 1 ] && echo " + CRASH") | $null_rate | $(ratio "$rate" "$null_rate") | $1 | $2 | $3 | $found |"
        done
    done
done
[ "$false_positives" -eq 0 ] || { echo "fuzz-bench: $false_positives false positive(s)" >&2; exit 1; }
