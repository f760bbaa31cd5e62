#!/bin/sh
# lint_shell.sh: shellcheck finds no error or warning in the project's
# shell scripts (ci/*.sh, ci/*/*.sh, tests/*.sh, .ci/run); each finding is
# fixed or disabled inline with its reason. Its style and info notes are not
# asked for (awk and sh -c programs in single quotes are meant: SC2016). A
# planted mistake is found (the lint runs). Skipped (77), naming what
# installs it, without shellcheck.
#   tests/lint_shell.sh SOURCE_DIR
set -u
src=$1
command -v shellcheck >/dev/null ||
    { echo "SKIP: no shellcheck (ci/install-deps.sh installs it)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '#!/bin/sh\nunused=1\ncd /\n' >"$dir/planted.sh"
shellcheck -S warning -f gcc "$dir/planted.sh" >"$dir/out" 2>&1
grep -q 'planted.sh:2:1: warning: unused appears unused' "$dir/out" ||
    { cat "$dir/out"; echo "FAIL: the planted mistake is not found"; exit 1; }
cd "$src" || exit 1
set -- ci/*.sh ci/*/*.sh tests/*.sh .ci/run
shellcheck -S warning -f gcc "$@" >"$dir/out" 2>&1
rc=$?
cat "$dir/out"
[ "$rc" -eq 0 ] || { echo "FAIL: shellcheck exit $rc: $(wc -l <"$dir/out") findings"; exit 1; }
echo "ok: $# scripts, no shellcheck error or warning (the planted one found)"
