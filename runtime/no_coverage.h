/* no_coverage.h: CTS_NO_COVERAGE keeps a function out of the fuzzer's
 * coverage instrumentation (clang's -fsanitize=fuzzer-no-link). For the
 * loops that only confirm an invariant (guard bytes, shadow blocks, overlap
 * scans): their branches and comparisons tell the fuzzer nothing about the
 * API, and their callbacks cost more than the check itself. ASan and UBSan
 * still instrument them. */
#ifndef CTS_NO_COVERAGE_H
#define CTS_NO_COVERAGE_H

#if defined(__clang__) && __clang_major__ >= 13
#define CTS_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define CTS_NO_COVERAGE
#endif

#endif
