#!/bin/sh
# The default expectations directory (conformance/expectations of the
# checkout the suite was built from) is needed: when it is missing, cannot
# be read or holds no *.json file (a moved checkout, a copied build), the
# run is one line and exit 2, not a run whose known failures become FAILs;
# --no-default-expectations runs without it. Each case hides the directory
# in a mount namespace of its own; skipped (77) where unshare cannot.
set -u
cts=$1 src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
unshare -m --propagation private true 2>/dev/null || unshare -rm true 2>/dev/null ||
    { echo "skipped: no mount namespace (unshare -m)"; exit 77; }
hidden() { # MOUNT-POINT: runs the rest with an empty tmpfs over it
    at=$1; shift
    unshare -m --propagation private sh -c 'mount -t tmpfs tmpfs "$0" && exec "$@"' "$at" "$@" 2>/dev/null ||
        unshare -rm sh -c 'mount -t tmpfs tmpfs "$0" && exec "$@"' "$at" "$@"
}
status=0
check() { # WHAT WANT-TEXT MOUNT-POINT ARGS...
    what=$1 want=$2; shift 2
    hidden "$@" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne 2 ] || [ "$(wc -l <"$dir/err")" -ne 1 ] || ! grep -q "$want" "$dir/err"; then
        echo "FAIL: $what: exit $rc (want 2 and '$want'), stderr:"; cat "$dir/err"; status=1
    else
        echo "ok: $what -> $(cat "$dir/err")"
    fi
}
one=--filter=families.raw.malloc_zero
check "empty directory" "holds no \*.json file" "$src/conformance/expectations" "$cts" "$one"
check "missing directory" "No such file or directory" "$src/conformance" "$cts" "$one"
check "--check-expectations, empty directory" "holds no" "$src/conformance/expectations" \
    "$cts" --check-expectations
hidden "$src/conformance/expectations" "$cts" "$one" --no-default-expectations >"$dir/out" 2>&1 ||
    { echo "FAIL: --no-default-expectations without the directory: exit $?"; cat "$dir/out"; status=1; }
[ $status -eq 0 ] && echo "default expectations: ok"
exit $status
