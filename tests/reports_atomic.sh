#!/bin/sh
# Reports are written whole or not at all: a run killed before its end
# leaves no report file (and no temporary file), and an unwritable report
# path is refused before any case runs (exit 2), so no run is lost to it.
set -u
selftest=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$selftest" --filter 'selftest.expect_timeout.hangs' --timeout 30 --json "$dir/r.json" \
    --no-default-expectations >/dev/null 2>&1 &
pid=$!
sleep 1
kill -9 "$pid"
wait "$pid" 2>/dev/null
sleep 0.2 # its worker and case child die with it (no_survivors.sh)
if [ -n "$(ls -A "$dir")" ]; then
    echo "FAIL: a killed run left files: $(ls -A "$dir")"; exit 1
fi
"$selftest" --filter 'selftest.expect_pass.returns' --json "$dir/no/such/dir/r.json" \
    --no-default-expectations >"$dir/out" 2>"$dir/err"
rc=$?
if [ "$rc" -ne 2 ] || ! grep -q 'no/such/dir/r.json: its directory' "$dir/err" || [ -s "$dir/out" ]; then
    echo "FAIL: unwritable report: exit $rc (want 2 before the run)"; cat "$dir/out" "$dir/err"; exit 1
fi
echo "reports atomic: ok"
