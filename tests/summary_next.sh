#!/bin/sh
# summary_next.sh: the run's closing summary names every failing case run
# (FAIL, XPASS, CRASH, TIMEOUT, ERROR: what makes the exit status 1) with its
# allocator mode, and ends with what to run next: -v with the number of
# XFAIL and UNSUPPORTED reasons it would show, --allocator all, --json and
# --junit, ci/test.sh; each hint only while the run did not already do it.
#   tests/summary_next.sh PYMEM_CTS_SELFTEST
set -u
selftest=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
cases=selftest.expect_pass.returns,selftest.expect_fail.check_fails
cases=$cases,selftest.expect_crash.segfault,selftest.expect_unsupported.says_why
run() { "$selftest" --filter "$cases" --no-default-expectations --jobs 2 "$@"; }

# -v: the result lines of the failing runs are the summary's failing list.
run -v --allocator default,malloc >"$dir/verbose" 2>&1
[ $? -eq 1 ] || fail "a run with failing cases did not exit 1"
grep -E '^(FAIL|XPASS|CRASH|TIMEOUT|ERROR) ' "$dir/verbose" |
    sed 's/^\([A-Z]*\) *\(\[[a-z_]*\]\) \([^:]*\).*/\1 \2 \3/' | sort >"$dir/bad"
sed -n '/^failing: /,/^[^ ]/s/^  \([A-Z]*\) *\(\[[a-z_]*\]\) \(.*\)$/\1 \2 \3/p' "$dir/verbose" |
    sort >"$dir/named"
[ "$(wc -l <"$dir/bad")" -eq 4 ] || fail "expected 4 failing runs (2 cases x 2 modes), saw: $(cat "$dir/bad")"
cmp -s "$dir/bad" "$dir/named" || fail "the summary names $(tr '\n' ';' <"$dir/named"), the run failed $(tr '\n' ';' <"$dir/bad")"
grep -q "^failing: 4 case runs$" "$dir/verbose" || fail "no 'failing: 4 case runs' line"
grep -q '^  -v ' "$dir/verbose" && fail "-v is suggested to a run given -v"
grep -q '^  --allocator all .*not only these$' "$dir/verbose" || fail "no --allocator all hint after two modes"
grep -q '^  --json FILE, --junit FILE ' "$dir/verbose" || fail "no --json/--junit hint without reports"
grep -q '^  ci/test.sh ' "$dir/verbose" || fail "no ci/test.sh hint"

# Without -v, every mode, both reports: only -v (with the counts the table
# gives) and ci/test.sh are left to suggest.
run --allocator all --json "$dir/r.json" --junit "$dir/r.xml" >"$dir/quiet" 2>&1
unsupported=$(awk '$1 == "allocator" { for (i = 1; i <= NF; i++) if ($i == "UNSUPPORTED") col = i }
                   $1 == "total" { print $col }' "$dir/quiet")
grep -q "^  -v  *a line per case run, with the reasons of the 0 XFAIL and $unsupported UNSUPPORTED$" "$dir/quiet" ||
    fail "no -v hint counting the table's $unsupported UNSUPPORTED"
grep -q '^  --allocator all ' "$dir/quiet" && fail "--allocator all is suggested to a run of every mode"
grep -q '^  --json' "$dir/quiet" && fail "--json is suggested to a run that wrote both reports"
grep -q '^  CRASH    \[pymalloc_debug\] selftest.expect_crash.segfault$' "$dir/quiet" ||
    fail "the CRASH under pymalloc_debug is not named"

# One report asked for: the other is suggested.
run --allocator all --json "$dir/r.json" >"$dir/one" 2>&1
grep -q '^  --junit FILE  *the JUnit XML report too$' "$dir/one" || fail "no --junit hint after --json alone"
grep -q '^  --json' "$dir/one" && fail "--json is suggested to a run given --json"

# A run that passes names nothing as failing.
"$selftest" --filter selftest.expect_pass.returns --no-default-expectations >"$dir/pass" 2>&1 ||
    fail "a passing run exited $?"
grep -q '^failing' "$dir/pass" && fail "a passing run has a failing list"
grep -q '^  --allocator all .*not only default$' "$dir/pass" || fail "no --allocator all hint after the default mode"
[ "$status" -ne 0 ] && { echo "--- the -v run:"; tail -20 "$dir/verbose"; exit 1; }
echo "ok: the summary named the 4 failing runs; its hints follow what the run did"
sed -n '/^failing/,$p' "$dir/verbose"
