#!/bin/bash
# all-builds.sh: builds the suite once per Python build on this machine (one
# build directory each) and runs it on each, then prints one table.
#   ci/all-builds.sh [--newest] [--sid-root DIR] [--only VERSION[,VERSION]] [--list]
#                    [--allocator MODE|all] [--filter GLOB] [--repeat N]
#                    [--jobs N] [--out DIR] [PYTHON ...]
# Builds run --jobs at a time (default: the number of CPUs), each in its own
# directory, reused from one run to the next; the table keeps their order.
# Each build's reports are DIR/<build>/report.json and report.xml (JUnit).
# The matrix of all builds is written to DIR/matrix.json and DIR/matrix.html
# (builds x areas, cases x builds with each mode's result, each run's
# metadata, a diff between any two builds: pymem-cts-matrix).
# Each CPython build also replays every fuzz target's corpus (ctest -R '^fuzz\.replay\.');
# PyPy runs through the extension-module host, which has no fuzz targets.
# With --repeat N each build's suite runs N times and the wall time and
# cases/s shown are the medians; a case run whose result is not the same in
# all N runs is listed with how often each result came (and the build's
# DIR/unstable.txt), and makes the exit status 1.
# --newest first builds the newest CPython whose source Debian serves, as a
# release and a free-threaded build (ci/build-cpython.sh, cached), and adds
# both: from 3.15 down, a version listed but not served is reported and passed over.
# It also adds every CPython of the Debian sid root (ci/sid-root.sh: the
# newest 3.13, 3.14 and 3.15 as Debian ships them, release and debug), made
# once and reused; their suites build and run inside that root, and a PYTHON
# argument "sid:/usr/bin/python3.14d" names one of them. --sid-root DIR uses
# the root at DIR instead, as it is (made anywhere, never remade: it needs
# sh, env, cmake, cc, pkg-config, cJSON's headers and a python3.X with its
# headers; else one line and exit 2 before anything is made); so does
# $PYMEM_CTS_SID_ROOT (ci/sid-root.sh).
# --only 3.14,3.13.5 keeps the builds of those versions (3.14 is every
# 3.14.x; PyPy counts by its language version), and --newest then builds
# only a selected series; none selected is exit 2.
# --list prints the builds a run would take, "VERSION PYTHON" a line (the
# newest CPython that --newest would build from source as one plan line),
# and builds, runs and makes nothing.
# Without PYTHON arguments it uses every pyenv CPython 3.x, /usr/bin/python3.*
# (python3.X and the debug python3.Xd), the CPythons ci/build-cpython.sh has
# built, pypy3, and the interpreters listed one per line in the file named
# by $PYMEM_CTS_PYTHONS. Exit status 1 if any build failed to build or
# had a FAIL, XPASS, CRASH, TIMEOUT or ERROR.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/all-builds
repeat=1
jobs=$(nproc 2>/dev/null || echo 1)
newest=0 list=0 only="" sid_root=""
args=()
pythons=()
while [ $# -gt 0 ]; do
    case $1 in
    --allocator | --filter)
        [ $# -ge 2 ] || { echo "all-builds: $1 needs a value" >&2; exit 2; }
        args+=("$1" "$2"); shift 2 ;;
    --out)
        [ $# -ge 2 ] && [ -n "$2" ] || { echo "all-builds: $1 needs a value" >&2; exit 2; }
        out=$2; shift 2 ;;
    --repeat)
        case ${2:-} in [1-9] | [1-9][0-9]) ;; *) echo "all-builds: --repeat needs a count from 1 to 99" >&2; exit 2 ;; esac
        repeat=$2; shift 2 ;;
    --jobs)
        case ${2:-} in [1-9] | [1-9][0-9]) ;; *) echo "all-builds: --jobs needs a count from 1 to 99" >&2; exit 2 ;; esac
        jobs=$2; shift 2 ;;
    --sid-root)
        [ $# -ge 2 ] && [ -n "$2" ] || { echo "all-builds: $1 needs a value" >&2; exit 2; }
        sid_root=$2; shift 2 ;;
    --only)
        echo "${2:-}" | grep -Eqx '[0-9]+[.][0-9]+([.][0-9]+)?(,[0-9]+[.][0-9]+([.][0-9]+)?)*' ||
            { echo "all-builds: --only needs versions such as 3.14 or 3.13,3.14.10" >&2; exit 2; }
        only=$2; shift 2 ;;
    --list) list=1; shift ;;
    --newest) newest=1; shift ;;
    -*) echo "all-builds: unknown option '$1'" >&2; exit 2 ;;
    *) pythons+=("$1"); shift ;;
    esac
done
# One build directory per PYTHON: the same one twice would build into it twice at once.
twice=$(printf '%s\n' "${pythons[@]}" | sort | uniq -d | head -n 1)
[ -z "$twice" ] || { echo "all-builds: PYTHON '$twice' is given twice" >&2; exit 2; }
# The sid root to use as it is, for ci/sid-root.sh here and in every build.
if [ -n "$sid_root" ]; then
    why=$("$root/ci/sid-root.sh" --sid-root "$sid_root" path 2>&1 >/dev/null) ||
        { echo "all-builds: --sid-root: ${why#sid-root: }" >&2; exit 2; }
    PYMEM_CTS_SID_ROOT=$(cd "$sid_root" && pwd)
    export PYMEM_CTS_SID_ROOT
fi
# The --out directory, made only once every option is known to be good (or
# --newest is to build into it), and never by --list.
make_out() {
    made=$(mkdir -p "$out" 2>/dev/null && cd "$out" && pwd) ||
        { echo "all-builds: cannot use --out '$out' (not a directory that can be made)" >&2; exit 2; }
    out=$made
}

# Whether version $1 (3.14.10, or a series: 3.14) is one --only selects.
selected() {
    local item
    [ -n "$only" ] || return 0
    [ -n "$1" ] || return 1
    for item in ${only//,/ }; do
        case $1 in "$item" | "$item".*) return 0 ;; esac
        case $item in "$1".*) return 0 ;; esac
    done
    return 1
}

# The version of a PYTHON (3.14.10), or nothing when it does not run. A sid
# root's is read from its headers, so that nothing runs inside the root.
version_of() {
    case $1 in
    sid:*)
        [ -n "$sid_dir" ] || sid_dir=$("$root/ci/sid-root.sh" path 2>/dev/null) || return 0
        sed -n 's/^#define PY_VERSION[[:space:]]*"\([0-9.]*[0-9]\).*/\1/p' \
            "$sid_dir/usr/include/${1##*/}/patchlevel.h" 2>/dev/null ;;
    *) "$1" -S -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null ;;
    esac
}
sid_dir=""

# The newest served CPython, release and free-threaded; prints their paths.
build_newest() {
    local tried=""
    for v in 3.15 3.14 3.13; do
        selected "$v" || continue
        tried=1
        "$root/ci/build-cpython.sh" "$v" release >"$out/build-cpython-$v.log" 2>&1
        case $? in
        0) ;;
        3) echo "all-builds: python$v: Debian lists its source but serves none (skipped)" >&2; continue ;;
        *) echo "all-builds: building python$v failed (see $out/build-cpython-$v.log)" >&2; return 1 ;;
        esac
        tail -1 "$out/build-cpython-$v.log"
        "$root/ci/build-cpython.sh" "$v" freethreaded >"$out/build-cpython-${v}t.log" 2>&1 ||
            { echo "all-builds: building python$v free-threaded failed" >&2; return 1; }
        tail -1 "$out/build-cpython-${v}t.log"
        return 0
    done
    [ -n "$tried" ] || return 0
    echo "all-builds: no CPython source from 3.13 on is served" >&2
    return 1
}

# What --newest would build and find, for --list: a plan line for the
# CPython it builds from source, then the sid root's CPythons as it is now.
list_newest() {
    local v series=()
    for v in 3.15 3.14 3.13; do selected "$v" && series+=("$v"); done
    if [ ${#series[@]} -gt 0 ]; then
        v=$(printf '%s\n' "${series[@]}" | sed '$!s/$/,/' | paste -sd' ' | sed 's/,\([^,]*\)$/ or\1/')
        printf '%-10s %s\n' "(newest)" "CPython $v (the newest whose source Debian serves), release and free-threaded: a run builds it (ci/build-cpython.sh)"
    fi
    local sids why
    if sids=$("$root/ci/sid-root.sh" pythons 2>/dev/null); then
        [ -z "$sids" ] || printf '%s\n' "$sids" | sed 's/^/sid:/'
    else
        why=$("$root/ci/sid-root.sh" path 2>&1)
        why=${why#sid-root: }
        printf '%-10s %s\n' "(sid)" "${why%% (run:*}: a run makes it (ci/sid-root.sh create)"
    fi
}

# "MODE ID RESULT" per case run, from a console written with -v.
results_of() {
    sed -n 's/^\(PASS\|FAIL\|XFAIL\|XPASS\|UNSUPPORTED\|CRASH\|TIMEOUT\|ERROR\) *\[\([^]]*\)\] \([^:]*\).*/\2 \3 \1/p' "$1" | sort
}

# The case runs whose result was not the same in each of the N runs of a
# build, with how often each result came ("[mode] id: PASS 9, CRASH 1").
unstable_cases() {
    local dir=$1 n=$2
    [ "$n" -gt 1 ] || return 0
    cat "$dir"/results-*.txt | sort | uniq -c |
        awk '{k = "[" $2 "] " $3; c[k] = c[k] (c[k] == "" ? "" : ", ") $4 " " $1; n[k]++}
             END {for (k in n) if (n[k] > 1) print k ": " c[k]}' | sort
}

# The CPythons of the Debian sid root (ci/sid-root.sh, made or reused), as
# "sid:/usr/bin/python3.X" and "sid:/usr/bin/python3.Xd".
sid_pythons() {
    local sid_dir
    sid_dir=$("$root/ci/sid-root.sh" create 2>"$out/sid-root.log") ||
        { echo "all-builds: the sid root: $(tail -1 "$out/sid-root.log")" >&2; return 1; }
    echo "all-builds: sid root $sid_dir ($(tail -1 "$out/sid-root.log"))" >&2
    "$root/ci/sid-root.sh" pythons | sed 's/^/sid:/'
}

discover() {
    if command -v pyenv >/dev/null 2>&1; then
        for v in "$(pyenv root)"/versions/3.*; do
            [ -x "$v/bin/python3" ] && echo "$v/bin/python3"
        done
    fi
    for p in /usr/bin/python3.[0-9]*; do
        case $p in *-config | *m) continue ;; esac
        [ -x "$p" ] && [ ! -L "$p" ] && echo "$p"
    done
    for p in "${CPYTHON_CACHE:-$HOME/.cache/pymem-cts/cpython}"/*/bin/python3; do
        [ -x "$p" ] && echo "$p"
    done
    command -v pypy3 || true
    if [ -n "${PYMEM_CTS_PYTHONS:-}" ]; then grep -v '^#' "$PYMEM_CTS_PYTHONS"; fi
}

status=0 built=()
plan=""
if [ "$newest" -eq 1 ] && [ "$list" -eq 1 ]; then
    plan=$(list_newest)
    grep -v '^sid:' <<<"$plan"
    mapfile -t built < <(grep '^sid:' <<<"$plan")
elif [ "$newest" -eq 1 ]; then
    make_out
    # (not mapfile < <(...), which would lose build_newest's exit status)
    build_newest >"$out/newest.txt" || status=1
    sid_pythons >>"$out/newest.txt" || status=1
    mapfile -t built <"$out/newest.txt"
fi
if [ ${#pythons[@]} -gt 0 ]; then
    pythons+=("${built[@]}")
else
    mapfile -t pythons < <({ discover; printf '%s\n' "${built[@]}" | grep '^sid:'; } | awk '!seen[$0]++')
fi
[ ${#pythons[@]} -gt 0 ] || { echo "all-builds: no Python found" >&2; exit 2; }
# --only and --list: each build's version.
if [ -n "$only" ] || [ "$list" -eq 1 ]; then
    kept=() versions=()
    for spec in "${pythons[@]}"; do
        v=$(version_of "$spec")
        selected "$v" || continue
        kept+=("$spec") versions+=("${v:-?}")
    done
    [ ${#kept[@]} -gt 0 ] || grep -q '^(newest)' <<<"$plan" ||
        { echo "all-builds: --only $only selects none of the ${#pythons[@]} builds found (--list shows them)" >&2; exit 2; }
    pythons=("${kept[@]}")
fi
if [ "$list" -eq 1 ]; then
    for i in "${!pythons[@]}"; do
        printf '%-10s %s%s\n' "${versions[i]}" "${pythons[i]}" "$([ "${versions[i]}" != "?" ] || echo " (does not run)")"
    done
    echo "all-builds: --list: ${#pythons[@]} build$([ ${#pythons[@]} -eq 1 ] || echo s), nothing built, run or made" >&2
    exit 0
fi
make_out
# Runs a command for the build at hand: on the host, or inside the sid root
# (the checkout at /src/pymem-cts, $out at /out) for a "sid:" Python.
on() {
    if [ -n "$in_sid" ]; then
        "$root/ci/sid-root.sh" exec --bind "$out:/out" "$@"
    else
        "$@"
    fi
}
# One build, the n-th ($2) of the run: builds the suite for $1 (a Python,
# or "sid:PATH"), runs it and writes its table row to $slot.row, its report's
# path to $slot.report and its matrix tool's to $slot.matrix. Returns 1 when
# the build failed or a result was not clean.
one_build() {
    local spec=$1 n=$2 status=0 slot
    slot=$slots/$(printf '%03d' "$2")
    local in_sid="" py=$spec name dir there walls rcs rc start end i unstable total runs wall rate
    local fuzz fuzz_failed fuzz_text
    case $spec in sid:*) in_sid=1 py=${spec#sid:} ;; esac
    if ! on "$py" -c pass 2>/dev/null; then
        printf '%-34s %s\n' "$spec" 'does not run' >"$slot.row"; return 1
    fi
    name=$(on "$py" -S -c 'import sys,sysconfig; print("%s-%d.%d.%d%s" % (sys.implementation.name, *sys.version_info[:3], sysconfig.get_config_var("ABIFLAGS") or ""))')
    name="$name-$(echo "$spec" | md5sum | cut -c1-6)"
    [ -z "$in_sid" ] || name="$name-sid"
    dir=$out/$name
    there=$dir
    [ -z "$in_sid" ] || there=/out/$name
    printf 'all-builds: [%d/%d] %s (%s)\n' "$n" "${#pythons[@]}" "$name" "$spec" >&2
    if [ -n "$in_sid" ]; then
        on ci/build.sh "$there" "$py"
    else
        "$root/ci/build.sh" "$dir" "$py"
    fi >"$dir.build-output.txt" 2>&1 || {
        printf '%-34s %s\n' "$name" "BUILD FAILED ($dir.build-output.txt)" >"$slot.row"
        return 1
    }
    walls=() rcs=0
    rm -f "$dir"/results-*.txt "$dir/unstable.txt" "$dir/report.json" "$dir/report.xml"
    for ((i = 0; i < repeat; i++)); do
        start=$(date +%s.%N)
        on "$there/pymem-cts" -v "${args[@]}" --json "$there/report.json" --junit "$there/report.xml" \
            >"$dir/console.txt" 2>&1
        rc=$?
        end=$(date +%s.%N)
        walls+=("$(awk -v a="$start" -v b="$end" 'BEGIN{print b - a}')")
        [ "$rc" -eq 0 ] || rcs=$rc
        results_of "$dir/console.txt" >"$dir/results-$i.txt"
    done
    rc=$rcs
    [ ! -s "$dir/report.json" ] || echo "$dir/report.json" >"$slot.report"
    unstable=$(unstable_cases "$dir" "$repeat")
    if [ -n "$unstable" ]; then
        status=1 rc=1
        printf '%s\n' "$unstable" >"$dir/unstable.txt"
        echo "all-builds: $name: cases whose result changed over $repeat runs:" >&2
        sed 's/^/  /' "$dir/unstable.txt" >&2
    fi
    total=$(awk '/^allocator /{h=1; next} h && NF==9 && $2 ~ /^[0-9]+$/ && $9 ~ /^[0-9]+$/ {r=$0} END{print r}' "$dir/console.txt")
    runs=$(sed -n 's/^\([0-9]*\) case runs in .*/\1/p' "$dir/console.txt")
    wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}')
    rate=$(awk -v n="$runs" -v w="$wall" 'BEGIN{printf "%.1f", (w > 0 ? n / w : 0)}')
    if [ -f "$dir/CTestTestfile.cmake" ]; then
        fuzz=$(on ctest --test-dir "$there" -R '^fuzz\.replay\.' 2>&1 | tee "$dir/fuzz-replay.txt" |
            sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p')
        fuzz_failed=${fuzz%% *}
        fuzz_text=$([ "${fuzz_failed:-1}" = 0 ] && echo "ok (${fuzz#* } tests)" || echo "FAILED")
    else # the extension-module host: the fuzz targets embed Python
        fuzz_failed=0 fuzz_text="none (extension-module host)"
        : >"$dir/fuzz-replay.txt"
    fi
    [ -n "$in_sid" ] || [ ! -x "$dir/pymem-cts-matrix" ] || echo "$dir/pymem-cts-matrix" >"$slot.matrix"
    [ "${fuzz_failed:-1}" = 0 ] || status=1
    printf '%-34s %s  wall %6.2f s  %8s cases/s  exit %d  fuzz replay %s\n' "$name" \
        "$(echo "$total" | awk '{$1=""; print}')" "$wall" "$rate" "$rc" "$fuzz_text" >"$slot.row"
    cat "$slot.row" >&2
    [ "$rc" -eq 0 ] || { status=1; grep -E '^(FAIL|XPASS|CRASH|TIMEOUT|ERROR) ' "$dir/console.txt" | head -20 >&2; }
    [ "${fuzz_failed:-1}" = 0 ] || grep -E "Failed|\*\*\*" "$dir/fuzz-replay.txt" | head -10 >&2
    return "$status"
}

slots=$out/.slots
rm -rf "$slots" && mkdir -p "$slots"
n=0
for spec in "${pythons[@]}"; do
    n=$((n + 1))
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || status=1; done
    one_build "$spec" "$n" &
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || status=1; done
wait || status=1
rows=() reports=() matrix_tool=""
for ((i = 1; i <= n; i++)); do
    slot=$slots/$(printf '%03d' "$i")
    [ -f "$slot.row" ] && rows+=("$(cat "$slot.row")") || { rows+=("${pythons[i - 1]}  (no result)"); status=1; }
    [ ! -f "$slot.report" ] || reports+=("$(cat "$slot.report")")
    [ ! -f "$slot.matrix" ] || matrix_tool=$(cat "$slot.matrix")
done
# The matrix of this run's builds only (not of other build dirs left in $out).
if [ ${#reports[@]} -gt 0 ] && [ -n "$matrix_tool" ]; then
    "$matrix_tool" "$out" "${reports[@]}" 2>/dev/null || status=1
fi
printf '\n%-34s %s\n' "build" "PASS FAIL XFAIL XPASS UNSUPPORTED CRASH TIMEOUT ERROR"
printf '%s\n' "${rows[@]}"
exit $status
