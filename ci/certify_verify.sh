# certify_verify.sh: `ci/certify.sh verify`, sourced by certify.sh (which
# defines usage, die, tampered, tool, frozen_dir, build_suite, verdict_of,
# plain_path, $scratch and $namespace). It reads the package and never writes
# into it, so a package on a read-only medium verifies.
# shellcheck shell=sh disable=SC2154 # scratch, namespace: set by certify.sh

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

# No file a package lists is larger than a report of every case can be
# (a sparse 20 GB file would keep sha256sum busy for long): by size alone,
# before a byte is read.
max_file_mib=64
check_sizes() {
    big=$(cd "$1" && find . -type f -size +"$max_file_mib"M -printf '%P ' | head -c 300)
    [ -z "$big" ] || tampered "larger than a package's file can be (${max_file_mib} MiB): $big"
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
    # The verifier's key is the verifier's input: a private key, an empty
    # file or two keys are a usage error (exit 2), never the package's fault.
    [ "$(grep -c . "$2")" -eq 1 ] && grep -Eqx '(ssh|ecdsa|sk-ssh|sk-ecdsa)-[a-z0-9@.-]+ [A-Za-z0-9+/]+={0,2}( .*)?' "$2" &&
        ssh-keygen -l -f "$2" >/dev/null 2>&1 ||
        die "$2 is not an OpenSSH public key (one line, as in KEY.pub)"
    [ -f "$sig" ] || tampered "the package is not signed (no MANIFEST.sha256.sig)"
    printf 'certifier namespaces="%s" %s\n' "$namespace" "$(cat -- "$2")" >"$scratch/allowed"
    ssh-keygen -Y verify -f "$scratch/allowed" -I certifier -n "$namespace" -s "$sig" \
        <"$1/MANIFEST.sha256" >"$scratch/sig.log" 2>&1 ||
        tampered "the manifest's signature is not one made with the key $2: $(head -n 1 "$scratch/sig.log")"
    echo "certify: signed with the key $2"
}

# The suite version the package names, the same in its report (parsed, and
# in the layout the suite writes it: pymem-cts-compare) and fingerprint; in
# $version. Not run inside $(...), so that a TAMPERED line is seen.
package_version() {
    compare=$(tool compare) || exit $?
    "$compare" --suite-version "$1/results.json" >"$scratch/version" 2>&1 || case $? in
    1) tampered "$(head -n 1 "$scratch/version" | sed 's|^.*/results.json|results.json|')" ;;
    *) tampered "results.json is not a report: $(head -n 1 "$scratch/version" | sed 's|^pymem-cts-compare: .*/results.json: ||')" ;;
    esac
    version=$(head -n 1 "$scratch/version")
    f=$(sed -n 's/^suite: pymem-cts \([^ ]*\).*/\1/p' "$1/fingerprint.txt" | head -n 1 | cut -c1-40)
    echo "$version" | grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+' || tampered "results.json names no suite version"
    [ "$version" = "$f" ] || tampered "results.json says suite $version, fingerprint.txt says '$f'"
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

# Whether path $1 is the package $2 or inside it (both resolved).
inside() {
    p=$(realpath -e -- "$1" 2>/dev/null) && d=$(realpath -e -- "$2") || return 1
    case $p/ in "$d"/*) return 0 ;; esac
    return 1
}

# Re-runs a sample of the package's cases (or all) on a build the verifier
# names, PYTHON or BUILD, never on a program the package names, and
# compares the results: the ids come from the parsed report
# (pymem-cts-compare --ids), and every run the package holds of a sampled
# id must be in the re-run, with the same result.
rerun_sample() { # rerun_sample PACKAGE VERSION PYTHON BUILD SAMPLE
    python=$3 build=$4
    [ -n "$python" ] || [ -n "$build" ] ||
        die "--rerun needs --python PYTHON (or --build DIR, a build of the suite): the re-run runs on a Python you name, never on the one the package names"
    if [ -n "$python" ]; then
        python=$(command -v -- "$python") || die "no Python '$3'"
        ! inside "$python" "$1" || die "--python $python is a file of the package: the re-run never runs the package's files"
    fi
    if [ -z "$build" ]; then
        build="$scratch/build"
        build_suite "$build" "$python" || die "cannot build the suite for $python"
    fi
    ! inside "$build" "$1" || die "--build $build is inside the package: the re-run never runs the package's files"
    [ -n "$python" ] || python=$(sed -n 's/^Python3_EXECUTABLE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
    [ -x "$build/pymem-cts" ] || die "$build has no pymem-cts"
    [ "$("$build/pymem-cts" --version | awk '{ print $2 }')" = "$2" ] ||
        die "re-running needs the suite of version $2; this checkout's is another"
    compare=$(tool compare) || exit $?
    "$compare" --ids "$1/results.json" >"$scratch/ids" 2>&1 ||
        tampered "$(head -n 1 "$scratch/ids" | sed 's|^.*/results.json|results.json|')"
    [ "$5" = all ] || shuf -n "$5" "$scratch/ids" >"$scratch/sample"
    [ "$5" != all ] || cp "$scratch/ids" "$scratch/sample"
    [ -s "$scratch/sample" ] || tampered "results.json holds no case ids"
    "$build/pymem-cts" --allocator all --filter "$(paste -sd, "$scratch/sample")" \
        --json "$scratch/rerun.json" >"$scratch/rerun.log" 2>&1 || true
    [ -s "$scratch/rerun.json" ] || die "the re-run wrote no report: $(tail -n 1 "$scratch/rerun.log")"
    "$compare" "$1/results.json" "$scratch/rerun.json" "$scratch/sample" || exit 1
    echo "certify: re-ran $(wc -l <"$scratch/sample") of $(wc -l <"$scratch/ids") cases on ${python:-the build $build}: as the package says"
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
    echo "$sample" | grep -Eqx '[1-9][0-9]{0,8}|all' || die "--sample takes a count (up to 999999999) or 'all'"
    pkg=$(plain_path "$1")
    [ -z "$key" ] || key=$(plain_path "$key")
    [ -d "$pkg" ] && [ ! -L "$pkg" ] || die "$pkg is not a directory"
    [ -f "$pkg/MANIFEST.sha256" ] && [ ! -L "$pkg/MANIFEST.sha256" ] ||
        die "$pkg has no MANIFEST.sha256: not a package"
    check_manifest_lines "$pkg"
    check_contents "$pkg"
    check_sizes "$pkg"
    check_hashes "$pkg"
    check_signature "$pkg" "$key"
    package_version "$pkg"
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
