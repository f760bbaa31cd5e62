#!/bin/sh
# build_selection.sh: which builds ci/all-builds.sh takes, with nothing built
# or run: --list prints "VERSION PYTHON" a line and makes nothing; --only
# keeps the versions it names (a series, or one release) and is exit 2 when
# it keeps none; --sid-root DIR takes a root made anywhere, as it is (its
# CPythons with headers, their versions from the headers), and refuses one
# that lacks a tool in one line and exit 2, before the --out directory is
# made; ci/sid-root.sh --sid-root lists, prints and "creates" such a root
# without making anything. The Pythons are stand-ins that print a version,
# the root a skeleton of the files a root needs.
#   tests/build_selection.sh SOURCE_DIR
set -u
src=$1
ab=$src/ci/all-builds.sh
sid=$src/ci/sid-root.sh
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
# Nothing of the machine's: no cached root, no CPython cache, no stray root.
PYMEM_CTS_CACHE=$dir/cache CPYTHON_CACHE=$dir/cpython
export PYMEM_CTS_CACHE CPYTHON_CACHE
unset PYMEM_CTS_SID_ROOT

fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# A stand-in Python at $dir/py/NAME printing VERSION, or failing without one.
python_at() { # NAME [VERSION]
    mkdir -p "$dir/py"
    if [ $# -eq 2 ]; then
        printf '#!/bin/sh\necho %s\n' "$2" >"$dir/py/$1"
    else
        printf '#!/bin/sh\nexit 1\n' >"$dir/py/$1"
    fi
    chmod +x "$dir/py/$1"
}
python_at py314 3.14.2
python_at py313 3.13.5
python_at broken

# A root skeleton at $1: the tools as empty files (cc a symlink that only
# resolves inside the root), CPython 3.14.7 and its debug build with headers,
# and a python3.13 without headers (not listed).
root_at() {
    r=$1
    mkdir -p "$r/bin" "$r/usr/bin" "$r/usr/include/cjson"
    for f in bin/sh usr/bin/env usr/bin/cmake usr/bin/pkg-config usr/include/cjson/cJSON.h; do
        : >"$r/$f"
    done
    ln -s /etc/alternatives/no-such-cc "$r/usr/bin/cc"
    for p in python3.14 python3.14d python3.13; do
        printf '#!/bin/sh\nexit 1\n' >"$r/usr/bin/$p"
        chmod +x "$r/usr/bin/$p"
    done
    for p in python3.14 python3.14d; do
        mkdir -p "$r/usr/include/$p"
        : >"$r/usr/include/$p/Python.h"
        printf '#define PY_VERSION              "3.14.7"\n' >"$r/usr/include/$p/patchlevel.h"
    done
}
root_at "$dir/root"
root_at "$dir/no-cmake"
rm "$dir/no-cmake/usr/bin/cmake"

# expect WHAT RC WANT_STDOUT ARGS...: ab's exit status and stdout, the
# --out directory never made.
expect() {
    what=$1 want_rc=$2 want=$3
    shift 3
    "$ab" --out "$dir/o" "$@" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne "$want_rc" ] || [ "$(cat "$dir/out")" != "$want" ] || [ -e "$dir/o" ]; then
        fail "$what: exit $rc (want $want_rc), stdout:"
        cat "$dir/out"
        echo "want:"
        echo "$want"
        echo "stderr:"
        cat "$dir/err"
    else
        echo "ok: $what: $(tail -n 1 "$dir/err")"
    fi
}
# refused WHAT PATTERN ARGS...: one line on stderr matching PATTERN, exit 2.
refused() {
    what=$1 pattern=$2
    shift 2
    expect "$what" 2 "" "$@"
    [ "$(wc -l <"$dir/err")" -eq 1 ] && grep -q -e "$pattern" "$dir/err" ||
        fail "$what: not one line matching '$pattern': $(cat "$dir/err")"
}
py=$dir/py
line() { printf '%-10s %s\n' "$1" "$2"; }

expect "--list" 0 "$(line 3.14.2 "$py/py314")
$(line 3.13.5 "$py/py313")
$(line '?' "$py/broken") (does not run)" --list "$py/py314" "$py/py313" "$py/broken"
expect "--list --only a series" 0 "$(line 3.14.2 "$py/py314")" \
    --list --only 3.14 "$py/py314" "$py/py313" "$py/broken"
expect "--list --only a release and a series" 0 "$(line 3.14.2 "$py/py314")
$(line 3.13.5 "$py/py313")" --list --only 3.14.2,3.13 "$py/py314" "$py/py313"
expect "--list --only 3.1 is not 3.14" 2 "" --list --only 3.1 "$py/py314"
refused "--only that keeps none" "--only 3.14.20 selects none of the 2 builds" \
    --list --only 3.14.20 "$py/py314" "$py/py313"
refused "--only that keeps none, no --list" "--only 3.12 selects none" --only 3.12 "$py/py314"
refused "--only without a value" "--only needs versions" --only
refused "--only 3.x" "--only needs versions" --only 3.x "$py/py314"
refused "--only 3.14," "--only needs versions" --only 3.14, "$py/py314"
refused "--sid-root without a value" "--sid-root needs a value" --sid-root
refused "--sid-root that is no directory" "--sid-root: .*/none is not a usable root: no such directory" \
    --sid-root "$dir/none" --list "$py/py314"
refused "--sid-root without cmake" "--sid-root: .*/no-cmake is not a usable root: it has no /usr/bin/cmake" \
    --sid-root "$dir/no-cmake" --newest "$py/py314"
expect "--sid-root: a root's PYTHON" 0 "$(line 3.14.7 sid:/usr/bin/python3.14d)" \
    --list --sid-root "$dir/root" --only 3.14 sid:/usr/bin/python3.14d "$py/py313"
expect "--newest --sid-root --only" 0 "$(line '(newest)' "CPython 3.14 (the newest whose source Debian serves), release and free-threaded: a run builds it (ci/build-cpython.sh)")
$(line 3.14.2 "$py/py314")
$(line 3.14.7 sid:/usr/bin/python3.14)
$(line 3.14.7 sid:/usr/bin/python3.14d)" --list --newest --sid-root "$dir/root" --only 3.14 "$py/py314" "$py/py313"
expect "--newest without a root yet" 0 "$(line '(newest)' "CPython 3.15, 3.14 or 3.13 (the newest whose source Debian serves), release and free-threaded: a run builds it (ci/build-cpython.sh)")
$(line '(sid)' "no root at $dir/cache/sid-root: a run makes it (ci/sid-root.sh create)")
$(line 3.13.5 "$py/py313")" --list --newest "$py/py313"

# ci/sid-root.sh itself on the given root: its CPythons with headers, its
# path, and create that makes nothing (an mmdebstrap that fails if run).
mkdir -p "$dir/bin"
printf '#!/bin/sh\necho "E: mmdebstrap ran"\nexit 1\n' >"$dir/bin/mmdebstrap"
chmod +x "$dir/bin/mmdebstrap"
out=$(PATH="$dir/bin:$PATH" "$sid" --sid-root "$dir/root" pythons 2>&1)
[ "$out" = "/usr/bin/python3.14
/usr/bin/python3.14d" ] && echo "ok: sid-root pythons of a given root" ||
    fail "sid-root pythons of a given root: $out"
out=$(PYMEM_CTS_SID_ROOT=$dir/root PATH="$dir/bin:$PATH" "$sid" create 2>/dev/null)
[ "$out" = "$dir/root" ] && [ ! -e "$dir/cache" ] && [ ! -e "$dir/root.new" ] &&
    echo "ok: sid-root create of PYMEM_CTS_SID_ROOT makes nothing" ||
    fail "sid-root create of PYMEM_CTS_SID_ROOT: '$out'; $(ls "$dir")"
out=$("$sid" --sid-root "$dir/root" path 2>&1)
[ "$out" = "$dir/root" ] && echo "ok: sid-root path of a given root" || fail "sid-root path: $out"
[ ! -e "$dir/cache" ] && [ ! -e "$dir/cpython" ] || fail "a cache was made: $(ls "$dir")"
echo "$failed failed"
[ "$failed" -eq 0 ]
