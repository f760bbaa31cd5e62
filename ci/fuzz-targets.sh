# fuzz-targets.sh: what the scripts know of fuzz/targets.txt and of a
# target's .options file, in one place. Sourced (it sets nothing on its
# own); needs $root, the repository's top directory.

# Every target's name, one per line.
fuzz_targets() {
    awk '/^[A-Za-z0-9_-]/ { print $1 }' "$root/fuzz/targets.txt"
}

# The PYTHONMALLOC modes of target $1, space-separated; empty when the
# target is not listed.
fuzz_modes() {
    awk -v t="$1" '$1 == t { print $2 }' "$root/fuzz/targets.txt" | tr , ' '
}

# libFuzzer flags from target $1's .options file, its dict path made
# absolute.
fuzz_options() {
    sed -n 's/^\([a-z_]*\) = \(.*\)$/-\1=\2/p' "$root/fuzz/$1.options" | sed "s|^-dict=|-dict=$root/fuzz/|"
}
