#!/bin/sh
# host_pypy.sh: PyPy's cpyext through the extension-module host. The suite
# must build against pypy3-dev, run every case, and come out with no
# unexpected result: the families' rules PASS, each API cpyext lacks makes
# its cases UNSUPPORTED naming it, and PyPy's known deviations are XFAIL
# (conformance/expectations/pypy.json).
#   tests/host_pypy.sh SOURCE_DIR CHECK_REPORT
set -u
src=$1 check=$2
pypy=$(command -v pypy3) || { echo "SKIP: no pypy3 on PATH (ci/install-deps.sh installs pypy3-dev)"; exit 77; }
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
[ "$fail" -eq 0 ] && echo "ok: PyPy host, $passed cases passed"
exit "$fail"
