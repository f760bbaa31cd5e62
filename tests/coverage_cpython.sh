#!/bin/sh
# coverage_cpython.sh: ci/coverage.sh on a gcov build of CPython (made by
# ci/build-cpython.sh VERSION coverage): it must run the suite in every
# allocator mode and CPython's own tests, and print a table with figures for
# every file and a per-function table for obmalloc.c, tracemalloc.c and
# _tracemalloc.c.
#   tests/coverage_cpython.sh SOURCE_DIR [COVERAGE_PYTHON]
# COVERAGE_PYTHON defaults to $CTS_TEST_COVERAGE_PYTHON; with neither, exit 77
# (SKIP). The work directory is $CTS_TEST_COVERAGE_WORK if set (kept, so
# CPython's tests' figures are reused from one run to the next), else a
# temporary one.
set -u
src=$1 python=${2:-${CTS_TEST_COVERAGE_PYTHON:-}}
if [ -z "$python" ]; then
    echo "SKIP: no coverage build of CPython given (ci/build-cpython.sh 3.13 coverage, then cmake -DCTS_TEST_COVERAGE_PYTHON=<its python3> or CTS_TEST_COVERAGE_PYTHON=<its python3> in the environment)"
    exit 77
fi
dir=${CTS_TEST_COVERAGE_WORK:-$(mktemp -d)}
[ -n "${CTS_TEST_COVERAGE_WORK:-}" ] || trap 'rm -rf "$dir"' EXIT
"$src/ci/coverage.sh" --out "$dir" "$python" >"$dir/table.txt" 2>"$dir/log.txt"
rc=$?
cat "$dir/log.txt"
[ "$rc" -eq 0 ] || { echo "FAIL: ci/coverage.sh exited $rc"; exit 1; }
status=0
for f in Objects/obmalloc.c Python/tracemalloc.c Modules/_tracemalloc.c Python/pylifecycle.c \
    Python/preconfig.c Python/initconfig.c Python/pystate.c; do
    row=$(grep "^| \`$f\` |" "$dir/table.txt")
    if ! echo "$row" | grep -q '%'; then
        echo "FAIL: no figures for $f: ${row:-no row}"; status=1
    else
        echo "ok: $row" | cut -d'|' -f1-6
    fi
done
for f in Objects/obmalloc.c Python/tracemalloc.c Modules/_tracemalloc.c; do
    grep -q "^### \`$f\`: [0-9]* functions; entered by the suite [1-9]" "$dir/table.txt" ||
        { echo "FAIL: no per-function table for $f, or the suite entered none of them"; status=1; }
done
# The suite ran every mode the build accepts, the debug hooks' among them.
modes=$(python3 -c 'import json, sys; print(" ".join(sorted({c["allocator"] for c in json.load(open(sys.argv[1]))["cases"]})))' "$dir/suite.json")
case " $modes " in
*" debug "*" malloc "*) echo "ok: the suite ran the modes $modes" ;;
*) echo "FAIL: the suite's report has the modes '$modes' only"; status=1 ;;
esac
# The death tests' children wrote their counters: the debug hooks' dump of a
# bad block runs only in a process that then aborts.
grep -q '^| `_PyObject_DebugDumpAddress` | [0-9]* | [0-9]* | [1-9]' "$dir/table.txt" ||
    { echo "FAIL: the suite never reached _PyObject_DebugDumpAddress: aborting children wrote no counters"; status=1; }
[ $status -eq 0 ] && echo "coverage of CPython's memory code: ok (table: $dir/coverage.md)"
exit $status
