#!/bin/sh
# An expectations entry turns a matching failure into XFAIL and a matching
# pass into XPASS (which fails the run); entries for other versions do not
# apply; and a malformed file is a one-line error with exit status 2.
set -u
selftest=$1 check=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/cpu_time.sh"
cat >"$dir/x.json" <<'JSON'
{"expectations": [
  {"case": "selftest.expect_fail.check_fails", "result": "FAIL", "reason": "known"},
  {"case": "selftest.expect_crash.segfault", "result": ["CRASH"], "reason": "known crash"},
  {"case": "selftest.expect_pass.returns", "result": "FAIL", "reason": "stale entry"},
  {"case": "selftest.expect_crash.aborts", "result": "CRASH", "reason": "other version",
   "versions": ["2.1"]}
]}
JSON
"$selftest" --filter 'selftest.expect_fail.check_fails,selftest.expect_crash.*,selftest.expect_pass.returns' \
    --no-default-expectations --expectations "$dir/x.json" --json "$dir/r.json" >"$dir/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$dir/out"; echo "FAIL: exit $rc, expected 1 (an XPASS)"; exit 1; }
"$check" "$dir/r.json" --expect selftest.expect_fail.check_fails=XFAIL \
    --expect selftest.expect_crash.segfault=XFAIL --expect selftest.expect_pass.returns=XPASS \
    --expect selftest.expect_crash.aborts=CRASH || exit 1
for bad in '{' '{"expectations": [{"case": "x", "result": "FAIL"}]}' \
    '{"expectations": [{"case": "x", "result": "PASS", "reason": "r"}]}' \
    '{"expectations": [{"case": "x", "result": "FAIL", "reason": "r", "vesions": ["3"]}]}' \
    '{"expectations": [{"case": "x", "result": "FAIL", "reason": "r", "versions": [">=3.13 <"]}]}' \
    '{"expectations": [{"case": "x", "result": "FAIL", "reason": "r", "versions": ["3.x"]}]}' \
    '{"expectations": [{"case": "x", "result": "FAIL", "reason": "r", "measured": []}]}' \
    '{"nothing": []}' \
    '{"expectations": [], "expectation": [{"case": "x", "result": "FAIL", "reason": "r"}]}' \
    '{"expectations": []} trailing garbage {' \
    '{"expectations": [{"case": "x", "result": "FAIL", "reason": "r", "case": "y"}]}' \
    '{"expectations": [{"case": "x", "result": "FAIL", "reason": "r"}], "expectations": []}' \
    'NUL'; do
    [ "$bad" = NUL ] && bad='{"expectations": []}\0{"broken'
    printf "$bad" >"$dir/bad.json"
    "$selftest" --no-default-expectations --expectations "$dir/bad.json" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne 2 ] || [ "$(wc -l <"$dir/err")" -ne 1 ] || [ -s "$dir/out" ]; then
        echo "FAIL: malformed expectations '$bad': exit $rc, stderr:"; cat "$dir/err"; exit 1
    fi
    echo "rejected as expected: $(cat "$dir/err")"
done
# --check-expectations names an entry whose glob matches no case (stale).
printf '%s' '{"expectations": [{"case": "selftest.expect_fail.*", "result": "FAIL", "reason": "r",
  "measured": ["3.11.7"]},
  {"case": "selftest.renamed_long_ago", "result": "FAIL", "reason": "r"}]}' >"$dir/stale.json"
out=$("$selftest" --no-default-expectations --expectations "$dir/stale.json" --check-expectations)
rc=$?
if [ "$rc" -ne 1 ] || ! echo "$out" | grep -q "stale: .*entry 2: case 'selftest.renamed_long_ago'" ||
    echo "$out" | grep -q "entry 1"; then
    echo "FAIL: --check-expectations: exit $rc: $out"; exit 1
fi
echo "stale entry flagged: $(echo "$out" | head -n 1)"
# Loading is linear: 100,000 entries (about 10 MB) load in well under 10 s
# of CPU (it took minutes when each entry was found from the list's start).
awk 'BEGIN { printf "{\"expectations\": ["; for (i = 0; i < 100000; i++)
    printf "%s{\"case\": \"zz.%07d\", \"result\": \"FAIL\", \"reason\": \"padding padding\"}",
    i ? "," : "", i; print "]}" }' >"$dir/big.json"
cpu_mark "$dir/cpu0"
"$selftest" --no-default-expectations --expectations "$dir/big.json" \
    --filter selftest.expect_pass.returns >"$dir/out" 2>&1 ||
    { cat "$dir/out"; echo "FAIL: 100,000 entries: exit $?"; exit 1; }
cpu_mark "$dir/cpu1"
secs=$(cpu_used "$dir/cpu0" "$dir/cpu1")
awk -v s="$secs" 'BEGIN { exit !(s < 10) }' ||
    { echo "FAIL: 100,000 entries took $secs s of CPU to load and apply, not under 10 s"; exit 1; }
echo "100,000 entries loaded and applied in $secs s of CPU"
echo "expectations: ok"
