#!/bin/sh
# pip_install.sh: the Python package (pyproject.toml, setup.py) for each
# interpreter named: `python -m pip install --no-build-isolation --no-index .`
# in a venv of it (no internet: setuptools and wheel are the interpreter's own
# or Debian's) builds the host warning-free from a copy of the checkout, and
# `python -m pymem_cts --allocator all` from elsewhere runs the suite with exit
# 0, its report consistent, leaving no launcher behind.
#   tests/pip_install.sh SOURCE_DIR CHECK_REPORT PYTHON...
# An interpreter without setuptools, venv or wheel is a SKIP (printed);
# exit 77 if every one was.
set -u
src=$1 check=$2
shift 2
[ $# -ge 1 ] || { echo "SKIP: no interpreter to install the package for (a build tree's python is not one)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/src"
for f in pyproject.toml setup.py CMakeLists.txt README.md pymem_cts core runtime harness conformance; do
    cp -R "$src/$f" "$dir/src/" || { echo "FAIL: cannot copy $src/$f"; exit 1; }
done
ran=0 n=0
for py in "$@"; do
    n=$((n + 1)) v=$dir/venv$n
    [ -x "$py" ] || { echo "FAIL: no Python '$py'"; exit 1; }
    "$py" -c 'import setuptools' 2>/dev/null || { echo "SKIP: $py has no setuptools (for Debian's python3, ci/install-deps.sh --pip installs it)"; continue; }
    "$py" -m venv --system-site-packages "$v" >"$dir/venv.log" 2>&1 ||
        { echo "SKIP: $py cannot make a venv: $(tail -1 "$dir/venv.log")"; continue; }
    if ! "$v/bin/python" -c 'import wheel' 2>/dev/null; then
        # setuptools before 70.1 builds wheels with the wheel package: Debian's
        # python3-wheel is pure Python, lent to the venv if it has none.
        deb=/usr/lib/python3/dist-packages
        [ -d "$deb/wheel" ] || { echo "SKIP: $py has no wheel package (for Debian's python3, ci/install-deps.sh --pip installs it)"; continue; }
        site=$("$v/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
        ln -s "$deb/wheel" "$deb"/wheel-*info "$site/"
        echo "$py: the venv borrows Debian's wheel package ($deb/wheel)"
    fi
    start=$(date +%s)
    (cd "$dir/src" && "$v/bin/python" -m pip install -v --no-build-isolation --no-index .) >"$dir/pip.log" 2>&1 ||
        { tail -30 "$dir/pip.log"; echo "FAIL: pip install for $py"; exit 1; }
    echo "$py: pip install in $(($(date +%s) - start)) s"
    if grep -E "\.c:[0-9]+:[0-9]+: warning:" "$dir/pip.log"; then
        echo "FAIL: compiler warnings building the host for $py"; exit 1
    fi
    mkdir -p "$dir/tmp" "$dir/run"
    (cd "$dir/run" && TMPDIR=$dir/tmp "$v/bin/python" -m pymem_cts --allocator all --json r.json) \
        >"$dir/console" 2>&1
    rc=$?
    tail -4 "$dir/console"
    [ "$rc" -eq 0 ] || { grep -E "^(FAIL|XPASS|CRASH|TIMEOUT|ERROR) " "$dir/console"; echo "FAIL: python -m pymem_cts on $py exited $rc"; exit 1; }
    "$check" "$dir/run/r.json" --console "$dir/console" || { echo "FAIL: the report of $py"; exit 1; }
    [ -z "$(ls -A "$dir/tmp")" ] || { echo "FAIL: left behind in TMPDIR: $(ls "$dir/tmp")"; exit 1; }
    ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || exit 77
echo "pip install: ok ($ran of $# interpreters)"
