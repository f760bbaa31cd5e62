#!/bin/sh
# oss_fuzz_runner.sh: runs every fuzz binary of an $OUT as OSS-Fuzz's
# base-runner runs it, two at a time, each with an empty environment, after
# hiding the build under test's files (the arguments: an empty
# directory or file is mounted in their place; run it in a mount namespace
# of its own). Exit 0 when every binary exited 0 under the allocator its
# name says; 3 when a path cannot be hidden.
#   oss_fuzz_runner.sh OUT libfuzzer|cxx SECONDS [PATH_TO_HIDE...]
set -u
out=$1 engine=$2 seconds=$3
shift 3
for path in "$@"; do
    if [ -d "$path" ]; then mount -t tmpfs none "$path"; else mount --bind /dev/null "$path"; fi ||
        exit 3
done
logs=$out/.runs && mkdir -p "$logs"

# Runs binary $1 (libFuzzer: for $seconds from its seeds, as run_fuzzer does;
# the C++ engine: over its seeds) and writes its verdict to $logs/<name>.verdict.
run_one() {
    b=$1 name=${1##*/}
    corpus=$logs/$name.corpus && mkdir -p "$corpus"
    [ ! -f "${b}_seed_corpus.zip" ] || unzip -q -o "${b}_seed_corpus.zip" -d "$corpus"
    if [ "$engine" = libfuzzer ]; then
        set -- -rss_limit_mb=2560 -timeout=25 -max_total_time="$seconds"
        [ ! -f "$b.dict" ] || set -- "$@" -dict="$b.dict"
        set -- "$@" "$corpus"
    else
        set -- "$corpus"/*
    fi
    (cd "$out" && env -i "$b" "$@") >"$logs/$name.log" 2>&1
    rc=$?
    banner=$(grep -m1 '^fuzz [a-z_]*: Python' "$logs/$name.log")
    if [ "$rc" -ne 0 ]; then
        { echo "FAIL: $name exited $rc"; tail -n 15 "$logs/$name.log" | sed 's/^/    /'; } >"$logs/$name.verdict"
    elif [ "${banner##*allocator }" != "${name#*_fuzzer_}" ]; then
        echo "FAIL: $name ran under another allocator: $banner" >"$logs/$name.verdict"
    else
        echo "ok: $name: $banner" >"$logs/$name.verdict"
    fi
}

binaries=$(for b in "$out"/*; do [ -f "$b" ] && [ -x "$b" ] && echo "$b"; done)
[ -n "$binaries" ] || { echo "FAIL: no binary in $out"; exit 1; }
set -- $binaries
while [ $# -gt 0 ]; do # two at a time: the machine's two cores
    run_one "$1" &
    [ $# -lt 2 ] || run_one "$2" &
    wait
    shift $(($# < 2 ? $# : 2))
done
cat "$logs"/*.verdict
ran=$(ls "$logs"/*.verdict | wc -l)
failed=$(cat "$logs"/*.verdict | grep -c '^FAIL')
echo "$ran binaries run, $failed failed"
[ "$failed" -eq 0 ]
