#!/bin/sh
# certify.sh: a certification package a vendor can publish and anyone can
# re-check.
#   ci/certify.sh make PYTHON PACKAGE_DIR   build the suite for PYTHON, run it
#                                           under every allocator mode, write
#                                           the package; exit 0 CONFORMANT
#   ci/certify.sh verify PACKAGE_DIR        check the package's integrity and
#                                           recompute its verdict; exit 0 only
#                                           when both hold
# The package: results.json (the full report), console.txt, fingerprint.txt
# (Python version and configure arguments, compiler, allocator modes run,
# suite version and commit), mustpass.txt (the frozen list of the suite
# version), expectations/ (the waivers: known failures, each with its
# reason), verdict.txt, and MANIFEST.sha256 over all of them.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: ci/certify.sh make PYTHON PACKAGE_DIR | verify PACKAGE_DIR" >&2; exit 2; }
files="results.json console.txt fingerprint.txt mustpass.txt verdict.txt"
verdict_tool() { # the package's verdict tool, built from this checkout (never a stale binary)
    if [ -f "$root/build/CMakeCache.txt" ] &&
        cmake --build "$root/build" --target pymem-cts-verdict >/dev/null 2>&1; then
        echo "$root/build/pymem-cts-verdict"
        return
    fi
    "$root/ci/build.sh" "$root/build" >&2 && echo "$root/build/pymem-cts-verdict"
}

make_package() {
    python=$(command -v "$1") || { echo "certify: no Python '$1'" >&2; exit 2; }
    pkg=$2
    [ ! -e "$pkg" ] || { echo "certify: $pkg exists; choose a new package directory" >&2; exit 2; }
    build="$pkg.build"
    "$root/ci/build.sh" "$build" "$python"
    version=$("$build/pymem-cts" --version | awk '{ print $2 }')
    mustpass="$root/conformance/mustpass/$version.txt"
    [ -f "$mustpass" ] || { echo "certify: no frozen must-pass list for suite $version" >&2; exit 2; }
    mkdir -p "$pkg/expectations"
    "$build/pymem-cts" --allocator all --json "$pkg/results.json" >"$pkg/console.txt" 2>&1 || true
    [ -s "$pkg/results.json" ] || { cat "$pkg/console.txt" >&2; echo "certify: the suite wrote no report" >&2; exit 1; }
    cp "$mustpass" "$pkg/mustpass.txt"
    cp "$root"/conformance/expectations/*.json "$pkg/expectations/"
    {
        "$python" -c 'import sys, sysconfig; print("python: %s\nexecutable: %s\nconfigure: %s" % (sys.version.replace("\n", " "), sys.executable, sysconfig.get_config_var("CONFIG_ARGS")))'
        echo "allocator modes: $(sed -n 's/^\([a-z_]*\) *[0-9].*/\1/p' "$pkg/console.txt" | grep -v '^total$' | tr '\n' ' ')"
        echo "suite: pymem-cts $version ($(git -C "$root" describe --always --dirty 2>/dev/null || echo "no git"))"
        echo "compiler: $(sed -n 's/.*"compiler":[[:space:]]*"\([^"]*\)".*/\1/p' "$pkg/results.json" | head -n 1)"
        echo "harness: $(grep -q '"extension_host":[[:space:]]*true' "$pkg/results.json" && echo "extension-module host (no fresh-process cases)" || echo "embedding")"
        echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    } >"$pkg/fingerprint.txt"
    "$(verdict_tool)" "$pkg/results.json" "$pkg/mustpass.txt" >"$pkg/verdict.txt" || true
    (cd "$pkg" && sha256sum $files expectations/*.json >MANIFEST.sha256)
    rm -rf "$build" "$build.configure.log" "$build.build.log"
    echo "certify: $pkg: $(head -n 1 "$pkg/verdict.txt")"
    head -n 1 "$pkg/verdict.txt" | grep -qx CONFORMANT
}

verify_package() {
    pkg=$1
    [ -f "$pkg/MANIFEST.sha256" ] || { echo "certify: $pkg has no MANIFEST.sha256: not a package" >&2; exit 2; }
    for f in $files; do
        grep -q " $f\$" "$pkg/MANIFEST.sha256" || { echo "certify: TAMPERED: $f is not in the manifest"; exit 1; }
    done
    (cd "$pkg" && awk '{ print $2 }' MANIFEST.sha256 | sort >.manifest-files)
    extra=$(cd "$pkg" && find . -type f ! -name MANIFEST.sha256 ! -name .manifest-files | sed 's|^\./||' | sort | comm -23 - .manifest-files)
    rm -f "$pkg/.manifest-files"
    [ -z "$extra" ] || { echo "certify: TAMPERED: files not in the manifest: $extra"; exit 1; }
    if ! (cd "$pkg" && sha256sum --quiet -c MANIFEST.sha256 >/dev/null 2>&1); then
        echo "certify: TAMPERED: $(cd "$pkg" && sha256sum --quiet -c MANIFEST.sha256 2>&1 | head -n 3 | tr '\n' ' ')"
        exit 1
    fi
    recomputed=$("$(verdict_tool)" "$pkg/results.json" "$pkg/mustpass.txt" || true)
    if [ "$recomputed" != "$(cat "$pkg/verdict.txt")" ]; then
        echo "certify: VERDICT MISMATCH: the package says '$(head -n 1 "$pkg/verdict.txt")', its results give '$(echo "$recomputed" | head -n 1)'"
        exit 1
    fi
    echo "certify: $pkg intact; verdict $(head -n 1 "$pkg/verdict.txt")"
    head -n 1 "$pkg/verdict.txt" | grep -qx CONFORMANT
}

[ $# -ge 1 ] || usage
case $1 in
make) [ $# -eq 3 ] || usage; make_package "$2" "$3" ;;
verify) [ $# -eq 2 ] || usage; verify_package "$2" ;;
*) usage ;;
esac
