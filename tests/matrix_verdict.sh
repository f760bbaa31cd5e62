#!/bin/sh
# shellcheck disable=SC2034 # suite, out, message, err, rc: read by the checks, strings check() evals
# matrix_verdict.sh: the matrix report and the certification verdict on
# reports of known content, from the selftest cases: a run of passing and
# version-gated cases is CONFORMANT to a profile of its ids, and names the
# profile and tier; one with a failing case is NOT CONFORMANT and names it;
# a must-pass id never run is MISSING; one UNSUPPORTED for a reason other
# than its version window is SKIPPED and the profile does not hold; the
# output ends with the verdict again, what held it back and what to run
# next (every allocator mode, for an id skipped for want of one), which
# --record leaves out; a
# failing reference-tier id leaves the documented tier holding; the matrix
# colours the two builds' cells and embeds the failing case's message,
# whatever HTML it holds ("<!--<script>" and "</script>" leave the page's
# own markup as it is, and the data block gives the message back);
# malformed inputs, malformed case entries among them, get one-line
# errors, exit 2.
#   matrix_verdict.sh SELFTEST MATRIX VERDICT
set -u
selftest=$1 matrix=$2 verdict=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; status=1; fi; }

"$selftest" --filter 'selftest.expect_pass.returns,selftest.expect_unsupported.*' --json "$tmp/good.json" >/dev/null 2>&1
"$selftest" --filter 'selftest.expect_pass.returns,selftest.expect_fail.check_fails' --json "$tmp/bad.json" >/dev/null 2>&1
mkdir "$tmp/lists" "$tmp/skips"
printf '# test list\n# profile: selftest: the selftest cases\nselftest.expect_pass.returns documented\nselftest.expect_unsupported.version_gate documented\n' >"$tmp/lists/selftest.txt"
printf '# profile: skips: with a skipped id\nselftest.expect_pass.returns documented\nselftest.expect_unsupported.says_why documented\n' >"$tmp/skips/skips.txt"
suite=$(sed -n 's/.*"suite_version":[[:space:]]*"\([^"]*\)".*/\1/p' "$tmp/good.json" | head -n 1)
out=$("$verdict" "$tmp/good.json" "$tmp/lists"); rc=$?
check "a passing run is CONFORMANT (exit 0), naming profile and tier" '[ $rc -eq 0 ] && [ "$(echo "$out" | head -n 1)" = "CONFORMANT: profile selftest (the selftest cases) of suite $suite, tier reference (documented rules and CPython'"'"'s reference behaviour)" ]'
check "the verdict gives the coverage" 'echo "$out" | grep -qx "coverage selftest: 2 must-pass ids (2 documented, 0 reference): 1 passed, 1 not applicable, 0 waived, 0 skipped, 0 missing, 0 deviating"'
check "the verdict counts the results" 'echo "$out" | grep -Eq "^results: [0-9]+ case runs: 1 PASS, 0 XFAIL, [1-9][0-9]* UNSUPPORTED, 0 other\$"'
out=$("$verdict" "$tmp/good.json" "$tmp/skips"); rc=$?
check "an id UNSUPPORTED for want of a capability is SKIPPED, NOT CONFORMANT" '[ $rc -eq 1 ] && echo "$out" | grep -q "^SKIPPED selftest.expect_unsupported.says_why: UNSUPPORTED in every mode: the selftest says so" && echo "$out" | grep -qx "profile skips, tier documented: NOT CONFORMANT: 0 deviating, 0 missing, 1 skipped, 0 outside the lists"'
printf '# profile: selftest: the selftest cases\nselftest.expect_pass.returns documented\nselftest.expect_fail.check_fails reference\n' >"$tmp/lists/selftest.txt"
out=$("$verdict" "$tmp/bad.json" "$tmp/lists"); rc=$?
check "a failing reference id: the documented tier holds, the reference tier does not" '[ $rc -eq 0 ] && echo "$out" | head -n 1 | grep -q "^CONFORMANT: profile selftest .*tier documented" && echo "$out" | grep -qx "profile selftest, tier reference: NOT CONFORMANT: 1 deviating, 0 missing, 0 skipped, 0 outside the lists"'
check "the failing case is named" 'echo "$out" | grep -q "^FAIL .*selftest.expect_fail.check_fails"'
printf '# profile: selftest: the selftest cases\nselftest.expect_fail.check_fails documented\nselftest.expect_unsupported.says_why documented\n' >"$tmp/lists/selftest.txt"
out=$("$verdict" "$tmp/bad.json" "$tmp/lists"); rc=$?
check "a failing documented id makes it NOT CONFORMANT (exit 1)" '[ $rc -eq 1 ] && echo "$out" | head -n 1 | grep -q "^NOT CONFORMANT"'
check "a must-pass id not run is MISSING" 'echo "$out" | grep -q "^MISSING selftest.expect_unsupported.says_why"'
check "it ends with the verdict again, what held it back and what to run next" '[ "$(echo "$out" | sed -n "/^verdict: /,\$p")" = "verdict: $(echo "$out" | head -n 1)
what keeps every profile from holding (each named above):
  1 must-pass ids deviating, and 0 runs of cases on no list
  1 must-pass ids missing (not run)
next:
  pymem-cts --filter ID -v
    a deviating case alone, each run'"'"'s output whole
  pymem-cts --json $tmp/bad.json
    every case (no --filter); then the verdict again" ]'
rec=$("$verdict" --record "$tmp/bad.json" "$tmp/lists"); rc=$?
check "--record: the same verdict and exit, without the closing summary" '[ $rc -eq 1 ] && [ "$rec" = "$(echo "$out" | sed "/^\$/,\$d")" ] && ! echo "$rec" | grep -q "^verdict: "'
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for c in d["cases"]:
    if c["id"] == "selftest.expect_unsupported.says_why":
        c["unsupported"] = "mode"
json.dump(d, open(sys.argv[2], "w"))' "$tmp/good.json" "$tmp/mode.json"
out=$("$verdict" "$tmp/mode.json" "$tmp/skips"); rc=$?
check "an id skipped for an allocator mode the run did not use: the summary says to run every mode" '[ $rc -eq 1 ] && echo "$out" | grep -qx "  1 must-pass ids skipped: they need an allocator mode this run did not use" && echo "$out" | grep -qxF "  pymem-cts --allocator all --json $tmp/mode.json"'

"$matrix" "$tmp" "$tmp/good.json" "$tmp/bad.json" >/dev/null 2>&1; rc=$?
check "the matrix is written" '[ $rc -eq 0 ] && [ -s "$tmp/matrix.json" ] && [ -s "$tmp/matrix.html" ]'
check "a failing area is red in matrix.json" 'grep -q "\"verdict\":[[:space:]]*\"fail\"" "$tmp/matrix.json"'
check "a passing area is green in matrix.json" 'grep -q "\"verdict\":[[:space:]]*\"pass\"" "$tmp/matrix.json"'
check "the page embeds the failing case" 'grep -q "selftest.expect_fail.check_fails" "$tmp/matrix.html"'

python3 - "$tmp/good.json" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["cases"] = [{"id": "a.b", "area": "x", "allocator": "default", "result": "FAIL",
               "message": "<!--<script> </script> & > end"}]
json.dump(d, open(sys.argv[2] + "/html.json", "w"))
for name, cases in (("entries", [{"id": 1, "result": 2, "area": 3}]), ("string", ["str"]),
                    ("null", [None]), ("result", [dict(d["cases"][0], result="GREAT")])):
    json.dump(dict(d, cases=cases), open(sys.argv[2] + "/bad-%s.json" % name, "w"))
PY
mkdir "$tmp/html"
"$matrix" "$tmp/html" "$tmp/html.json" >/dev/null 2>&1; rc=$?
check "a message with HTML in it is written" '[ $rc -eq 0 ]'
check "the page has only its own two scripts and no comment" \
    '[ "$(grep -o "<script" "$tmp/html/matrix.html" | wc -l)" -eq 2 ] && ! grep -q "<!--" "$tmp/html/matrix.html"'
message=$(python3 - "$tmp/html/matrix.html" <<'PY'
import json, sys
page = open(sys.argv[1]).read()
data = page.split('type="application/json">')[1].split("</script>")[0]
print(json.loads(data)["builds"][0]["cells"]["x"]["cases"][0]["message"])
PY
)
check "the data block gives the message back" '[ "$message" = "<!--<script> </script> & > end" ]'
for f in "$tmp"/bad-*.json; do
    err=$("$matrix" "$tmp" "$f" 2>&1 >/dev/null); rc=$?
    check "matrix rejects $(basename "$f") in one line" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ] && echo "$err" | grep -q "cases\[0\] is not a case entry"'
    err=$("$verdict" "$f" "$tmp/lists" 2>&1 >/dev/null); rc=$?
    check "verdict rejects $(basename "$f") in one line" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ]'
done
echo '{"schema": "other"}' >"$tmp/wrong.json"
printf '{ not json' >"$tmp/broken.json"
for f in "$tmp/wrong.json" "$tmp/broken.json" "$tmp/absent.json"; do
    err=$("$matrix" "$tmp" "$f" 2>&1 >/dev/null); rc=$?
    check "matrix rejects $(basename "$f") in one line" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ]'
    err=$("$verdict" "$f" "$tmp/lists" 2>&1 >/dev/null); rc=$?
    check "verdict rejects $(basename "$f") in one line" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ]'
done
printf '# profile: empty: nothing\n' >"$tmp/lists/selftest.txt"
"$verdict" "$tmp/good.json" "$tmp/lists" >/dev/null 2>&1; rc=$?
check "an empty must-pass list is an error" '[ $rc -eq 2 ]'
printf '# profile: bad: a bad tier\nselftest.expect_pass.returns maybe\n' >"$tmp/lists/selftest.txt"
err=$("$verdict" "$tmp/good.json" "$tmp/lists" 2>&1 >/dev/null); rc=$?
check "a line without a known tier is an error in one line" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ]'
exit $status
