#!/bin/sh
# workflows_in_sync.sh: the workflow files GitHub reads are copies of the
# sources in ci/workflows/; this fails when one was edited without the other.
#   workflows_in_sync.sh SOURCE_ROOT
set -u
root=$1 status=0
for f in "$root"/ci/workflows/*.yml; do
    copy="$root/.github/workflows/$(basename "$f")"
    if ! cmp -s "$f" "$copy"; then
        echo "FAIL: .github/workflows/$(basename "$f") differs from ci/workflows/$(basename "$f") (copy it)"
        status=1
    fi
done
for f in "$root"/.github/workflows/*.yml; do
    [ -f "$root/ci/workflows/$(basename "$f")" ] ||
        { echo "FAIL: .github/workflows/$(basename "$f") has no source in ci/workflows/"; status=1; }
done
[ $status -eq 0 ] && echo "ok: $(ls "$root"/ci/workflows/*.yml | wc -l) workflows in sync"
exit $status
