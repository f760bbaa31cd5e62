#!/bin/bash
# coverage.sh: how much of CPython's own memory code the suite drives, beside
# CPython's own tests on the same build, and their union.
#   ci/coverage.sh [--out DIR] [--filter GLOB[,GLOB]] PYTHON
# PYTHON is a gcov build of CPython (ci/build-cpython.sh VERSION coverage or
# coverage-freethreaded): its counters (.gcda) are written into its build
# tree, found from sysconfig's abs_builddir. Two runs, each from zeroed
# counters:
#  - the suite, built against PYTHON in DIR/suite, `pymem-cts --allocator
#    all` (--filter narrows it);
#  - CPython's tests, `python -m test test_tracemalloc test_capi test_embed
#    test_sys test_cmd_line`, with the build tree's own python (so that
#    test_embed finds its _testembed); their figures are kept in DIR/cpython
#    and reused while the build (its stamp) and the test list are the same.
# Every process of both runs writes its counters, also forked children that
# leave by _exit and those that die by abort or a fatal signal: ci/coverage/
# gcov_flush.c, an LD_PRELOAD shim (a process killed by SIGKILL writes none).
# Then `gcov --json-format` per object, and ci/coverage/report.py prints the
# lines and branches reached per file (Objects/obmalloc.c, Python/tracemalloc.c,
# Modules/_tracemalloc.c, Python/pylifecycle.c, preconfig.c, initconfig.c,
# pystate.c) and per function of the first three, written to DIR/coverage.md.
# Exit status: 0 when the table was made (the suite's own verdict is in
# DIR/suite.console and not judged here); 1 when a step failed; 2 for bad
# input, in one line, before anything is built or run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build-coverage filter="" python=""
die() { echo "coverage: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --out) [ -n "${2:-}" ] || die "--out needs a directory"; out=$2; shift 2 ;;
    --filter) [ -n "${2:-}" ] || die "--filter needs a glob"; filter=$2; shift 2 ;;
    -*) die "unknown option '$1' (--out DIR, --filter GLOB)" ;;
    *) [ -z "$python" ] || die "takes one PYTHON, not '$python' and '$1'"; python=$1; shift ;;
    esac
done
[ -n "$python" ] || die "takes a PYTHON (a coverage build: ci/build-cpython.sh 3.13 coverage)"
resolved=$(command -v -- "$python" 2>/dev/null) && [ -f "$resolved" ] && [ -x "$resolved" ] ||
    die "'$python' is not an executable file"
python=$resolved
builddir=$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("abs_builddir") or "")' 2>/dev/null) ||
    die "cannot run '$python'"
[ -n "$builddir" ] && [ -f "$builddir/Objects/obmalloc.gcno" ] ||
    die "'$python' is not a gcov build (no Objects/obmalloc.gcno in its build tree '${builddir:-?}')"
command -v gcov >/dev/null || die "gcov is needed (Debian: gcc)"
mkdir -p "$out" || die "cannot make '$out'"
out=$(cd "$out" && pwd)

objects="Objects/obmalloc Python/tracemalloc Modules/_tracemalloc Python/pylifecycle
Python/preconfig Python/initconfig Python/pystate"
tests="test_tracemalloc test_capi test_embed test_sys test_cmd_line"
stamp="$(cat "$(dirname "$(dirname "$python")")/.pymem-cts-stamp" 2>/dev/null || echo "$builddir") | $tests"

# One coverage run per build at a time: the counters are the build tree's.
exec 9>"$builddir/.pymem-cts-coverage.lock"
flock 9

shim=$out/gcov_flush.so
cc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$shim" "$root/ci/coverage/gcov_flush.c" -ldl -lgcov ||
    { echo "coverage: building the gcov flush shim failed" >&2; exit 1; }

zero() { find "$builddir" -name '*.gcda' -delete; }
capture() { # DIR: gcov's JSON for each object, from the counters there now
    rm -rf "$1" && mkdir -p "$1"
    for o in $objects; do
        [ -f "$builddir/$o.gcda" ] || { echo "coverage: no counters for $o after the run" >&2; exit 1; }
        (cd "$1" && gcov --json-format --branch-probabilities --branch-counts \
            --object-directory "$builddir/$(dirname "$o")" "$builddir/$o.o" >/dev/null) ||
            { echo "coverage: gcov failed on $o" >&2; exit 1; }
    done
}

# CPython's own tests, on the build tree's python (reused while the same).
if [ "$(cat "$out/cpython/.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "coverage: CPython's tests: reusing the figures in $out/cpython" >&2
else
    echo "coverage: CPython's tests ($tests) on $builddir/python" >&2
    zero
    set +e
    # shellcheck disable=SC2086 # the list of test modules
    (cd "$builddir" && LD_PRELOAD=$shim LD_LIBRARY_PATH=$builddir nice ./python -m test \
        --randseed 1 $tests) >"$out/cpython.console" 2>&1
    rc=$?
    set -e
    echo "coverage: CPython's tests exited $rc ($(grep -m1 '^Result:' "$out/cpython.console" || echo no result line); log: $out/cpython.console)" >&2
    capture "$out/cpython"
    echo "$stamp" >"$out/cpython/.stamp"
fi

# The suite, built against PYTHON.
echo "coverage: building the suite for $python in $out/suite" >&2
"$root/ci/build.sh" "$out/suite" "$python" >/dev/null || { echo "coverage: building the suite failed" >&2; exit 1; }
zero
args=(--allocator all --json "$out/suite.json")
[ -z "$filter" ] || args+=(--filter "$filter")
set +e
LD_PRELOAD=$shim nice "$out/suite/pymem-cts" "${args[@]}" >"$out/suite.console" 2>&1
rc=$?
set -e
echo "coverage: the suite exited $rc ($(grep "case runs in" "$out/suite.console"); log: $out/suite.console)" >&2
capture "$out/suite"
zero

version=$("$python" -c 'import sys; print(sys.version.split()[0])')
if [ "$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("Py_GIL_DISABLED") or 0)')" = 1 ]; then
    report=("CPython $version free-threaded" --free-threaded)
else
    report=("CPython $version with the GIL")
fi
python3 "$root/ci/coverage/report.py" "$out/suite" "$out/cpython" "${report[@]}" >"$out/coverage.md"
cat "$out/coverage.md"
echo "coverage: table written to $out/coverage.md" >&2
