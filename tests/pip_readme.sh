#!/bin/sh
# pip_readme.sh: the README's pip route works as written on the system's
# Python (Debian's /usr/bin/python3, whose pip PEP 668 keeps out of the
# system): the commands of the README's "Without CMake: pip" block (but
# ci/install-deps.sh, which the test does not run), in a copy of the
# checkout, with that python3 first on PATH, exit 0 and leave a report whose
# run says it was a subset (host mode). Skipped (77), naming what installs
# it, without venv, setuptools or wheel for that Python.
#   tests/pip_readme.sh SOURCE_DIR WORK_DIR CHECK_REPORT [PYTHON3]
set -u
src=$1 work=$2 check=$3 py=${4:-/usr/bin/python3}
[ -x "$py" ] || { echo "SKIP: no system Python $py"; exit 77; }
"$py" -c 'import ensurepip, setuptools, wheel' 2>/dev/null ||
    { echo "SKIP: $py lacks venv, setuptools or wheel (ci/install-deps.sh --pip installs them)"; exit 77; }
dir=$(mktemp -d "$work/pip-readme.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/src" "$dir/bin"
for f in pyproject.toml setup.py CMakeLists.txt README.md pymem_cts core runtime harness conformance; do
    cp -R "$src/$f" "$dir/src/" || { echo "FAIL: cannot copy $src/$f"; exit 1; }
done
ln -s "$py" "$dir/bin/python3"
awk '/^### Without CMake: pip/ { section = 1 } section && /^```sh/ { block = 1; next }
     block && /^```/ { exit } block && !/^ci\/install-deps.sh/ { print }' "$src/README.md" >"$dir/route.sh"
[ "$(wc -l <"$dir/route.sh")" -ge 2 ] || { echo "FAIL: no pip block in the README"; exit 1; }
echo "the README's pip route:"; sed 's/^/    /' "$dir/route.sh"
(cd "$dir/src" && PATH="$dir/bin:$PATH" sh -ex "$dir/route.sh") >"$dir/log" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
    tail -n 30 "$dir/log"; echo "FAIL: the README's pip route exited $rc on $py"; exit 1
fi
sed -n '/^pymem-cts: /,$p' "$dir/log" | grep -v '^+'
grep -q '^host mode: this run is a subset: ' "$dir/log" ||
    { echo "FAIL: the host run does not say it ran a subset"; exit 1; }
"$check" "$dir/src/report.json" || { echo "FAIL: the report of the README's route"; exit 1; }
echo "ok: the README's pip route, as written, on $py ($("$py" --version))"
