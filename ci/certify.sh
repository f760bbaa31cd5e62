#!/bin/sh
# certify.sh: a certification package a vendor can publish and anyone can
# re-check against the suite (not against the package itself).
#   ci/certify.sh make [--sign KEY] [--build DIR] PYTHON PACKAGE_DIR
#       build the suite for PYTHON (or use DIR, a build of it for PYTHON), run
#       it under every allocator mode, write the package; with --sign, sign
#       its manifest with the OpenSSH private key KEY (ssh-keygen -Y sign);
#       exit 0 when the verdict is CONFORMANT to some profile
#   ci/certify.sh verify [--key PUBKEY] [--rerun --python PYTHON|--build DIR [--sample N|all]] PACKAGE_DIR
#       check the package against the frozen lists and waivers of the suite
#       version it names (this checkout must know that version), that it
#       holds only the plain files its manifest lists, their hashes, the
#       signature with PUBKEY, and its verdict, recomputed; with --rerun,
#       re-run N (default 20) of its cases, or all, on PYTHON or the build
#       DIR (--build), which the verifier names (never a program the package
#       names), and compare; never writes into the package; exit 0 only
#       when all of it holds and the verdict is CONFORMANT
#   ci/certify.sh freeze
#       write conformance/mustpass/<version>/waivers.sha256 from
#       conformance/expectations (when a suite version is cut)
# The package: results.json, console.txt, fingerprint.txt (Python version and
# configure arguments, compiler, allocator modes, suite version and commit),
# mustpass/<profile>.txt (the frozen lists of the suite version),
# expectations/*.json (the waivers the run used), verdict.txt,
# MANIFEST.sha256 over all of them, and MANIFEST.sha256.sig when signed.
# Exit 1 for a TAMPERED or NOT CONFORMANT package, 2 for bad input or when
# the suite cannot judge it (unknown version, verdict tool not built).
# Installed, it is `pymem-cts-certify` (cmake/certify-launcher.in sets
# CTS_CERTIFY_DATA and CTS_CERTIFY_TOOLS): the frozen lists and waivers of
# the install's share/pymem-cts, the installed tools and pymem-cts (make
# and --rerun without --build use it), and no freeze.
set -eu
lib=$(cd "$(dirname "$0")" && pwd) # where certify_verify.sh is
if [ -n "${CTS_CERTIFY_DATA:-}" ]; then
    program=pymem-cts-certify root="" data=$CTS_CERTIFY_DATA tools=${CTS_CERTIFY_TOOLS:?}
else
    program=ci/certify.sh root=$(cd "$lib/.." && pwd)
    data=$root/conformance
    tools=${CTS_CERTIFY_TOOLS:-$root/build} # where pymem-cts-verdict and -compare are built
fi
namespace=pymem-cts-certificate
usage_text="usage: $program make [--sign KEY] [--build DIR] PYTHON PACKAGE_DIR | verify [--key PUBKEY] [--rerun --python PYTHON|--build DIR [--sample N|all]] PACKAGE_DIR | freeze"
usage() {
    echo "$usage_text" >&2
    exit 2
}
case ${1:-} in
-h | --help)
    echo "$usage_text"
    echo "Makes a certification package of a Python build's results, or verifies one against"
    echo "this suite's frozen must-pass lists and waivers (pymem-cts-verdict gives the verdict)."
    echo "Exit 0 CONFORMANT (make) or intact and CONFORMANT (verify), 1 NOT CONFORMANT or"
    echo "TAMPERED, 2 bad input."
    exit 0 ;;
--version)
    if [ -n "$root" ]; then
        version=$(sed -n 's/^project(pymem-cts VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
    else
        version=$("$tools/pymem-cts-verdict" --version | awk '{ print $2 }')
    fi
    echo "pymem-cts-certify $version"
    exit 0 ;;
esac
die() { echo "certify: $1" >&2; exit "${2:-2}"; }
tampered() { echo "certify: TAMPERED: $1"; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The report tools, built from this checkout (never a stale binary); a tool
# that cannot be built is the suite's failure, not the package's.
tool() {
    if [ -z "$root" ]; then
        [ -x "$tools/pymem-cts-$1" ] || die "no pymem-cts-$1 beside $program in $tools; the package was not judged"
        echo "$tools/pymem-cts-$1"
        return
    fi
    if ! { [ -f "$tools/CMakeCache.txt" ] || "$root/ci/build.sh" "$tools" >/dev/null 2>&1; } ||
        ! cmake --build "$tools" --target "pymem-cts-$1" >"$scratch/tool.log" 2>&1; then
        die "cannot build the suite's pymem-cts-$1 in $tools (cmake failed); the package was not judged"
    fi
    echo "$tools/pymem-cts-$1"
}

# The suite's frozen lists of version $1; this checkout (or install) must
# have them.
frozen_dir() {
    d="$data/mustpass/$1"
    [ -f "$d/waivers.sha256" ] ||
        die "this suite has no frozen lists of version '$1' ($d/): verify with a checkout of pymem-cts $1"
    echo "$d"
}

# Builds the suite for PYTHON in DIR (status 1 and build.sh's one line when
# it cannot): only a checkout can; an install runs its own pymem-cts (--build).
build_suite() { # build_suite DIR PYTHON
    [ -n "$root" ] ||
        die "an installed suite does not build: give --build DIR, a build of the suite (the install's own: --build $tools)"
    "$root/ci/build.sh" "$1" "$2" >&2
}

# The suite's verdict of REPORT, given "--waivers FILE" for each of dir's
# expectations/*.json that the suite version shipped (its hash is in
# waivers.sha256); the vendor's own files are named on stderr. The options
# are built as arguments, never split from text: any path holds. The record
# alone (--record): no closing summary, which is for a person.
verdict_of() { # verdict_of PACKAGE_OR_CHECKOUT_DIR REPORT FROZEN_DIR
    verdict=$(tool verdict) || exit $?
    v_dir=$1 v_report=$2 v_frozen=$3
    set --
    for f in "$v_dir"/expectations/*.json; do
        [ -f "$f" ] || continue
        line="$(sha256sum <"$f" | cut -d' ' -f1)  expectations/${f##*/}"
        if grep -qxF -- "$line" "$v_frozen/waivers.sha256"; then
            set -- "$@" --waivers "$f"
        else
            echo "certify: VENDOR WAIVERS: expectations/${f##*/} is not a waiver file suite $(basename -- "$v_frozen") shipped; the XFAILs only it gives are the vendor's own" >&2
        fi
    done
    "$verdict" --record "$@" -- "$v_report" "$v_frozen" || [ $? -eq 1 ]
}

# A path as an argument no command takes for an option: ./-pkg for -pkg.
plain_path() { case $1 in /*) echo "$1" ;; *) echo "./$1" ;; esac; }

make_package() {
    sign="" build=""
    while [ $# -gt 2 ]; do
        case $1 in
        --sign) sign=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        *) usage ;;
        esac
    done
    [ $# -eq 2 ] || usage
    python=$(command -v -- "$1") || die "no Python '$1'"
    pkg=$(plain_path "$2")
    [ ! -e "$pkg" ] || die "$pkg exists; choose a new package directory"
    [ -z "$sign" ] || [ -r "$sign" ] || die "cannot read the signing key $sign"
    if [ -z "$build" ] && [ -z "$root" ]; then
        build=$tools # installed: the install's own suite
    elif [ -z "$build" ]; then
        build="$pkg.build"
        build_suite "$build" "$python" || exit 1
    fi
    [ -x "$build/pymem-cts" ] || die "$build has no pymem-cts"
    version=$("$build/pymem-cts" --version | awk '{ print $2 }')
    frozen=$(frozen_dir "$version") || exit $?
    mkdir -p "$pkg/expectations" "$pkg/mustpass"
    "$build/pymem-cts" --allocator all --json "$pkg/results.json" >"$pkg/console.txt" 2>&1 || true
    [ -s "$pkg/results.json" ] || { cat "$pkg/console.txt" >&2; die "the suite wrote no report" 1; }
    cp "$frozen"/*.txt "$pkg/mustpass/"
    cp "$data"/expectations/*.json "$pkg/expectations/"
    {
        "$python" -c 'import sys, sysconfig; print("python: %s\nexecutable: %s\nconfigure: %s" % (sys.version.replace("\n", " "), sys.executable, sysconfig.get_config_var("CONFIG_ARGS")))'
        echo "allocator modes: $(sed -n 's/^\([a-z_]*\) *[0-9].*/\1/p' "$pkg/console.txt" | grep -v '^total$' | tr '\n' ' ')"
        echo "suite: pymem-cts $version ($({ [ -n "$root" ] && git -C "$root" describe --always --dirty 2>/dev/null; } || echo "no git"))"
        echo "compiler: $(sed -n 's/.*"compiler":[[:space:]]*"\([^"]*\)".*/\1/p' "$pkg/results.json" | head -n 1)"
        echo "harness: $(grep -q '"extension_host":[[:space:]]*true' "$pkg/results.json" && echo "extension-module host (no fresh-process cases)" || echo "embedding")"
        echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    } >"$pkg/fingerprint.txt"
    verdict_of "$pkg" "$pkg/results.json" "$frozen" >"$pkg/verdict.txt" || exit $?
    (cd "$pkg" && sha256sum results.json console.txt fingerprint.txt verdict.txt mustpass/*.txt \
        expectations/*.json >MANIFEST.sha256)
    [ -z "$sign" ] || ssh-keygen -q -Y sign -f "$sign" -n "$namespace" "$pkg/MANIFEST.sha256" ||
        die "signing the manifest with $sign failed"
    [ "$build" != "$pkg.build" ] || rm -rf "$build" "$build.configure.log" "$build.build.log"
    echo "certify: $pkg: $(head -n 1 "$pkg/verdict.txt")"
    head -n 1 "$pkg/verdict.txt" | grep -q '^CONFORMANT'
}

. "$lib/certify_verify.sh"

freeze() {
    [ -n "$root" ] || die "freeze writes a checkout's conformance/mustpass: run ci/certify.sh freeze there"
    version=$(sed -n 's/^project(pymem-cts VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
    mkdir -p "$root/conformance/mustpass/$version"
    (cd "$root/conformance" && sha256sum expectations/*.json) >"$root/conformance/mustpass/$version/waivers.sha256"
    echo "certify: froze the waivers of suite $version"
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
make) make_package "$@" ;;
verify) verify_package "$@" ;;
freeze) [ $# -eq 0 ] || usage; freeze ;;
*) usage ;;
esac
