#!/bin/sh
# layers.sh: the tree is the architecture, and stays so. Each layer includes
# only its own headers and those of the layers below it (core/ < runtime/ <
# harness/ < conformance/, fuzz/ and tools/ each on their own), so no
# include circle can form; no folder's CMakeLists.txt names a source file of
# another folder; a case file is conformance/<area>/<group>.c; every folder
# of core/, runtime/ and harness/ appears in its README.
#   layers.sh SOURCE_DIR
set -u
cd "$1" || exit 2
status=0 checked=0
fail() { echo "FAIL: $*"; status=1; }

# The folders whose headers a layer may include.
below() {
    case $1 in
    core/*) echo "core" ;;
    runtime*) echo "core runtime" ;;
    harness/*) echo "core runtime harness" ;;
    conformance/*) echo "core runtime harness conformance/support" ;;
    fuzz/*) echo "core runtime fuzz" ;;
    tools/*) echo "core tools" ;;
    esac
}
# Where the header named h is, in the layers.
home_of() {
    find core runtime harness conformance/support fuzz tools -name "$1" 2>/dev/null | head -n 1
}

for f in $(find core runtime harness conformance fuzz tools -name '*.[ch]' | sort); do
    allowed=$(below "$f")
    for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
        checked=$((checked + 1))
        [ -f "$(dirname "$f")/$h" ] && continue
        home=$(home_of "$(basename "$h")")
        [ -n "$home" ] || continue # a generated header (matrix_page.h)
        ok=0
        for a in $allowed; do
            case $home in "$a"/*) ok=1 ;; esac
        done
        [ $ok -eq 1 ] || fail "$f includes $h, which is $home: above its layer ($allowed)"
    done
done

# shellcheck disable=SC2044 # the repository's paths hold no whitespace
for cmake in $(find core runtime harness conformance fuzz tools tests -name CMakeLists.txt); do
    if grep -nE '(PROJECT_SOURCE_DIR|CMAKE_SOURCE_DIR|\.\.)/[A-Za-z_/.-]+\.(c|cc|h)\b' "$cmake" |
        grep -v "cmake/"; then
        fail "$cmake names a source file of another folder"
    fi
    checked=$((checked + 1))
done

for f in conformance/*.c; do
    [ -e "$f" ] && fail "$f: a case file is conformance/<area>/<group>.c"
done

for readme in core runtime harness; do
    for d in $(find "$readme" -mindepth 1 -type d | sort); do
        checked=$((checked + 1))
        grep -q "\`$(basename "$d")/\`" "$readme/README.md" ||
            fail "$readme/README.md does not name its folder $(basename "$d")/"
    done
done

[ "$checked" -gt 200 ] || fail "only $checked checks made"
echo "$checked checked: $([ $status -eq 0 ] && echo 1 passed, 0 failed || echo 0 passed, 1 failed)"
exit $status
