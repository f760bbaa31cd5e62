#!/bin/sh
# doc_trace.sh: regenerates the traceability data from the installed HTML
# documentation: docs/trace/sentences/<version>.txt for every version whose
# python3.X-doc HTML is present (the host's /usr/share/doc/python3.X/html,
# and the Debian sid root of ci/sid-root.sh for 3.13, 3.14, 3.15: the one
# $PYMEM_CTS_SID_ROOT names, else the cached one), then
# docs/traceability.md from them, the cases' sources and
# docs/trace/untestable.txt.
#   ci/doc_trace.sh LIST_SOURCES     (build/tests/list_sources)
# A version whose HTML is absent keeps its committed sentence list.
set -eu
[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: ci/doc_trace.sh LIST_SOURCES (build/tests/list_sources)" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
sid=${PYMEM_CTS_SID_ROOT:-${PYMEM_CTS_CACHE:-$HOME/.cache/pymem-cts}/sid-root}
out="$root/docs/trace/sentences"
for v in 3.11 3.13 3.14 3.15; do
    for html in "/usr/share/doc/python$v/html" "$sid/usr/share/doc/python$v/html"; do
        if [ -f "$html/c-api/memory.html" ]; then
            python3 "$root/ci/doc_trace.py" extract "$html" "$v" "$out/$v.txt"
            echo "doc_trace: $v from $html"
            break
        fi
    done
done
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$1" >"$tmp"
python3 "$root/ci/doc_trace.py" table "$tmp" "$out" "$root/docs/trace/untestable.txt" "$root/docs/traceability.md"
echo "doc_trace: wrote docs/traceability.md"
