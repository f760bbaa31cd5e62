#!/bin/sh
# test.sh: the project's own tests: installs what is missing (the base
# packages only: ci/install-deps.sh --fuzz, --pypy, --browser, --pip and
# --lint add the extras, .ci/run installs them all), builds against python3 on PATH and runs
# ctest, a test per CPU at a time (it also runs the suite on that build).
# The JUnit report is build/ctest-junit.xml; each skipped test is named,
# with its reason, at the end.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/ci/install-deps.sh"
"$root/ci/build.sh" "$root/build"
cd "$root/build"
junit=$root/build/ctest-junit.xml
rc=0
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 1)" --output-junit "$junit" || rc=$?
# A skipped test's last line of output says why (and what installs what it needs).
awk '/<testcase / { name = $0; sub(/.*<testcase name="/, "", name); sub(/".*/, "", name)
                    skipped = /status="notrun"/; why = "" }
     skipped && !/<skipped / { line = $0; sub(/.*<system-out>/, "", line)
                               sub(/<\/system-out>.*/, "", line); if (line ~ /[^ \t]/) why = line }
     skipped && /<\/system-out>|<\/testcase>/ {
         gsub(/&lt;/, "<", why); gsub(/&gt;/, ">", why); gsub(/&quot;/, "\"", why)
         gsub(/&apos;/, "\047", why); gsub(/&amp;/, "\\&", why)
         print "test: skipped " name ": " (why == "" ? "(it printed no reason)" : why); skipped = 0 }' \
    "$junit" 2>/dev/null || true
echo "test: JUnit report: $junit"
exit $rc
