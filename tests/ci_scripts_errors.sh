#!/bin/sh
# ci/all-builds.sh, ci/build-cpython.sh, ci/coverage.sh, ci/fuzz-reach.sh
# and ci/starved-run.sh on bad input: a missing or bad option value, an
# unknown option, a wrong number of arguments: each one line and exit status 2, before anything is built, fetched or made (the
# --out directory and the CPython cache stay absent).
set -u
src=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
check() { # WHAT SCRIPT ARGS...
    what=$1; shift
    CPYTHON_CACHE=$dir/cache "$@" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne 2 ] || [ "$(wc -l <"$dir/err")" -ne 1 ] || [ -s "$dir/out" ] ||
        [ -e "$dir/cache" ] || [ -e "$dir/o" ]; then
        echo "FAIL: $what: exit $rc (want 2, one line, nothing made), stderr:"; cat "$dir/err"
        ls "$dir"; status=1
    else
        echo "ok: $what: $(cat "$dir/err")"
    fi
}
ab=$src/ci/all-builds.sh
check "all-builds --out without a value" "$ab" --out
check "all-builds --out ''" "$ab" --out ''
check "all-builds --repeat without a value" "$ab" --out "$dir/o" --repeat
check "all-builds --repeat abc" "$ab" --out "$dir/o" --repeat abc
check "all-builds --repeat 0" "$ab" --out "$dir/o" --repeat 0 --filter families.raw.malloc_zero
check "all-builds --allocator without a value" "$ab" --out "$dir/o" --allocator
check "all-builds --filter without a value" "$ab" --out "$dir/o" --filter
check "all-builds unknown option" "$ab" --out "$dir/o" --bogus
check "all-builds --out that cannot be made" "$ab" --out /proc/no/such
check "all-builds with one PYTHON twice" "$ab" --out "$dir/o" --jobs 2 /usr/bin/python3 /usr/bin/python3
bc=$src/ci/build-cpython.sh
check "build-cpython without arguments" "$bc"
check "build-cpython without a variant" "$bc" 3.13
check "build-cpython with an extra argument" "$bc" 3.13 release extra-arg
check "build-cpython with a bad version" "$bc" 3.x release
check "build-cpython with a bad variant" "$bc" 3.13 fast
cv=$src/ci/coverage.sh
check "coverage without a PYTHON" "$cv"
check "coverage --out without a value" "$cv" --out
check "coverage --filter without a value" "$cv" --out "$dir/o" --filter
check "coverage unknown option" "$cv" --out "$dir/o" --bogus
check "coverage with two PYTHONs" "$cv" --out "$dir/o" python3 python3
check "coverage with a PYTHON that is no file" "$cv" --out "$dir/o" "$dir/no-python"
check "coverage with a PYTHON that is no gcov build" "$cv" --out "$dir/o" "$(command -v python3)"
fr=$src/ci/fuzz-reach.sh
py=$(command -v python3)
check "fuzz-reach without PYTHONs" "$fr" --out "$dir/o"
check "fuzz-reach with one PYTHON" "$fr" --out "$dir/o" "$py"
check "fuzz-reach with three PYTHONs" "$fr" --out "$dir/o" "$py" "$py" "$py"
check "fuzz-reach --runs 0" "$fr" --out "$dir/o" --runs 0 "$py" "$py"
check "fuzz-reach --seeds abc" "$fr" --out "$dir/o" --seeds abc "$py" "$py"
check "fuzz-reach unknown option" "$fr" --out "$dir/o" --bogus "$py" "$py"
check "fuzz-reach with an unknown target" "$fr" --out "$dir/o" --targets no_such_fuzzer "$py" "$py"
check "fuzz-reach with a mode the target lacks" "$fr" --out "$dir/o" --targets arena_fuzzer --mode malloc "$py" "$py"
check "fuzz-reach with a FUZZ_PYTHON built without ASan" "$fr" --out "$dir/o" "$py" "$py"
sr=$src/ci/starved-run.sh
check "starved-run without a pymem-cts" "$sr" --out "$dir/o"
check "starved-run --runs 0" "$sr" --out "$dir/o" --runs 0 /bin/true
check "starved-run --runs abc" "$sr" --out "$dir/o" --runs abc /bin/true
check "starved-run --hogs-per-core without a value" "$sr" --out "$dir/o" --hogs-per-core
check "starved-run with an unknown option" "$sr" --out "$dir/o" --no-such-option /bin/true
check "starved-run with a pymem-cts that is not a program" "$sr" --out "$dir/o" "$dir/none"
check "starved-run without pymem-cts-compare beside it" "$sr" --out "$dir/o" /bin/true
check "starved-run with an unreadable baseline" "$sr" --out "$dir/o" --compare /bin/true --baseline "$dir/none" /bin/true
check "starved-run with a baseline that is no report" "$sr" --out "$dir/o" --compare /bin/false --baseline /etc/hostname /bin/true
[ $status -eq 0 ] && echo "ci scripts on bad input: ok"
exit $status
