#!/bin/sh
# oss_fuzz_rehearsal.sh: the fuzz targets as OSS-Fuzz and ClusterFuzzLite
# build and run them, with no environment of ours. Builds $OUT with the real
# .clusterfuzzlite/build.sh, laid out as the project's Dockerfile lays $SRC
# and run with only the variables OSS-Fuzz's base-builder sets; then moves
# $OUT elsewhere, hides PYTHON's own libpython and stdlib (a mount namespace:
# the runner image has no Python of ours), and runs every binary there with
# an empty environment, two at a time. Fails if the build fails or any
# binary exits non-zero or runs under another allocator than its name's.
# Each ENGINE in turn, the second relinking the first's objects:
#   libfuzzer  the binaries fuzz for SECONDS each from their seeds, as the
#              base-runner's run_fuzzer does;
#   cxx        $LIB_FUZZING_ENGINE is a C++ archive (tests/cxx_engine.cc, as
#              AFL++ and honggfuzz ship theirs), which links only when the
#              link uses $CXX; each binary runs its seeds.
#   oss_fuzz_rehearsal.sh ROOT PYTHON WORK_DIR SECONDS ENGINE...
set -u
root=$1 python=$2 work=$3 seconds=$4
shift 4
fail() { echo "FAIL: $*"; exit 1; }
. "$root/tests/need_libfuzzer.sh"
need_libfuzzer clang++ zip unzip
rm -rf "$work" && mkdir -p "$work/src" "$work/work" || fail "cannot make $work"
ln -s "$root" "$work/src/pymem-cts"
cp "$root/.clusterfuzzlite/build.sh" "$work/src/build.sh"
flags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
flags="$flags -fsanitize=address -fsanitize-address-use-after-scope"
# What a runner image lacks: the build under test's stdlib and libpython.
hide=$("$python" -c 'import os, sysconfig as s
print(s.get_path("stdlib"), os.path.realpath(os.path.join(s.get_config_var("LIBDIR"), s.get_config_var("INSTSONAME"))))') ||
    fail "cannot ask $python for its stdlib and libpython"

# Builds $OUT with build.sh as base-builder runs it, with engine $1.
build_out() {
    case $1 in
    libfuzzer) lib_engine=-fsanitize=fuzzer ;;
    cxx)
        clang++ $flags -c "$root/tests/cxx_engine.cc" -o "$work/cxx_engine.o" &&
            ar rcs "$work/libcxx_engine.a" "$work/cxx_engine.o" || fail "cannot build the C++ engine"
        lib_engine=$work/libcxx_engine.a ;;
    *) echo "oss_fuzz_rehearsal: unknown engine '$1' (libfuzzer, cxx)" >&2; exit 2 ;;
    esac
    rm -rf "$work/out" && mkdir -p "$work/out"
    (cd "$work/src/pymem-cts" && env -i PATH=/usr/local/bin:/usr/bin:/bin CC=clang CXX=clang++ \
        CFLAGS="$flags -fsanitize=fuzzer-no-link" CXXFLAGS="$flags -fsanitize=fuzzer-no-link" \
        LIB_FUZZING_ENGINE="$lib_engine" SANITIZER=address FUZZING_ENGINE=libfuzzer \
        ARCHITECTURE=x86_64 FUZZING_LANGUAGE=c PYTHON="$python" SRC="$work/src" OUT="$work/out" \
        WORK="$work/work" bash -eu "$work/src/build.sh") >"$work/build-$1.log" 2>&1 ||
        { tail -n 40 "$work/build-$1.log"; fail "build.sh with the $1 engine failed"; }
    tail -n 1 "$work/build-$1.log"
}

for engine in "$@"; do
    build_out "$engine"
    out=$work/runner-out-$engine
    rm -rf "$out" && mv "$work/out" "$out" || fail "cannot move \$OUT"
    if unshare --mount --propagation private true 2>/dev/null; then
        # shellcheck disable=SC2086
        unshare --mount --propagation private sh "$root/tests/oss_fuzz_runner.sh" "$out" \
            "$engine" "$seconds" $hide
        rc=$?
        [ "$rc" -ne 3 ] || fail "cannot hide $hide in a mount namespace"
    else
        echo "note: no mount namespace here (needs root): $python's own files stay visible"
        sh "$root/tests/oss_fuzz_runner.sh" "$out" "$engine" "$seconds"
        rc=$?
    fi
    [ "$rc" -eq 0 ] || fail "a binary built with the $engine engine did not run clean as the runner runs it"
    echo "ok: $engine: every binary ran clean from a moved \$OUT with an empty environment"
done
