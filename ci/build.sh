#!/bin/sh
# build.sh: configures and builds the suite for one Python build.
#   ci/build.sh BUILD_DIR [PYTHON [CMAKE-ARG...]]
# PYTHON defaults to python3 on PATH ("" too); CC picks the compiler, e.g.
#   CC=clang ci/build.sh build-fuzz "" -DCTS_FUZZ=ON   (libFuzzer binaries)
# Quiet: configure's and the compiler's output go to DIR.configure.log and
# DIR.build.log, shown only on failure; on a terminal one line shows the
# build's percentage.
set -eu
dir=$1
python=${2:-}
[ $# -ge 2 ] && shift 2 || shift $#
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$(dirname "$dir")"
set -- -S "$root" -B "$dir" -DCTS_WERROR=ON "$@"
[ -n "$python" ] && set -- "$@" "-DPython3_EXECUTABLE=$python"
# A failure the project's own checks name is one line (CMake wraps the
# message: its lines are joined); any other, the log.
cmake "$@" >"$dir.configure.log" 2>&1 || {
    mkdir -p "$dir"
    reason=$(awk '/^ *pymem-cts: / { on = 1; sub(/^ *pymem-cts: /, "") }
        on && (/^$/ || /^Call Stack/) { exit }
        on { sub(/^ */, ""); printf "%s%s", sep, $0; sep = " " }' "$dir.configure.log")
    [ -n "$reason" ] && { echo "build: $reason (log: $dir.configure.log)" >&2; exit 1; }
    cat "$dir.configure.log" >&2
    echo "build: configuring for ${python:-python3} failed (log above)" >&2; exit 1; }
# While compiling, cmake --build's own percentage on one line of a terminal
# (PYMEM_CTS_PROGRESS=1 shows it elsewhere too, =0 nowhere); the output
# itself goes to the log.
show=0
[ -t 2 ] && show=1
show=${PYMEM_CTS_PROGRESS:-$show}
{
    rc=0
    cmake --build "$dir" -j "$(nproc)" 2>&1 || rc=$?
    echo "$rc" >"$dir.build.rc"
} | tee "$dir.build.log" | awk -v show="$show" '
    show == 1 && /^\[ *[0-9]+%\]/ {
        printf "\r\033[Kbuild: %.72s", $0; fflush(); shown = 1 }
    END { if (shown) printf "\r\033[K" }' >&2
rc=$(cat "$dir.build.rc")
rm -f "$dir.build.rc"
[ "$rc" -eq 0 ] || {
    cat "$dir.build.log" >&2; echo "build: compiling failed (log above)" >&2; exit 1; }
if grep -q "warning:" "$dir.build.log"; then
    grep "warning:" "$dir.build.log" >&2; echo "build: compiler warnings" >&2; exit 1
fi
