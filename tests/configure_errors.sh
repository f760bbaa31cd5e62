#!/bin/sh
# Configuring for a Python that does not exist fails with a message naming
# it, instead of silently falling back to another Python on PATH.
set -u
src=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if cmake -S "$src" -B "$dir/b" -DPython3_EXECUTABLE=/no/such/python3 >"$dir/log" 2>&1; then
    echo "FAIL: configuring for /no/such/python3 succeeded"; exit 1
fi
grep -q "Python3_EXECUTABLE '/no/such/python3' does not exist" "$dir/log" ||
    { cat "$dir/log"; echo "FAIL: no clear message"; exit 1; }
echo "configure errors: ok"
