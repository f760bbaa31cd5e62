#!/bin/sh
# case_names.sh: every case has one name. Its id's last part is the name
# its macro was given (the registry refuses anything else), the file:line
# that --list -v gives is the definition, and grep for that name over the
# case files finds exactly one definition: a macro call whose first
# argument it is (CTS_CASE(name, ...), CTS_FAMILY_CASE(name, ...), or an
# entry of the fault-call list, X(name, ...)). Where two areas give a case
# the same name (arena.hooks.get_returns_set, hooks.raw.get_returns_set),
# the case's own definition writes out its whole id, or every other one
# writes out its own: either way one grep tells them apart. A workload file
# (conformance/<area>/<group>/<name>.py) is its own definition: the file is
# named as the case, and no macro call defines it.
#   case_names.sh SOURCE_DIR PROGRAM...
set -u
src=$1
shift
cd "$src" || exit 2
list=$(mktemp) || exit 2
trap 'rm -f "$list"' EXIT
checked=0 failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
# The definitions of name: a line that is, or whose previous line ends, a
# call of an upper-case macro with name as its first argument.
definitions() {
    awk -v name="$1" '
        { line = $0; sub(/^[ \t]+/, "", line) }
        line ~ "^[A-Z_]+\\([ \t]*" name "[ \t]*[,)]" || (open && line ~ "^" name "[ \t]*,") {
            print FILENAME ":" FNR
        }
        { open = ($0 ~ /^[A-Z_]+\($/) }' conformance/*/*.c conformance/support/*.h runtime/fault/fault_calls.h tests/selftest_cases.c
}
for program in "$@"; do
    "$program" --list -v >"$list" || { echo "FAIL: $program --list -v"; exit 1; }
    while read -r id where _; do
        checked=$((checked + 1))
        name=${id##*.} file=${where%:*} line=${where##*:}
        [ -f "$file" ] || { fail "$id: --list -v says $where, no such file"; continue; }
        case $file in
        *.py)
            [ "$(basename "$file" .py)" = "$name" ] || fail "$id: defined by $file, a file not named $name.py"
            [ "$(definitions "$name" | wc -l)" -eq 0 ] || fail "$id: $file and a macro call both define $name"
            continue
            ;;
        esac
        if sed -n "${line}p" "$file" | grep -q 'FAULT_CALLS[_a-z]*('; then
            grep -q "X($name," runtime/fault/fault_calls.h ||
                fail "$id: registered from the fault-call list ($where) but no X($name, ...) there"
        elif ! sed -n "${line},$((line + 1))p" "$file" | grep -qw "$name"; then
            fail "$id: --list -v says $where, which does not name $name"
        fi
        n=$(definitions "$name" | wc -l)
        [ "$n" -ge 1 ] || fail "$id: grep finds no definition of $name"
        [ "$n" -le 1 ] || grep -q "\"$id\"" "$file" || for other in $(definitions "$name"); do
            [ "$other" = "$where" ] && continue
            sed -n "${other##*:},$((${other##*:} + 1))p" "${other%:*}" | grep -q '\.id = "[a-z_.]*"' ||
                fail "$id: $name is also defined at $other, which does not write out its id"
        done
    done <"$list"
done
[ "$checked" -gt 100 ] || { echo "FAIL: only $checked cases listed"; exit 1; }
echo "$((checked - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
