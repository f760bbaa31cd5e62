#!/bin/bash
# hang-bench.sh: what the cases that hang by a known fault cost a run. For
# each Python it runs the whole suite under every allocator mode N times,
# then the same with those cases filtered out, and prints the median walls
# and their ratio (the goal: within 1.3x).
#   ci/hang-bench.sh [--runs N] [--out DIR] PYTHON...
# PYTHON as ci/all-builds.sh takes it (sid:/usr/bin/python3.13 for the sid
# root). The cases that hang are those whose expectations name TIMEOUT.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
runs=5
out=$root/build/hang-bench
die() { echo "hang-bench: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --runs) case ${2:-} in [1-9] | [1-9][0-9]) runs=$2; shift 2 ;; *) die "--runs needs a count from 1 to 99" ;; esac ;;
    --out) [ $# -ge 2 ] || die "--out needs a value"; out=$2; shift 2 ;;
    -*) die "unknown option '$1'" ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || die "usage: ci/hang-bench.sh [--runs N] [--out DIR] PYTHON..."
# Every case an expectation says may hang: the globs of the TIMEOUT entries.
hanging=$(grep -h -B3 '"TIMEOUT"' "$root"/conformance/expectations/*.json |
    sed -n 's/.*"case": "\([^"]*\)".*/-\1/p' | sort -u | paste -sd, -)
[ -n "$hanging" ] || die "no expectation names a TIMEOUT"
wall_of() { sed -n 's/.* wall *\([0-9.]*\) s .*/\1/p' "$1" | tail -n 1; }
printf '| build | all cases | without the hanging ones | ratio |\n|---|---|---|---|\n'
for py in "$@"; do
    "$root/ci/all-builds.sh" --allocator all --repeat "$runs" --out "$out" "$py" >"$out.all.log" 2>&1
    "$root/ci/all-builds.sh" --allocator all --repeat "$runs" --out "$out" --filter "$hanging" "$py" \
        >"$out.filtered.log" 2>&1
    a=$(wall_of "$out.all.log") f=$(wall_of "$out.filtered.log")
    [ -n "$a" ] && [ -n "$f" ] || die "no wall time for $py (logs: $out.all.log, $out.filtered.log)"
    name=$(sed -n 's/^all-builds: \[1\/1\] \([^ ]*\) .*/\1/p' "$out.all.log")
    printf '| %s | %s s | %s s | %s |\n' "$name" "$a" "$f" "$(awk -v a="$a" -v f="$f" 'BEGIN{printf "%.2fx", a / f}')"
done
