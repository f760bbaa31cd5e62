#!/bin/sh
# oss_fuzz_rehearsal.sh: the fuzz targets as OSS-Fuzz and ClusterFuzzLite
# build and run them, with no environment of ours. Builds $OUT with the real
# .clusterfuzzlite/build.sh, laid out as the project's Dockerfile lays $SRC
# and run with only the variables OSS-Fuzz's base-builder sets; then moves
# $OUT elsewhere, hides PYTHON's own libpython and stdlib (a mount namespace:
# the runner image has no Python of ours), and runs every binary there with
# an empty environment. Fails if the build fails or any binary exits
# non-zero.
#   ENGINE libfuzzer: the binaries fuzz for SECONDS each from their seeds, as
#                     the base-runner's run_fuzzer does;
#   ENGINE cxx:       $LIB_FUZZING_ENGINE is a C++ archive (tests/cxx_engine.cc,
#                     as AFL++ and honggfuzz ship theirs), which links only
#                     when the link uses $CXX; each binary runs its seeds.
#   oss_fuzz_rehearsal.sh ROOT PYTHON WORK_DIR ENGINE [SECONDS]
set -u
root=$1 python=$2 work=$3 engine=$4 seconds=${5:-3}
fail() { echo "FAIL: $*"; exit 1; }
for tool in clang clang++ zip unzip; do
    command -v $tool >/dev/null || { echo "skipped: $tool is not installed"; exit 77; }
done
rm -rf "$work" && mkdir -p "$work/src" "$work/out" "$work/work" || fail "cannot make $work"
ln -s "$root" "$work/src/pymem-cts"
cp "$root/.clusterfuzzlite/build.sh" "$work/src/build.sh"

flags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
flags="$flags -fsanitize=address -fsanitize-address-use-after-scope"
case $engine in
libfuzzer)
    flags="$flags -fsanitize=fuzzer-no-link" lib_engine=-fsanitize=fuzzer ;;
cxx)
    clang++ $flags -c "$root/tests/cxx_engine.cc" -o "$work/cxx_engine.o" &&
        ar rcs "$work/libcxx_engine.a" "$work/cxx_engine.o" || fail "cannot build the C++ engine"
    lib_engine=$work/libcxx_engine.a ;;
*) echo "oss_fuzz_rehearsal: unknown engine '$engine' (libfuzzer, cxx)" >&2; exit 2 ;;
esac
(cd "$work/src/pymem-cts" && env -i PATH=/usr/local/bin:/usr/bin:/bin CC=clang CXX=clang++ \
    CFLAGS="$flags" CXXFLAGS="$flags" LIB_FUZZING_ENGINE="$lib_engine" SANITIZER=address \
    FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64 FUZZING_LANGUAGE=c PYTHON="$python" \
    SRC="$work/src" OUT="$work/out" WORK="$work/work" bash -eu "$work/src/build.sh") \
    >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; fail "build.sh failed"; }
tail -n 1 "$work/build.log"

# The runner's copy of $OUT, and the Python files a runner image lacks.
mv "$work/out" "$work/runner-out" || fail "cannot move \$OUT"
hide=$("$python" -c 'import os, sysconfig as s
print(s.get_path("stdlib"), os.path.realpath(os.path.join(s.get_config_var("LIBDIR"), s.get_config_var("INSTSONAME"))))') ||
    fail "cannot ask $python for its stdlib and libpython"
cat >"$work/run-all.sh" <<'RUN'
set -u
out=$1 engine=$2 seconds=$3; shift 3
for path in "$@"; do # hide the build under test: an empty directory or file in its place
    if [ -d "$path" ]; then mount -t tmpfs none "$path"; else mount --bind /dev/null "$path"; fi ||
        exit 3
done
failed=0 ran=0
for b in "$out"/*; do
    [ -f "$b" ] && [ -x "$b" ] || continue
    name=${b##*/}
    corpus=$out/.corpus/$name && mkdir -p "$corpus"
    [ ! -f "${b}_seed_corpus.zip" ] || unzip -q -o "${b}_seed_corpus.zip" -d "$corpus"
    if [ "$engine" = libfuzzer ]; then
        set -- -rss_limit_mb=2560 -timeout=25 -max_total_time="$seconds"
        [ ! -f "$b.dict" ] || set -- "$@" -dict="$b.dict"
        set -- "$@" "$corpus"
    else
        set -- "$corpus"/*
    fi
    (cd "$out" && env -i "$b" "$@") >"$out/.corpus/$name.log" 2>&1
    rc=$?
    ran=$((ran + 1))
    banner=$(grep -m1 '^fuzz [a-z_]*: Python' "$out/.corpus/$name.log")
    if [ "$rc" -ne 0 ]; then
        failed=$((failed + 1))
        echo "FAIL: $name exited $rc"; tail -n 15 "$out/.corpus/$name.log" | sed 's/^/    /'
    elif [ "${banner##*allocator }" != "${name#*_fuzzer_}" ]; then
        failed=$((failed + 1))
        echo "FAIL: $name ran under another allocator: $banner"
    else
        echo "ok: $name: $banner"
    fi
done
echo "$ran binaries run, $failed failed"
[ "$ran" -gt 0 ] && [ "$failed" -eq 0 ]
RUN
# shellcheck disable=SC2086
if unshare --mount --propagation private true 2>/dev/null; then
    unshare --mount --propagation private sh "$work/run-all.sh" "$work/runner-out" "$engine" \
        "$seconds" $hide
    rc=$?
    [ "$rc" -ne 3 ] || fail "cannot hide $hide in a mount namespace"
else
    echo "note: no mount namespace here (needs root): $python's own files stay visible"
    sh "$work/run-all.sh" "$work/runner-out" "$engine" "$seconds"
    rc=$?
fi
[ "$rc" -eq 0 ] || fail "a binary in \$OUT did not run clean as the runner runs it"
echo "ok: every binary ran clean from a moved \$OUT with an empty environment"
