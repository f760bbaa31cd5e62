/* main.c: the entry point of the pymem-cts program, which embeds the
 * Python build under test (see cli.c for the command line). */
#include "cli.h"
#include "data_dir.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef CTS_PYTHON_ASAN
/* Built against a Python made with AddressSanitizer (ci/build-cpython.sh
 * VERSION fuzz): ASan checks every access of the build under test, and a
 * memory error ends its case as a CRASH. Python keeps memory until exit by
 * design, so LeakSanitizer's report at each process's exit would judge that
 * instead of the cases: it is off. And ASan's malloc returns NULL for a size
 * it cannot serve, as the C library's does, instead of aborting: the cases
 * at the size limits assert what Python does with that NULL. A memory error
 * ASan finds aborts the process, so that its case ends as a CRASH with
 * ASan's report as its output. ASAN_OPTIONS overrides each. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0:allocator_may_return_null=1:abort_on_error=1";
}
#endif

/* The executable file name in a directory of $PATH, resolved; NULL if none
 * (how a shell found this program when there is no /proc to ask). */
static const char *on_path(const char *name, char *out)
{
    const char *dirs = getenv("PATH");
    char candidate[PATH_MAX];
    for (const char *d = dirs ? dirs : ""; *d; d += strcspn(d, ":"), d += *d == ':') {
        int len = (int)strcspn(d, ":");
        snprintf(candidate, sizeof candidate, "%.*s/%s", len ? len : 1, len ? d : ".", name);
        if (access(candidate, X_OK) == 0 && realpath(candidate, out))
            return out;
    }
    return NULL;
}

/* The absolute path of this program, which the driver re-executes. */
static const char *self_exe(const char *argv0)
{
    static char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return strchr(argv0, '/') ? argv0 : on_path(argv0, path) ? path : argv0;
    path[n] = '\0';
    return path;
}

int main(int argc, char **argv)
{
    /* Past a file size limit (ulimit -f) a write fails with EFBIG, and the
     * report that cannot be written is an error naming it, its temporary
     * file removed, instead of the whole run killed mid-report. */
    signal(SIGXFSZ, SIG_IGN);
    const char *exe = self_exe(argv[0]);
#ifdef CTS_DEFAULT_EXPECTATIONS /* the suite, not a test program built from main.c */
    const char *expectations_dir = cts_default_expectations_dir(exe);
#else
    const char *expectations_dir = NULL;
#endif
    return cts_main(argc, argv, exe, expectations_dir);
}
