#!/bin/sh
# host_agrees.sh: the extension-module host built for this CPython must
# agree with the embedding build case by case: every case the host runs ends
# the same way in both, and the host leaves out only the fresh-process cases
# (and those the embedding build leaves out too), and its summary says so;
# its install relocates.
#   tests/host_agrees.sh SOURCE_DIR PYMEM_CTS PYTHON
set -u
src=$1 embedded=$2 py=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
host=$(sh "$src/tests/host_build.sh" "$src" "$dir/build" "$py") || { echo "$host"; exit 1; }
# Installed and moved, the host's launcher finds its module and data.
sh "$src/tests/install_relocatable.sh" "$dir/build" >"$dir/install" 2>&1 ||
    { cat "$dir/install"; echo "FAIL: the host's install"; exit 1; }
tail -1 "$dir/install"
"$embedded" -v >"$dir/embedded" 2>&1
"$host" -v >"$dir/host" 2>&1
rc=$?
tail -5 "$dir/host"
[ "$rc" -eq 0 ] || { grep -E "^(FAIL|XPASS|CRASH|TIMEOUT|ERROR) " "$dir/host"; echo "FAIL: the host exited $rc"; exit 1; }
# The host's summary says the run is a subset, counting what it left out.
fresh=$(grep -c '^UNSUPPORTED .*needs a fresh process' "$dir/host")
grep -q "^host mode: this run is a subset: .*; $fresh of [0-9]* case runs are UNSUPPORTED for that" "$dir/host" ||
    { grep '^host mode' "$dir/host"; echo "FAIL: the host's summary does not say it ran a subset, $fresh left out"; exit 1; }
# "RESULT [mode] id[: message]" -> "id RESULT message"
results() { sed -n 's/^\([A-Z]*\) *\[[a-z_]*\] \([^:]*\)\(: \(.*\)\)\{0,1\}$/\2 \1 \4/p' "$1" | sort; }
results "$dir/embedded" >"$dir/e"
results "$dir/host" >"$dir/h"
awk 'NR == FNR { want[$1] = $2; next }
     $2 == "UNSUPPORTED" && (/needs a fresh process/ || want[$1] == "UNSUPPORTED") { left++; next }
     { ran++ }
     !($1 in want) { print "FAIL: " $1 " ran only in the host"; bad++; next }
     want[$1] != $2 { print "FAIL: " $1 ": embedded " want[$1] ", host " $2; bad++ }
     END { printf "host ran %d cases (%d left out), %d disagree\n", ran, left, bad
           exit (bad > 0 || ran < 50) }' "$dir/e" "$dir/h"
