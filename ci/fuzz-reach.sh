#!/bin/bash
# fuzz-reach.sh: how much of CPython's own code fuzzing reaches, with the
# Python under test built for fuzzing (libFuzzer's coverage and ASan inside
# libpython: ci/build-cpython.sh VERSION fuzz) against a plain build, whose
# libpython gives the engine no feedback.
#   ci/fuzz-reach.sh [--runs N] [--seeds K] [--targets T,T] [--mode M]
#                    [--out DIR] PLAIN_PYTHON FUZZ_PYTHON
# For each target and seed 1..K (default 3), each build's libFuzzer binary
# (default: every target with mode M, but null_fuzzer)
# runs N inputs (default 20000) from the target's seeds (corpus/<target>),
# one process, under PYTHONMALLOC=M (default malloc), keeping the inputs it
# adds; its CPU time is measured. The plain build then runs again for as many
# inputs as it does in the instrumented run's CPU time (the equal-time row:
# what an hour of each finds). Every corpus grown (seeds plus additions) is
# then replayed once in the instrumented binary (-runs=0 -print_coverage=1),
# so both are measured with the same ruler: the edges reached in
# Objects/obmalloc.c, Python/tracemalloc.c, all of libpython, and the suite.
# Prints a Markdown table of the medians over the seeds (docs/benchmarks.md).
# Exit status: 0 when the table was made; 1 when a build or run failed; 2
# for bad input, in one line, before anything is built or run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=20000 seeds=3 targets="" mode=malloc out=$root/build-fuzz-reach plain="" fuzz=""
die() { echo "fuzz-reach: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=${2:-}; shift 2 || die "--runs needs a number" ;;
    --seeds) seeds=${2:-}; shift 2 || die "--seeds needs a number" ;;
    --targets) targets=$(echo "${2:-}" | tr , ' '); shift 2 || die "--targets needs a list" ;;
    --mode) mode=${2:-}; shift 2 || die "--mode needs a PYTHONMALLOC mode" ;;
    --out) out=${2:-}; shift 2 || die "--out needs a directory" ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option '$1' (--runs, --seeds, --targets, --mode, --out)" ;;
    *)
        if [ -z "$plain" ]; then plain=$1; elif [ -z "$fuzz" ]; then fuzz=$1; else
            die "takes PLAIN_PYTHON and FUZZ_PYTHON, not a third argument '$1'"
        fi
        shift
        ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive number, not '$runs'"
[[ $seeds =~ ^[1-9][0-9]*$ ]] || die "--seeds needs a positive number, not '$seeds'"
[ -n "$fuzz" ] || die "takes PLAIN_PYTHON and FUZZ_PYTHON (ci/build-cpython.sh 3.13 fuzz)"
# shellcheck source=ci/fuzz-targets.sh disable=SC1091
. "$root/ci/fuzz-targets.sh"
if [ -z "$targets" ]; then # every target but the null one that has the mode
    for t in $(fuzz_targets | grep -vx null_fuzzer); do
        fuzz_modes "$t" | tr ' ' '\n' | grep -qx "$mode" && targets="$targets $t"
    done
    [ -n "$targets" ] || die "no target has a mode '$mode' in fuzz/targets.txt"
fi
for t in $targets; do
    fuzz_targets | grep -qx "$t" || die "no target '$t' in fuzz/targets.txt"
    fuzz_modes "$t" | tr ' ' '\n' | grep -qx "$mode" || die "target '$t' has no mode '$mode' in fuzz/targets.txt"
done
for p in "$plain" "$fuzz"; do
    command -v "$p" >/dev/null || die "no Python '$p'"
done
plain=$(command -v "$plain") fuzz=$(command -v "$fuzz")
[ "$(fuzz_python_asan "$fuzz")" = 1 ] || die "'$fuzz' is not built with ASan (ci/build-cpython.sh 3.13 fuzz)"
[ "$(fuzz_python_asan "$plain")" = 0 ] || die "'$plain' is built with ASan: give a plain build first"
command -v clang >/dev/null || die "clang is needed (ci/install-deps.sh --fuzz)"
mkdir -p "$out" || die "cannot make '$out'"
out=$(cd "$out" && pwd)

build() { # NAME PYTHON: the targets' libFuzzer binaries in $out/NAME
    echo "fuzz-reach: building the targets for $2 in $out/$1" >&2
    CC=clang CXX=clang++ "$root/ci/build.sh" "$out/$1" "$2" -DCTS_FUZZ=ON >/dev/null ||
        { echo "fuzz-reach: building for $2 failed" >&2; exit 1; }
}
build plain "$plain"
build instrumented "$fuzz"
export LSAN_OPTIONS=print_suppressions=0

cpu_of() { # LOG: the CPU seconds `time -f` wrote on its last line
    tail -n 1 "$1" | awk '{ print $1 + $2 }'
}
grow() { # BUILD TARGET SEED RUNS DIR: RUNS inputs from the seeds, additions in DIR
    rm -rf "$5" && mkdir -p "$5"
    # A crash ends the run early: it is reported (a finding for docs/findings.md),
    # and the corpus grown so far is measured.
    # shellcheck disable=SC2046 # the target's options, one word each
    PYTHONMALLOC=$mode /usr/bin/time -f '%U %S' "$out/$1/fuzz/$2" $(fuzz_options "$2") \
        -runs="$4" -seed="$3" -print_final_stats=1 -artifact_prefix="$5.crash-" "$5" "$root/corpus/$2" \
        >"$5.log" 2>&1 ||
        echo "fuzz-reach: $1 $2 seed $3 CRASHED: $(grep -m 1 -E 'ERROR:|fuzz invariant|deadly signal' "$5.log" || echo "see $5.log")" >&2
}
executed() { # LOG: the inputs the run executed (libFuzzer's final stats), or 0
    sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1 | grep . || echo 0
}
reach() { # TARGET DIR: "obmalloc tracemalloc libpython suite" edges the corpus reaches
    # shellcheck disable=SC2046
    PYTHONMALLOC=$mode "$out/instrumented/fuzz/$1" $(fuzz_options "$1") -runs=0 -print_coverage=1 \
        "$2" "$root/corpus/$1" >"$2.reach.log" 2>&1 ||
        { echo "fuzz-reach: replaying $2 failed ($2.reach.log)" >&2; exit 1; }
    awk -v suite="$root/" '
        /^COVERED_FUNC: / { split($5, e, "/"); n = e[1]; f = $NF
            if (index(f, suite) == 1) s += n; else { p += n
                if (f ~ /Objects\/obmalloc\.c:/) o += n; else if (f ~ /Python\/tracemalloc\.c:/) t += n } }
        END { printf "%d %d %d %d\n", o, t, p, s }' "$2.reach.log"
}

rows=$(mktemp "$out/rows.XXXXXX") # this run's rows (another may share the builds)
for t in $targets; do
    for s in $(seq 1 "$seeds"); do
        d=$out/runs/$t.$s
        grow instrumented "$t" "$s" "$runs" "$d.instrumented"
        grow plain "$t" "$s" "$runs" "$d.plain"
        cpu_i=$(cpu_of "$d.instrumented.log") cpu_p=$(cpu_of "$d.plain.log")
        equal=$(awk -v n="$runs" -v ci="$cpu_i" -v cp="$cpu_p" 'BEGIN { r = cp > 0 ? int(n * ci / cp) : n; print r < n ? n : r }')
        grow plain "$t" "$s" "$equal" "$d.plain-equal-time"
        for b in instrumented plain plain-equal-time; do
            cpu=$(cpu_of "$d.$b.log")
            n=$(executed "$d.$b.log")
            echo "$t $b $s $n $cpu $(reach "$t" "$d.$b")" >>"$rows"
        done
        echo "fuzz-reach: $t seed $s: $(grep " $s " "$rows" | grep "^$t " | awk '{ printf "%s %s edges in libpython; ", $2, $8 }')" >&2
    done
done

version() { fuzz_python "$1" -c 'import platform; print(platform.python_version())'; }
echo "Edges reached (libFuzzer's, counted by the instrumented build on each corpus), medians over $seeds seeds,"
echo "$runs inputs per run from the seeds, PYTHONMALLOC=$mode; plain: CPython $(version "$plain"), instrumented:"
echo "CPython $(version "$fuzz") built for fuzzing. \"plain, equal time\" runs as many inputs as the plain build"
echo "does in the CPU time the instrumented run took."
echo
echo "| target | build | inputs | CPU s | obmalloc.c | tracemalloc.c | libpython | suite |"
echo "|---|---|---|---|---|---|---|---|"
# The median of column $3 of the rows of target $1 and build $2.
median() {
    awk -v t="$1" -v b="$2" -v i="$3" '$1 == t && $2 == b { print $i }' "$rows" | sort -g |
        awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for t in $targets; do
    for b in instrumented plain plain-equal-time; do
        printf '| %s | %s | %d | %.1f | %d | %d | %d | %d |\n' "$t" "${b/-equal-time/, equal time}" \
            "$(median "$t" "$b" 4)" "$(median "$t" "$b" 5)" "$(median "$t" "$b" 6)" \
            "$(median "$t" "$b" 7)" "$(median "$t" "$b" 8)" "$(median "$t" "$b" 9)"
    done
done
