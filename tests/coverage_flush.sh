#!/bin/sh
# coverage_flush.sh: ci/coverage/gcov_flush.c, the shim that makes every
# process of a coverage run write its counters. A --coverage program and a
# --coverage shared library (as the python executable and libpython are)
# that leave by _exit, _Exit, abort, a fault (SIGSEGV) and a raised SIGBUS
# must each write the counters of both, and end exactly as without the
# shim (the same exit status, the same signal).
#   tests/coverage_flush.sh SOURCE_DIR
set -u
src=$1
command -v cc >/dev/null || { echo "SKIP: no C compiler"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
cat >lib.c <<'C'
int lib_fn(int x) { return x > 3 ? 1 : 2; }
C
cat >prog.c <<'C'
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
int lib_fn(int);
int main(int argc, char **argv)
{
    int r = lib_fn(argc);
    switch (argv[1][0]) {
    case 'e': _exit(3);
    case 'E': _Exit(4);
    case 'a': abort();
    case 's': *(volatile int *)0 = r; break;
    case 'b': raise(SIGBUS); break;
    case 'r': return 5;
    }
    return 0;
}
C
cc -shared -fPIC -O2 -o gcov_flush.so "$src/ci/coverage/gcov_flush.c" -ldl -lgcov &&
    cc --coverage -fPIC -c lib.c && cc -shared --coverage -o libcov.so lib.o &&
    cc --coverage -c prog.c && cc --coverage -o prog prog.o -L. -lcov -Wl,-rpath,"$dir" ||
    { echo "FAIL: building the shim or the --coverage program"; exit 1; }
status=0
for how in e E a s b r; do
    rm -f ./*.gcda
    ./prog "$how" 2>/dev/null
    want=$?
    rm -f ./*.gcda
    LD_PRELOAD=$dir/gcov_flush.so ./prog "$how" 2>/dev/null
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: '$how': exit status $got with the shim, $want without"; status=1
    elif [ ! -s prog.gcda ] || [ ! -s lib.gcda ]; then
        echo "FAIL: '$how' (status $got): counters not written: $(ls ./*.gcda 2>/dev/null | tr '\n' ' ')"; status=1
    else
        echo "ok: '$how': status $got, prog.gcda and lib.gcda written"
    fi
done
[ $status -eq 0 ] && echo "gcov flush shim: ok"
exit $status
