#!/bin/sh
# host_pypy.sh: PyPy's cpyext through the extension-module host. The suite
# must build against pypy3-dev, run every case, and come out with no
# unexpected result: the families' rules PASS, each API cpyext lacks makes
# its cases UNSUPPORTED naming it, and PyPy's known deviations are XFAIL
# (conformance/expectations/pypy.json). Its certification verdict is that
# of the profile it can run: the extension profile holds (with PyPy's
# waived deviations named), the embedding profile does not, its skipped ids
# counted.
#   tests/host_pypy.sh SOURCE_DIR CHECK_REPORT VERDICT
set -u
src=$1 check=$2 verdict=$3
pypy=$(command -v pypy3) || { echo "SKIP: no pypy3 on PATH (ci/install-deps.sh --pypy installs pypy3, pypy3-dev)"; exit 77; }
# pypy3 without its headers (pypy3-dev) is a skip too, not a failed build.
"$pypy" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null ||
    { echo "SKIP: $pypy has no Python.h (ci/install-deps.sh --pypy installs pypy3-dev)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cts=$(sh "$src/tests/host_build.sh" "$src" "$dir/build" "$pypy") || { echo "$cts"; exit 1; }
"$cts" -v --json "$dir/r.json" >"$dir/console" 2>&1
rc=$?
cat "$dir/console"
[ "$rc" -eq 0 ] || { echo "FAIL: the PyPy host exited $rc"; exit 1; }
"$check" "$dir/r.json" --console "$dir/console" || exit 1
fail=0
expect() { # expect RESULT ID [MESSAGE-PART]
    line=$(grep -E "^[A-Z]+ +\[[a-z_]+\] $2(:|\$)" "$dir/console")
    case $line in
    "$1 "*"${3:-}"*) ;;
    *) echo "FAIL: expected $1 for $2${3:+ (\"$3\")}, got: ${line:-nothing}"; fail=1 ;;
    esac
}
grep -q "^pymem-cts: pypy " "$dir/console" || { echo "FAIL: the run does not say it is PyPy"; fail=1; }
# The summary says the run is a subset: the fresh-process cases, and the
# API PyPy lacks, counted.
grep -q "^host mode: this run is a subset: .*; [1-9][0-9]* of [0-9]* case runs are UNSUPPORTED for that, [1-9][0-9]* for an API or module pypy lacks$" "$dir/console" ||
    { echo "FAIL: the summary does not say the PyPy run is a subset, and why"; fail=1; }
expect PASS families.raw.malloc_zero
expect PASS families.mem.calloc_zero
expect PASS families.obj.realloc_keeps_contents
expect UNSUPPORTED hooks.domain.unknown_get_is_null "PyMem_GetAllocator is not provided by PyPy"
expect UNSUPPORTED arena.hooks.get_returns_set "PyObject_GetArenaAllocator is not provided by PyPy"
expect UNSUPPORTED config.pythonmalloc.accepts_malloc "needs a fresh process"
expect UNSUPPORTED debug.detect.overflow "needs the debug hooks, which this implementation"
expect XFAIL tracemalloc.codes.disabled_never_started
expect XFAIL families.obj.malloc_over_limit
expect XFAIL families.obj.realloc_zero
passed=$(grep -c "^PASS " "$dir/console")
[ "$passed" -ge 30 ] || { echo "FAIL: only $passed cases passed on PyPy (32 measured)"; fail=1; }
version=$(sed -n 's/^project(pymem-cts VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
# shellcheck disable=SC2046
"$verdict" $(for f in "$src"/conformance/expectations/*.json; do printf ' --waivers %s' "$f"; done) \
    "$dir/r.json" "$src/conformance/mustpass/$version" >"$dir/verdict"
rc=$?
head -n 7 "$dir/verdict"
head -n 1 "$dir/verdict" | grep -q "^CONFORMANT WITH [0-9]* WAIVED DEVIATIONS*: profile extension " && [ "$rc" -eq 0 ] ||
    { echo "FAIL: PyPy's verdict is not that of the extension profile (exit $rc)"; fail=1; }
grep -Eq "^profile embedding, tier documented: NOT CONFORMANT" "$dir/verdict" ||
    { echo "FAIL: PyPy is not NOT CONFORMANT to the embedding profile"; fail=1; }
grep -Eq "^coverage embedding: .*, [1-9][0-9]* skipped," "$dir/verdict" ||
    { echo "FAIL: the embedding coverage counts no skipped ids"; fail=1; }
grep -q "^WAIVED \[default\] families.obj.realloc_zero (documented): PyPy" "$dir/verdict" ||
    { echo "FAIL: the verdict does not name PyPy's waived documented deviation"; fail=1; }
[ "$fail" -eq 0 ] && echo "ok: PyPy host, $passed cases passed"
exit "$fail"
