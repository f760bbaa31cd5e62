#!/bin/sh
# install-deps.sh: installs the Debian packages the suite needs to build and
# run against the default Python, skipping what is already there.
#   ci/install-deps.sh [extra-package ...]
set -eu
# pypy3-dev: the extension-module host's test on PyPy (tests/host_pypy.sh).
# elfutils: eu-stack, for the stacks of a hung case (gdb is the slower fallback).
# zip, unzip: the OSS-Fuzz build's seed corpora and its rehearsal (tests/oss_fuzz_rehearsal.sh).
# libxml2-utils: xmllint, which checks the JUnit report against tests/junit.xsd.
packages="cmake make gcc pkg-config libcjson-dev python3 python3-dev clang libclang-rt-14-dev
pypy3 pypy3-dev elfutils zip unzip libxml2-utils python3-jsonschema chromium $*"
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
echo "install-deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
