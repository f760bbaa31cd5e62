#!/bin/sh
# doc_trace_checks.sh: the traceability checks on the committed sentence
# lists (docs/trace/sentences/, extracted from the documentation's HTML by
# ci/doc_trace.py), with the cases' sources from list_sources.
#   quotes: every passage a case quotes is in its page, in the Python version
#     the case names; a quote in no version, or not in the version it names,
#     fails (both planted here).
#   table: docs/traceability.md is what ci/doc_trace.py makes of them and
#     docs/trace/untestable.txt (else it is stale: run ci/doc_trace.sh), and
#     an explanation of a sentence no page holds fails (planted).
#   doc_trace_checks.sh SOURCE_DIR LIST_SOURCES quotes|table
set -u
src=$1 list=$2 what=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
"$list" >"$tmp/sources.tsv" || { echo "FAIL: list_sources failed"; exit 1; }
quotes() {
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
}
table() {
python3 "$src/ci/doc_trace.py" table "$tmp/sources.tsv" "$src/docs/trace/sentences" \
    "$src/docs/trace/untestable.txt" "$tmp/traceability.md" || status=1
if ! cmp -s "$tmp/traceability.md" "$src/docs/traceability.md"; then
    diff "$src/docs/traceability.md" "$tmp/traceability.md" | head -n 10
    echo "FAIL: docs/traceability.md is stale: run ci/doc_trace.sh build/tests/list_sources"
    status=1
fi
grep -q '^| 3.15 | [0-9]* | [0-9]* |' "$tmp/traceability.md" || { echo "FAIL: no 3.15 coverage row"; status=1; }
{ cat "$src/docs/trace/untestable.txt"; printf '## planted\nPyMem_Malloc() never fails.\n'; } >"$tmp/stale.txt"
python3 "$src/ci/doc_trace.py" table "$tmp/sources.tsv" "$src/docs/trace/sentences" "$tmp/stale.txt" \
    "$tmp/t.md" 2>/dev/null && { echo "FAIL: an explanation of a sentence no page holds passed"; status=1; }
[ "$status" -ne 0 ] || echo "ok: docs/traceability.md is current; $(sed -n 's/^| 3.15 | \([0-9]*\) | \([0-9]*\) | \([0-9]*\) | \([0-9]*\) .*/3.15: \1 sentences, \2 covered, \3 explained, \4 uncovered/p' "$tmp/traceability.md")"
}
case $what in
quotes) quotes ;;
table) table ;;
*) echo "usage: doc_trace_checks.sh SOURCE_DIR LIST_SOURCES quotes|table" >&2; exit 2 ;;
esac
exit "$status"
