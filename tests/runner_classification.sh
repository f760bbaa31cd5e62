#!/bin/sh
# The runner turns passing, failing, crashing, aborting, hanging, early-
# exiting and death-test cases into the right results, the JSON report says
# the same as the console, and the exit status is 1 because some failed.
set -u
selftest=$1 check=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$selftest" --timeout 3 --jobs 4 --json "$dir/r.json" --junit "$dir/r.xml" \
    --no-default-expectations >"$dir/console" 2>"$dir/stderr"
rc=$?
cat "$dir/console"
if [ "$rc" -ne 1 ]; then
    echo "FAIL: exit status $rc, expected 1 (the selftest has failing cases)"; exit 1
fi
"$check" "$dir/r.json" --by-name --console "$dir/console" || exit 1
grep -q 'stacks of the hung process' "$dir/r.json" ||
    { echo "FAIL: a TIMEOUT's output does not carry the hung process's stacks"; exit 1; }
# A deadlock ends as soon as no thread can make progress, not at the 3 s
# deadline; a case that is slow but working (busy, sleeping) is never cut.
# Said by the result's message (the runner saw no progress), not by a time
# bound: on a loaded machine the wall-clock time of a detection can be long.
for id in selftest.expect_timeout.lock_order_deadlock selftest.expect_timeout.gil_deadlock; do
    seconds=$(awk -v id="\"$id\"," '$2 == id {found = 1} found && $1 == "\"seconds\":" {print $2; exit}' "$dir/r.json" | tr -d ,)
    grep -q "$id: deadlock: no thread made progress .*; killed before its 3 s deadline" "$dir/console" ||
        { echo "FAIL: $id is not reported as a deadlock, ended before its deadline"; exit 1; }
    echo "deadlock detected: $id in $seconds s"
done
# A TIMEOUT is run again, alone, before it is reported, and says so (as
# does any other result of a re-run).
n=$(grep -c '^TIMEOUT .*(so did its first run: it was re-run alone)$' "$dir/console")
m=$(grep -c '"rerun":' "$dir/r.json")
[ "$n" -eq 5 ] && [ "$m" -ge 5 ] ||
    { echo "FAIL: $n TIMEOUT lines and $m records say they were re-run alone, not 5"; exit 1; }
grep -q '"doc":' "$dir/r.json" || { echo "FAIL: report entries lack the documented rule"; exit 1; }
grep -q '^<testsuites>$' "$dir/r.xml" || { echo "FAIL: no JUnit report"; exit 1; }
grep -q 'line one line two &quot;quoted&quot; &lt;xml&gt; &amp; more' "$dir/r.xml" ||
    { echo "FAIL: JUnit message not escaped"; exit 1; }
# Only PASS cases: exit status 0.
"$selftest" --filter 'selftest.expect_pass.*,selftest.expect_unsupported.*' \
    --no-default-expectations >"$dir/console2" 2>&1 ||
    { cat "$dir/console2"; echo "FAIL: an all-pass run did not exit 0"; exit 1; }
echo "runner classification: ok"
