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
# Killed once its case runs (driver, worker and case child: 3 processes of
# the binary), not after a time a loaded machine may not have started it in.
exe=$(readlink -f "$selftest")
runs() { for p in /proc/[0-9]*; do [ "$(readlink "$p/exe" 2>/dev/null)" = "$exe" ] && echo; done | wc -l; }
while [ "$(runs)" -lt 3 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
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
