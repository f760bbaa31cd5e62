#!/bin/sh
# fuzz_replay_errors.sh: the replay driver refuses bad arguments with a
# one-line error and exit 2, before starting Python.
#   fuzz_replay_errors.sh REPLAY_BINARY
set -u
replay=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/empty"
touch "$tmp/empty/.gitkeep"
status=0
expect_error() {
    what=$1
    shift
    err=$("$replay" "$@" 2>&1 >/dev/null)
    rc=$?
    lines=$(printf '%s\n' "$err" | grep -c .)
    if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ]; then
        echo "FAIL $what: exit $rc, $lines lines: $err"
        status=1
    else
        echo "ok   $what: $err"
    fi
}
expect_error "no argument"
expect_error "a missing path" "$tmp/nowhere"
expect_error "an unknown option" -x "$tmp/empty"
expect_error "only dotfiles" "$tmp/empty"
exit $status
