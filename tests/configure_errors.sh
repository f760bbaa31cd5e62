#!/bin/sh
# Configuring for a Python that does not exist fails with a message naming
# it, instead of silently falling back to another Python on PATH; a program
# that runs but is not a Python (/bin/true) is one line from ci/build.sh
# (and so from certify.sh) saying so, and the mutation runner names the
# path it was given and configures nothing.
set -u
src=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if cmake -S "$src" -B "$dir/b" -DPython3_EXECUTABLE=/no/such/python3 >"$dir/log" 2>&1; then
    echo "FAIL: configuring for /no/such/python3 succeeded"; exit 1
fi
grep -q "Python3_EXECUTABLE '/no/such/python3' does not exist" "$dir/log" ||
    { cat "$dir/log"; echo "FAIL: no clear message"; exit 1; }
one_line() { # WANT-STATUS WANT-TEXT COMMAND...
    want=$1 text=$2; shift 2
    "$@" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne "$want" ] || [ "$(wc -l <"$dir/err")" -ne 1 ] || ! grep -q "$text" "$dir/err"; then
        echo "FAIL: $*: exit $rc (want $want and one line with '$text'):"; cat "$dir/err"; exit 1
    fi
    echo "ok: $* -> $(cat "$dir/err")"
}
one_line 1 "'/bin/true' is not a Python" "$src/ci/build.sh" "$dir/true" /bin/true
one_line 1 "'/bin/true' is not a Python" "$src/ci/certify.sh" make /bin/true "$dir/pkg"
one_line 2 "'/bin/true' is not a Python" "$src/ci/mutants/run.sh" --out "$dir/m" /bin/true
[ -z "$(ls -A "$dir/m")" ] || { echo "FAIL: mutants configured into --out: $(ls "$dir/m")"; exit 1; }
one_line 2 "no Python '/no/such/python3'" "$src/ci/mutants/run.sh" --out "$dir/m" /no/such/python3
echo "configure errors: ok"
