#!/bin/sh
# json_schema.sh: real JSON reports validate against docs/report-schema.json
# (the suite under every allocator mode, with its XFAILs; the selftest
# cases, with most other results), and a report with
# a planted wrong field does not: an unknown field, a result name that is
# none, a case's "file" that is not "path:line", a build without its
# suite_commit. Needs python3-jsonschema; exit 77, saying so, without it.
#   json_schema.sh CTS SELFTEST SCHEMA
set -u
cts=$1 selftest=$2 schema=$3
# Debian's python3-jsonschema is in /usr/bin/python3, which need not be the
# python3 on PATH (a pyenv one, say).
python=""
for p in /usr/bin/python3 python3; do
    "$p" -c 'import jsonschema' 2>/dev/null && { python=$p; break; }
done
[ -n "$python" ] ||
    { echo "SKIP: no python3 with the jsonschema module (ci/install-deps.sh installs python3-jsonschema)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cts" --allocator all --json "$dir/suite.json" >/dev/null 2>&1
"$selftest" --no-default-expectations --timeout 3 --jobs 2 --json "$dir/selftest.json" \
    --filter 'selftest.*,-selftest.expect_timeout.hangs*,-selftest.expect_timeout.naps*' \
    >/dev/null 2>&1
"$python" - "$schema" "$dir" <<'PY'
import copy, json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
status = 0


def errors(report):
    return sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))


for name in ("suite", "selftest"):
    report = json.load(open("%s/%s.json" % (sys.argv[2], name)))
    found = errors(report)
    results = sorted({c["result"] for c in report["cases"]})
    if found:
        status = 1
        print("FAIL: the %s report does not match the schema:" % name)
        for e in found[:5]:
            print("  %s: %s" % (e.json_path, e.message[:200]))
    else:
        print("ok   the %s report matches (%d case runs: %s)" % (name, len(report["cases"]),
                                                              " ".join(results)))
    if name == "selftest" and not any("rerun" in c for c in report["cases"]):
        status = 1
        print("FAIL: no TIMEOUT of the selftest report says it was re-run")
base = json.load(open(sys.argv[2] + "/suite.json"))
first = next(i for i, c in enumerate(base["cases"]) if not c["id"].startswith("harness."))


def planted(what, change):
    global status
    report = copy.deepcopy(base)
    change(report)
    if errors(report):
        print("ok   rejected: %s" % what)
    else:
        status = 1
        print("FAIL: the schema accepts %s" % what)


planted("an unknown case field", lambda r: r["cases"][first].update(colour="green"))
planted("a result name that is none", lambda r: r["cases"][first].update(result="GREAT"))
planted("a file that is not path:line", lambda r: r["cases"][first].update(file="somewhere"))
planted("a case without its file", lambda r: r["cases"][first].pop("file"))
planted("a build without suite_commit", lambda r: r["build"].pop("suite_commit"))
planted("a rerun that is no text", lambda r: r["cases"][first].update(rerun=True))
planted("a FAIL without a message",
        lambda r: r["cases"][first].update(result="FAIL", message=None))
sys.exit(status)
PY
