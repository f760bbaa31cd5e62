#!/bin/sh
# install_programs.sh: an install is a whole tool. Installed into a prefix
# in the build directory, every program in bin/ (pymem-cts, -verdict,
# -matrix, -compare, -certify) answers --help (exit 0, its usage on stdout,
# nothing on stderr) and --version (exit 0, "NAME VERSION"); the docs and the
# report's JSON Schema are in share/doc/pymem-cts; pymem-cts-verdict given
# only a report finds the installed must-pass lists and waivers (the same
# verdict as naming them all, and an XFAIL of a suite waiver is no vendor's);
# pymem-cts-certify verifies with the installed data.
#   tests/install_programs.sh BUILD_DIR
set -u
build=$1 status=0
fail() { echo "FAIL: $*"; status=1; }
# The prefix in the build directory: a test hides /tmp for a while.
dir=$(mktemp -d "$build/install-programs.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cmake --install "$build" --prefix "$dir/p" >"$dir/install.log" 2>&1 ||
    { cat "$dir/install.log"; echo "FAIL: cmake --install $build"; exit 1; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
bin=$dir/p/bin share=$dir/p/share
for name in pymem-cts pymem-cts-verdict pymem-cts-matrix pymem-cts-compare pymem-cts-certify; do
    [ -x "$bin/$name" ] || fail "not installed: bin/$name"
done
for program in "$bin"/*; do
    name=${program##*/}
    "$program" --help >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$dir/err" ] || ! head -n 1 "$dir/out" | grep -q "^usage: .*$name"; then
        fail "$name --help: exit $rc, stdout '$(head -n 1 "$dir/out")', stderr '$(head -n 1 "$dir/err")'"
    fi
    "$program" --version >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$dir/err" ] || ! grep -q "^$name $version\( \|$\)" "$dir/out"; then
        fail "$name --version: exit $rc, '$(cat "$dir/out" "$dir/err")', not '$name $version'"
    fi
done
echo "ok: $(ls "$bin" | wc -l) programs in bin/ answer --help and --version ($version)"
for f in README.md report-schema.md report-schema.json findings.md; do
    [ -f "$share/doc/pymem-cts/$f" ] || fail "not installed: share/doc/pymem-cts/$f"
done

# A report with an XFAIL a suite waiver gives (the debug hooks' abort of a
# block freed across the lifecycle: every CPython release build).
"$bin/pymem-cts" -v --filter families.raw.decode_locale_across_lifecycle --allocator debug \
    --json "$dir/r.json" >"$dir/run.txt" 2>&1
grep -q '^XFAIL ' "$dir/run.txt" || echo "note: no XFAIL on this build: $(grep '^[A-Z]* *\[' "$dir/run.txt" | cut -c1-80)"
data=$share/pymem-cts
set --
for f in "$data"/expectations/*.json; do set -- "$@" --waivers "$f"; done
"$bin/pymem-cts-verdict" "$@" "$dir/r.json" "$data/mustpass/$version" >"$dir/named" 2>&1
named_rc=$?
"$bin/pymem-cts-verdict" "$dir/r.json" >"$dir/default" 2>&1
default_rc=$?
"$bin/pymem-cts-verdict" "$dir/r.json" "$data/mustpass/$version" >"$dir/none" 2>&1
if [ "$default_rc" -ne "$named_rc" ] || [ "$default_rc" -eq 2 ] || ! cmp -s "$dir/named" "$dir/default"; then
    fail "the verdict with the installed data found (exit $default_rc) is not the one naming it (exit $named_rc):"
    diff "$dir/named" "$dir/default" | head -5
elif ! grep -q '^coverage embedding: ' "$dir/default" || grep -q 'VENDOR WAIVER' "$dir/default"; then
    fail "the default verdict has no coverage, or calls a suite waiver the vendor's: $(grep -m 3 'coverage\|VENDOR' "$dir/default")"
elif grep -q '^XFAIL ' "$dir/run.txt" && ! grep -q 'VENDOR WAIVER' "$dir/none"; then
    fail "without any waiver the XFAIL is not a vendor's: the check above proves nothing"
else
    echo "ok: pymem-cts-verdict REPORT finds the installed lists and waivers: $(head -n 1 "$dir/default")"
fi
# A report of another suite version: one line, exit 2.
sed 's/"suite_version":[[:space:]]*"[^"]*"/"suite_version": "0.0.1"/' "$dir/r.json" >"$dir/old.json"
"$bin/pymem-cts-verdict" "$dir/old.json" >"$dir/out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q "a report of suite 0.0.1, this is suite $version" "$dir/out" ||
    fail "a report of another version: exit $rc, $(head -n 2 "$dir/out")"
# pymem-cts-certify: the installed data, no checkout (freeze needs one).
"$bin/pymem-cts-certify" verify "$dir/no-such-package" >"$dir/out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q 'is not a directory' "$dir/out" || fail "certify verify of nothing: exit $rc, $(cat "$dir/out")"
"$bin/pymem-cts-certify" freeze >"$dir/out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q 'run ci/certify.sh freeze there' "$dir/out" || fail "installed freeze: exit $rc, $(cat "$dir/out")"
[ "$status" -eq 0 ] && echo "install: every program answers, the verdict and certify find the installed data"
exit "$status"
