#!/bin/sh
# Bad command-line input gets one line on stderr, nothing on stdout, and
# exit status 2.
set -u
cts=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
expect_error() {
    "$cts" "$@" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne 2 ] || [ "$(wc -l <"$dir/err")" -ne 1 ] || [ -s "$dir/out" ]; then
        echo "FAIL: pymem-cts $*: exit $rc (want 2), stderr:"; cat "$dir/err"; status=1
    else
        echo "ok: pymem-cts $(echo "$*" | cut -c1-80) -> $(cut -c1-160 "$dir/err")"
    fi
}
expect_error --no-such-flag
expect_error --jobs abc
expect_error --jobs 0
expect_error --timeout -1
expect_error --timeout
expect_error --allocator bogus
expect_error --allocator malloc,nope
expect_error --filter 'no.such.case.*'
expect_error --filter 'families.*,-families.*'
expect_error --expectations "$dir/missing.json"
expect_error stray-argument
# An option that sets one value, given twice (N14: the first was lost).
expect_error --filter families.raw.malloc_zero --json "$dir/a.json" --json "$dir/b.json"
[ ! -e "$dir/a.json" ] && [ ! -e "$dir/b.json" ] || { echo "FAIL: a report was written"; status=1; }
expect_error --filter families.raw.malloc_zero --filter families.raw.alignment
expect_error --filter families.raw.malloc_zero --allocator default --allocator debug
expect_error --filter families.raw.malloc_zero --junit "$dir/a.xml" --junit="$dir/b.xml"
expect_error --filter families.raw.malloc_zero --jobs 1 --jobs 2
expect_error --filter families.raw.malloc_zero --timeout 5 --timeout 9
# Each mode once, each glob whole, however many and however long.
expect_error --allocator debug,debug
expect_error --allocator malloc,,debug
expect_error --allocator "$(printf 'malloc,%.0s' $(seq 31))bogus"
expect_error --allocator "debug,$(printf 'x%.0s' $(seq 600))"
expect_error --list --filter 'no.such.*'
expect_error --filter "no.such.$(printf '*%.0s' $(seq 600))"
"$cts" --help >"$dir/out" 2>&1 && grep -q -- '--allocator' "$dir/out" ||
    { echo "FAIL: --help"; status=1; }
"$cts" --list >"$dir/out" 2>&1 && grep -q '^families\.raw\.malloc_zero$' "$dir/out" ||
    { echo "FAIL: --list does not list families.raw.malloc_zero"; status=1; }
# --list is one id a line, nothing else; --list -v the same cases, in the
# same order, each with its details after the id.
if grep -qv '^[a-z0-9_]*\.[a-z0-9_.]*$' "$dir/out"; then
    echo "FAIL: --list prints more than an id on a line:"; grep -v '^[a-z0-9_]*\.[a-z0-9_.]*$' "$dir/out" | head -3
    status=1
fi
"$cts" --list -v >"$dir/details" 2>&1 || { echo "FAIL: --list -v"; status=1; }
if ! awk '{ print $1 }' "$dir/details" | cmp -s - "$dir/out" ||
    awk 'NF < 4 { bad = 1 } END { exit !bad }' "$dir/details"; then
    echo "FAIL: --list -v does not give the ids of --list, each with its details"; status=1
else
    echo "ok: --list gives $(wc -l <"$dir/out") ids, --list -v each with its file:line and rule"
fi
# A glob with '-' excludes: here every families case but the RAW ones.
"$cts" --list --filter 'families.*,-families.mem.*,-families.obj.*' >"$dir/out" 2>&1
if ! grep -q '^families\.raw\.malloc_zero$' "$dir/out" || grep -q '^families\.mem\.' "$dir/out" ||
    grep -qv '^families\.' "$dir/out"; then
    echo "FAIL: --filter with exclusions listed:"; cat "$dir/out"; status=1
else
    echo "ok: --filter 'families.*,-families.mem.*,-families.obj.*' lists $(wc -l <"$dir/out") RAW cases"
fi
# A 600-character glob is matched, not dropped.
n=$("$cts" --list --filter "families.raw.malloc_zero,families.raw.$(printf '*%.0s' $(seq 600))" | wc -l)
m=$("$cts" --list --filter 'families.raw.*' | wc -l)
[ "$n" -eq "$m" ] && [ "$n" -gt 1 ] || { echo "FAIL: a 600-character glob listed $n cases, not $m"; status=1; }
exit $status
