#!/bin/sh
# shellcheck disable=SC2034 # out, rc, rows, spans, err: read by the checks, strings check() evals
# matrix_page.sh: the matrix page as a browser shows it. Two nights of one
# build (a real run under every allocator mode, an XFAIL planted, and a
# copy a day later with one case run planted from PASS to FAIL, its message
# holding HTML) go through `pymem-cts-matrix --diff`; headless Chromium
# renders the page and its DOM must hold a grid row for every case with a
# result per mode, the planted change and only it in the diff view, a
# history row per night, each run's suite commit and configure flags, and
# the message as text, not markup. Measured in a 1400x900 window (a probe,
# matrix_probe.js, put into a copy of the page): the red list, above the
# grid and within the first screen, names the failing case, its build and
# its message; its drill-down shows the failing run first and the XFAIL
# runs folded, counted; a report whose runs are UNSUPPORTED or not run by
# its version window has them counted apart (never in passed/ran) and
# listed only in the folded count of its diff, not among the changed
# results, nor by "only differing"; 20 builds fit 1400 px without
# horizontal scroll; a case red on 8 builds, in other modes on each, keeps
# its builds' links inside their cell, on one line, those past its end
# counted in a "+N more" that shows them all, still inside (each probe
# lists any element of a red row outside its cell); an all-green run says
# so in one line. Bad arguments
# are one line and exit 2. Exit 77, saying so, when chromium is not
# installed.
#   matrix_page.sh CTS MATRIX
set -u
cts=$1 matrix=$2
browser=$(command -v chromium || command -v chromium-browser) ||
    { echo "SKIP: no chromium on PATH (ci/install-deps.sh --browser installs it)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; status=1; fi; }

"$cts" --allocator all --filter 'families.raw.*' --json "$tmp/night1.json" >/dev/null 2>&1
planted=families.raw.malloc_zero
python3 - "$tmp" "$planted" <<'PY'
import copy, json, sys
t, planted = sys.argv[1], sys.argv[2]
d = json.load(open(t + "/night1.json"))
passing = [c for c in d["cases"] if c["result"] == "PASS" and c["id"] != planted]
passing[0].update(result="XFAIL", expectation_reason="planted known failure")  # both nights
json.dump(d, open(t + "/night1.json", "w"))
d["started"] = d["started"][:8] + "%02d" % (int(d["started"][8:10]) % 28 + 1) + d["started"][10:]
hit = [c for c in d["cases"] if c["id"] == sys.argv[2] and c["allocator"] == "malloc"]
assert hit and hit[0]["result"] == "PASS", "the planted case did not pass on night 1"
hit[0].update(result="FAIL", message="planted </script><b id=\"injected\">bold</b> & more")
json.dump(d, open(sys.argv[1] + "/night2.json", "w"))
ids = sorted({c["id"] for c in d["cases"]})
open(sys.argv[1] + "/ids", "w").write("\n".join(ids) + "\n")
print(len(d["cases"]), file=open(sys.argv[1] + "/runs", "w"))
area = hit[0]["area"]
print(sum(c["result"] == "XFAIL" and c["area"] == area for c in d["cases"]),
      file=open(t + "/xfails", "w"))
# The version window of another build: 3 runs UNSUPPORTED by it, 2 not run
# at all; and one result changed, PASS to FAIL.
w = json.load(open(t + "/night1.json"))
passing = [c for c in w["cases"] if c["result"] == "PASS" and c["id"] != planted]
by_id = {}
for c in passing:
    by_id.setdefault(c["id"], []).append(c)
ids = sorted(by_id)
by_id[ids[0]][0].update(result="FAIL", message="the one changed result")
for c in by_id[ids[1]][:3]:
    c.update(result="UNSUPPORTED", unsupported="version", message="needs Python 3.99")
gone = by_id[ids[2]][:2]
w["cases"] = [c for c in w["cases"] if not any(c is g for g in gone)]
json.dump(w, open(t + "/window.json", "w"))
open(t + "/window-change", "w").write("%s %s\n" % (ids[0], by_id[ids[0]][0]["allocator"]))
# An all-green run: night 1 with every red result a PASS.
g = json.load(open(t + "/night1.json"))
for c in g["cases"]:
    if c["result"] in ("FAIL", "XPASS", "CRASH", "TIMEOUT", "ERROR"):
        c["result"] = "PASS"
json.dump(g, open(t + "/green.json", "w"))
# 20 builds: night 2 under 20 names.
for i in range(20):
    x = copy.deepcopy(d)
    x["build"]["header_version"] = "3.%d.%d" % (10 + i // 5, i)
    json.dump(x, open(t + "/build%02d.json" % i, "w"))
# 8 builds, the planted case red in another set of modes on each: more
# links to builds than one line of the red list's cell holds.
modes = sorted({c["allocator"] for c in d["cases"] if c["id"] == planted})
for i in range(8):
    x = copy.deepcopy(d)
    x["build"]["header_version"] = "3.%d.%d" % (10 + i // 4, i)
    red = modes[i % len(modes):][:1 + i % 3]
    for c in x["cases"]:
        if c["id"] == planted:
            c.update(result="FAIL", message="red in " + c["allocator"]) \
                if c["allocator"] in red else c.update(result="PASS")
    json.dump(x, open(t + "/modes%d.json" % i, "w"))
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
# The page of OUT_DIR with the probe at its end, rendered in a 1400x900
# window with #probe=ID; the probe's JSON in $tmp/NAME.probe.
probe() {
    python3 - "$1/matrix.html" "$(dirname "$0")/matrix_probe.js" "$1/probe.html" <<'PY'
import sys
page, js = open(sys.argv[1]).read(), open(sys.argv[2]).read()
at = page.rindex("</body>")
open(sys.argv[3], "w").write(page[:at] + "<script>" + js + "</script>" + page[at:])
PY
    rm -rf "$tmp/profile"
    "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
        --window-size=1400,900 --dump-dom "file://$1/probe.html#probe=$planted" 2>>"$tmp/browser.log" |
        python3 -c 'import html, re, sys
m = re.findall(r"<pre id=\"probe\">(.*?)</pre>", sys.stdin.read(), re.S)
print(html.unescape(m[-1]) if m else "{}")' >"$tmp/$2.probe"
}
# The value of the Python expression $2 on the probe's JSON p, as JSON; "?" if none.
probed() { python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))
try: print(json.dumps(eval(sys.argv[2])))
except Exception: print("?")' "$tmp/$1.probe" "$2"; }
name=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["build"]["header_version"])' "$tmp/night1.json")

probe "$tmp/out" night
check "the red list names the planted case, its build and why, first" '[ "$(probed night "[p[\"red\"][0][k] for k in (\"id\", \"builds\")]")" = "[\"$planted\", [\"$name\"]]" ] && probed night "p[\"red\"][0][\"why\"]" | grep -q "planted </script>"'
check "... above the grid, within the first screen (bottom at $(probed night 'p["red"][0]["bottom"]') of $(probed night 'p["innerHeight"]') px)" '[ "$(probed night "p[\"redBeforeGrid\"] and p[\"red\"][0][\"bottom\"] <= p[\"innerHeight\"]")" = true ]'
check "the drill-down shows the failing run first" '[ "$(probed night "p[\"detail\"][\"firstFailing\"] and p[\"detail\"][\"failingBeforeFolded\"]")" = true ] && probed night "p[\"detail\"][\"first\"]" | grep -q "FAIL \[malloc\] $planted"'
check "... and its $(cat "$tmp/xfails") XFAIL runs folded beneath, counted" '[ "$(probed night "[[f[\"result\"], f[\"open\"], f[\"summary\"].split()[0]] for f in p[\"detail\"][\"folded\"]]")" = "[[\"XFAIL\", false, \"$(cat "$tmp/xfails")\"]]" ]'

mkdir "$tmp/window"
out=$("$matrix" --diff "$tmp/night1.json" "$tmp/window.json" "$tmp/window" 2>/dev/null); rc=$?
read -r wid wmode <"$tmp/window-change"
check "--diff across a version window prints the changed result only, the rest counted" '[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c "^CHANGED")" -eq 1 ] && echo "$out" | grep -qx "CHANGED \[$wmode\] $wid: PASS -> FAIL" && echo "$out" | grep -q "(and 5 changed applicability only"'
probe "$tmp/window" window
check "the page's diff lists that one changed result by default, and only it" '[ "$(probed window "p[\"diff\"]")" = "[[\"$wid\", \"$wmode\", \"PASS\", \"FAIL\"]]" ]'
check "... the version window's 5 changes folded, counted by kind" '[ "$(probed window "[p[\"windowCount\"].split()[0], p[\"windowRows\"]]")" = "[\"5\", 0]" ] && probed window "p[\"windowCount\"]" | grep -q "3 version, 2 not run"'
check "\"only differing\" keeps the one case whose result differs" '[ "$(probed window "p[\"differing\"]")" = "[\"$wid\"]" ]'
expected=$(python3 - "$tmp" <<'PY'
import collections, json, sys
counts = [collections.Counter(c["result"] for c in json.load(open(sys.argv[1] + f))["cases"])
          for f in ("/night1.json", "/window.json")]
print(json.dumps([[c[r] for c in counts] for r in ("PASS", "XFAIL", "UNSUPPORTED")] +
                 [[sum(c.values()) - c["UNSUPPORTED"] for c in counts]]))
PY
)
check "UNSUPPORTED counted apart per build, never as a pass nor as ran: $expected" '[ "$(probed window "[p[\"counts\"][r] for r in (\"PASS\", \"XFAIL\", \"UNSUPPORTED\", \"ran\")]")" = "$expected" ]'
cells=$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
out = []
for b in m["builds"]:
    for a in m["areas"]:
        c = b["cells"][a]["counts"]
        u = c["UNSUPPORTED"]
        out.append("%d/%d%s" % (c["PASS"], sum(c.values()) - u, " %du" % u if u else ""))
print(json.dumps(out))' "$tmp/window/matrix.json")
check "the areas table: passed/ran, UNSUPPORTED apart ($cells)" '[ "$(probed window "p[\"cells\"]")" = "$cells" ]'

mkdir "$tmp/green"
"$matrix" "$tmp/green" "$tmp/green.json" >/dev/null 2>&1
probe "$tmp/green" green
check "an all-green run says so in one line, on the first screen" '[ "$(probed green "len(p[\"red\"]) == 0 and p[\"allGreen\"].startswith(\"All green\") and p[\"allGreenBottom\"] <= p[\"innerHeight\"]")" = true ]'

mkdir "$tmp/twenty"
"$matrix" "$tmp/twenty" "$tmp"/build??.json >/dev/null 2>&1
probe "$tmp/twenty" twenty
check "20 builds fit 1400 px without horizontal scroll (scrollWidth $(probed twenty 'p["scrollWidth"]'), client $(probed twenty 'p["clientWidth"]') px)" '[ "$(probed twenty "p[\"scrollWidth\"] <= p[\"clientWidth\"] and p[\"gridRows\"] > 0")" = true ]'
check "... and the planted case named red on the first screen, nothing outside its cell" '[ "$(probed twenty "p[\"red\"][0][\"id\"] == \"$planted\" and p[\"red\"][0][\"bottom\"] <= p[\"innerHeight\"] and p[\"redSpills\"] == []")" = true ]'

mkdir "$tmp/modes"
"$matrix" "$tmp/modes" "$tmp"/modes?.json >/dev/null 2>&1
probe "$tmp/modes" modes
check "a case red on 8 builds, in other modes on each: nothing outside its cell (outside: $(probed modes 'p["redSpills"]'))" '[ "$(probed modes "p[\"redSpills\"] == [] and p[\"redRight\"] <= p[\"clientWidth\"] and len(set(p[\"red\"][0][\"builds\"])) == 8")" = true ]'
check "... its links on the first screen, those past the cell's end counted in a \"+N more\" ($(probed modes 'p["redShown"][0]'))" '[ "$(probed modes "len(p[\"redShown\"][0][\"more\"]) == 1 and len(p[\"redShown\"][0][\"shown\"]) + int(p[\"redShown\"][0][\"more\"][0][1:].split()[0]) == 8 and p[\"red\"][0][\"bottom\"] <= p[\"innerHeight\"]")" = true ]'
check "... which shows all 8, still inside the cell (outside: $(probed modes 'p["redOpenedSpills"]'))" '[ "$(probed modes "p[\"redOpened\"][0] == 8 and p[\"redOpenedSpills\"] == []")" = true ]'

for args in "--diff $tmp/night1.json" "--diff $tmp/night1.json $tmp/night2.json" "$tmp/out"; do
    err=$("$matrix" $args 2>&1 >/dev/null); rc=$?
    check "bad arguments ($(echo "$args" | sed "s|$tmp/||g")) are one line, exit 2" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ]'
done
err=$("$matrix" --diff "$tmp/night1.json" "$tmp/absent.json" "$tmp/out" 2>&1 >/dev/null); rc=$?
check "a missing report under --diff is one line, exit 2" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ]'
exit $status
