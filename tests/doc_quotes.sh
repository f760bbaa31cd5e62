#!/bin/sh
# doc_quotes.sh: every passage a case quotes is in its page, in the Python
# version the case names and at all in some version (docs/trace/sentences/,
# extracted from the documentation's HTML); a quote found in no version, or
# not in the version it names, fails the check (both planted here).
#   doc_quotes.sh SOURCE_DIR LIST_SOURCES
set -u
src=$1 list=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
"$list" >"$tmp/sources.tsv" || { echo "FAIL: list_sources failed"; exit 1; }
python3 "$src/ci/doc_trace.py" check "$tmp/sources.tsv" "$src/docs/trace/sentences" || status=1
printf 'planted.case\tc-api/memory.html#c.PyMem_Malloc\t3.15\tPyMem_Malloc() never fails.\n' >"$tmp/bad.tsv"
out=$(python3 "$src/ci/doc_trace.py" check "$tmp/bad.tsv" "$src/docs/trace/sentences" 2>&1) &&
    { echo "FAIL: a quote in no version of its page passed"; status=1; }
echo "$out" | grep -q "planted.case quotes a passage no version" ||
    { echo "FAIL: the invented quote is not named: $out"; status=1; }
printf 'planted.case\tc-api/memory.html#debug-hooks-on-the-python-memory-allocators\t3.15\tCheck that the GIL is held when allocator functions of PYMEM_DOMAIN_OBJ (ex: PyObject_Malloc()) and PYMEM_DOMAIN_MEM (ex: PyMem_Malloc()) domains are called.\n' >"$tmp/old.tsv"
out=$(python3 "$src/ci/doc_trace.py" check "$tmp/old.tsv" "$src/docs/trace/sentences" 2>&1) &&
    { echo "FAIL: a quote of 3.13 text said to be 3.15's passed"; status=1; }
echo "$out" | grep -q "planted.case says its quote is 3.15's text" ||
    { echo "FAIL: the wrong version is not named: $out"; status=1; }
[ "$status" -ne 0 ] || echo "ok: every quoted passage is in its page; the planted ones are caught"
exit "$status"
