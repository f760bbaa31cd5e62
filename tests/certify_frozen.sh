#!/bin/sh
# certify_frozen.sh: the frozen lists of the suite's own version are sound:
# the expectations files are those waivers.sha256 names (else a package
# made from this checkout would carry "vendor" waivers), and every id on a
# profile's list is a case of the suite, of the tier its source gives
# (--list -v: [documented] or [reference]).
#   certify_frozen.sh SOURCE_DIR PYMEM_CTS
set -u
src=$1 cts=$2
version=$(sed -n 's/^project(pymem-cts VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
dir="$src/conformance/mustpass/$version"
status=0
[ -f "$dir/waivers.sha256" ] || { echo "FAIL: no $dir/waivers.sha256"; exit 1; }
if ! (cd "$src/conformance" && sha256sum expectations/*.json | cmp -s - "$dir/waivers.sha256"); then
    echo "FAIL: conformance/expectations/ is not what suite $version froze: cut a new version, or while it is unreleased refresh it with ci/certify.sh freeze"
    status=1
fi
cases=$(mktemp)
trap 'rm -f "$cases" "$cases.ids"' EXIT
"$cts" --list -v | sed -n 's/^\([^ ]*\) .*  \[\(documented\|reference\)\] .*/\1 \2/p' | sort >"$cases"
for list in "$dir"/*.txt; do
    unknown=$(grep -v '^#' "$list" | awk 'NF { print $1 }' | sort | comm -23 - "$(cut -d' ' -f1 "$cases" >"$cases.ids"; echo "$cases.ids")" | tr '\n' ' ')
    [ -z "$unknown" ] || { echo "FAIL: ${list##*/} names ids that are no case: $unknown"; status=1; }
    wrong=$(grep -v '^#' "$list" | awk 'NF' | sort | comm -23 - "$cases" | tr '\n' ' ')
    [ -z "$wrong" ] || { echo "FAIL: ${list##*/} gives a tier the case's source does not: $wrong"; status=1; }
done
[ "$status" -ne 0 ] || echo "ok: suite $version: waivers as frozen, every listed id a case of its tier"
exit "$status"
