#!/bin/sh
# oss-fuzz-build.sh: builds the fuzz targets as OSS-Fuzz and ClusterFuzzLite
# expect, into $OUT, ready for a runner image that has neither our
# environment nor the build under test:
#   - with $CC/$CFLAGS (sanitizer, -fsanitize=fuzzer-no-link), linked by
#     $CXX/$CXXFLAGS with $LIB_FUZZING_ENGINE;
#   - one binary per target and allocator mode, <target>_<mode>, the mode
#     built in, for each mode of fuzz/targets.txt that PYTHON has compiled in;
#   - LeakSanitizer's suppressions compiled in (fuzz/support/fuzz_boot.c);
#   - PYTHON's libpython and stdlib copied to $OUT/python, found through
#     RUNPATH $ORIGIN/python/lib and the binary's own directory;
#   - beside each binary <binary>_seed_corpus.zip (seeds and promoted
#     regressions), <binary>.dict and <binary>.options.
# PYTHON (default python3) is the build under test.
#   CC=clang CXX=clang++ CFLAGS=... CXXFLAGS=... LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#     OUT=dir ci/oss-fuzz-build.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
for v in CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE OUT; do
    eval "[ -n \"\${$v+set}\" ]" || { echo "oss-fuzz-build: \$$v is not set" >&2; exit 2; }
done
python=$(command -v "${PYTHON:-python3}") ||
    { echo "oss-fuzz-build: no Python '${PYTHON:-python3}'" >&2; exit 2; }
# The build under test may be built with ASan (.clusterfuzzlite/build.sh):
# its runs here keep memory until exit by design, no leak check.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
work=${WORK:-$OUT/.build}/pymem-cts
mkdir -p "$OUT" "$work"

cmake -S "$root" -B "$work" -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
    -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DCTS_FUZZ_BUNDLE=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE="$python" >"$work/configure.log" 2>&1 ||
    { tail -n 30 "$work/configure.log" >&2; echo "oss-fuzz-build: configure failed" >&2; exit 1; }
binaries=$(awk '$1 == "ship" { print $2 }' "$work/fuzz/bundle.txt")
awk '$1 == "skip" { $1 = ""; print "oss-fuzz-build: no binary for" $0 }' "$work/fuzz/bundle.txt" >&2
[ -n "$binaries" ] || { echo "oss-fuzz-build: no target has a mode $python can run" >&2; exit 1; }
# shellcheck disable=SC2086
cmake --build "$work" -j "$(nproc)" --target $binaries >"$work/build.log" 2>&1 ||
    { tail -n 50 "$work/build.log" >&2; echo "oss-fuzz-build: build failed" >&2; exit 1; }

# The build under test, as a runner image needs it: libpython and the stdlib
# (without its tests, caches, IDLE, Tk and installed packages).
"$python" - "$OUT/python" <<'PY'
import os, shutil, sys, sysconfig
dest = sys.argv[1]
v = sysconfig.get_config_var
lib = os.path.join(v("LIBDIR"), v("INSTSONAME") or "")
if not os.path.isfile(lib):
    sys.exit("oss-fuzz-build: %s has no shared libpython (%s)" % (sys.executable, lib))
stdlib = sysconfig.get_path("stdlib")
target = os.path.join(dest, "lib", os.path.basename(stdlib))
shutil.rmtree(dest, ignore_errors=True)
os.makedirs(os.path.dirname(target))
shutil.copy2(lib, os.path.join(dest, "lib"))
skip = {"test", "tests", "__pycache__", "idlelib", "tkinter", "turtledemo", "ensurepip",
        "site-packages", "dist-packages"}
shutil.copytree(stdlib, target, symlinks=False,
                ignore=lambda d, names: [n for n in names
                                         if n in skip or n.startswith("config-")])
dynload = os.path.join(sysconfig.get_path("platstdlib"), "lib-dynload")
if os.path.isdir(dynload) and not os.path.isdir(os.path.join(target, "lib-dynload")):
    shutil.copytree(dynload, os.path.join(target, "lib-dynload"))
PY

# "ship BINARY TARGET MODE" lines (fuzz/Bundle.cmake); mode is in the name.
# shellcheck disable=SC2034
while read -r kind b t mode; do
    [ "$kind" = ship ] || continue
    cp "$work/fuzz/$b" "$OUT/$b"
    sed "s/^dict = .*/dict = $b.dict/" "$root/fuzz/$t.options" >"$OUT/$b.options"
    [ ! -f "$root/fuzz/$t.dict" ] || cp "$root/fuzz/$t.dict" "$OUT/$b.dict"
    rm -f "$OUT/${b}_seed_corpus.zip"
    for dir in "$root/corpus/$t" "$root/corpus/regressions/$t"; do
        seeds=$(find "$dir" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | sed 's|.*/||' | sort)
        [ -z "$seeds" ] || (cd "$dir" && echo "$seeds" | zip -q -@ "$OUT/${b}_seed_corpus.zip")
    done
done <"$work/fuzz/bundle.txt"
echo "oss-fuzz-build: $(echo "$binaries" | wc -w) binaries in $OUT, Python $("$python" -c \
    'import platform; print(platform.python_version())') in $OUT/python"
