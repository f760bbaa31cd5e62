#!/bin/sh
# ci/sid-root.sh on bad input: an unknown option or command, a missing
# value, a root that was never made, exec with no command, a root given by
# --sid-root or $PYMEM_CTS_SID_ROOT that is no directory, --sid-root with
# --dir or --refresh, mmdebstrap failing: each a one-line error and exit
# status 2, and nothing made; an interrupted make leaves no partial root.
set -u
script=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
passed=0 failed=0
check() { # description, then the arguments
    what=$1
    shift
    "$script" "$@" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -eq 2 ] && [ "$(wc -l <"$dir/err")" -eq 1 ] && [ ! -s "$dir/out" ]; then
        passed=$((passed + 1))
        echo "ok: $what: $(cat "$dir/err")"
    else
        failed=$((failed + 1))
        echo "FAIL: $what: exit $rc, stdout '$(cat "$dir/out")', stderr:"
        cat "$dir/err"
    fi
}
check "unknown option" --bogus create
check "unknown command" --dir "$dir/none" frobnicate
check "no command" --dir "$dir/none"
check "--dir without a value" --dir
check "pythons of a root never made" --dir "$dir/none" pythons
check "exec in a root never made" --dir "$dir/none" exec true
check "path of a root never made" --dir "$dir/none" path
check "--sid-root without a value" --sid-root
check "--sid-root that is no directory" --sid-root "$dir/none" pythons
check "exec in a --sid-root that is no directory" --sid-root "$dir/none" exec true
check "--sid-root and --dir" --dir "$dir/none" --sid-root "$dir" pythons
check "--refresh of a --sid-root" --sid-root "$dir" --refresh create
PYMEM_CTS_SID_ROOT=$dir/none
export PYMEM_CTS_SID_ROOT
check "PYMEM_CTS_SID_ROOT that is no directory" create
unset PYMEM_CTS_SID_ROOT
# A failing mmdebstrap (no network, say): its error in one line, no root left.
mkdir -p "$dir/bin"
printf '#!/bin/sh\necho "I: downloading"\necho "E: the mirror cannot be reached"\nexit 1\n' >"$dir/bin/mmdebstrap"
chmod +x "$dir/bin/mmdebstrap"
PATH="$dir/bin:$PATH" "$script" --dir "$dir/none" create >"$dir/out" 2>"$dir/err"
rc=$?
if [ "$rc" -eq 2 ] && [ ! -s "$dir/out" ] &&
    tail -n 1 "$dir/err" | grep -q "^sid-root: mmdebstrap failed: E: the mirror cannot be reached"; then
    passed=$((passed + 1))
    echo "ok: mmdebstrap fails: $(tail -n 1 "$dir/err")"
else
    failed=$((failed + 1))
    echo "FAIL: mmdebstrap fails: exit $rc, stderr:"
    cat "$dir/err"
fi
[ ! -e "$dir/none" ] && [ ! -e "$dir/none.new" ] ||
    { echo "FAIL: a root directory was made"; failed=$((failed + 1)); }
# An interrupted make (timeout's SIGTERM) leaves no partial root behind (a
# background job ignores SIGINT, so only SIGTERM can be sent here).
printf '#!/bin/sh\nfor a; do t=$a; done\nmkdir -p "$t" && : >"$t/partial" && exec sleep 60\n' >"$dir/bin/mmdebstrap"
PATH="$dir/bin:$PATH" setsid "$script" --dir "$dir/cut" create >/dev/null 2>&1 &
pid=$!
while [ ! -e "$dir/cut.new/partial" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
kill -s TERM -- "-$pid" 2>/dev/null
wait "$pid"
if [ -e "$dir/cut.new/partial" ] || [ -e "$dir/cut" ]; then
    failed=$((failed + 1))
    echo "FAIL: create interrupted by SIGTERM: $(ls -d "$dir/cut" "$dir/cut.new" 2>/dev/null) left"
elif [ -e "$dir/cut.log" ]; then
    passed=$((passed + 1))
    echo "ok: create interrupted by SIGTERM: no partial root left"
else
    failed=$((failed + 1))
    echo "FAIL: create interrupted by SIGTERM: it never started"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
