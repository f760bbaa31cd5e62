/* no_coverage.h: CTS_NO_COVERAGE keeps a function out of the fuzzer's
 * coverage instrumentation (clang's -fsanitize=fuzzer-no-link). For the
 * loops that only confirm an invariant (guard bytes, shadow blocks, overlap
 * scans): their branches and comparisons tell the fuzzer nothing about the
 * API, and their callbacks cost more than the check itself. ASan and UBSan
 * still instrument them. Never inlined: clang instruments after inlining, so
 * the body would take its caller's coverage.
 * CTS_UNINSTRUMENTED also leaves out ASan and UBSan: only for loops over the
 * harness's own bookkeeping (a table of pointers and sizes), never over a
 * block the API handed out, where the sanitizers are part of the oracle. */
#ifndef CTS_NO_COVERAGE_H
#define CTS_NO_COVERAGE_H

#if defined(__clang__) && __clang_major__ >= 13
#define CTS_NO_COVERAGE __attribute__((no_sanitize("coverage"), noinline))
#define CTS_UNINSTRUMENTED                                                                         \
    __attribute__((no_sanitize("coverage", "address", "undefined"), noinline))
#else
#define CTS_NO_COVERAGE
#define CTS_UNINSTRUMENTED
#endif

#endif
