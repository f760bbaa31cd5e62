#!/bin/sh
# shellcheck disable=SC2034 # out, rc, rows, spans, err: read by the checks, strings check() evals
# matrix_page.sh: the matrix page as a browser shows it. Two nights of one
# build (a real run under every allocator mode, and a copy a day later with
# one case run planted from PASS to FAIL, its message holding HTML) go
# through `pymem-cts-matrix --diff`; headless Chromium renders the page and
# its DOM must hold a grid row for every case with a result per mode, the
# planted change and only it in the diff view, a history row per night,
# each run's suite commit and configure flags, and the message as text, not
# markup. Bad arguments are one line and exit 2. Exit 77, saying so, when
# chromium is not installed.
#   matrix_page.sh CTS MATRIX
set -u
cts=$1 matrix=$2
browser=$(command -v chromium || command -v chromium-browser) ||
    { echo "SKIP: no chromium on PATH (apt-get install chromium)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; status=1; fi; }

"$cts" --allocator all --filter 'families.raw.*' --json "$tmp/night1.json" >/dev/null 2>&1
planted=families.raw.malloc_zero
python3 - "$tmp" "$planted" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/night1.json"))
d["started"] = d["started"][:8] + "%02d" % (int(d["started"][8:10]) % 28 + 1) + d["started"][10:]
hit = [c for c in d["cases"] if c["id"] == sys.argv[2] and c["allocator"] == "malloc"]
assert hit and hit[0]["result"] == "PASS", "the planted case did not pass on night 1"
hit[0].update(result="FAIL", message="planted </script><b id=\"injected\">bold</b> & more")
json.dump(d, open(sys.argv[1] + "/night2.json", "w"))
ids = sorted({c["id"] for c in d["cases"]})
open(sys.argv[1] + "/ids", "w").write("\n".join(ids) + "\n")
print(len(d["cases"]), file=open(sys.argv[1] + "/runs", "w"))
PY
mkdir "$tmp/out"
out=$("$matrix" --diff "$tmp/night1.json" "$tmp/night2.json" "$tmp/out" 2>/dev/null); rc=$?
check "--diff prints the planted change, and only it" '[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c "^CHANGED")" -eq 1 ] && echo "$out" | grep -qx "CHANGED \[malloc\] $planted: PASS -> FAIL"'
start=$(date +%s.%N)
"$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
    --dump-dom "file://$tmp/out/matrix.html" >"$tmp/dom.html" 2>"$tmp/browser.log"
rc=$?
end=$(date +%s.%N)
echo "rendered $(wc -c <"$tmp/out/matrix.html") bytes in $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b - a}') s"
check "chromium renders the page" '[ $rc -eq 0 ] && [ -s "$tmp/dom.html" ]'
rows=$(grep -o '<tr class="case" data-id="[^"]*"' "$tmp/dom.html" | sed 's/.*data-id="//; s/"$//')
check "the grid has a row for every case ($(wc -l <"$tmp/ids") cases)" '[ "$rows" = "$(cat "$tmp/ids")" ]'
spans=$(grep -o '<span class="r [A-Z]*" title="[^"]*"' "$tmp/dom.html" | wc -l)
check "every case run has its cell in both columns ($(cat "$tmp/runs") per night)" '[ "$spans" -eq $((2 * $(cat "$tmp/runs"))) ]'
check "the grid shows the planted FAIL in its mode" 'grep -q "title=\"malloc: FAIL: planted &lt;/script&gt;" "$tmp/dom.html"'
check "the diff view lists the planted change, and only it" '[ "$(grep -o "<tr class=\"change\"[^>]*>" "$tmp/dom.html")" = "<tr class=\"change\" data-id=\"$planted\" data-mode=\"malloc\" data-old=\"PASS\" data-new=\"FAIL\">" ]'
check "the history has a row per night, the second with its one change" '[ "$(grep -o "<tr class=\"night\"" "$tmp/dom.html" | wc -l)" -eq 2 ] && grep -q "<td>1</td></tr></tbody></table>" "$tmp/dom.html"'
commit=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["build"]["suite_commit"])' "$tmp/night1.json")
check "the runs table shows the suite commit ($commit) and the configure flags" 'grep -q ">$commit</td>" "$tmp/dom.html" && grep -q "configure flags</th>" "$tmp/dom.html"'
check "the message is text, not markup" '! grep -q "<b id=" "$tmp/dom.html" && grep -q "planted &lt;/script&gt;&lt;b id=\"injected\"&gt;bold&lt;/b&gt; &amp; more" "$tmp/dom.html"'
check "the page loads nothing from the network" '! grep -Eq "(src|href)=\"(https?:)?//" "$tmp/out/matrix.html"'
for args in "--diff $tmp/night1.json" "--diff $tmp/night1.json $tmp/night2.json" "$tmp/out"; do
    err=$("$matrix" $args 2>&1 >/dev/null); rc=$?
    check "bad arguments ($(echo "$args" | sed "s|$tmp/||g")) are one line, exit 2" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ]'
done
err=$("$matrix" --diff "$tmp/night1.json" "$tmp/absent.json" "$tmp/out" 2>&1 >/dev/null); rc=$?
check "a missing report under --diff is one line, exit 2" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ]'
exit $status
