#!/bin/bash
# hang-bench.sh: what the cases that hang by a known fault cost a run. For
# each Python it builds the suite (ci/all-builds.sh, one run), then runs the
# whole suite under every allocator mode and the same with those cases
# filtered out, alternately, N times each, and prints the median walls and
# their ratio (the goal: within 1.3x). Alternating keeps the drift of a
# shared machine out of the ratio.
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
mkdir -p "$out" && out=$(cd "$out" && pwd) || die "cannot use --out"
# Every case an expectation says may hang: the globs of the TIMEOUT entries.
hanging=$(python3 - "$root"/conformance/expectations/*.json <<'PY'
import json, sys
globs = set()
for path in sys.argv[1:]:
    for e in json.load(open(path)).get("expectations", []):
        results = e["result"] if isinstance(e["result"], list) else [e["result"]]
        if "TIMEOUT" in results:
            globs.add("-" + e["case"])
print(",".join(sorted(globs)))
PY
)
[ -n "$hanging" ] || die "no expectation names a TIMEOUT"
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# Seconds one command takes.
timed() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f\n", b - a}'
}
printf '| build | all cases | without the hanging ones | ratio |\n|---|---|---|---|\n'
for py in "$@"; do
    "$root/ci/all-builds.sh" --allocator all --out "$out" "$py" >"$out/build.log" 2>&1
    name=$(sed -n 's/^all-builds: \[1\/1\] \([^ ]*\) .*/\1/p' "$out/build.log")
    [ -n "$name" ] && [ -x "$out/$name/pymem-cts" ] || die "building for $py failed (log: $out/build.log)"
    cts=("$out/$name/pymem-cts")
    case $py in sid:*) cts=("$root/ci/sid-root.sh" exec --bind "$out:/out" "/out/$name/pymem-cts") ;; esac
    all=() filtered=()
    for ((i = 0; i < runs; i++)); do
        all+=("$(timed "${cts[@]}" --allocator all)")
        filtered+=("$(timed "${cts[@]}" --allocator all --filter "$hanging")")
    done
    a=$(printf '%s\n' "${all[@]}" | median) f=$(printf '%s\n' "${filtered[@]}" | median)
    printf '| %s | %s s | %s s | %s |\n' "$name" "$a" "$f" "$(awk -v a="$a" -v f="$f" 'BEGIN{printf "%.2fx", a / f}')"
done
