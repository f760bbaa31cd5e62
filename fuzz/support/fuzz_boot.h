/* fuzz_boot.h: what every fuzz target does once, before its first input:
 * point PYTHONHOME at the build under test (or the Python bundled beside an
 * OSS-Fuzz binary), start it under the binary's own allocator mode or
 * PYTHONMALLOC's, fill the shadow heap's pattern (shadow_init, which every
 * shadow_* call needs first), say what it runs under, and read the
 * planted-bug and op-trace switches (fuzz_input.h). */
#ifndef CTS_FUZZ_BOOT_H
#define CTS_FUZZ_BOOT_H

#include "compat.h"

/* The PYTHONMALLOC mode a binary was built for (fuzz/mode.c, one binary per
 * mode for runners that set no environment, as OSS-Fuzz), or NULL for a
 * binary that reads PYTHONMALLOC. */
extern const char *const cts_fuzz_mode;

/* Boots Python for `target` or exits with a one-line message: 77 when
 * PYTHONMALLOC names a mode this build lacks, 2 for any other failure. The calling
 * thread holds the GIL afterwards, as it does in LLVMFuzzerTestOneInput. */
void fuzz_boot(const char *target);

/* Aborts (FUZZ_CHECK) when a Python exception is pending at the end of an
 * input, as CPython's own fuzz driver checks: a call under test set an
 * error and reported success, or a target forgot to clear one. */
void fuzz_expect_no_exception(const char *target);

/* The allocator the runtime uses, e.g. "pymalloc_debug". */
const char *fuzz_allocator(void);

/* Exits 2 with a one-line message unless the allocator is one of `modes`
 * (comma-separated): for targets meaningless under some allocators. */
void fuzz_require_allocator(const char *target, const char *modes, const char *why);

/* A new reference to _tracemalloc.<name>, or exits 2 with a one-line
 * message naming `target`. */
PyObject *fuzz_tracemalloc_function(const char *target, const char *name);

/* Non-zero when PYMEM_CTS_FUZZ_PLANT=1: the target then plants its one
 * deliberate bug, which its invariants must catch (a positive control). */
int fuzz_planted(void);

#endif
