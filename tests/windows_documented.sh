#!/bin/sh
# Every case with a version window (--list -v shows ">=" or "<" after its id
# and its file:line)
# is in the version-window table of conformance/README.md, with the reason
# the window follows; the registry itself refuses a window that names a fault.
set -u
cts=$1 readme=$2
missing=0 count=0
for id in $("$cts" --list -v | awk '$3 ~ /^(>=|<)/ || $4 ~ /^</ {print $1}'); do
    count=$((count + 1))
    grep -q "^| \`$id\` |" "$readme" || { echo "FAIL: $id has a version window but no row in $readme"; missing=$((missing + 1)); }
done
[ "$count" -gt 0 ] || { echo "FAIL: --list -v shows no version window at all"; exit 1; }
echo "$((count - missing)) passed, $missing failed"
[ "$missing" -eq 0 ]
