#!/bin/sh
# The real suite against the build it was compiled for, under every
# allocator mode it accepts: it must exit 0 (no FAIL, XPASS, CRASH, TIMEOUT or
# ERROR) and its report must agree with its console.
set -u
cts=$1 check=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cts" --allocator all --json "$dir/r.json" >"$dir/console" 2>"$dir/err"
rc=$?
cat "$dir/console" "$dir/err"
[ "$rc" -eq 0 ] || { echo "FAIL: pymem-cts exited $rc"; exit 1; }
"$check" "$dir/r.json" --console "$dir/console"
