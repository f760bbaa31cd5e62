#!/bin/sh
# install-deps.sh: installs the Debian packages the suite needs, skipping
# what is already there. By default only what building and running the
# suite and its own tests need (what ci/quickstart.sh and ci/test.sh
# install); the extras on demand, for the tests that are skipped without
# them (each skip names the option that installs what it needs):
#   ci/install-deps.sh [--fuzz] [--pypy] [--man] [--browser] [--all] [extra-package ...]
#   --fuzz  clang and libclang-rt-dev (libFuzzer), zip, unzip: the libFuzzer
#           binaries, ci/fuzz-bench.sh, ci/nightly-fuzz.sh, the OSS-Fuzz build
#           (ctest fuzz.nightly_rehearsal, fuzz.oss_fuzz_rehearsal)
#   --pypy  pypy3, pypy3-dev: the extension-module host on PyPy (ctest host.pypy)
#   --man   help2man: the man page the build makes and installs
#   --browser chromium: the matrix page's headless render (ctest reports.matrix_page)
#   --all   all four (what .ci/run installs, so CI runs every test)
#   --list  print the packages that would be checked, one a line, and exit
set -eu
# elfutils: eu-stack, for the stacks of a hung case (gdb is the slower fallback).
# libxml2-utils: xmllint, which checks the JUnit report against tests/junit.xsd.
# openssh-client: ssh-keygen, which signs and verifies certification packages.
# python3-jsonschema: checks the JSON report against docs/report-schema.json.
packages="cmake make gcc pkg-config libcjson-dev python3 python3-dev elfutils libxml2-utils
openssh-client python3-jsonschema"
fuzz="clang libclang-rt-dev zip unzip"
pypy="pypy3 pypy3-dev"
man="help2man"
browser="chromium"
list=0
for arg in "$@"; do
    case $arg in
    --fuzz) packages="$packages $fuzz" ;;
    --pypy) packages="$packages $pypy" ;;
    --man) packages="$packages $man" ;;
    --browser) packages="$packages $browser" ;;
    --all) packages="$packages $fuzz $pypy $man $browser" ;;
    --list) list=1 ;;
    -*) echo "install-deps: unknown option '$arg' (--fuzz, --pypy, --man, --browser, --all, --list)" >&2; exit 2 ;;
    *) packages="$packages $arg" ;;
    esac
done
if [ $list -eq 1 ]; then
    printf '%s\n' $packages
    exit 0
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "install-deps: missing Debian packages:$missing (run as root or install them)" >&2
    exit 2
fi
# apt's and dpkg's output goes to a log, kept and named only on failure:
# one line says what is installed.
log=$(mktemp "${TMPDIR:-/tmp}/pymem-cts-install-deps.XXXXXX")
count=$(echo $missing | wc -w)
printf 'install-deps: installing %s Debian package%s:%s ...' "$count" \
    "$([ "$count" -eq 1 ] || echo s)" "$missing"
# $missing and $sudo are lists of words, split on purpose.
# shellcheck disable=SC2086
if ! { $sudo apt-get update && DEBIAN_FRONTEND=noninteractive \
    $sudo apt-get install -y --no-install-recommends $missing; } >"$log" 2>&1; then
    echo " failed"
    tail -n 5 "$log" >&2
    echo "install-deps: apt-get failed installing$missing (log: $log)" >&2
    exit 1
fi
rm -f "$log"
echo " done"
