#!/bin/sh
# ci/starved-run.sh on the selftest cases, whose results are known: starved
# runs that agree with the baseline give a row of 0 differing and exit 0; a
# baseline with one result changed gives exactly that one difference and
# exit 1; a run that leaves no report is a failure, not a row; SIGTERM
# ends the script at once, with its run; no busy loop outlives the script.
#   starved_run.sh SOURCE_DIR SELFTEST COMPARE
set -u
src=$1 selftest=$2 compare=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
loops() { pgrep -f -c 'while :; do :; done' || true; }
filter='selftest.expect_pass.returns,selftest.expect_fail.check_fails,selftest.expect_pass.death_test,selftest.expect_pass.fresh_process_unbooted'
sr() { "$src/ci/starved-run.sh" --hogs-per-core 1 --compare "$compare" "$@"; }
before=$(loops)

sr --runs 2 --out "$dir/agree" "$selftest" --filter "$filter" >"$dir/agree.out" 2>&1
rc=$?
cat "$dir/agree.out"
[ "$rc" -eq 0 ] || fail "agreeing runs: exit $rc, want 0"
[ "$(grep -c '^starved-[12] *0 ' "$dir/agree.out")" -eq 2 ] || fail "agreeing runs: want two rows of 0 differing"
[ "$(grep -c '"result":' "$dir/agree/starved-1.json")" -eq 4 ] || fail "a starved run does not hold the 4 case runs"

sed '0,/"result":\t"PASS"/s//"result":\t"FAIL"/' "$dir/agree/baseline.json" >"$dir/changed.json"
cmp -s "$dir/changed.json" "$dir/agree/baseline.json" && fail "the test could not change a result"
sr --runs 1 --baseline "$dir/changed.json" --out "$dir/differ" "$selftest" --filter "$filter" >"$dir/differ.out" 2>&1
rc=$?
cat "$dir/differ.out" "$dir/differ/starved-1.diff"
[ "$rc" -eq 1 ] || fail "a changed baseline: exit $rc, want 1"
grep -q '^starved-1 *1 ' "$dir/differ.out" || fail "a changed baseline: want a row of 1 differing"
[ ! -e "$dir/differ/baseline.json" ] || fail "--baseline given, and a baseline run made anyway"

sr --runs 1 --out "$dir/broken" "$selftest" --filter "$filter" --jobs 0 >"$dir/broken.out" 2>&1
rc=$?
[ "$rc" -ne 0 ] || fail "a run that ends on bad input: exit 0"
grep -q 'no report' "$dir/broken.out" || fail "a run that ends on bad input: not said"

"$src/ci/starved-run.sh" --compare "$compare" --out "$dir/stopped" "$selftest" \
    --filter selftest.expect_pass.busy_for_two_seconds --jobs 1 >"$dir/stopped.out" 2>&1 &
script=$!
sleep 1
kill -TERM "$script"
wait "$script"
rc=$?
[ "$rc" -eq 130 ] || fail "SIGTERM: exit $rc, want 130"
sleep 1
[ "$(pgrep -f -c -- "$selftest --" || true)" -eq 0 ] || fail "SIGTERM: the suite's run outlived the script"

[ "$(loops)" -eq "$before" ] || fail "busy loops outlived the script: $(loops), were $before"
[ $status -eq 0 ] && echo "starved runs: ok"
exit $status
