#!/bin/sh
# build_tree.sh: the suite against a real uninstalled CPython build tree, as
# CPython's test_embed runs: configured with -DPython3_EXECUTABLE=<tree>/python,
# it must take its headers from the tree's source and build directory and
# libpython from the build directory, run every allocator mode without
# PYTHONHOME (a bogus one in the caller's environment changes nothing) and
# exit 0; when the tree's configured prefix holds an installed python of the
# same version (`make install`, ci/build-cpython.sh), the installed build
# must end every case the same way.
#   tests/build_tree.sh SOURCE_DIR CHECK_REPORT [BUILD_TREE]
# BUILD_TREE defaults to $CTS_TEST_BUILD_TREE; with neither, exit 77 (SKIP).
set -u
src=$1 check=$2 tree=${3:-${CTS_TEST_BUILD_TREE:-}}
if [ -z "$tree" ]; then
    echo "SKIP: no CPython build tree given (cmake -DCTS_TEST_BUILD_TREE=<builddir> or CTS_TEST_BUILD_TREE=<builddir> in the environment)"
    exit 77
fi
[ -f "$tree/pybuilddir.txt" ] && [ -x "$tree/python" ] ||
    { echo "FAIL: '$tree' is not a CPython build directory (no pybuilddir.txt and python)"; exit 1; }
dir=${CTS_TEST_BUILD_TREE_WORK:-$(mktemp -d)}
mkdir -p "$dir"
[ -n "${CTS_TEST_BUILD_TREE_WORK:-}" ] || trap 'rm -rf "$dir"' EXIT
"$src/ci/build.sh" "$dir/tree" "$tree/python" || { echo "FAIL: building for the tree $tree"; exit 1; }
grep -q "the uninstalled build tree" "$dir/tree.configure.log" ||
    { cat "$dir/tree.configure.log"; echo "FAIL: configuring did not detect the build tree"; exit 1; }
grep "pymem-cts:" "$dir/tree.configure.log"

# "RESULT [mode] id[: message]" -> "mode id RESULT"
results() { sed -n 's/^\([A-Z]*\) *\[\([a-z_]*\)\] \([^:]*\).*$/\2 \3 \1/p' "$1" | sort; }
run() { # NAME PYMEM-CTS: a full run, its report checked against its console
    start=$(date +%s)
    env PYTHONHOME=/nonexistent/home "$2" -v --allocator all --json "$dir/$1.json" >"$dir/$1.console" 2>&1
    rc=$?
    tail -12 "$dir/$1.console"
    echo "$1: exit $rc in $(($(date +%s) - start)) s"
    [ "$rc" -eq 0 ] || { grep -E "^(FAIL|XPASS|CRASH|TIMEOUT|ERROR) " "$dir/$1.console"; echo "FAIL: the $1 run exited $rc"; exit 1; }
    "$check" "$dir/$1.json" --console "$dir/$1.console" || { echo "FAIL: the $1 report"; exit 1; }
    results "$dir/$1.console" >"$dir/$1.results"
}
run tree "$dir/tree/pymem-cts"
grep -q "\"build_tree\":[[:space:]]*\"$tree\"" "$dir/tree.json" ||
    grep -q "\"build_tree\"" "$dir/tree.json" || { echo "FAIL: the report names no build_tree"; exit 1; }

# The same version installed under the tree's prefix, if it is there.
prefix=$(sed -n 's/^prefix=[[:space:]]*//p' "$tree/Makefile" | head -1)
version=$(sed -n 's/^VERSION=[[:space:]]*//p' "$tree/Makefile" | head -1)
installed=$prefix/bin/python$version
if [ ! -x "$installed" ]; then
    echo "build tree: ok ($(wc -l <"$dir/tree.results") results; no installed $installed to compare with)"
    exit 0
fi
"$src/ci/build.sh" "$dir/installed" "$installed" || { echo "FAIL: building for $installed"; exit 1; }
run installed "$dir/installed/pymem-cts"
if ! diff "$dir/installed.results" "$dir/tree.results" >"$dir/diff"; then
    sed 's/^</installed:/; s/^>/tree:     /' "$dir/diff" | grep -E "^(installed|tree)"
    echo "FAIL: the build tree and $installed end cases differently"
    exit 1
fi
echo "build tree: ok ($(wc -l <"$dir/tree.results") results, the same as $installed's)"
