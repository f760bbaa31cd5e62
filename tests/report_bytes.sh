#!/bin/sh
# Reports are valid UTF-8 JSON and schema-valid JUnit, against Jenkins'
# schema (junit.xsd) and Ant's stricter one (junit-ant.xsd), whatever
# bytes reach them: invalid UTF-8 or a NUL in a --filter, in a case's
# message and output, and in what the Python under test prints (an
# LD_PRELOAD library that writes them at every process start). A NUL in a
# case's output no longer hides what follows it: the death tests, whose
# expected text comes after the NUL, still pass. Each suite names the
# build and mode, each case's classname too; a report missing what Ant
# requires (its <properties>) fails the Ant schema.
#   report_bytes.sh CTS SELFTEST NUL_SO BAD_SO JUNIT_XSD JUNIT_ANT_XSD
set -u
cts=$1 selftest=$2 nul_so=$3 bad_so=$4 xsd=$5 ant_xsd=$6
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
valid() { # JSON XML WHAT
    python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1" ||
        { echo "FAIL: $3: the JSON report is not UTF-8 JSON"; status=1; }
    for schema in "$xsd" "$ant_xsd"; do
        xmllint --noout --schema "$schema" "$2" 2>"$dir/xmllint" ||
            { echo "FAIL: $3: the JUnit report is not valid against $(basename "$schema"):"; head -3 "$dir/xmllint"; status=1; }
    done
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
# cpython-3.11.7 (d for a debug build, t for a free-threaded one)
tag=$(python3 -c 'import json, sys; c = [r["capabilities"] for r in json.load(open(sys.argv[1]))["runs"] if r["capabilities"]][0]; print("%s-%s%s%s" % (c["implementation"], c["version"], "t" if c["free_threaded"] else "", "d" if c["debug_build"] else ""))' "$dir/r.json")
grep -q "<testsuite name=\"pymem-cts\[$tag default\]\" package=\"$tag\" hostname=\"[^\"]*\" id=\"0\" timestamp=\"[0-9T:-]*\" time=" "$dir/r.xml" ||
    { echo "FAIL: the JUnit suite does not name the build $tag and mode default"; status=1; }
grep -q "<testcase classname=\"$tag.default\" name=\"families\." "$dir/r.xml" ||
    { echo "FAIL: the JUnit cases' classname is not $tag.<mode>"; status=1; }
grep -q '<property name="suite_commit" value="' "$dir/r.xml" ||
    { echo "FAIL: the JUnit suite's properties lack the suite's commit"; status=1; }
sed '/<properties>/,/<\/properties>/d' "$dir/r.xml" >"$dir/no-properties.xml"
if xmllint --noout --schema "$ant_xsd" "$dir/no-properties.xml" 2>/dev/null; then
    echo "FAIL: the Ant schema accepts a suite without <properties>"; status=1
fi
[ $status -eq 0 ] && echo "report bytes: ok"
exit $status
