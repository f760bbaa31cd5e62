/* environment.c: see environment.h. The whitelist keeps what a process
 * needs to run at all, to find its libraries (a shared libpython, a
 * sanitizer runtime, a preloaded deviating build: ci/mutants) and to be
 * debugged; every PYTHON* variable (PYTHONPATH, PYTHONTRACEMALLOC,
 * PYTHONDEVMODE, ...) is removed, since each one changes the behaviour the
 * cases measure. */
#include "environment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static const char *const whitelist[] = {
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "TMPDIR",
    "TERM",
    "TZ",
    "LANG",
    "LANGUAGE",
    "LC_*",
    "LD_LIBRARY_PATH",
    "LD_PRELOAD",
    "ASAN_OPTIONS",
    "UBSAN_OPTIONS",
    "LSAN_OPTIONS",
    "MSAN_OPTIONS",
    "TSAN_OPTIONS",
    "ASAN_SYMBOLIZER_PATH",
    "LLVM_SYMBOLIZER_PATH",
    "PYMEM_CTS_EXPLORE_DEPTH", /* the lifecycle explorer's walks (conformance/lifecycle/explore.c)
                                */
    /* every k-th point of faults.workloads.* (conformance/support/workload_sweep.c) */
    "PYMEM_CTS_WORKLOAD_EVERY",
    "PYMEM_CTS_FRESH_EXEC", /* every fresh case a new exec, not a fork of the zygote (runner.c) */
    NULL,
};

const char *const *cts_environment_whitelist(void)
{
    return whitelist;
}

static int whitelisted(const char *name)
{
    for (const char *const *w = whitelist; *w; w++) {
        size_t len = strlen(*w);
        if ((*w)[len - 1] == '*' ? strncmp(name, *w, len - 1) == 0 : strcmp(name, *w) == 0)
            return 1;
    }
    return 0;
}

static char **new_list(size_t n)
{
    char **list = calloc(n + 1, sizeof *list);
    if (!list) {
        fputs("pymem-cts: out of memory\n", stderr);
        exit(2);
    }
    return list;
}

void cts_environment_restrict(cts_environment *out)
{
    size_t n = 0, kept = 0, removed = 0;
    while (environ[n])
        n++;
    out->passed = new_list(n);
    out->removed = new_list(n);
    for (size_t i = 0; i < n; i++) {
        char *name = strndup(environ[i], strcspn(environ[i], "="));
        if (whitelisted(name))
            out->passed[kept++] = name;
        else
            out->removed[removed++] = name;
    }
    for (size_t i = 0; i < removed; i++)
        unsetenv(out->removed[i]);
}
