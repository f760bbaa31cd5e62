#!/bin/sh
# host_build.sh: configures and builds the extension-module host for one
# interpreter; prints the launcher's path. Shared by the host tests.
#   tests/host_build.sh SOURCE_DIR BUILD_DIR PYTHON
set -eu
src=$1 dir=$2 py=$3
cmake -S "$src" -B "$dir" -DCTS_HOST=ON -DCTS_WERROR=ON "-DPython3_EXECUTABLE=$py" \
    >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; echo "FAIL: configuring the host for $py"; exit 1; }
cmake --build "$dir" -j2 >"$dir.build.log" 2>&1 || { cat "$dir.build.log"; echo "FAIL: building the host for $py"; exit 1; }
if grep -q "warning:" "$dir.build.log"; then
    grep "warning:" "$dir.build.log"; echo "FAIL: compiler warnings in the host build"; exit 1
fi
echo "$dir/pymem-cts"
