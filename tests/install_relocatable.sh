#!/bin/sh
# install_relocatable.sh: the install is relocatable and finds its data
# relative to itself: `cmake --install BUILD --prefix T/a`, the prefix moved
# to T/b, then from another working directory T/b/bin/pymem-cts checks and
# runs with the expectations in T/b/share/pymem-cts (a malformed file put
# there is the one named); with that share directory gone it is exit 2 and
# one line naming where it looked, and --no-default-expectations still runs;
# pymem-cts-verdict and pymem-cts-certify find their data there too; the
# man page is installed.
# BUILD_DIR may be a host build (CTS_HOST): its launcher finds the installed
# module (tests/host_agrees.sh runs this on its host build).
#   tests/install_relocatable.sh BUILD_DIR
set -u
build=$1
dir=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; [ -s "$dir/err" ] && cat "$dir/err"; exit 1; }
cmake --install "$build" --prefix "$dir/a" >"$dir/err" 2>&1 || fail "cmake --install $build"
for f in bin/pymem-cts bin/pymem-cts-verdict bin/pymem-cts-matrix bin/pymem-cts-compare \
    bin/pymem-cts-certify; do
    [ -x "$dir/a/$f" ] || fail "not installed: $f"
done
for f in expectations/families.json mustpass/0.2.0/embedding.txt mustpass/0.2.0/waivers.sha256; do
    [ -f "$dir/a/share/pymem-cts/$f" ] || fail "not installed: share/pymem-cts/$f"
done
if grep -q '^CTS_HOST:BOOL=ON' "$build/CMakeCache.txt"; then # the module, beside the launcher's libdir
    ls "$dir"/a/lib*/pymem-cts/pymem_cts_host*.so >/dev/null 2>&1 || fail "host module not installed"
fi
# The man page, always (docs/man/pymem-cts.1, kept by hand).
grep -q '^\.SH EXIT STATUS$' "$dir/a/share/man/man1/pymem-cts.1" 2>/dev/null ||
    fail "share/man/man1/pymem-cts.1 is not installed"
echo "ok: man page share/man/man1/pymem-cts.1"
mv "$dir/a" "$dir/b"
mkdir "$dir/elsewhere" && cd "$dir/elsewhere" || exit 1
cts=$dir/b/bin/pymem-cts data=$dir/b/share/pymem-cts/expectations
"$cts" --check-expectations >"$dir/out" 2>"$dir/err" || fail "moved install: --check-expectations: exit $?"
echo "ok: moved install: --check-expectations: $(tail -1 "$dir/out")"
"$cts" --filter 'families.raw.*' --json "$dir/r.json" >"$dir/out" 2>"$dir/err" ||
    fail "moved install: --filter families.raw.*: exit $?"
echo "ok: moved install: $(grep "case runs in" "$dir/out")"
"$dir/b/bin/pymem-cts-verdict" "$dir/r.json" >"$dir/out" 2>"$dir/err"
rc=$?
[ "$rc" -le 1 ] && grep -q '^coverage embedding: ' "$dir/out" ||
    fail "moved install: pymem-cts-verdict REPORT does not find the moved lists: exit $rc"
"$dir/b/bin/pymem-cts-certify" --version >"$dir/out" 2>"$dir/err" ||
    fail "moved install: pymem-cts-certify --version: exit $?"
echo "ok: moved install: the verdict finds its lists, $(cat "$dir/out")"
printf '{' >"$data/zz-probe.json"
"$cts" --filter 'families.raw.*' >"$dir/out" 2>"$dir/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "$data/zz-probe.json" "$dir/err" ||
    fail "a malformed file in $data was not read (exit $rc)"
echo "ok: the installed expectations are read: $(cat "$dir/err")"
rm "$data/zz-probe.json"
mv "$dir/b/share" "$dir/share-away"
"$cts" --filter 'families.raw.*' >"$dir/out" 2>"$dir/err"
rc=$?
[ "$rc" -eq 2 ] && [ "$(wc -l <"$dir/err")" -eq 1 ] && grep -q "$data: No such file" "$dir/err" ||
    fail "share/ removed: exit $rc (want 2 and one line naming $data)"
echo "ok: share/ removed: $(cat "$dir/err")"
"$cts" --filter 'families.raw.*' --no-default-expectations >"$dir/out" 2>"$dir/err" ||
    fail "share/ removed, --no-default-expectations: exit $?"
echo "ok: share/ removed, --no-default-expectations: $(grep "case runs in" "$dir/out")"
echo "install relocatable: ok"
