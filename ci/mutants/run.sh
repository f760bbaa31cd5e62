#!/bin/sh
# run.sh: the suite's self-validation. Builds each mutant of mutants.txt (a
# "deviating vendor build": an LD_PRELOAD shim that breaks one documented
# rule, see mutants.c), then runs the conformance suite and every fuzz
# target's corpus replay against it, and reports which cases and targets
# kill it and the kill rate. A mutant no case and no target kills is a gap
# in the suite: the exit status is then 1.
#   ci/mutants/run.sh [--quick] [--out DIR] [PYTHON...]
#   ci/mutants/run.sh [--quick] --build BUILD_DIR INCLUDE_DIR
#     (reuses a configured build of the suite: what ctest does)
# --quick: only the mutants marked * in mutants.txt, the build's default
# allocator and debug mode (the ctest version); otherwise every mutant under
# every allocator mode. PYTHON defaults to python3 on PATH.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/ci/mutants"
quick=0 out="$root/build-mutants" reuse=""
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=1; shift ;;
    --build) reuse=${2:?--build needs a build directory}; shift 2 ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    -*) echo "mutants: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
if [ -n "$reuse" ]; then
    [ $# -eq 1 ] && [ -x "$reuse/pymem-cts" ] || { echo "mutants: --build needs a built suite and the Python include directory" >&2; exit 2; }
    set -- "$reuse|$1"
fi
[ $# -gt 0 ] || set -- python3
cc=${CC:-cc}
if [ $quick -eq 1 ]; then
    mutants=$(awk '/^[a-z]/ && $2 ~ /\*$/ { print $1 }' "$here/mutants.txt")
    allocators="default,debug"
else
    mutants=$(awk '/^[a-z]/ { print $1 }' "$here/mutants.txt")
    allocators="all"
fi
mkdir -p "$out"
status=0
# The ids of the cases that failed in a console log, whatever the mode.
failures() { grep -E '^(FAIL|XPASS|CRASH|TIMEOUT|ERROR) ' "$1" | awk '{ sub(/:$/, "", $3); print $3 }' | sort -u; }

for python in "$@"; do
    case $python in
    *"|"*) build=$(cd "${python%%|*}" && pwd) include=${python#*|}
        version=$("$build/pymem-cts" --version | sed -n 's/.*(Python \([^ ]*\) headers).*/\1/p') ;;
    *) exe=$(command -v "$python") || { echo "mutants: no Python '$python'" >&2; exit 2; }
        python=$exe
        version=$("$python" -c 'import platform; print(platform.python_version())' 2>/dev/null) ||
            version=""
        case $version in
        [0-9]*.[0-9]*) ;;
        *) echo "mutants: '$python' is not a Python (it printed no version)" >&2; exit 2 ;;
        esac
        build="$out/$version"
        "$root/ci/build.sh" "$build" "$python"
        include=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])') ;;
    esac
    echo "mutants: Python $version, baseline run" >&2
    "$build/pymem-cts" --allocator "$allocators" >"$build/baseline.txt" 2>&1 || true
    failures "$build/baseline.txt" >"$build/baseline.failures"
    targets=$(awk '/^[A-Za-z0-9_-]/ { print $1 }' "$root/fuzz/targets.txt")
    killed=0 total=0
    rows=""
    for m in $mutants; do
        total=$((total + 1))
        so="$build/mutant-$m.so"
        $cc -shared -fPIC -O1 -Wall -Wextra -Werror -DMUTANT_$m -I"$include" "$here/mutants.c" -o "$so" -ldl ||
            { echo "mutants: $m does not build" >&2; exit 1; }
        console="$build/mutant-$m.txt"
        LD_PRELOAD=$so "$build/pymem-cts" --allocator "$allocators" >"$console" 2>&1 || true
        cases=$(failures "$console" | comm -23 - "$build/baseline.failures" | tr '\n' ' ')
        fuzz=""
        for t in $targets; do
            rc=0
            LD_PRELOAD=$so "$root/tests/fuzz_replay.sh" "$t" "$build/fuzz/$t-replay" "$root" \
                >"$build/mutant-$m.$t.txt" 2>&1 || rc=$?
            [ $rc -eq 1 ] && fuzz="$fuzz $t"
        done
        n=$(echo "$cases" | wc -w)
        if [ "$n" -gt 0 ] || [ -n "$fuzz" ]; then
            killed=$((killed + 1)) verdict=killed
        else
            verdict=SURVIVED status=1
        fi
        first=$(echo "$cases" | tr ' ' '\n' | grep . | head -n 3 | tr '\n' ' ')
        rows="$rows| $m | $verdict | $n | ${first:-} | ${fuzz:- } |
"
        echo "mutants: $m: $verdict ($n cases,${fuzz:- no} fuzz targets)" >&2
    done
    echo
    echo "### Python $version: $killed of $total mutants killed ($(awk -v k=$killed -v t=$total 'BEGIN { printf "%.0f%%", 100 * k / t }'))"
    echo
    echo "| mutant | verdict | cases killing | first of them | fuzz targets killing |"
    echo "|---|---|---|---|---|"
    printf '%s' "$rows"
done
exit $status
