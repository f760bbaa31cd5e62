#!/bin/sh
# Every output is checked before the run: a report path that is not a
# regular file (a device, FIFO, directory, /dev/stdout), in a missing or
# unwritable directory, empty, too long, or the same file for --json and
# --junit is one line and exit 2 before any case runs, and leaves what is
# at the path as it was. A symlink is followed: its target is written. A
# stdout that is closed or full is exit 2 with one line.
set -u
cts=$1
dir=$(mktemp -d)
trap 'chmod -R u+w "$dir"; rm -rf "$dir"' EXIT
status=0
one=--filter=families.raw.malloc_zero
fail() { echo "FAIL: $*"; status=1; }
refused() {
    "$cts" "$one" "$@" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne 2 ] || [ "$(wc -l <"$dir/err")" -ne 1 ] || [ -s "$dir/out" ]; then
        fail "pymem-cts $(echo "$*" | cut -c1-80): exit $rc (want 2, one line, no run), stderr: $(cat "$dir/err")"
    else
        echo "ok: $(echo "$*" | cut -c1-80) -> $(cat "$dir/err")"
    fi
}
cd "$dir" || exit 1
mkfifo fifo
mkdir sub ro && chmod a-w ro
refused --json fifo
refused --junit fifo
refused --json sub
refused --json sub/
refused --json /dev/stdout
refused --junit /dev/fd/1
refused --json ''
refused --json no/such/dir/r.json
refused --json "$(printf 'x%.0s' $(seq 5000))"
refused --json same --junit same
ln -s same alias
refused --json same --junit alias
[ "$(id -u)" -ne 0 ] && refused --json ro/r.json
[ -p fifo ] || fail "the FIFO was replaced"
# A device node (as root: a copy of /dev/null's, never /dev itself).
if mknod null c 1 3 2>/dev/null; then
    refused --json null
    refused --junit null
    [ -c null ] || fail "the device node was replaced: $(ls -l null)"
fi
# A symlink, dangling or not, is followed, and the link is left a link.
ln -s target.json link
"$cts" "$one" --json link >/dev/null 2>&1 || fail "--json link: exit $?"
[ -L link ] && [ -f target.json ] || fail "--json link replaced the link: $(ls -l link target.json)"
# A new report is 0666 less the umask; a replaced one keeps its mode.
(umask 022 && "$cts" "$one" --json new.json >/dev/null 2>&1)
[ "$(stat -c %a new.json)" = 644 ] || fail "a new report has mode $(stat -c %a new.json)"
chmod 640 new.json
"$cts" "$one" --json new.json >/dev/null 2>&1
[ "$(stat -c %a new.json)" = 640 ] || fail "a replaced report has mode $(stat -c %a new.json)"
# stdout that cannot be written: closed, or full.
"$cts" "$one" >&- 2>"$dir/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q 'stdout is closed' "$dir/err" || fail "closed stdout: exit $rc"
"$cts" "$one" --json full.json >/dev/full 2>"$dir/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q 'cannot write to stdout' "$dir/err" && [ -s full.json ] ||
    fail "stdout on /dev/full: exit $rc, stderr: $(cat "$dir/err")"
"$cts" --list >/dev/full 2>/dev/null && fail "--list to /dev/full: exit 0"
[ $status -eq 0 ] && echo "report outputs: ok"
exit $status
