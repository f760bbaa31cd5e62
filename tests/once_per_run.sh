#!/bin/sh
# once_per_run.sh: a case the run's mode cannot reach (case.h, once_per_run)
# runs once with --allocator all: its child is started in the first mode
# only, and every other mode's record is that result, naming the mode it ran
# in, with no time of its own; a case of every mode still runs in each.
#   once_per_run.sh SELFTEST
set -u
selftest=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
TMPDIR=$dir "$selftest" --no-default-expectations --allocator all --json "$dir/r.json" \
    --filter 'selftest.expect_pass.once_per_run,selftest.expect_pass.returns' >"$dir/out" 2>&1 ||
    { echo "FAIL: the run did not pass:"; cat "$dir/out"; exit 1; }
runs=$(wc -l <"$dir/once_per_run.tally")
[ "$runs" -eq 1 ] || { echo "FAIL: the once-per-run case ran $runs times, not once"; exit 1; }
python3 - "$dir/r.json" <<'PY'
import json, sys

report = json.load(open(sys.argv[1]))
modes = [m["allocator"] for m in report["runs"]]
once = [c for c in report["cases"] if c["id"] == "selftest.expect_pass.once_per_run"]
each = [c for c in report["cases"] if c["id"] == "selftest.expect_pass.returns"]
ran = [c for c in once if "ran_in" not in c]
problems = []
if sorted(c["allocator"] for c in once) != sorted(modes):
    problems.append("not one record per mode: %s" % [c["allocator"] for c in once])
if [c["allocator"] for c in ran] != modes[:1]:
    problems.append("not run in the first mode (%s) only: %s" % (modes[0], ran))
for c in once:
    if c not in ran and (c["ran_in"] != modes[0] or c["seconds"] != 0 or c["result"] != "PASS"):
        problems.append("a stand-in record is not the first mode's result: %s" % c)
if sorted(c["allocator"] for c in each) != sorted(modes) or any("ran_in" in c for c in each):
    problems.append("a case of every mode did not run in each: %s" % each)
print("\n".join("FAIL: " + p for p in problems) or
      "ok   ran once in %s, standing for %d other modes" % (modes[0], len(modes) - 1))
sys.exit(1 if problems else 0)
PY
