#!/bin/bash -eu
# ClusterFuzzLite entry point. The build under test is CPython from
# $SRC/cpython (the image's checkout, Dockerfile), built here with the
# engine's own $CC and $CFLAGS (its sanitizer and -fsanitize=fuzzer-no-link),
# the way OSS-Fuzz's cpython3 project builds it: libFuzzer is led by
# CPython's own branches and the sanitizer sees CPython's own accesses.
# Without that checkout, $PYTHON is the build under test. Everything else is
# ci/oss-fuzz-build.sh's (which also keeps LeakSanitizer out of its own runs
# of that Python).
if [ -d "$SRC/cpython" ]; then
    prefix=$WORK/cpython
    case ${SANITIZER:-address} in
    address) sanitizer=(--with-address-sanitizer) ;;
    undefined) sanitizer=(--with-undefined-behavior-sanitizer) ;;
    memory) sanitizer=(--with-memory-sanitizer) ;;
    *) sanitizer=() ;;
    esac
    mkdir -p "$WORK/cpython-build"
    # CPython's build runs its own python, which keeps memory until exit by
    # design: LeakSanitizer is for the fuzz targets.
    (export ASAN_OPTIONS=detect_leaks=0 && cd "$WORK/cpython-build" &&
        "$SRC/cpython/configure" --prefix="$prefix" --enable-shared --without-ensurepip \
            "${sanitizer[@]}" LDFLAGS="-Wl,-rpath,$prefix/lib" >configure.log 2>&1 &&
        make -j"$(nproc)" >make.log 2>&1 && make install >install.log 2>&1) || {
        tail -n 40 "$WORK"/cpython-build/*.log >&2
        echo "build.sh: building CPython from $SRC/cpython failed" >&2
        exit 1
    }
    export PYTHON=$prefix/bin/python3
fi
"$SRC/pymem-cts/ci/oss-fuzz-build.sh"
