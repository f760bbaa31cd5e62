# certify_verify.sh: `ci/certify.sh verify`, sourced by certify.sh (which
# defines usage, die, tampered, tool, frozen_dir, suite_waivers, verdict_of,
# $root, $scratch and $namespace). It reads the package and never writes
# into it, so a package on a read-only medium verifies.
# shellcheck shell=sh disable=SC2154 # root, scratch, namespace: set by certify.sh

# Every manifest line is "<sha256>  <name>" for a name a package has, once.
check_manifest_lines() {
    bad=$(grep -Evx '[0-9a-f]{64}  (results\.json|console\.txt|fingerprint\.txt|verdict\.txt|mustpass/[A-Za-z0-9_][A-Za-z0-9_.-]*\.txt|expectations/[A-Za-z0-9_][A-Za-z0-9_.-]*\.json)' \
        "$1/MANIFEST.sha256" | head -n 3 | tr '\n' ' ') || true
    [ -z "$bad" ] || tampered "the manifest names a path a package does not have: $bad"
    cut -c67- "$1/MANIFEST.sha256" | sort >"$scratch/listed"
    dup=$(uniq -d "$scratch/listed" | tr '\n' ' ')
    [ -z "$dup" ] || tampered "the manifest lists a file twice: $dup"
    for f in results.json console.txt fingerprint.txt verdict.txt; do
        grep -qx "$f" "$scratch/listed" || tampered "$f is not in the manifest"
    done
    grep -q '^mustpass/' "$scratch/listed" || tampered "no must-pass list is in the manifest"
}

# Everything in the package is a plain file the manifest lists (or the
# manifest, its signature, and the two directories): no symlink, FIFO,
# device, nested manifest or stray file.
check_contents() {
    nl='
'
    [ -z "$(find "$1" -name "*$nl*")" ] || tampered "a file name holds a newline"
    extra=$(find "$1" -mindepth 1 -printf '%y %P\n' | awk -v listed="$scratch/listed" '
        BEGIN { while ((getline f < listed) > 0) ok["f " f] = 1
                ok["f MANIFEST.sha256"] = ok["f MANIFEST.sha256.sig"] = 1
                ok["d mustpass"] = ok["d expectations"] = 1 }
        !($0 in ok) { sub(/^f /, "file "); sub(/^d /, "directory "); sub(/^l /, "symlink ")
                      sub(/^p /, "FIFO "); print }' | head -n 5 | tr '\n' ';')
    [ -z "$extra" ] || tampered "not a plain file the manifest lists: $extra"
}

check_hashes() {
    (cd "$1" && sha256sum --quiet --strict -c MANIFEST.sha256 >"$scratch/sums" 2>&1) ||
        tampered "$(head -n 3 "$scratch/sums" | tr '\n' ' ')"
}

# With a key: the detached signature of the manifest must be KEY's.
check_signature() { # check_signature PACKAGE KEY
    sig="$1/MANIFEST.sha256.sig"
    if [ -z "$2" ]; then
        [ ! -f "$sig" ] || echo "certify: NOTE: signed, but no --key given: the signature was not checked"
        return
    fi
    [ -r "$2" ] || die "cannot read the public key $2"
    [ -f "$sig" ] || tampered "the package is not signed (no MANIFEST.sha256.sig)"
    printf 'certifier namespaces="%s" %s\n' "$namespace" "$(cat "$2")" >"$scratch/allowed"
    ssh-keygen -Y verify -f "$scratch/allowed" -I certifier -n "$namespace" -s "$sig" \
        <"$1/MANIFEST.sha256" >"$scratch/sig.log" 2>&1 ||
        tampered "the manifest's signature is not one made with the key $2: $(head -n 1 "$scratch/sig.log")"
    echo "certify: signed with the key $2"
}

# The suite version the package names, the same in its report and fingerprint.
package_version() {
    v=$(sed -n 's/.*"suite_version":[[:space:]]*"\([^"]*\)".*/\1/p' "$1/results.json" | head -n 1)
    f=$(sed -n 's/^suite: pymem-cts \([^ ]*\).*/\1/p' "$1/fingerprint.txt")
    echo "$v" | grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+' || tampered "results.json names no suite version"
    [ "$v" = "$f" ] || tampered "results.json says suite $v, fingerprint.txt says '$f'"
    echo "$v"
}

# The package's must-pass lists are the suite's frozen ones, and it carries
# every waiver file the suite shipped.
check_frozen() { # check_frozen PACKAGE FROZEN_DIR
    have=$(cd "$1/mustpass" && ls | tr '\n' ' ') want=$(cd "$2" && ls -- *.txt | tr '\n' ' ')
    [ "$have" = "$want" ] ||
        tampered "its must-pass lists (${have% }) are not the profiles of suite ${2##*/} (${want% })"
    for f in $want; do
        cmp -s "$1/mustpass/$f" "$2/$f" || tampered "mustpass/$f differs from the frozen list of suite ${2##*/}"
    done
    for f in $(cut -c67- "$2/waivers.sha256"); do
        [ -f "$1/$f" ] || tampered "$f, a waiver file of suite ${2##*/}, is missing"
    done
}

# Re-runs a sample of the package's cases on the build it names and
# compares the results.
rerun_sample() { # rerun_sample PACKAGE VERSION PYTHON BUILD SAMPLE
    python=${3:-$(sed -n 's/^executable: //p' "$1/fingerprint.txt")}
    [ -n "$python" ] && command -v "$python" >/dev/null ||
        die "the build the package names ('$python') is not here; give --python"
    build=$4
    if [ -z "$build" ]; then
        build="$scratch/build"
        "$root/ci/build.sh" "$build" "$python" >&2 || die "cannot build the suite for $python"
    fi
    [ "$("$build/pymem-cts" --version | awk '{ print $2 }')" = "$2" ] ||
        die "re-running needs the suite of version $2; this checkout's is another"
    sed -n 's/^[[:space:]]*"id":[[:space:]]*"\([^"]*\)".*/\1/p' "$1/results.json" | sort -u >"$scratch/ids"
    [ "$5" = all ] || shuf -n "$5" "$scratch/ids" >"$scratch/sample"
    [ "$5" != all ] || cp "$scratch/ids" "$scratch/sample"
    [ -s "$scratch/sample" ] || tampered "results.json holds no case ids"
    "$build/pymem-cts" --allocator all --filter "$(paste -sd, "$scratch/sample")" \
        --json "$scratch/rerun.json" >"$scratch/rerun.log" 2>&1 || true
    [ -s "$scratch/rerun.json" ] || die "the re-run wrote no report: $(tail -n 1 "$scratch/rerun.log")"
    compare=$(tool compare) || exit $?
    "$compare" "$1/results.json" "$scratch/rerun.json" || exit 1
    echo "certify: re-ran $(wc -l <"$scratch/sample") cases on $python: as the package says"
}

verify_package() {
    key="" rerun="" python="" build="" sample=20
    while [ $# -gt 1 ]; do
        case $1 in
        --key) key=$2; shift 2 ;;
        --rerun) rerun=1; shift ;;
        --python) python=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        --sample) sample=$2; shift 2 ;;
        *) usage ;;
        esac
    done
    [ $# -eq 1 ] || usage
    echo "$sample" | grep -Eqx '[1-9][0-9]*|all' || die "--sample takes a count or 'all'"
    pkg=$1
    [ -d "$pkg" ] && [ ! -L "$pkg" ] || die "$pkg is not a directory"
    [ -f "$pkg/MANIFEST.sha256" ] && [ ! -L "$pkg/MANIFEST.sha256" ] ||
        die "$pkg has no MANIFEST.sha256: not a package"
    check_manifest_lines "$pkg"
    check_contents "$pkg"
    check_hashes "$pkg"
    check_signature "$pkg" "$key"
    version=$(package_version "$pkg") || exit $?
    frozen=$(frozen_dir "$version") || exit $?
    check_frozen "$pkg" "$frozen"
    recomputed=$(verdict_of "$pkg" "$pkg/results.json" "$frozen") || exit $?
    if [ "$recomputed" != "$(cat "$pkg/verdict.txt")" ]; then
        echo "certify: VERDICT MISMATCH: the package says '$(head -n 1 "$pkg/verdict.txt")', its results give '$(echo "$recomputed" | head -n 1)'"
        exit 1
    fi
    [ -z "$rerun" ] || rerun_sample "$pkg" "$version" "$python" "$build" "$sample"
    [ -n "$key" ] || [ -n "$rerun" ] ||
        echo "certify: NOTE: neither --key nor --rerun: the results are checked only against themselves"
    echo "certify: $pkg intact against suite $version; verdict $(head -n 1 "$pkg/verdict.txt")"
    head -n 1 "$pkg/verdict.txt" | grep -q '^CONFORMANT'
}
