#!/bin/sh
# nightly-fuzz.sh: the nightly fuzzing job. Runs every fuzz target under
# each of its allocator modes for N minutes (libFuzzer -fork on all cores),
# merges inputs with new coverage into corpus/<target>/ (-merge=1, so only
# minimizing additions), and turns each crash into a triage folder: the
# minimized reproducer, the exact command that reproduces it, the build
# fingerprint and the log, de-duplicated by a key made of the target and
# the crash's top frames. Writes summary.json and summary.md.
#   ci/nightly-fuzz.sh --minutes N [--targets T,T] [--python PY] [--out DIR]
#                      [--fork J] [--plant] [--night N]
# PY is best a Python built by `ci/build-cpython.sh 3.13 fuzz`: with
# libFuzzer's coverage instrumentation and ASan inside libpython, the engine
# is led by CPython's own branches and ASan sees CPython's accesses, and
# every mode runs the ASan binary (docs/benchmarks.md measures the gain).
# A target with "@rotate" lines in fuzz/targets.txt (threads_fuzzer's
# overlap, which finds real races the default run leaves out) runs one of
# its variants a night, in turn: the default on even nights, and so on.
# --night N picks the night (default: days since 1970, so that each night
# runs the next).
# --plant switches the planted bugs on: a rehearsal of the triage path,
# whose inputs are not merged into the corpus.
# Exit status: 0, or 1 when a crash with a new key was found; 2 for bad
# input. Promote a triaged crash with ci/promote-crash.sh.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
minutes="" targets="" python=python3 out="$root/build-nightly" fork=$(nproc) plant=0
night=$(($(date +%s) / 86400))
die() { echo "nightly-fuzz: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --minutes) minutes=${2:-}; shift 2 || die "--minutes needs a value" ;;
    --targets) targets=$(echo "${2:-}" | tr , ' '); shift 2 || die "--targets needs a value" ;;
    --python) python=${2:-}; shift 2 || die "--python needs a value" ;;
    --out) out=${2:-}; shift 2 || die "--out needs a value" ;;
    --fork) fork=${2:-}; shift 2 || die "--fork needs a value" ;;
    --plant) plant=1; shift ;;
    --night) night=${2:-}; shift 2 || die "--night needs a value" ;;
    *) die "unknown argument '$1' (see the top of ci/nightly-fuzz.sh)" ;;
    esac
done
echo "$minutes" | grep -Eq '^[0-9]+([.][0-9]+)?$' || die "--minutes needs a number of minutes"
echo "$fork" | grep -Eq '^[1-9][0-9]*$' || die "--fork needs a positive number"
echo "$night" | grep -Eq '^[0-9]+$' || die "--night needs a day number (0 or more)"
seconds=$(awk -v m="$minutes" 'BEGIN { s = int(m * 60); print s < 1 ? 1 : s }')
command -v clang >/dev/null || die "clang is needed (ci/install-deps.sh --fuzz installs clang and libclang-rt-dev)"
. "$root/ci/fuzz-targets.sh"
python=$(command -v "$python") && fuzz_python "$python" -c pass 2>/dev/null ||
    die "cannot run Python '$python'"
py() { fuzz_python "$python" "$@"; }
# A Python built by ci/build-cpython.sh VERSION fuzz: libFuzzer is led by
# CPython's own branches too, and ASan sees inside it in every mode, so every
# mode runs the ASan binary.
python_asan=$(fuzz_python_asan "$python")
all=$(fuzz_targets)
[ -n "$targets" ] || targets=$all
for t in $targets; do echo "$all" | grep -qx "$t" || die "no target '$t' in fuzz/targets.txt"; done

mkdir -p "$out/triage" "$out/runs"
build="$out/build"
echo "nightly-fuzz: building the targets for $python" >&2
CC=clang "$root/ci/build.sh" "$build" "$python" -DCTS_FUZZ=ON
# LeakSanitizer's suppressions are compiled into the targets (fuzz/support/fuzz_boot.c).
export LSAN_OPTIONS=print_suppressions=0
fingerprint=$(py -c 'import sys, sysconfig; print("python: %s\nexecutable: %s\nconfigure: %s" % (sys.version.replace("\n", " "), sys.executable, sysconfig.get_config_var("CONFIG_ARGS")))')
fingerprint="$fingerprint
compiler: $(clang --version | head -n 1)
suite: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"

# The dedup key of a crash log: the target, then the broken invariant's
# place or the top three frames outside the sanitizer runtime.
crash_key() { # target log
    where=$(grep -m 1 '^fuzz invariant broken' "$2" | sed 's/0x[0-9a-f]*//g; s/[0-9][0-9]*/N/g')
    if [ -z "$where" ]; then
        where=$(grep -E '^ +#[0-9]+ 0x[0-9a-f]+ in ' "$2" | grep -vE ' in (__|fuzzer::|std::|abort|raise)' |
            head -n 3 | awk '{ print $4 }' | tr '\n' ' ')
        kind=$(sed -n 's/.*ERROR: [A-Za-z]*Sanitizer: \([a-z-]*\).*/\1/p' "$2" | head -n 1)
        where="${kind:-crash} $where"
    fi
    printf '%s %s' "$1" "$where" | sha1sum | cut -c1-12
}

summary_rows=""
new_crashes=0 known_crashes=0
for t in $targets; do
    modes=$(fuzz_modes "$t")
    variant=$(fuzz_variant_of_night "$t" "$night") # "" or VAR=VALUE, for env
    [ -z "$variant" ] || echo "nightly-fuzz: $t tonight (night $night) with $variant" >&2
    for mode in $modes; do
        bin=$(fuzz_binary "$t" "$mode" "$python_asan") # the ASan build where ASan sees the blocks
        run="$out/runs/$t.$mode"
        rm -rf "$run" && mkdir -p "$run/new" "$run/artifacts"
        log="$run/fuzz.log"
        echo "nightly-fuzz: $t under $mode for $seconds s" >&2
        rc=0
        # shellcheck disable=SC2046
        env $variant PYTHONMALLOC=$mode PYMEM_CTS_FUZZ_PLANT=$plant "$build/fuzz/$bin" $(fuzz_options "$t") \
            -fork="$fork" -ignore_crashes=1 -max_total_time="$seconds" \
            -artifact_prefix="$run/artifacts/" "$run/new" "$root/corpus/$t" >"$log" 2>&1 || rc=$?
        if grep -q "is not compiled into" "$log"; then
            summary_rows="$summary_rows$t|$mode|absent||||||${variant:-default}
"
            continue
        fi
        stats=$(grep -E '^#[0-9]+: cov: ' "$log" | tail -n 1)
        cov=$(echo "$stats" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
        execs=$(echo "$stats" | awk '{ n = substr($1, 2) + 0; for (i = 1; i < NF; i++) if ($i == "time:") t = $(i + 1) + 0; print (t > 0 ? int(n / t) : 0) }')
        before=$(find "$root/corpus/$t" -type f ! -name '.*' | wc -l)
        if [ "$plant" -eq 0 ]; then # a rehearsal's inputs never feed the corpus
            # shellcheck disable=SC2046
            PYTHONMALLOC=$mode "$build/fuzz/$bin" $(fuzz_options "$t") -merge=1 "$root/corpus/$t" "$run/new" \
                >"$run/merge.log" 2>&1 || echo "nightly-fuzz: merging $t failed (see $run/merge.log)" >&2
        fi
        added=$(($(find "$root/corpus/$t" -type f ! -name '.*' | wc -l) - before))
        crashes=0
        for a in "$run"/artifacts/crash-* "$run"/artifacts/timeout-* "$run"/artifacts/leak-* "$run"/artifacts/oom-*; do
            [ -f "$a" ] || continue
            crashes=$((crashes + 1))
            replay_log="$run/replay-$(basename "$a").log"
            env $variant PYTHONMALLOC=$mode PYMEM_CTS_FUZZ_PLANT=$plant "$build/fuzz/$bin" "$a" >"$replay_log" 2>&1 || true
            key=$(crash_key "$t" "$replay_log")
            dir="$out/triage/$key"
            if [ -d "$dir" ]; then
                known_crashes=$((known_crashes + 1))
                continue
            fi
            min="$run/artifacts/min-$(basename "$a")"
            env $variant PYTHONMALLOC=$mode PYMEM_CTS_FUZZ_PLANT=$plant "$build/fuzz/$bin" -minimize_crash=1 \
                -runs=2000 -max_total_time=30 -exact_artifact_path="$min" "$a" >"$run/minimize.log" 2>&1 || true
            if [ -s "$min" ]; then
                env $variant PYMEM_CTS_FUZZ_PLANT=$plant PYTHONMALLOC=$mode "$build/fuzz/$bin" "$min" >"$replay_log.min" 2>&1 || true
                if [ "$(crash_key "$t" "$replay_log.min")" = "$key" ]; then
                    mv "$replay_log.min" "$replay_log"
                else
                    cp "$a" "$min" # minimizing changed the crash: keep the original
                fi
            else
                cp "$a" "$min"
            fi
            new_crashes=$((new_crashes + 1))
            mkdir -p "$dir"
            cp "$min" "$dir/reproducer"
            cp "$replay_log" "$dir/log.txt"
            printf '%s\ntarget: %s\nmode: %s\nvariant: %s\nplanted: %s\n' "$fingerprint" "$t" "$mode" \
                "${variant:-default}" "$plant" >"$dir/fingerprint.txt"
            printf '%sPYTHONMALLOC=%s PYMEM_CTS_FUZZ_PLANT=%s LSAN_OPTIONS=%s %s %s\n' "${variant:+$variant }" \
                "$mode" "$plant" "$LSAN_OPTIONS" "$build/fuzz/$bin" "$dir/reproducer" >"$dir/reproduce.txt"
            printf '%sPYTHONMALLOC=%s PYMEM_CTS_FUZZ_PLANT=%s %s %s   # any compiler\n' "${variant:+$variant }" \
                "$mode" "$plant" "$build/fuzz/$t-replay" "$dir/reproducer" >>"$dir/reproduce.txt"
            echo "nightly-fuzz: $t under $mode: NEW crash $key: $(grep -m 1 -E 'fuzz invariant|ERROR:' "$dir/log.txt" || echo "see $dir/log.txt")" >&2
        done
        summary_rows="$summary_rows$t|$mode|ran|${execs:-0}|${cov:-0}|$added|$crashes|$rc|${variant:-default}
"
    done
done

# Summary: JSON and Markdown, from the same rows.
{
    printf '{\n  "minutes": %s,\n  "night": %s,\n  "python_instrumented": %s,\n  "python": "%s",\n  "planted": %s,\n  "new_crashes": %d,\n  "known_crashes": %d,\n  "runs": [\n' \
        "$minutes" "$night" "$python_asan" "$(py -c 'import platform; print(platform.python_version())')" "$plant" "$new_crashes" "$known_crashes"
    printf '%s' "$summary_rows" | awk -F'|' 'NF > 1 { printf "%s    {\"target\": \"%s\", \"mode\": \"%s\", \"status\": \"%s\", \"exec_per_sec\": %d, \"coverage\": %d, \"new_corpus\": %d, \"crashes\": %d, \"variant\": \"%s\"}", (n++ ? ",\n" : ""), $1, $2, $3, $4, $5, $6, $7, $9 } END { print "" }'
    printf '  ],\n  "triage": [\n'
    for d in "$out"/triage/*/; do [ -d "$d" ] && printf '%s\n' "$(basename "$d")"; done |
        awk '{ printf "%s    \"%s\"", (n++ ? ",\n" : ""), $1 } END { print "" }'
    printf '  ]\n}\n'
} >"$out/summary.json"
{
    echo "# Nightly fuzzing: $minutes min per target and mode"
    echo
    if [ "$python_asan" = 1 ]; then
        echo "Python under test instrumented (coverage and ASan inside libpython): coverage counts CPython's edges too."
    else
        echo "Python under test not instrumented: coverage counts the targets' own edges only."
    fi
    echo
    echo "| target | mode | variant | exec/s | coverage | new corpus | crashes |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s' "$summary_rows" | awk -F'|' 'NF > 1 { if ($3 == "absent") printf "| %s | %s | %s | not compiled in | | | |\n", $1, $2, $9; else printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $9, $4, $5, $6, $7 }'
    echo
    echo "New crashes: $new_crashes; known: $known_crashes. Triage folders: $out/triage/."
} >"$out/summary.md"
cat "$out/summary.md"
[ "$new_crashes" -eq 0 ] || exit 1
