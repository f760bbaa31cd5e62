#!/bin/sh
# test.sh: the project's own tests: installs what is missing, builds against
# python3 on PATH and runs ctest, a test per CPU at a time (it also runs the
# suite on that build).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/ci/install-deps.sh"
"$root/ci/build.sh" "$root/build"
cd "$root/build"
exec ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 1)"
