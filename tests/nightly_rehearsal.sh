#!/bin/sh
# nightly_rehearsal.sh: the nightly job's path from a bug to a regression,
# end to end, on null_fuzzer with its planted bug: ci/nightly-fuzz.sh must
# find it, exit 1 and leave a triage folder (reproducer, reproduce command,
# fingerprint, log) and a summary; ci/promote-crash.sh must turn it into a
# regression input, which the replay then catches while the bug is planted
# and passes once it is not. Needs clang with libFuzzer; skipped without.
#   nightly_rehearsal.sh SOURCE_ROOT REPLAY_BINARY PYTHON
set -u
root=$1 replay=$2 python=$3
. "$root/tests/need_libfuzzer.sh"
need_libfuzzer
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
rc=0
"$root/ci/nightly-fuzz.sh" --minutes 0.05 --targets null_fuzzer --plant --fork 1 --python "$python" --out "$tmp/night" \
    >"$tmp/night.log" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { tail -n 30 "$tmp/night.log"; fail "nightly-fuzz exited $rc, expected 1 (a new crash)"; }
grep -q '"new_crashes": [1-9]' "$tmp/night/summary.json" || fail "summary.json counts no new crash"
grep -q '^| null_fuzzer | malloc |' "$tmp/night/summary.md" || fail "summary.md has no null_fuzzer row"
grep -q '"night": [0-9]' "$tmp/night/summary.json" || fail "summary.json names no night"
grep -q '"variant": "default"' "$tmp/night/summary.json" || fail "summary.json names no variant"
# The rotation: threads_fuzzer's default run and its overlap variant on
# alternate nights; a target without "@rotate" lines runs its default.
night_of() { (. "$root/ci/fuzz-targets.sh" && fuzz_variant_of_night "$1" "$2"); }
[ -z "$(night_of threads_fuzzer 0)" ] && [ "$(night_of threads_fuzzer 1)" = PYMEM_CTS_FUZZ_OVERLAP=1 ] &&
    [ -z "$(night_of threads_fuzzer 2)" ] || fail "threads_fuzzer does not alternate its variants by night"
[ -z "$(night_of null_fuzzer 1)" ] || fail "null_fuzzer, without variants, has one on night 1"
# The binary per mode: the ASan one where ASan sees the blocks (malloc),
# the UBSan one elsewhere, and the ASan one in every mode when the build
# under test is ASan-instrumented itself (ci/build-cpython.sh VERSION fuzz).
binary_of() { (. "$root/ci/fuzz-targets.sh" && fuzz_binary "$@"); }
[ "$(binary_of families_fuzzer malloc)" = families_fuzzer ] &&
    [ "$(binary_of families_fuzzer pymalloc)" = families_fuzzer-ubsan ] &&
    [ "$(binary_of families_fuzzer pymalloc 1)" = families_fuzzer ] &&
    [ "$(binary_of families_fuzzer mimalloc 0)" = families_fuzzer-ubsan ] ||
    fail "fuzz_binary picks the wrong binary for a mode"
[ "$(. "$root/ci/fuzz-targets.sh" && fuzz_python_asan "$python")" = 0 ] ||
    fail "fuzz_python_asan calls $python ASan-instrumented"
grep -q '"python_instrumented": 0' "$tmp/night/summary.json" || fail "summary.json does not say the Python is plain"
rc=0
"$root/ci/nightly-fuzz.sh" --minutes 1 --night tonight >"$tmp/bad.log" 2>&1 || rc=$?
[ "$rc" -eq 2 ] && grep -q "night" "$tmp/bad.log" || fail "--night tonight: exit $rc, expected 2 with one line"
echo "ok: the nightly names its night and variant, and rotates threads_fuzzer's overlap"
folder=$(ls -d "$tmp"/night/triage/*/ | head -n 1)
for f in reproducer reproduce.txt fingerprint.txt log.txt; do
    [ -s "$folder/$f" ] || fail "triage folder lacks $f"
done
grep -q "planted bug" "$folder/log.txt" || fail "the triaged log is not the planted bug's"
echo "ok: nightly found the planted bug, triage $(basename "$folder")"
PYMEM_CTS_CORPUS="$tmp/corpus" "$root/ci/promote-crash.sh" "$folder" || fail "promote-crash failed"
regression=$(ls "$tmp"/corpus/regressions/null_fuzzer/*) || fail "nothing was promoted"
mode=$(sed -n 's/^mode: //p' "$folder/fingerprint.txt")
PYTHONMALLOC=$mode PYMEM_CTS_FUZZ_PLANT=1 "$replay" "$tmp/corpus/regressions/null_fuzzer" >"$tmp/r1" 2>&1 &&
    fail "the promoted regression does not catch the planted bug"
PYTHONMALLOC=$mode "$replay" "$tmp/corpus/regressions/null_fuzzer" >"$tmp/r2" 2>&1 ||
    { cat "$tmp/r2"; fail "the promoted regression fails without the bug"; }
echo "ok: promoted $(basename "$regression"); the replay catches the bug and passes without it"
