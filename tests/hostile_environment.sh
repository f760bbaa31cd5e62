#!/bin/sh
# hostile_environment.sh: the suite in an environment set against it (the
# second hostile run's N15, N16). Under a file size limit (ulimit -f 1) a
# report that cannot be written is one line naming it and exit 2, with no
# temporary file left, never a run killed by SIGXFSZ; without /proc (a
# private mount namespace with an empty /proc), the suite run through PATH
# still finds itself, its workers and its expectations (else SKIP that
# check, saying why, where namespaces cannot be made).
#   hostile_environment.sh SELFTEST CTS
# shellcheck disable=SC2034 # out, rc: read by the checks' eval
set -u
selftest=$1 cts=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; status=1; fi; }

(cd "$tmp" && ulimit -f 1 && exec "$selftest" --filter selftest.expect_pass.returns --json e.json \
    >/dev/null 2>"$tmp/err")
rc=$?
check "ulimit -f 1: exit 2, 'cannot write ... File too large', no temporary file ($(cat "$tmp/err"))" '[ $rc -eq 2 ] && grep -q "cannot write .*e.json: File too large" "$tmp/err" && [ -z "$(ls "$tmp" | grep "^e.json")" ]'

dir=$(dirname "$cts") name=$(basename "$cts")
if unshare -m --propagation private true 2>/dev/null; then
    out=$(unshare -m --propagation private sh -c 'mount -t tmpfs tmpfs /proc && [ ! -e /proc/self/exe ] &&
        PATH="$1:$PATH" exec "$2" --filter families.raw.malloc_zero --allocator default,debug' sh "$dir" "$name" 2>&1)
    rc=$?
    check "no /proc, run through PATH: it finds itself (exit $rc)" '[ $rc -eq 0 ] && echo "$out" | grep -q "^total  *2  *0 "'
else
    echo "SKIP no /proc: cannot make a mount namespace here (unshare -m)"
fi
exit $status
