#!/bin/sh
# matrix_hostile.sh: pymem-cts-matrix and its page take ids, areas and
# modes as exact, case-sensitive names, whatever they are, at any count
# (the second hostile run's N4, N6 and N3). An id or a mode differing from
# another only in case is a case run of its own: --diff reports it and the
# page's grid has its row or column; a report with two records of one
# (id, mode) is refused, exit 2; 100k distinct ids, and 20k areas, are
# folded in under 2 s. With chromium: an allocator mode or an area named
# constructor, __proto__, toString or hasOwnProperty leaves the page whole
# (every grid row, the traffic light's cells), no script error.
#   matrix_hostile.sh SELFTEST MATRIX
# shellcheck disable=SC2034 # out, err, rc...: read by the checks' eval
set -u
selftest=$1 matrix=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/cpu_time.sh"
status=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; status=1; fi; }

"$selftest" --filter 'selftest.expect_pass.*,selftest.expect_fail.check_fails' \
    --allocator default,debug --json "$tmp/r.json" >/dev/null 2>&1
mkdir "$tmp/out"
python3 - "$tmp" <<'PY'
import copy, json, sys
t = sys.argv[1]
d = json.load(open(t + "/r.json"))
def put(name, d):
    json.dump(d, open(t + "/" + name, "w"))
x = copy.deepcopy(d); c = dict(x["cases"][0], id=x["cases"][0]["id"].upper(), result="FAIL")
x["cases"].append(c); put("upper-id.json", x)                                # B15, B18
x = copy.deepcopy(d); c = dict(x["cases"][0], allocator="DEFAULT", result="FAIL")
x["cases"].append(c); put("upper-mode.json", x)                              # B16, B19
x = copy.deepcopy(d); c = dict(x["cases"][0], result="FAIL")
x["cases"].append(c); put("two-records.json", x)                             # B17
t0 = {k: d["cases"][0][k] for k in ("id", "area", "allocator", "result")}  # the entry alone
x = copy.deepcopy(d); x["cases"] = [dict(t0, id="zz.%06d" % i) for i in range(100000)]
put("many-ids.json", x)                                                      # B30
x = copy.deepcopy(d); x["cases"] = [dict(t0, id="zz.%06d" % i, area="a%05d" % i) for i in range(20000)]
put("many-areas.json", x)                                                    # B31
for name in ["constructor", "__proto__", "toString", "hasOwnProperty"]:
    x = copy.deepcopy(d)                                                     # B07-B09
    for c in x["cases"]: c["allocator"] = name if c["allocator"] == "default" else c["allocator"]
    for r in x["runs"]: r["allocator"] = name if r["allocator"] == "default" else r["allocator"]
    put("mode-%s.json" % name, x)
    x = copy.deepcopy(d)                                                     # B10-B12
    for c in x["cases"]: c["area"] = name
    put("area-%s.json" % name, x)
print(len({c["id"] for c in d["cases"]}), file=open(t + "/ids", "w"))
PY
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][0]["id"])' "$tmp/r.json")
upper=$(echo "$id" | tr a-z A-Z)
out=$("$matrix" --diff "$tmp/r.json" "$tmp/upper-id.json" "$tmp/out" 2>&1); rc=$?
check "an id differing only in case is a new case run: --diff names it" '[ $rc -eq 0 ] && echo "$out" | grep -qx "CHANGED \[default\] $upper: not run -> FAIL" && echo "$out" | grep -q "^pymem-cts-matrix: 1 case runs changed"'
check "... and the grid has its row" 'python3 -c "import json,sys; m=json.load(open(sys.argv[1])); sys.exit(not {sys.argv[2], sys.argv[3]} <= set(m[\"cases\"]))" "$tmp/out/matrix.json" "$id" "$upper"'
out=$("$matrix" --diff "$tmp/r.json" "$tmp/upper-mode.json" "$tmp/out" 2>&1); rc=$?
check "a mode differing only in case is a new case run: --diff names it" '[ $rc -eq 0 ] && echo "$out" | grep -qx "CHANGED \[DEFAULT\] $id: not run -> FAIL"'
check "... and the column has both modes" 'python3 -c "import json,sys; m=json.load(open(sys.argv[1])); sys.exit(not {\"default\", \"DEFAULT\"} <= set(m[\"builds\"][1][\"modes\"]))" "$tmp/out/matrix.json"'
err=$("$matrix" "$tmp/out" "$tmp/two-records.json" 2>&1 >/dev/null); rc=$?
check "two records of one (id, mode): refused, one line, exit 2" '[ $rc -eq 2 ] && [ $(printf "%s\n" "$err" | grep -c .) -eq 1 ] && echo "$err" | grep -q "are both the run of one case in one mode"'
cpu_mark "$tmp/cpu0"
out=$("$matrix" "$tmp/out" "$tmp/many-ids.json" 2>&1); rc=$?
cpu_mark "$tmp/cpu1"
secs=$(cpu_used "$tmp/cpu0" "$tmp/cpu1")
check "100k distinct ids folded in $secs s of CPU (< 2 s)" '[ $rc -eq 0 ] && echo "$out" | grep -q " 100000 cases: " && awk -v s="$secs" "BEGIN { exit !(s < 2) }"'
cpu_mark "$tmp/cpu0"
out=$("$matrix" "$tmp/out" "$tmp/many-areas.json" "$tmp/r.json" 2>&1); rc=$?
cpu_mark "$tmp/cpu1"
secs=$(cpu_used "$tmp/cpu0" "$tmp/cpu1")
check "20k distinct areas folded in $secs s of CPU (< 2 s)" '[ $rc -eq 0 ] && echo "$out" | grep -q " 2000[0-9] areas, " && awk -v s="$secs" "BEGIN { exit !(s < 2) }"'

browser=$(command -v chromium || command -v chromium-browser) ||
    { echo "SKIP: the page's checks: no chromium on PATH (ci/install-deps.sh --browser)"; exit $status; }
ids=$(cat "$tmp/ids")
for name in constructor __proto__ toString hasOwnProperty; do
    for what in mode area; do
        rm -rf "$tmp/out" "$tmp/profile" && mkdir "$tmp/out"
        "$matrix" "$tmp/out" "$tmp/$what-$name.json" "$tmp/r.json" >/dev/null 2>&1
        "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
            --enable-logging=stderr --v=0 --dump-dom "file://$tmp/out/matrix.html" \
            >"$tmp/dom.html" 2>"$tmp/browser.log"
        rows=$(grep -o 'class="case"' "$tmp/dom.html" | wc -l)
        nights=$(grep -o 'class="night"' "$tmp/dom.html" | wc -l)
        check "an $what named $name: the page is whole ($rows of $ids grid rows, $nights history rows, no script error)" '[ "$rows" -eq "$ids" ] && [ "$nights" -eq 2 ] && ! grep -q "Uncaught" "$tmp/browser.log"'
    done
done
exit $status
