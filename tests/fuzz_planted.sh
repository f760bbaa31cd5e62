#!/bin/sh
# fuzz_planted.sh: the positive control. Each target's planted bug
# (PYMEM_CTS_FUZZ_PLANT=1) must make the replay of its stored reproducer,
# corpus/planted/<target>, abort with a broken invariant; with the switch
# off the same input must pass. A target whose invariants never fire would
# pass every other test, so this one guards them.
#   fuzz_planted.sh TARGET REPLAY_BINARY SOURCE_ROOT
set -u
target=$1 replay=$2 root=$3
input="$root/corpus/planted/$target"
[ -f "$input" ] || { echo "fuzz_planted: no reproducer $input" >&2; exit 1; }
unset PYTHONMALLOC
export ASAN_OPTIONS=detect_leaks=0 PYMEM_CTS_FUZZ_WATCHDOG=2
# The first of the target's modes this build has.
. "$root/ci/fuzz-targets.sh"
for mode in $(fuzz_modes "$target"); do
    rc=0
    out=$(PYTHONMALLOC=$mode "$replay" "$input" 2>&1) || rc=$?
    [ "$rc" -eq 77 ] && { echo "$target $mode: skipped: $(echo "$out" | tail -n 1)"; continue; }
    [ "$rc" -eq 0 ] || { echo "$out"; echo "$target $mode: fails without the planted bug"; exit 1; }
    export PYTHONMALLOC="$mode"
    break
done
[ -n "${PYTHONMALLOC:-}" ] || { echo "$target: no mode of fuzz/targets.txt is in this build"; exit 77; }
out=$(PYMEM_CTS_FUZZ_PLANT=1 "$replay" "$input" 2>&1)
rc=$?
if [ "$rc" -eq 0 ] || ! echo "$out" | grep -q "fuzz invariant broken"; then
    echo "$out" | tail -n 20
    echo "$target: the planted bug went unnoticed (exit $rc)"
    exit 1
fi
echo "$target $PYTHONMALLOC: planted bug caught: $(echo "$out" | grep "fuzz invariant broken" | head -n 1)"
