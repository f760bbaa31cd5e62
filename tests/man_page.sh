#!/bin/sh
# man_page.sh: the man page docs/man/pymem-cts.1, kept by hand, says what the
# program does: it has the sections NAME, SYNOPSIS, DESCRIPTION, OPTIONS,
# EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES; its OPTIONS are the options
# `pymem-cts --help` lists, no more, no fewer; its EXIT STATUS items are the
# statuses --help names; its version is --version's; its ENVIRONMENT names
# every variable the runner passes to the Python under test
# (core/driver/environment.c) and every one the runner reads itself
# (getenv in core/ and harness/); and man(1) renders it without a warning
# (where man is installed; else said, and the rest still checked).
#   tests/man_page.sh PYMEM_CTS SOURCE_DIR
set -u
cts=$1 src=$2
page=$src/docs/man/pymem-cts.1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
[ -f "$page" ] || { echo "FAIL: no man page $page"; exit 1; }

# The troff of section $1 (.SH NAME ... up to the next .SH).
section() {
    awk -v want=".SH $1" '/^\.SH /{on = ($0 == want); next} on' "$page"
}
# The words of troff text on stdin, fonts and escaped hyphens undone.
plain_words() {
    sed -e 's/^\.[A-Z][A-Z]* //' -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\&//g' |
        tr '",/|' '    ' | tr -s ' ' '\n'
}
# The option words (-v, --list) of stdin, one a line, sorted.
options_of() {
    grep -E '^--?[a-z][a-z-]*$' | sort -u
}

for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
    grep -qx "\.SH $s" "$page" || fail "no section $s"
done

# OPTIONS: the heads of its .TP items against the option column of --help.
"$cts" --help >"$dir/help" || fail "pymem-cts --help exits $?"
grep '^  -' "$dir/help" | sed 's/   .*//' | plain_words | options_of >"$dir/help-options"
section OPTIONS | awk 'head {print; head = 0} /^\.TP/ {head = 1}' | plain_words |
    options_of >"$dir/page-options"
if cmp -s "$dir/help-options" "$dir/page-options"; then
    echo "ok: the page's options are --help's: $(tr '\n' ' ' <"$dir/help-options")"
else
    fail "the page's OPTIONS differ from --help's (< --help only, > page only):"
    diff "$dir/help-options" "$dir/page-options" | grep '^[<>]'
fi

# EXIT STATUS: the statuses --help names ("0 when", "128+N when", "2 for").
sed -n '/^Exit status:/,$p' "$dir/help" | grep -oE '(^|[ :;]) ?[0-9]+(\+N)? (when|for)' |
    grep -oE '[0-9]+(\+N)?' | sort -u >"$dir/help-status"
section "EXIT STATUS" | awk 'head {print; head = 0} /^\.TP/ {head = 1}' | plain_words |
    grep -E '^[0-9]' | sort -u >"$dir/page-status"
if [ -s "$dir/help-status" ] && cmp -s "$dir/help-status" "$dir/page-status"; then
    echo "ok: the page's exit statuses are --help's: $(tr '\n' ' ' <"$dir/help-status")"
else
    fail "the page's EXIT STATUS items differ from --help's (< --help only, > page only):"
    diff "$dir/help-status" "$dir/page-status" | grep '^[<>]'
fi

# The version.
version=$("$cts" --version | awk '{print $2}')
page_version=$(sed -n 's/^\.TH .*"pymem-cts \([^"]*\)".*/\1/p' "$page")
[ -n "$version" ] && [ "$version" = "$page_version" ] &&
    echo "ok: the page's version is --version's: $version" ||
    fail "the page says version '$page_version', pymem-cts --version '$version' (update .TH)"

# ENVIRONMENT: the whitelist and the variables the runner reads.
section ENVIRONMENT | plain_words | sort -u >"$dir/page-env"
{
    sed -n '/whitelist\[\] = {/,/NULL/p' "$src/core/driver/environment.c" |
        grep -oE '^ *"[A-Z_*]+"' | tr -d ' "'
    grep -rhoE 'getenv\("[A-Z_]+"\)' "$src/core" "$src/harness" | sed 's/getenv("\(.*\)")/\1/'
} | sort -u >"$dir/env"
[ "$(wc -l <"$dir/env")" -ge 10 ] || fail "found only $(wc -l <"$dir/env") variables in the sources"
missing=$(comm -23 "$dir/env" "$dir/page-env" | tr '\n' ' ')
[ -z "$missing" ] && echo "ok: the page's ENVIRONMENT names the runner's $(wc -l <"$dir/env") variables" ||
    fail "the page's ENVIRONMENT does not name: $missing"

# Rendered by man(1) without a warning.
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >"$dir/rendered" 2>"$dir/warnings"
    if [ -s "$dir/warnings" ] || ! grep -q '^EXIT STATUS' "$dir/rendered"; then
        fail "man -l renders it with warnings:"
        cat "$dir/warnings"
    else
        echo "ok: man -l renders it without a warning ($(wc -l <"$dir/rendered") lines)"
    fi
else
    echo "note: no man(1) here (Debian's man-db): the page's rendering is not checked"
fi
echo "$failed failed"
[ "$failed" -eq 0 ]
