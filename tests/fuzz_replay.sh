#!/bin/sh
# fuzz_replay.sh: replays a fuzz target's corpus and regressions under every
# PYTHONMALLOC mode fuzz/targets.txt lists for it. A mode this build lacks is
# reported as skipped, with the reason; if every mode is skipped the test is
# skipped (exit 77), never passed.
#   fuzz_replay.sh TARGET REPLAY_BINARY SOURCE_ROOT
set -u
target=$1 replay=$2 root=$3
. "$root/ci/fuzz-targets.sh"
modes=$(fuzz_modes "$target")
[ -n "$modes" ] || { echo "fuzz_replay: $target is not in fuzz/targets.txt" >&2; exit 2; }
set -- "$root/corpus/$target"
[ -d "$root/corpus/regressions/$target" ] && set -- "$@" "$root/corpus/regressions/$target"
ran=0 failed=0
for mode in $modes; do
    out=$(PYTHONMALLOC=$mode "$replay" "$@" 2>&1)
    rc=$?
    case $rc in
    0) ran=$((ran + 1)); echo "$target $mode: $(echo "$out" | tail -n 1)" ;;
    77) echo "$target $mode: skipped: $(echo "$out" | tail -n 1)" ;;
    *) failed=$((failed + 1)); echo "$out" | tail -n 30; echo "$target $mode: FAILED (exit $rc)" ;;
    esac
done
[ "$failed" -eq 0 ] || exit 1
[ "$ran" -gt 0 ] || exit 77
