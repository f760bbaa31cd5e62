#!/bin/sh
# promote-crash.sh: turns a triaged crash (a folder written by
# ci/nightly-fuzz.sh) into a regression input: its reproducer is copied to
# corpus/regressions/<target>/<sha1>, which ctest replays on every build from
# then on (fuzz.replay.<target>). Commit the file with the fix.
#   ci/promote-crash.sh TRIAGE_FOLDER
# PYMEM_CTS_CORPUS names another corpus root (the tests use a scratch one).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${PYMEM_CTS_CORPUS:-$root/corpus}
[ $# -eq 1 ] || { echo "usage: ci/promote-crash.sh TRIAGE_FOLDER" >&2; exit 2; }
dir=$1
[ -f "$dir/reproducer" ] && [ -f "$dir/fingerprint.txt" ] ||
    { echo "promote-crash: $dir is not a triage folder (no reproducer and fingerprint.txt)" >&2; exit 2; }
target=$(sed -n 's/^target: //p' "$dir/fingerprint.txt")
. "$root/ci/fuzz-targets.sh"
[ -n "$target" ] && [ -n "$(fuzz_modes "$target")" ] ||
    { echo "promote-crash: target '$target' of $dir is not in fuzz/targets.txt" >&2; exit 2; }
sha=$(sha1sum "$dir/reproducer" | cut -c1-40)
dest="$corpus/regressions/$target/$sha"
if [ -f "$dest" ]; then
    echo "promote-crash: already a regression: corpus/regressions/$target/$sha"
    exit 0
fi
mkdir -p "$(dirname "$dest")"
cp "$dir/reproducer" "$dest"
echo "promote-crash: corpus/regressions/$target/$sha ($(sed -n 's/^mode: //p' "$dir/fingerprint.txt"), from $(basename "$dir"))"
echo "promote-crash: replay it with: ctest --test-dir <build> -R 'fuzz[.]replay[.]$target\$'"
