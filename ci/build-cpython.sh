#!/bin/bash
# build-cpython.sh: builds a CPython from Debian's source package, so the
# suite can test versions and variants no binary package provides.
#   ci/build-cpython.sh VERSION VARIANT
# VERSION: 3.11 (bookworm), 3.13, 3.14, 3.15 (trixie/sid) - the source
# package python3.X. VARIANT: release, debug (--with-pydebug), freethreaded
# (--disable-gil), asan (--with-address-sanitizer), fuzz (clang, ASan and
# -fsanitize=fuzzer-no-link: the fuzz targets' Python), coverage and
# coverage-freethreaded (gcov: CFLAGS="--coverage -Og", the extension modules
# linked with -lgcov; the counters are written into the build tree,
# $CPYTHON_CACHE/src/build-<version>-<variant>, which ci/coverage.sh reads).
# The result is installed
# in $CPYTHON_CACHE/<version>-<variant> (default ~/.cache/pymem-cts/cpython)
# and reused while the stamp matches the source version. The last line
# printed is the path of its python3. Exit status 3: Debian lists the source
# package but serves none of its versions (a 404 for every tarball).
set -euo pipefail
# Every argument is checked before anything is made or fetched.
[ $# -eq 2 ] || {
    echo "build-cpython: takes VERSION and VARIANT, not $# argument(s) (usage: build-cpython.sh VERSION VARIANT)" >&2
    exit 2
}
version=$1 variant=$2
case $version in
3.[0-9] | 3.[0-9][0-9]) ;;
*) echo "build-cpython: VERSION is 3.X (3.11, 3.13, 3.14, 3.15), not '$version'" >&2; exit 2 ;;
esac
case $variant in
release) flags=() ;;
debug) flags=(--with-pydebug) ;;
freethreaded) flags=(--disable-gil) ;;
asan) flags=(--with-address-sanitizer --without-pymalloc) ;;
# The fuzz targets' Python: libFuzzer's coverage instrumentation and ASan in
# libpython itself, as OSS-Fuzz's cpython3 project builds it (clang, -O1), so
# the engine is led by the branches CPython takes and ASan checks CPython's
# own accesses. CPython's configure leaves pymalloc out of an ASan build: its
# modes (pymalloc, pymalloc_debug) and the arena allocator stay with the plain
# builds; malloc, malloc_debug, mimalloc and mimalloc_debug remain.
fuzz) flags=(CC=clang --with-address-sanitizer CFLAGS="-O1 -g -fsanitize=fuzzer-no-link") ;;
# -Og, the level of CPython's own debug builds: gcov's line and branch counts
# stay close to the source while CPython's tests still run in minutes.
coverage) flags=(CFLAGS="--coverage -Og") ;;
coverage-freethreaded) flags=(--disable-gil CFLAGS="--coverage -Og") ;;
*) echo "build-cpython: unknown variant '$variant' (release, debug, freethreaded, asan, fuzz, coverage, coverage-freethreaded)" >&2; exit 2 ;;
esac
# The coverage builds link every program and extension module with gcov's
# runtime (LDFLAGS on make keeps configure's own, which the Makefile keeps apart).
make_vars=()
case $variant in
coverage*) make_vars=(LDFLAGS=--coverage LIBS="-ldl -lgcov") ;;
# Debian's patched configure keeps --with-address-sanitizer's -fsanitize=address
# out of the Makefile's LDFLAGS (measured on 3.13.15): the programs it builds
# and runs would not link.
asan | fuzz) make_vars=(LDFLAGS=-fsanitize=address) ;;
esac
# The sanitized builds run their own python while they build and install;
# LeakSanitizer would fail them for memory CPython keeps until exit.
case $variant in
asan | fuzz) export ASAN_OPTIONS=detect_leaks=0 ;;
esac
cache=${CPYTHON_CACHE:-$HOME/.cache/pymem-cts/cpython}
prefix=$cache/$version-$variant
work=$cache/src
package=python$version
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

# deb-src entries for the suites that carry newer Pythons (sources only).
list=/etc/apt/sources.list.d/pymem-cts-sources.sources
if [ ! -f "$list" ]; then
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm trixie sid\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
        $sudo tee "$list" >/dev/null
    $sudo apt-get update -qq
fi
versions=$(apt-cache showsrc "$package" 2>/dev/null | awk '/^Version:/{print $2}' | sort -rV)
[ -n "$versions" ] || { echo "build-cpython: Debian serves no source package $package" >&2; exit 1; }
mkdir -p "$work"
# The newest version whose source is downloaded already, else the newest
# one the mirror really serves (an index can list a version it no longer has).
source_version=""
for v in $versions; do
    if [ -f "$work/${package}_${v}.dsc" ]; then source_version=$v; break; fi
done
if [ -z "$source_version" ]; then
    for v in $versions; do
        if (cd "$work" && apt-get source -qq --download-only "$package=$v" >/dev/null 2>&1); then
            source_version=$v
            break
        fi
        echo "build-cpython: $package $v is listed but not served; trying an older one" >&2
    done
fi
[ -n "$source_version" ] || { echo "build-cpython: no version of $package could be downloaded" >&2; exit 3; }
stamp="$package $source_version $variant"
if [ -x "$prefix/bin/python3" ] && [ "$(cat "$prefix/.pymem-cts-stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "build-cpython: cached: $stamp" >&2
    echo "$prefix/bin/python3"
    exit 0
fi
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    dpkg-dev build-essential pkg-config libssl-dev zlib1g-dev libffi-dev libbz2-dev \
    liblzma-dev libsqlite3-dev libreadline-dev uuid-dev libexpat1-dev libgdbm-dev >/dev/null
cd "$work"
upstream=${source_version%-*}
dir=$package-$upstream
[ -d "$dir" ] || dpkg-source -x "${package}_${source_version}.dsc" "$dir" >/dev/null
build=$work/build-$version-$variant
rm -rf "$build" && mkdir -p "$build" && cd "$build"
start=$(date +%s)
"$work/$dir/configure" --prefix="$prefix" --enable-shared --without-ensurepip \
    LDFLAGS="-Wl,-rpath,$prefix/lib" "${flags[@]}" >configure.log 2>&1 ||
    { tail -30 configure.log >&2; exit 1; }
# Debian's patches drop the rpath given in LDFLAGS; the linker still honours
# LD_RUN_PATH, so python3 finds its libpython without LD_LIBRARY_PATH.
export LD_RUN_PATH="$prefix/lib"
nice make -j"$(nproc)" "${make_vars[@]}" >make.log 2>&1 || { tail -30 make.log >&2; exit 1; }
make "${make_vars[@]}" install >install.log 2>&1 || { tail -30 install.log >&2; exit 1; }
"$prefix/bin/python3" -c pass 2>/dev/null || [ ! -e "$prefix/bin/python3" ] ||
    { echo "build-cpython: the installed python3 does not run" >&2; exit 1; }
for f in "$prefix"/bin/python3.*; do # the first python3.X that is not a -config script
    [ -e "$prefix/bin/python3" ] && break
    case $f in *config*) ;; *) ln -s "$f" "$prefix/bin/python3" ;; esac
done
echo "$stamp" >"$prefix/.pymem-cts-stamp"
echo "build-cpython: $stamp built in $(($(date +%s) - start)) s" >&2
echo "$prefix/bin/python3"
