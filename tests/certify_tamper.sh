#!/bin/sh
# certify_tamper.sh: ci/certify.sh make writes a signed package of this
# build, and verify accepts it intact (also on a read-only mount) but
# rejects every tampering: results forged with the verdict and manifest
# recomputed (by the signature, and by re-running the cases), the vendor's
# own waivers, a removed suite waiver, a trimmed must-pass list, a changed
# file, an added symlink, FIFO, nested manifest or stray file, a manifest
# path outside the package, a suite version this suite does not know; and a
# report tool that cannot be built is the suite's failure (exit 2), never
# the package's.
#   certify_tamper.sh SOURCE_DIR BUILD_DIR
set -u
src=$1 build=$2
certify="$src/ci/certify.sh"
export CTS_CERTIFY_TOOLS="$build"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; status=1; fi; }
verify() { out=$("$certify" verify "$@" 2>&1); rc=$?; }
says() { printf '%s\n' "$out" | grep -q "$1"; }
# A copy of the package to tamper with.
copy() { rm -rf "$tmp/t"; cp -a "$tmp/pkg" "$tmp/t"; }
# What a forger does after editing: a verdict from the suite's tool, a fresh manifest.
reseal() {
    waivers=$(for f in "$tmp/t"/expectations/*.json; do printf ' --waivers %s' "$f"; done)
    # shellcheck disable=SC2086
    "$build/pymem-cts-verdict" --record $waivers "$tmp/t/results.json" "$src/conformance/mustpass/$version" \
        >"$tmp/t/verdict.txt"
    (cd "$tmp/t" && sha256sum results.json console.txt fingerprint.txt verdict.txt mustpass/*.txt \
        expectations/*.json >MANIFEST.sha256)
}

ssh-keygen -q -t ed25519 -N '' -C certifier -f "$tmp/key" </dev/null
ssh-keygen -q -t ed25519 -N '' -C other -f "$tmp/other" </dev/null
"$certify" make --sign "$tmp/key" --build "$build" "$(sed -n 's/^Python3_EXECUTABLE:[A-Z]*=//p' "$build/CMakeCache.txt")" "$tmp/pkg" >"$tmp/make.log" 2>&1
rc=$?
check "make writes a signed package (exit $rc)" '[ -f "$tmp/pkg/MANIFEST.sha256.sig" ] && [ -s "$tmp/pkg/results.json" ]'
[ -f "$tmp/pkg/MANIFEST.sha256" ] || { cat "$tmp/make.log"; exit 1; }
version=$(sed -n 's/^suite: pymem-cts \([^ ]*\).*/\1/p' "$tmp/pkg/fingerprint.txt")
check "the verdict names profile, tier and coverage" 'head -n 1 "$tmp/pkg/verdict.txt" | grep -q "profile .*, tier " && grep -q "^coverage embedding: " "$tmp/pkg/verdict.txt"'

verify --key "$tmp/key.pub" "$tmp/pkg"
check "the intact package verifies with its key" '[ $rc -eq 0 ] && says "signed with the key" && says " intact against suite "'
verify --key "$tmp/other.pub" "$tmp/pkg"
check "another key's signature is rejected" '[ $rc -eq 1 ] && says "TAMPERED: the manifest.s signature"'
mkdir "$tmp/ro"
if unshare -m sh -c 'mount --bind "$1" "$2" && mount -o remount,ro,bind "$2"' sh "$tmp/pkg" "$tmp/ro" 2>/dev/null; then
    out=$(unshare -m sh -c 'mount --bind "$1" "$2" && mount -o remount,ro,bind "$2" && ! touch "$2/x" 2>/dev/null && "$3" verify --key "$4" "$2"' \
        sh "$tmp/pkg" "$tmp/ro" "$certify" "$tmp/key.pub" 2>&1)
    rc=$?
    check "it verifies on a read-only mount" '[ $rc -eq 0 ] && says " intact against suite "'
else
    find "$tmp/pkg" -printf '%P %s %T@ %m\n' | sort >"$tmp/before"
    chmod -R a-w "$tmp/pkg"
    verify --key "$tmp/key.pub" "$tmp/pkg"
    chmod -R u+w "$tmp/pkg"
    find "$tmp/pkg" -printf '%P %s %T@ %m\n' | sort | sed 's/ [0-9]*$//' >"$tmp/after"
    check "it verifies read-only and writes nothing there" '[ $rc -eq 0 ] && sed "s/ [0-9]*\$//" "$tmp/before" | cmp -s - "$tmp/after"'
fi

copy
# shellcheck disable=SC2034 # id, pass: read by the checks' eval
id=$(grep -B3 '"result":[[:space:]]*"XFAIL"' "$tmp/t/results.json" | sed -n 's/^[[:space:]]*"id":[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)
sed -i '0,/"result":\([[:space:]]*\)"XFAIL"/s//"result":\1"PASS"/' "$tmp/t/results.json"
reseal
verify "$tmp/t"
check "forged results, resealed: without a key it says they are only self-checked" '[ $rc -eq 0 ] && says "checked only against themselves"'
verify --key "$tmp/key.pub" "$tmp/t"
check "forged results, resealed: the signature rejects them" '[ $rc -eq 1 ] && says "TAMPERED: the manifest.s signature"'
verify --rerun --build "$build" --sample all "$tmp/t"
check "forged results, resealed: re-running the cases rejects them" '[ $rc -eq 1 ] && says "RERUN MISMATCH .*$id: the package says PASS"'

copy
pass=$(grep -B3 '"result":[[:space:]]*"PASS"' "$tmp/t/results.json" | sed -n 's/^[[:space:]]*"id":[[:space:]]*"\(hooks[^"]*\)".*/\1/p' | head -n 1)
printf '{"expectations": [{"case": "%s", "result": "FAIL", "reason": "vendor says so", "measured": ["x"]}]}\n' "$pass" >"$tmp/t/expectations/vendor.json"
sed -i "0,/\"id\":\([[:space:]]*\)\"$pass\"/{//{n;n;s/\"PASS\"/\"XFAIL\",\n\t\t\t\"expectation_reason\":\t\"vendor says so\"/}}" "$tmp/t/results.json"
reseal
verify "$tmp/t"
check "a vendor's own waiver: the verdict recomputed with the suite's waivers differs" '[ $rc -eq 1 ] && says "VENDOR WAIVERS: expectations/vendor.json" && says "VERDICT MISMATCH"'
grep -v "^[^ ]*  expectations/vendor.json" "$tmp/t/MANIFEST.sha256" >"$tmp/m" && cp "$tmp/m" "$tmp/t/MANIFEST.sha256"
rm "$tmp/t/expectations/vendor.json"
verify "$tmp/t"
check "a vendor's waiver used in the run but left out of the package: VERDICT MISMATCH" '[ $rc -eq 1 ] && says "VERDICT MISMATCH"'
# shellcheck disable=SC2046 # the --waivers options are word-split on purpose
"$build/pymem-cts-verdict" $(for f in "$src"/conformance/expectations/*.json; do printf ' --waivers %s' "$f"; done) \
    "$tmp/t/results.json" "$src/conformance/mustpass/$version" >"$tmp/honest"
check "the verdict names a vendor's waiver and no longer certifies the tier it breaks" 'grep -q "^VENDOR WAIVER .*$pass: vendor says so" "$tmp/honest" && ! head -n 1 "$tmp/honest" | grep -q "profile embedding .*tier reference"'

copy
rm "$tmp/t/expectations/pypy.json"
grep -v " expectations/pypy.json\$" "$tmp/t/MANIFEST.sha256" >"$tmp/m" && cp "$tmp/m" "$tmp/t/MANIFEST.sha256"
verify "$tmp/t"
check "a suite waiver file removed with its manifest line is rejected" '[ $rc -eq 1 ] && says "TAMPERED: expectations/pypy.json, a waiver file of suite"'
copy
sed -i '/^families.raw.malloc_zero /d' "$tmp/t/mustpass/embedding.txt"
reseal
verify "$tmp/t"
check "a trimmed must-pass list, resealed, is rejected" '[ $rc -eq 1 ] && says "TAMPERED: mustpass/embedding.txt differs from the frozen list"'
copy
echo extra >>"$tmp/t/console.txt"
verify "$tmp/t"
check "a changed file is rejected" '[ $rc -eq 1 ] && says "TAMPERED: console.txt: FAILED"'

for what in symlink fifo nested stray hidden; do
    copy
    case $what in
    symlink) ln -s /etc/passwd "$tmp/t/extra-link" ;;
    fifo) mkfifo "$tmp/t/expectations/pipe" ;;
    nested) cp "$tmp/t/MANIFEST.sha256" "$tmp/t/expectations/MANIFEST.sha256" ;;
    stray) mkdir "$tmp/t/evil" && : >"$tmp/t/evil/.manifest-files" ;;
    hidden) : >"$tmp/t/.manifest-files" ;;
    esac
    verify "$tmp/t"
    check "an added $what is rejected" '[ $rc -eq 1 ] && says "TAMPERED: not a plain file the manifest lists"'
done
check "verify deletes nothing it finds" '[ -f "$tmp/t/.manifest-files" ]'
for path in /etc/hostname ../outside.json expectations/../../x.json; do
    copy
    echo "$(sha256sum </etc/hostname | cut -d' ' -f1)  $path" >>"$tmp/t/MANIFEST.sha256"
    verify "$tmp/t"
    check "a manifest line naming $path is rejected" '[ $rc -eq 1 ] && says "TAMPERED: the manifest names a path"'
done

copy
sed -i "s/\"suite_version\":\([[:space:]]*\)\"$version\"/\"suite_version\":\1\"9.9.9\"/" "$tmp/t/results.json"
sed -i "s/^suite: pymem-cts $version/suite: pymem-cts 9.9.9/" "$tmp/t/fingerprint.txt"
reseal 2>/dev/null
verify "$tmp/t"
check "a suite version this suite has no frozen lists of cannot be judged (exit 2)" '[ $rc -eq 2 ] && says "no frozen lists of version .9.9.9."'

for args in "verify" "verify $tmp/absent" "verify --sample 0 $tmp/pkg" "verify --bogus $tmp/pkg" "make python3 $tmp/pkg"; do
    # shellcheck disable=SC2086
    out=$("$certify" $args 2>&1); rc=$?
    check "bad input '$args' is one line, exit 2" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$out" | grep -c .) -eq 1 ]'
done

mkdir "$tmp/fb"
printf '#!/bin/sh\nexit 1\n' >"$tmp/fb/cmake" && chmod +x "$tmp/fb/cmake"
out=$(PATH="$tmp/fb:$PATH" CTS_CERTIFY_TOOLS="$tmp/nobuild" "$certify" verify "$tmp/pkg" 2>&1); rc=$?
check "a report tool that cannot be built is the suite's failure (exit 2), not a mismatch" '[ $rc -eq 2 ] && says "cannot build the suite.s pymem-cts-\(verdict\|compare\)" && ! says MISMATCH && ! says TAMPERED'
exit $status
