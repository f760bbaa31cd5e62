#!/bin/sh
# configure_python_choice.sh: the interpreter configure chooses, named in one
# STATUS line: -DPython3_ROOT_DIR selects the python3 of that root over the
# one on PATH; a python3 on PATH that changed since the last configure is
# chosen again, not kept from the cache; -DPython3_EXECUTABLE is kept as
# given. A root of symlinks to python3 always exists; a second real Python
# (pyenv's versions, /usr/bin/python3.X) is tried too when there is one.
#   tests/configure_python_choice.sh SOURCE_DIR
set -u
src=$1
dir=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$dir"' EXIT
status=0
real() { "$1" -c 'import sys; print(sys.executable)' 2>/dev/null; }
path_python=$(real python3) || { echo "FAIL: no python3 on PATH"; exit 1; }
# CONFIGURE-ARGS...: configures $dir/b; the interpreter line in $dir/line.
configure() {
    cmake -S "$src" -B "$dir/b" "$@" >"$dir/log" 2>&1 || { cat "$dir/log"; return 1; }
    grep '^-- pymem-cts: interpreter ' "$dir/log" >"$dir/line"
    [ "$(wc -l <"$dir/line")" -eq 1 ] || { echo "FAIL: not one interpreter line:"; cat "$dir/log"; return 1; }
}
expect() { # WHAT WANT-PYTHON WANT-TEXT CONFIGURE-ARGS...
    what=$1 want=$2 text=$3; shift 3
    if ! configure "$@"; then
        echo "FAIL: $what: configure failed"; status=1
    elif ! grep -qF -- "interpreter $want (" "$dir/line" || ! grep -qF -- "$text" "$dir/line"; then
        echo "FAIL: $what: want $want ($text), got: $(cat "$dir/line")"; status=1
    else
        echo "ok: $what: $(sed 's/^-- //' "$dir/line")"
    fi
}
# A root whose bin/python3 is a symlink to the python3 on PATH: a path of its own.
mkdir -p "$dir/root/bin" && ln -s "$path_python" "$dir/root/bin/python3"
expect "-DPython3_ROOT_DIR (symlinked root)" "$dir/root/bin/python3" "Python3_ROOT_DIR=$dir/root" \
    -DPython3_ROOT_DIR="$dir/root"
# A second real Python, other than the one on PATH.
other=""
for p in $(pyenv root 2>/dev/null)/versions/3.*/bin/python3 /usr/bin/python3.[0-9]*; do
    case $p in *-config | *d | *-dbg) continue ;; esac
    q=$(real "$p") && [ "$q" != "$path_python" ] && [ -x "$p" ] && { other=$q; break; }
done
if [ -n "$other" ]; then
    root=$(dirname "$(dirname "$other")")
    version=$("$other" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
    expect "-DPython3_ROOT_DIR=$root" "$root/bin/python3" "Python3_ROOT_DIR=$root" \
        -DPython3_ROOT_DIR="$root"
    grep -q "build under test: CPython $version at" "$dir/log" ||
        { echo "FAIL: ROOT_DIR $root: the build under test is not $version"; status=1; }
else
    echo "note: no second Python here; -DPython3_ROOT_DIR checked with the symlinked root only"
fi
# From a clean cache: the python3 on PATH; then PATH changed: chosen again.
rm -rf "$dir/b"
expect "python3 on PATH" "$path_python" "python3 on PATH" -UPython3_ROOT_DIR
mkdir "$dir/path" && ln -s "$dir/root/bin/python3" "$dir/path/python3"
PATH="$dir/path:$PATH" expect "a changed python3 on PATH" "$dir/path/python3" "python3 on PATH"
# -DPython3_EXECUTABLE as given, and kept while PATH changes.
expect "-DPython3_EXECUTABLE" "$dir/root/bin/python3" "(-DPython3_EXECUTABLE)" \
    -DPython3_EXECUTABLE="$dir/root/bin/python3"
PATH="$dir/path:$PATH" expect "-DPython3_EXECUTABLE kept" "$dir/root/bin/python3" \
    "(-DPython3_EXECUTABLE)"
# A root with no python3: one line, naming it.
configure -UPython3_EXECUTABLE -DPython3_ROOT_DIR="$dir/none" >/dev/null 2>&1 && status=1
grep -q "no python3 in Python3_ROOT_DIR '$dir/none'" "$dir/log" &&
    echo "ok: a root without python3 fails naming it" ||
    { echo "FAIL: a root without python3:"; cat "$dir/log"; status=1; }
[ $status -eq 0 ] && echo "python3 choice: ok"
exit $status
