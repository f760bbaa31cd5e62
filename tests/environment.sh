#!/bin/sh
# The user's environment does not reach the Python under test: a run with
# PYTHONTRACEMALLOC, PYTHONPATH (holding a tracemalloc.py that fails to
# import), PYTHONDEVMODE, PYTHONMALLOC and PYTHONMALLOCSTATS set gives every
# case the result of a clean run, the console names the PYTHON* variables
# it did not pass, and the JSON report's "environment" lists them.
set -u
cts=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/site"
echo 'raise ImportError("planted by tests/environment.sh")' >"$dir/site/tracemalloc.py"
env -u PYTHONPATH -u PYTHONTRACEMALLOC "$cts" --json "$dir/clean.json" >"$dir/clean.txt" 2>&1
clean=$?
PYTHONTRACEMALLOC=1 PYTHONPATH=$dir/site PYTHONDEVMODE=1 PYTHONMALLOC=debug PYTHONMALLOCSTATS=1 \
    "$cts" --json "$dir/dirty.json" >"$dir/dirty.txt" 2>&1
dirty=$?
[ "$clean" -eq "$dirty" ] || { echo "FAIL: exit $dirty with the user's PYTHON* set, $clean without"; tail -5 "$dir/dirty.txt"; exit 1; }
grep -q '^not passed to the Python under test:.* PYTHONPATH' "$dir/dirty.txt" ||
    { echo "FAIL: the console does not name PYTHONPATH"; exit 1; }
python3 - "$dir/clean.json" "$dir/dirty.json" <<'PY' || exit 1
import json, sys
clean, dirty = (json.load(open(p)) for p in sys.argv[1:])
results = lambda r: {(c["id"], c["allocator"]): c["result"] for c in r["cases"]}
diff = {k: (v, results(dirty).get(k)) for k, v in results(clean).items() if results(dirty).get(k) != v}
if diff:
    sys.exit("FAIL: results differ with the user's PYTHON* set: %s" % sorted(diff.items())[:5])
removed = set(dirty["environment"]["removed"])
want = {"PYTHONTRACEMALLOC", "PYTHONPATH", "PYTHONDEVMODE", "PYTHONMALLOC", "PYTHONMALLOCSTATS"}
if not want <= removed:
    sys.exit("FAIL: the report's environment.removed lacks %s" % sorted(want - removed))
print("environment: ok, %d case runs alike, removed %s" % (len(results(clean)), sorted(want)))
PY
