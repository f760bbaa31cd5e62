#!/bin/sh
# strict_json.sh: every program that reads a report or an expectations file
# reads JSON one way, the way Python's json and jq do, so that no file means
# one thing to the suite and another to everyone else (the second hostile
# run's N5, N2 and N1). A report with data after its value, a key twice (a
# second "cases"; "result" PASS then FAIL), keys in another case ("SCHEMA",
# "Cases", "RESULT"), invalid UTF-8, a \u0000 escape, a malformed number or
# two records of one (id, mode) is refused by pymem-cts-matrix,
# pymem-cts-verdict, pymem-cts-compare and check_report, one line, exit 2;
# an expectations file with a \u0000 in a case, a version rule or a key is
# refused, exit 2; one with 100k top-level keys or 50k keys in one entry
# is refused at once, and one of 100k entries loads, each in under 2 s.
#   strict_json.sh SELFTEST MATRIX VERDICT COMPARE CHECK_REPORT
# shellcheck disable=SC2034 # out, err, rc...: read by the checks' eval
set -u
selftest=$1 matrix=$2 verdict=$3 compare=$4 check_report=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/cpu_time.sh"
status=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; status=1; fi; }

"$selftest" --filter 'selftest.expect_pass.returns,selftest.expect_fail.check_fails' \
    --allocator default,debug --json "$tmp/r.json" >/dev/null 2>&1
mkdir "$tmp/lists" "$tmp/out"
printf '# profile: selftest: the selftest cases\nselftest.expect_pass.returns documented\n' >"$tmp/lists/selftest.txt"
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
s = open(t + "/r.json").read()
def put(name, text):
    open(t + "/" + name, "wb").write(text if isinstance(text, bytes) else text.encode())
put("trailing.json", s + "\n} trailing garbage\n")                          # B23, C34
put("two-cases.json", s.rstrip()[:-1] + ', "cases": []}')                    # B24
put("SCHEMA.json", s.replace('"schema"', '"SCHEMA"', 1))                     # B25
put("Cases.json", s.replace('"cases"', '"Cases"', 1))                        # B26
put("RESULT.json", s.replace('"result"', '"RESULT"', 1))                     # B27
put("pass-then-fail.json", s.replace('"result":\t"PASS"', '"result":\t"PASS", "result": "FAIL"', 1))  # C35
put("case-variant.json", s.replace('"result":\t"PASS"', '"result":\t"PASS", "Result": "FAIL"', 1))
put("bad-utf8.json", s.encode().replace(b'"message":\t"', b'"message":\t"\xff\xfe', 1))  # B21
put("nul-escape.json", s.replace('"id":\t"', '"id":\t"x\\u0000', 1))
put("leading-zero.json", s.replace('"seconds":\t', '"seconds":\t0', 1))
d = json.loads(s)
c = dict(d["cases"][0]); c["result"] = "FAIL"; d["cases"].append(c)           # B17
put("two-records.json", json.dumps(d))
PY
for f in trailing two-cases SCHEMA Cases RESULT pass-then-fail case-variant bad-utf8 nul-escape \
    leading-zero two-records; do
    tools="matrix verdict compare"
    case $f in
    trailing | two-cases | pass-then-fail | case-variant | bad-utf8 | nul-escape | leading-zero)
        tools="$tools check_report" ;; # the project's own check reads JSON so too
    esac
    for tool in $tools; do
        case $tool in
        matrix) err=$("$matrix" "$tmp/out" "$tmp/$f.json" 2>&1 >/dev/null) ;;
        verdict) err=$("$verdict" "$tmp/$f.json" "$tmp/lists" 2>&1 >/dev/null) ;;
        compare) err=$("$compare" "$tmp/r.json" "$tmp/$f.json" 2>&1 >/dev/null) ;;
        check_report) err=$("$check_report" "$tmp/$f.json" 2>&1 >/dev/null) ;;
        esac
        rc=$?
        check "$tool refuses $f.json, one line, exit 2 ($(echo "$err" | head -n 1 | cut -c1-110))" \
            '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ]'
    done
done
out=$("$matrix" "$tmp/out" "$tmp/r.json" 2>&1); rc=$?
check "the untouched report is read (exit 0)" '[ $rc -eq 0 ] && python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/out/matrix.json"'

# Expectations: \u0000 (A48, A49, A75), many keys (A83, A84), 100k entries.
expect() { # expect NAME [JSON]: loads JSON (or NAME.json); sets rc, err and secs (CPU)
    [ $# -eq 1 ] || printf '%s' "$2" >"$tmp/$1.json"
    cpu_mark "$tmp/cpu0"
    err=$("$selftest" --no-default-expectations --expectations "$tmp/$1.json" \
        --filter selftest.expect_pass.returns 2>&1 >/dev/null)
    rc=$?
    cpu_mark "$tmp/cpu1"
    secs=$(cpu_used "$tmp/cpu0" "$tmp/cpu1")
}
expect nul-case '{"expectations":[{"case":"selftest.expect_pass.returns\u0000junk","result":"FAIL","reason":"r"}]}'
check "a \\u0000 in a case glob: exit 2, named ($err)" '[ $rc -eq 2 ] && echo "$err" | grep -q "holds a NUL (.u0000) in a string"'
expect nul-version '{"expectations":[{"case":"x","result":"FAIL","reason":"r","versions":[">=3.12\u0000 garbage"]}]}'
check "a \\u0000 in a version rule: exit 2" '[ $rc -eq 2 ] && echo "$err" | grep -q "u0000"'
expect nul-key '{"expectations":[{"case":"x","case\u0000x":"y","result":"FAIL","reason":"r"}]}'
check "a \\u0000 in a key: exit 2" '[ $rc -eq 2 ] && echo "$err" | grep -q "u0000"'
expect escaped-backslash '{"expectations":[{"case":"x\\u0000","result":"FAIL","reason":"r"}]}'
check "an escaped backslash before u0000 is no NUL: loads (exit 0)" '[ $rc -eq 0 ]'
python3 -c 'import json; d={"expectations":[]}; d.update({"k%06d"%i:0 for i in range(100000)}); print(json.dumps(d), end="")' >"$tmp/many-keys.json"
expect many-keys
check "100k top-level keys: refused in ${secs} s of CPU (< 2 s), naming an unknown key" '[ $rc -eq 2 ] && echo "$err" | grep -q "unknown top-level key .k0" && awk -v s="$secs" "BEGIN { exit !(s < 2) }"'
python3 -c 'import json; e={"case":"x","result":"FAIL","reason":"r"}; e.update({"k%06d"%i:0 for i in range(50000)}); print(json.dumps({"expectations":[e]}), end="")' >"$tmp/entry-keys.json"
expect entry-keys
check "50k keys in one entry: refused in ${secs} s of CPU (< 2 s)" '[ $rc -eq 2 ] && echo "$err" | grep -q "unknown key" && awk -v s="$secs" "BEGIN { exit !(s < 2) }"'
python3 -c 'import json; d={"expectations":[]}; d.update({"k%06d"%i:0 for i in range(50000)}); d["k000007"]=1; s=json.dumps(d); print(s[:-1] + ", \"k000007\": 2}", end="")' >"$tmp/dup-keys.json"
expect dup-keys
check "a key twice among 50k: refused in ${secs} s (< 2 s), named" '[ $rc -eq 2 ] && echo "$err" | grep -q "key .k000007. twice" && awk -v s="$secs" "BEGIN { exit !(s < 2) }"'
python3 -c 'import json; print(json.dumps({"expectations":[{"case":"nomatch.%06d"%i,"result":"FAIL","reason":"r","versions":[">=3.8"]} for i in range(100000)]}), end="")' >"$tmp/many-entries.json"
expect many-entries
check "100k entries load in ${secs} s (< 2 s)" '[ $rc -eq 0 ] && awk -v s="$secs" "BEGIN { exit !(s < 2) }"'
exit $status
