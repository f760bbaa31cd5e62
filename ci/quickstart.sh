#!/bin/sh
# quickstart.sh: installs what is missing, builds the suite against python3
# on PATH and runs it. Arguments go to pymem-cts (e.g. --allocator all).
# Quiet: a line for the install, a line (a percentage, on a terminal) for
# the build, then the run, which ends with its summary and what to run next.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/ci/install-deps.sh"
python=$(command -v python3) || { echo "quickstart: no python3 on PATH" >&2; exit 2; }
echo "quickstart: building the suite for $python in build/ (logs: build.configure.log, build.build.log)"
"$root/ci/build.sh" "$root/build"
echo "quickstart: build/pymem-cts${*:+ $*}"
exec "$root/build/pymem-cts" "$@"
