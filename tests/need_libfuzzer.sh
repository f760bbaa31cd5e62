# shellcheck shell=sh # sourced by sh scripts
# need_libfuzzer.sh: sourced by the tests that need clang with libFuzzer
# (tests/nightly_rehearsal.sh, tests/oss_fuzz_rehearsal.sh): without them
# the test is skipped (exit 77, ctest's SKIP_RETURN_CODE) with a line naming
# what is missing and the command that installs it, never passed.
#   need_libfuzzer [TOOL...]   TOOLs: what else the test runs (zip, ...)
need_libfuzzer() {
    for tool in clang "$@"; do
        command -v "$tool" >/dev/null ||
            { echo "SKIP: $tool is not installed (ci/install-deps.sh --fuzz installs it)"; exit 77; }
    done
    nl_dir=$(mktemp -d) || exit 1
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
        >"$nl_dir/probe.c"
    clang -fsanitize=fuzzer "$nl_dir/probe.c" -o "$nl_dir/probe" >/dev/null 2>&1
    nl_rc=$?
    rm -rf "$nl_dir"
    [ "$nl_rc" -eq 0 ] || {
        echo "SKIP: clang cannot link -fsanitize=fuzzer (ci/install-deps.sh --fuzz installs libclang-rt-dev)"
        exit 77
    }
}
