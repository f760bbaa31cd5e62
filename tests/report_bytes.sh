#!/bin/sh
# Reports are valid UTF-8 JSON and schema-valid JUnit (junit.xsd) whatever
# bytes reach them: invalid UTF-8 or a NUL in a --filter, in a case's
# message and output, and in what the Python under test prints (an
# LD_PRELOAD library that writes them at every process start). A NUL in a
# case's output no longer hides what follows it: the death tests, whose
# expected text comes after the NUL, still pass.
set -u
cts=$1 selftest=$2 nul_so=$3 bad_so=$4 xsd=$5
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
valid() { # JSON XML WHAT
    python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1" ||
        { echo "FAIL: $3: the JSON report is not UTF-8 JSON"; status=1; }
    xmllint --noout --schema "$xsd" "$2" 2>"$dir/xmllint" ||
        { echo "FAIL: $3: the JUnit report is not valid:"; head -3 "$dir/xmllint"; status=1; }
}
"$selftest" --no-default-expectations --json "$dir/s.json" --junit "$dir/s.xml" \
    --filter "$(printf 'selftest.expect_fail.invalid_utf8_and_nul,selftest.expect_pass.death_test_after_nul,\377')" \
    >/dev/null 2>&1
valid "$dir/s.json" "$dir/s.xml" "invalid bytes in a filter, a message and an output"
grep -q 'a message with' "$dir/s.json" || { echo "FAIL: the message was lost"; status=1; }
LD_PRELOAD=$bad_so "$cts" --json "$dir/r.json" --junit "$dir/r.xml" >/dev/null 2>&1
valid "$dir/r.json" "$dir/r.xml" "a Python that prints invalid UTF-8"
LD_PRELOAD=$nul_so "$cts" --filter 'debug.forced.*' --json "$dir/n.json" --junit "$dir/n.xml" \
    >"$dir/out" 2>&1 || { echo "FAIL: a NUL in every case's output:"; grep -E '^(FAIL|ERROR)' "$dir/out"; status=1; }
valid "$dir/n.json" "$dir/n.xml" "a Python that prints a NUL"
[ $status -eq 0 ] && echo "report bytes: ok"
exit $status
