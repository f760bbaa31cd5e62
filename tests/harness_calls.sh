#!/bin/sh
# The suite's own system calls in case code (checked.c) that fail end the
# case as ERROR naming the call, not as the Python's CRASH or FAIL: threads
# that cannot get their stack (a 3 GB RLIMIT_STACK under a 4 GB
# RLIMIT_AS), fork, pthread_create and memfd_create under RLIMIT_NPROC or
# RLIMIT_NOFILE 0 (the selftest's expect_error cases, a death test among
# them), and the config cases' scratch files, which no longer live in
# /tmp: with /tmp read-only they pass, wherever the suite is (under /tmp too).
set -u
cts=$1 selftest=$2 check=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
threads='tracemalloc.threads.*,families.raw.threads*,families.raw.while*'
# shellcheck disable=SC3045 # ulimit -v and -s: dash (Debian's sh) and bash have both
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
# /tmp read-only: bound onto itself read-only in a mount namespace of its
# own, so that what lies under it stays there (a checkout or a build in
# /tmp still runs); the suite itself is run from its build and from an
# install under /tmp.
readonly_tmp() { # COMMAND...: runs it with /tmp read-only
    unshare -m --propagation private sh -c 'mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp || exit 3
        if touch /tmp/.pymem-cts-writable 2>/dev/null; then echo "/tmp is still writable"; exit 3; fi
        exec "$@"' sh "$@"
}
config_with_tmp_readonly() { # PYMEM_CTS WHERE
    readonly_tmp "$1" --filter "config.*" >"$dir/ro.txt" 2>&1 ||
        { echo "FAIL: config.* with /tmp read-only, $2:"; cat "$dir/ro.txt"; status=1; return; }
    echo "ok: config.* with /tmp read-only, $2: $(grep 'case runs in' "$dir/ro.txt")"
}
if readonly_tmp true 2>/dev/null; then
    config_with_tmp_readonly "$cts" "the build in $(dirname "$cts")"
    in_tmp=$(mktemp -d /tmp/pymem-cts-ro.XXXXXX)
    trap 'rm -rf "$dir" "$in_tmp"' EXIT
    if [ -f "$(dirname "$cts")/CMakeCache.txt" ]; then
        cmake --install "$(dirname "$cts")" --prefix "$in_tmp" >"$dir/install.txt" 2>&1 ||
            { echo "FAIL: cmake --install into $in_tmp:"; cat "$dir/install.txt"; status=1; }
        [ $status -eq 0 ] && config_with_tmp_readonly "$in_tmp/bin/pymem-cts" "installed under /tmp"
    fi
else
    echo "skipped: config.* with /tmp read-only: no mount namespace (unshare -m needs root)"
fi
[ $status -eq 0 ] && echo "harness calls: ok"
exit $status
