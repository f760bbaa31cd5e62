#!/bin/sh
# The suite's own system calls in case code (checked.c) that fail end the
# case as ERROR naming the call, not as the Python's CRASH or FAIL: threads
# that cannot get their stack (a 3 GB RLIMIT_STACK under a 4 GB
# RLIMIT_AS), fork, pthread_create and memfd_create under RLIMIT_NPROC or
# RLIMIT_NOFILE 0 (the selftest's expect_error cases, a death test among
# them), and the config cases' scratch files, which no longer live in
# /tmp: with /tmp read-only they pass.
set -u
cts=$1 selftest=$2 check=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
threads='tracemalloc.threads.*,families.raw.threads*,families.raw.while*'
(ulimit -v 4000000 && ulimit -s 3000000 && exec "$cts" --filter "$threads") >"$dir/threads.txt" 2>&1
if grep -Eq '^(CRASH|FAIL|TIMEOUT) ' "$dir/threads.txt" ||
    ! grep -q '^ERROR .*pthread_create failed: Resource temporarily unavailable' "$dir/threads.txt"; then
    echo "FAIL: threads without a stack:"; cat "$dir/threads.txt"; status=1
else
    echo "ok: threads without a stack: $(grep -c '^ERROR' "$dir/threads.txt") ERROR naming pthread_create"
fi
"$selftest" --no-default-expectations --filter 'selftest.expect_error.*' --json "$dir/e.json" \
    >"$dir/errors.txt" 2>&1
"$check" "$dir/e.json" --by-name || { cat "$dir/errors.txt"; status=1; }
for call in fork pthread_create memfd_create; do
    grep -q "^ERROR .*: $call failed: " "$dir/errors.txt" ||
        { echo "FAIL: no ERROR names $call"; status=1; }
done
if unshare -m --propagation private true 2>/dev/null; then
    unshare -m --propagation private sh -c 'mount -t tmpfs -o ro tmpfs /tmp && exec "$0" --filter "config.*"' \
        "$cts" >"$dir/ro.txt" 2>&1 || { echo "FAIL: config.* with /tmp read-only:"; cat "$dir/ro.txt"; status=1; }
    [ $status -eq 0 ] && echo "ok: config.* with /tmp read-only: $(tail -n 1 "$dir/ro.txt")"
fi
[ $status -eq 0 ] && echo "harness calls: ok"
exit $status
