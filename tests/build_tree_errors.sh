#!/bin/sh
# build_tree_errors.sh: configuring for a directory that looks like an
# uninstalled CPython build tree but is not a usable one fails with one line
# naming what is missing, step by step, without a real CPython build: a fake
# tree holding a copy of PYTHON's executable, its stdlib linked in as Lib/.
#   tests/build_tree_errors.sh SOURCE_DIR PYTHON
# Exit 77 (SKIP, with the reason) if PYTHON cannot be made to start from a
# fake tree (a CPython that is not 3.11+, or whose executable cannot be
# copied and still find its libpython).
set -u
src=$1 py=$2
# The fake tree is made from an installed Python; one that is itself a build
# tree (a suite configured for one) would make the fake one real.
if [ -f "$(dirname "$py")/pybuilddir.txt" ]; then
    echo "SKIP: $py is an uninstalled build tree's; the fake-tree checks need an installed Python"
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
tree=$dir/tree
mkdir -p "$tree"
# 1. pybuilddir.txt beside a python that is not a build tree's (a symlink:
# sysconfig resolves it to its real directory, which has no Setup.local).
: >"$tree/pybuilddir.txt"
ln -s "$py" "$tree/python"
expect() { # TEXT: configuring for $tree/python fails with one line holding TEXT
    rm -rf "$dir/b" "$dir/b.configure.log"
    "$src/ci/build.sh" "$dir/b" "$tree/python" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -eq 0 ] || [ "$(wc -l <"$dir/err")" -ne 1 ] || ! grep -qF "$1" "$dir/err"; then
        echo "FAIL: configuring for the fake tree: exit $rc (want 1 and one line with '$1'):"
        cat "$dir/err"
        exit 1
    fi
    echo "ok: $(cat "$dir/err")"
}
expect "has a pybuilddir.txt but is not a CPython build tree"

# 2. A tree sysconfig recognises: the executable itself, Modules/Setup.local,
# the stdlib as Lib/ and the extension modules where pybuilddir.txt says.
rm "$tree/python"
real=$("$py" -S -c 'import sys; print(sys.executable)' 2>/dev/null) && real=$(readlink -f "$real") ||
    { echo "SKIP: $py does not run"; exit 77; }
paths=$("$py" -S -c 'import sys, sysconfig as s
print(s.get_path("stdlib")); print(s.get_config_var("DESTSHARED") or "")
assert sys.implementation.name == "cpython" and sys.version_info >= (3, 11)' 2>/dev/null) ||
    { echo "SKIP: $py is not a CPython 3.11 or newer (getpath.py's build-tree rules)"; exit 77; }
stdlib=$(echo "$paths" | sed -n 1p) dynload=$(echo "$paths" | sed -n 2p)
cp "$real" "$tree/python"
mkdir -p "$tree/Modules" "$tree/build"
: >"$tree/Modules/Setup.local"
echo "build/lib" >"$tree/pybuilddir.txt"
ln -s "$stdlib" "$tree/Lib"
ln -s "$dynload" "$tree/build/lib"
"$tree/python" -S -c 'import sysconfig; assert sysconfig.is_python_build()' 2>"$dir/err" || {
    # Its error, not the traceback's last line, and where it looked for the
    # stdlib (Debian's python3, built out of its source tree, looks beside
    # the tree, not in it).
    why=$(grep -E '^([A-Za-z]+Error|Fatal Python error):' "$dir/err" | tail -1)
    where=$(grep -E '^ *stdlib dir = ' "$dir/err" | sed 's/^ *//')
    echo "SKIP: a copy of $real does not start as a build tree's python: ${why:-$(tail -1 "$dir/err")}${where:+ ($where)}"
    exit 77
}
srcdir=$("$tree/python" -S -c 'import sysconfig; print(sysconfig.get_config_var("srcdir"))')
case $srcdir in
"$tree" | "$(readlink -f "$tree")") ;;
*) echo "SKIP: the copied python names '$srcdir' as its source directory, not the fake tree"; exit 77 ;;
esac
expect "which has no Include/Python.h"
mkdir -p "$tree/Include"
: >"$tree/Include/Python.h"
expect "has no pyconfig.h (configure did not run there)"
: >"$tree/pyconfig.h"
ldlibrary=$("$tree/python" -S -c 'import sysconfig; print(sysconfig.get_config_var("LDLIBRARY"))')
case $ldlibrary in
*.so) expect "has no $ldlibrary (run make there)"
    : >"$tree/$ldlibrary" ;;
*) expect "links Python statically ('$ldlibrary'): configure it with --enable-shared"
    echo "build tree errors: ok (a static build: the stdlib check is not reached)"
    exit 0 ;;
esac
# Lib/ is a link elsewhere: the stdlib the tree's python loads is not its source's.
expect "loaded its stdlib from $(readlink -f "$stdlib"), not from its source's"
echo "build tree errors: ok"
