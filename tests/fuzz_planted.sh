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
mode=$(awk -v t="$target" '$1 == t { print $2 }' "$root/fuzz/targets.txt" | cut -d, -f1)
export PYTHONMALLOC="$mode" ASAN_OPTIONS=detect_leaks=0 PYMEM_CTS_FUZZ_WATCHDOG=2
out=$("$replay" "$input" 2>&1) || { echo "$out"; echo "$target: fails without the planted bug"; exit 1; }
out=$(PYMEM_CTS_FUZZ_PLANT=1 "$replay" "$input" 2>&1)
rc=$?
if [ "$rc" -eq 0 ] || ! echo "$out" | grep -q "fuzz invariant broken"; then
    echo "$out" | tail -n 20
    echo "$target: the planted bug went unnoticed (exit $rc)"
    exit 1
fi
echo "$target: planted bug caught: $(echo "$out" | grep "fuzz invariant broken" | head -n 1)"
