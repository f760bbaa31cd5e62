#!/bin/bash
# certify_hostile.sh: the second hostile run's certification inputs (N7-N12)
# against `ci/certify.sh verify`, on a small signed package (the cases
# families.raw.* under every allocator mode: NOT CONFORMANT, but intact, so
# each check reads verify's words, not only its exit status).
# - N7 (C42): results forged XFAIL -> PASS, each forged id's entries on one
#   line with "area" first, verdict, manifest and signature re-made: refused
#   (not the suite's layout); the same forgery in the suite's layout is
#   caught by --rerun --sample all, which re-runs every id of the parsed
#   report.
# - N8 (C41): fingerprint.txt names the package's own console.txt, made
#   executable, as the Python: --rerun without --python or --build is exit 2,
#   and never runs it; --python naming it is refused too.
# - N5 (C34, C35): data after results.json's value, a "result" PASS then
#   FAIL, re-signed: TAMPERED.
# - N9 (C25, C27): an intact package in "pkg with space" and in "-pkg":
#   verified.
# - N10 (C43, C32): fingerprint.txt names another suite version; an emptied
#   results.json: TAMPERED with the reason, not a bare exit 1.
# - N11 (C03, C04): --key naming the private key, or an empty file: exit 2,
#   "is not an OpenSSH public key".
# - N12 (C21): results.json a 20 GB sparse file: TAMPERED at once, unread.
#   certify_hostile.sh SOURCE_DIR BUILD_DIR
# shellcheck disable=SC2034 # out, err, rc...: read by the checks' eval
set -u
src=$1 build=$2
certify="$src/ci/certify.sh"
export CTS_CERTIFY_TOOLS="$build"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/cpu_time.sh"
status=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; echo "$out" | sed 's/^/     /' | head -n 5; status=1; fi; }
# shellcheck disable=SC2034 # rc: read by the checks' eval
verify() { out=$(cd "$tmp" && timeout 1200 "$certify" verify "$@" 2>&1); rc=$?; }
says() { printf '%s\n' "$out" | grep -q -- "$1"; }
copy() { rm -rf "$tmp/t"; cp -a "$tmp/pkg" "$tmp/t"; }
remanifest() { (cd "$1" && sha256sum results.json console.txt fingerprint.txt verdict.txt mustpass/*.txt expectations/*.json >MANIFEST.sha256); }
resign() { rm -f "$1/MANIFEST.sha256.sig"; ssh-keygen -q -Y sign -f "$tmp/key" -n pymem-cts-certificate "$1/MANIFEST.sha256"; }
reverdict() {
    local w=()
    for f in "$1"/expectations/*.json; do w+=(--waivers "$f"); done
    "$build/pymem-cts-verdict" --record "${w[@]}" "$1/results.json" "$src/conformance/mustpass/$version" >"$1/verdict.txt"
}
reseal() { reverdict "$1"; remanifest "$1"; resign "$1"; }

# A build of few cases: the suite with --filter families.raw.* unless given one.
mkdir "$tmp/small"
printf '#!/bin/sh\ncase " $* " in *" --filter "*|*" --version "*) exec "%s" "$@" ;; esac\nexec "%s" --filter "families.raw.*" "$@"\n' \
    "$build/pymem-cts" "$build/pymem-cts" >"$tmp/small/pymem-cts"
chmod +x "$tmp/small/pymem-cts"
python=$(sed -n 's/^Python3_EXECUTABLE:[A-Z]*=//p' "$build/CMakeCache.txt")
ssh-keygen -q -t ed25519 -N '' -C certifier -f "$tmp/key" </dev/null
"$certify" make --sign "$tmp/key" --build "$tmp/small" "$python" "$tmp/pkg" >"$tmp/make.log" 2>&1
[ -f "$tmp/pkg/MANIFEST.sha256.sig" ] || { cat "$tmp/make.log"; echo "FAIL make wrote no signed package"; exit 1; }
version=$(sed -n 's/^suite: pymem-cts \([^ ]*\).*/\1/p' "$tmp/pkg/fingerprint.txt")
honest=$(head -n 1 "$tmp/pkg/verdict.txt")
verify --key "$tmp/key.pub" "$tmp/pkg"
check "the small package verifies intact" 'says " intact against suite $version; verdict $honest"'
grep -q '"result":	"XFAIL"' "$tmp/pkg/results.json" || echo "note: the package has no XFAIL to forge"

# N7, C42: forged XFAIL -> PASS, each forged id's entries on one line.
copy
python3 - "$tmp/t/results.json" hide <<'PY' >"$tmp/forged"
import json, sys
p, mode = sys.argv[1], sys.argv[2]
d = json.load(open(p))
forged = {c["id"] for c in d["cases"] if c["result"] in ("XFAIL", "UNSUPPORTED")}
for c in d["cases"]:
    if c["result"] in ("XFAIL", "UNSUPPORTED"):
        c["result"] = "PASS"; c.pop("expectation_reason", None); c.pop("message", None)
s = json.dumps(d, indent="\t")
for c in d["cases"]:
    if c["id"] in forged:
        one = json.dumps(dict([("area", c["area"])] + [(k, v) for k, v in c.items() if k != "area"]))
        s = s.replace(json.dumps(c, indent="\t").replace("\n", "\n\t\t"), one, 1)
open(p, "w").write(s)
print(sorted(forged)[0])
PY
reseal "$tmp/t"
verify --key "$tmp/key.pub" --rerun --sample all --build "$tmp/small" "$tmp/t"
check "N7: forged entries on one line, re-signed: TAMPERED, not the suite's layout (exit 1)" '[ $rc -eq 1 ] && says "TAMPERED: results.json is not in the layout the suite writes"'
# The same forgery in the suite's layout: the re-run of every parsed id catches it.
copy
forged=$(grep -m1 -B3 '"result":	"\(XFAIL\|UNSUPPORTED\)"' "$tmp/t/results.json" | sed -n 's/^[[:space:]]*"id":[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)
sed -i 's/"result":\t"\(XFAIL\|UNSUPPORTED\)"/"result":\t"PASS"/' "$tmp/t/results.json"
reseal "$tmp/t"
verify --key "$tmp/key.pub" --rerun --sample all --build "$tmp/small" "$tmp/t"
n=$(grep -c . <<<"$("$build/pymem-cts-compare" --ids "$tmp/t/results.json")")
check "N7: the forgery in the suite's layout: --sample all re-runs all $n ids and catches $forged" '[ $rc -eq 1 ] && says "RERUN MISMATCH .*$forged: the package says PASS"'
verify --key "$tmp/key.pub" --rerun --sample all --build "$tmp/small" "$tmp/pkg"
check "N7: the honest package: --sample all re-runs every id ($n)" 'says "re-ran $n of $n cases" && says " intact against suite "'

# N8, C41: the package names its own console.txt as its Python.
copy
printf '#!/bin/sh\ntouch "%s/RAN-FROM-PACKAGE"\nexec "%s" "$@"\n' "$tmp" "$python" >"$tmp/t/console.txt"
chmod +x "$tmp/t/console.txt"
sed -i "s#^executable: .*#executable: $tmp/t/console.txt#" "$tmp/t/fingerprint.txt"
remanifest "$tmp/t"; resign "$tmp/t"
verify --key "$tmp/key.pub" --rerun "$tmp/t"
check "N8: --rerun without --python or --build: exit 2, asks for one" '[ $rc -eq 2 ] && says "needs --python PYTHON"'
verify --key "$tmp/key.pub" --rerun --python "$tmp/t/console.txt" "$tmp/t"
check "N8: --python naming a file of the package: exit 2" '[ $rc -eq 2 ] && says "is a file of the package"'
check "N8: the package's program never ran" '[ ! -e "$tmp/RAN-FROM-PACKAGE" ]'

# N5 in a package: C34, C35.
copy; printf '\n} trailing garbage\n' >>"$tmp/t/results.json"; remanifest "$tmp/t"; resign "$tmp/t"
verify --key "$tmp/key.pub" "$tmp/t"
check "N5 (C34): data after results.json's value, re-signed: TAMPERED" '[ $rc -eq 1 ] && says "TAMPERED: results.json is not a report: has data after its JSON value"'
copy; sed -i '0,/"result":\t"PASS"/s//"result":\t"PASS", "result": "FAIL"/' "$tmp/t/results.json"; remanifest "$tmp/t"; resign "$tmp/t"
verify --key "$tmp/key.pub" "$tmp/t"
check "N5 (C35): a result PASS then FAIL, re-signed: TAMPERED" '[ $rc -eq 1 ] && says "TAMPERED: results.json is not a report: has an object with the key .result. twice"'

# N9: C25, C27.
cp -a "$tmp/pkg" "$tmp/pkg with space"
verify --key "$tmp/key.pub" "$tmp/pkg with space"
check "N9 (C25): an intact package in a directory with a space verifies" 'says " intact against suite $version; verdict $honest"'
cp -a "$tmp/pkg" "$tmp/-pkg"
verify --key "$tmp/key.pub" -pkg
check "N9 (C27): an intact package named -pkg verifies" 'says " intact against suite $version; verdict $honest"'

# N10: C43, C32.
copy; sed -i "s/pymem-cts $version/pymem-cts 9.9.9/" "$tmp/t/fingerprint.txt"; remanifest "$tmp/t"
verify "$tmp/t"
check "N10 (C43): another suite version in fingerprint.txt: the TAMPERED reason is printed" '[ $rc -eq 1 ] && says "TAMPERED: results.json says suite $version, fingerprint.txt says .9.9.9."'
copy; : >"$tmp/t/results.json"; remanifest "$tmp/t"
verify "$tmp/t"
check "N10 (C32): an emptied results.json: TAMPERED, with the reason" '[ $rc -eq 1 ] && says "TAMPERED: results.json is not a report: empty"'

# N11: C03, C04.
verify --key "$tmp/key" "$tmp/pkg"
check "N11 (C03): --key naming the private key: exit 2, the key blamed" '[ $rc -eq 2 ] && says "is not an OpenSSH public key" && ! says TAMPERED'
: >"$tmp/empty.pub"
verify --key "$tmp/empty.pub" "$tmp/pkg"
check "N11 (C04): an empty key file: exit 2" '[ $rc -eq 2 ] && says "is not an OpenSSH public key"'

# N12: C21.
copy; rm "$tmp/t/results.json"; truncate -s 20G "$tmp/t/results.json"
cpu_mark "$tmp/cpu0"
verify --key "$tmp/key.pub" "$tmp/t"
cpu_mark "$tmp/cpu1"
secs=$(cpu_used "$tmp/cpu0" "$tmp/cpu1")
check "N12 (C21): a 20 GB sparse results.json: TAMPERED in $secs s of CPU, unread" '[ $rc -eq 1 ] && says "TAMPERED: larger than a package.s file can be" && awk -v s="$secs" "BEGIN { exit !(s < 30) }"'
exit $status
