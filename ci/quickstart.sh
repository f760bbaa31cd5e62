#!/bin/sh
# quickstart.sh: installs what is missing, builds the suite against python3
# on PATH and runs it. Arguments go to pymem-cts (e.g. --allocator all).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/ci/install-deps.sh"
"$root/ci/build.sh" "$root/build"
exec "$root/build/pymem-cts" "$@"
