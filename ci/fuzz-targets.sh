# fuzz-targets.sh: what the scripts know of fuzz/targets.txt, of a
# target's .options file and of a fuzz build's name, in one place. Sourced
# (it sets nothing on its own); needs $root, the repository's top directory.
# shellcheck shell=sh disable=SC2154 # root: set by the script that sources this

# Every target's name, one per line.
fuzz_targets() {
    awk '/^[A-Za-z0-9_-]/ { print $1 }' "$root/fuzz/targets.txt"
}

# The PYTHONMALLOC modes of target $1, space-separated; empty when the
# target is not listed.
fuzz_modes() {
    awk -v t="$1" '$1 == t { print $2 }' "$root/fuzz/targets.txt" | tr , ' '
}

# The libFuzzer binary that runs target $1 under mode $2 (fuzz/targets.txt,
# "@asan"): $1 where ASan sees the mode's blocks, $1-ubsan elsewhere. With
# $3 = 1 (the build under test is itself ASan-instrumented, fuzz_python_asan)
# ASan sees inside Python in every mode: $1 always.
fuzz_binary() {
    if [ "${3:-0}" = 1 ] ||
        awk '$1 == "@asan" { print $2 }' "$root/fuzz/targets.txt" | tr , '\n' | grep -qx "$2"; then
        echo "$1"
    else
        echo "$1-ubsan"
    fi
}

# Runs Python $1 with the arguments after it. A Python built with ASan keeps
# memory until exit by design: LeakSanitizer is for the targets, not for the
# scripts' own runs of the build under test.
fuzz_python() {
    ASAN_OPTIONS=detect_leaks=0 "$@"
}

# 1 when Python $1 was built with AddressSanitizer (ci/build-cpython.sh
# VERSION fuzz: libFuzzer's coverage and ASan inside libpython), else 0.
fuzz_python_asan() {
    fuzz_python "$1" -c 'import sysconfig; print(int("--with-address-sanitizer" in (sysconfig.get_config_var("CONFIG_ARGS") or "")))' 2>/dev/null || echo 0
}

# The variants of target $1 the nightly rotates through, one a line: ""
# (the default run) first, then each "@rotate" line's VAR=VALUE.
fuzz_variants() {
    echo ""
    awk -v t="$1" '$1 == "@rotate" && $2 == t { print $3 }' "$root/fuzz/targets.txt"
}

# The variant of target $1 for night $2 (a day number): the variants in turn.
fuzz_variant_of_night() {
    fuzz_variants "$1" | awk -v n="$2" '{ v[NR - 1] = $0 } END { print v[n % NR] }'
}

# libFuzzer flags from target $1's .options file, its dict path made
# absolute.
fuzz_options() {
    sed -n 's/^\([a-z_]*\) = \(.*\)$/-\1=\2/p' "$root/fuzz/$1.options" | sed "s|^-dict=|-dict=$root/fuzz/|"
}

# Python $1's version as the fuzz build directories name it: 3.13.15, with
# "t" for a free-threaded and "d" for a debug build (build-fuzz-<it>).
fuzz_python_version() {
    "$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3] + ("t" if getattr(sys, "_is_gil_enabled", lambda: True)() is False else "") + ("d" if hasattr(sys, "gettotalrefcount") else ""))'
}
