#!/bin/sh
# shellcheck disable=SC2034 # out, err, rc: read by the checks, strings check() evals
# explore_program.sh: a lifecycle explorer failure reproduces without the
# suite. Under a deviating build (ci/mutants: a growing PyMem_Realloc that
# keeps 16 bytes), `pymem-cts --explore` must fail the sequence, shorten it
# and write a C program; that program, built with the line its own comment
# gives (copied as a user would), must fail the same way on the deviating
# build and pass on the build without the fault. Bad sequences are one-line
# errors, exit 2.
#   explore_program.sh PYMEM_CTS SOURCE_ROOT PYTHON_INCLUDE_DIR
set -u
cts=$1 root=$2 include=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; status=1; fi; }
command -v "${CC:-cc}" >/dev/null || { echo "SKIP: no C compiler"; exit 77; }

"${CC:-cc}" -shared -fPIC -O1 -DMUTANT_mem_realloc_keeps_16 -I"$include" \
    "$root/ci/mutants/mutants.c" -o "$tmp/mutant.so" -ldl || { echo "FAIL: the mutant does not build"; exit 1; }
unset PYTHONMALLOC
seq='initialize, raw_alloc, mem_alloc, mem_alloc, python, mem_grow, tm_start'
rc=0
LD_PRELOAD="$tmp/mutant.so" "$cts" --explore "$seq" >"$tmp/repro.c" 2>"$tmp/err" || rc=$?
check "the deviating build fails the sequence (exit 1)" '[ $rc -eq 1 ] && grep -q "^FAIL: .*mem_grow: .*realloc.*changed the first" "$tmp/err"'
check "the sequence is shortened to what fails" 'grep -q "^FAIL: initialize, mem_alloc, mem_grow: " "$tmp/err"'
check "the program names its sequence and what broke" 'grep -q "^ \* The sequence: initialize, mem_alloc, mem_grow\.$" "$tmp/repro.c" && grep -q "^ \* What broke: .*realloc" "$tmp/repro.c"'
build=$(sed -n 's/^ \*   \(cc -o repro repro.c .*\)$/\1/p' "$tmp/repro.c")
check "the program's comment gives its build line" '[ -n "$build" ]'
(cd "$tmp" && eval "$build") >"$tmp/cc.log" 2>&1
check "it builds from that line, warning-free" '[ -x "$tmp/repro" ] && ! grep -q "warning:" "$tmp/cc.log"'
out=$(cd "$tmp" && LD_PRELOAD="$tmp/mutant.so" ./repro); rc=$?
check "it fails on the deviating build (exit 1)" '[ $rc -eq 1 ] && echo "$out" | grep -q "^FAIL: .*realloc"'
out=$(cd "$tmp" && ./repro); rc=$?
check "it passes on the build without the fault (exit 0)" '[ $rc -eq 0 ] && [ "$out" = "ok: every promise held" ]'
out=$("$cts" --explore "$seq"); rc=$?
check "the suite's replay of the sequence passes there too" '[ $rc -eq 0 ] && echo "$out" | grep -q "^ok: every promise held"'
for bad in 'bogus' '' 'initialize,,nope'; do
    err=$("$cts" --explore "$bad" 2>&1 >/dev/null); rc=$?
    check "--explore '$bad' is one line, exit 2" '[ $rc -eq 2 ] && [ "$(echo "$err" | wc -l)" -eq 1 ]'
done
exit $status
