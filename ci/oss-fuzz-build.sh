#!/bin/sh
# oss-fuzz-build.sh: builds the fuzz targets the way OSS-Fuzz and
# ClusterFuzzLite expect: with $CC and $CFLAGS (which carry the sanitizer
# and -fsanitize=fuzzer-no-link), linked with $LIB_FUZZING_ENGINE, into $OUT
# with <target>_seed_corpus.zip, <target>.dict and <target>.options beside
# each. PYTHON (default python3) is the build under test; its libpython is
# found at run time through the RUNPATH, so the targets run where they were
# built (ClusterFuzzLite runs them in the build image).
#   CC=clang CFLAGS=... LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=dir ci/oss-fuzz-build.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
for v in CC CFLAGS LIB_FUZZING_ENGINE OUT; do
    eval "[ -n \"\${$v+set}\" ]" || { echo "oss-fuzz-build: \$$v is not set" >&2; exit 2; }
done
python=$(command -v "${PYTHON:-python3}") || { echo "oss-fuzz-build: no Python '${PYTHON:-python3}'" >&2; exit 2; }
work=${WORK:-$OUT/.build}
mkdir -p "$OUT" "$work"
. "$root/ci/fuzz-targets.sh"
targets=$(fuzz_targets)
cmake -S "$root" -B "$work" -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE="$python" >"$work/configure.log" 2>&1 ||
    { cat "$work/configure.log" >&2; exit 1; }
# shellcheck disable=SC2086
cmake --build "$work" -j "$(nproc)" --target $targets >"$work/build.log" 2>&1 ||
    { tail -n 50 "$work/build.log" >&2; exit 1; }
for t in $targets; do
    cp "$work/fuzz/$t" "$OUT/$t"
    cp "$root/fuzz/$t.options" "$OUT/$t.options"
    [ -f "$root/fuzz/$t.dict" ] && cp "$root/fuzz/$t.dict" "$OUT/$t.dict"
    rm -f "$OUT/${t}_seed_corpus.zip"
    (cd "$root/corpus/$t" && find . -maxdepth 1 -type f ! -name '.*' | sort | sed 's|^\./||' |
        zip -q -@ "$OUT/${t}_seed_corpus.zip")
    regressions=$(find "$root/corpus/regressions/$t" -maxdepth 1 -type f ! -name '.*' 2>/dev/null)
    [ -z "$regressions" ] || (cd "$root/corpus/regressions/$t" &&
        echo "$regressions" | sed 's|.*/||' | zip -q -@ "$OUT/${t}_seed_corpus.zip")
done
cp "$root/fuzz/lsan.supp" "$OUT/lsan.supp"
echo "oss-fuzz-build: $(echo $targets | wc -w) targets in $OUT"
