/* fuzz_boot.c: see fuzz_boot.h. */
#include "runtime.h"

#include "boot.h"
#include "probe.h"
#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "shadow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int planted;
static char allocator[64];
int fuzz_tracing;

void fuzz_trace(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "trace: %s\n", line);
}

/* LeakSanitizer calls this at start-up, so every runner applies it, OSS-Fuzz's
 * too, which sets no LSAN_OPTIONS of ours. libpython keeps memory until exit
 * by design (interned strings, arenas, caches): a leak with a frame inside
 * libpython on its allocation stack is not reported (fuzz/README.md says
 * what that hides). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libpython\n";
}

/* Exit status for "this build has no such allocator mode": the replay tests
 * report the mode as skipped, with this message, instead of failing. */
#define FUZZ_MODE_ABSENT 77

static void require_mode_compiled_in(const char *target)
{
    const char *env = getenv("PYTHONMALLOC");
    if (!env || !*env)
        return;
    for (const char *const *m = cts_allocator_modes(); *m; m++)
        if (strcmp(*m, env) == 0)
            return;
    fprintf(stderr, "fuzz %s: PYTHONMALLOC=%s is not compiled into Python %s\n", target, env,
            PY_VERSION);
    exit(FUZZ_MODE_ABSENT);
}

#ifdef CTS_FUZZ_BUNDLE
/* A binary built for OSS-Fuzz carries its Python in python/ beside it
 * (lib/libpython*.so, found through RUNPATH $ORIGIN/python/lib, and the
 * stdlib in lib/CTS_FUZZ_BUNDLE): the image that runs it has none. */
static void use_bundled_python(const char *target)
{
    static char home[4096];
    char exe[4096], landmark[4200];
    struct stat st;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? memrchr(exe, '/', (size_t)n) : NULL;
    if (!slash) {
        fprintf(stderr, "fuzz %s: cannot find its own directory (/proc/self/exe)\n", target);
        exit(2);
    }
    *slash = '\0';
    snprintf(home, sizeof home, "%s/python", exe);
    snprintf(landmark, sizeof landmark, "%s/lib/%s/os.py", home, CTS_FUZZ_BUNDLE);
    if (stat(landmark, &st) != 0) {
        fprintf(stderr,
                "fuzz %s: no bundled Python stdlib at %s (ci/oss-fuzz-build.sh writes it)\n",
                target, landmark);
        exit(2);
    }
    setenv("PYTHONHOME", home, 1);
    cts_expect_prefix(home);
}
#endif

void fuzz_boot(const char *target)
{
    if (cts_fuzz_mode)
        setenv("PYTHONMALLOC", cts_fuzz_mode, 1);
    require_mode_compiled_in(target);
    const char *plant = getenv("PYMEM_CTS_FUZZ_PLANT");
    planted = plant && strcmp(plant, "1") == 0;
    const char *trace = getenv("PYMEM_CTS_FUZZ_TRACE");
    fuzz_tracing = trace && strcmp(trace, "1") == 0;
#if defined(CTS_FUZZ_BUNDLE)
    use_bundled_python(target);
#else
    cts_use_build_home();
#endif
    const char *err = cts_boot();
    if (err) {
        fprintf(stderr, "fuzz %s: cannot start Python: %s\n", target, err);
        exit(2);
    }
    cts_current_allocator(allocator, sizeof allocator);
    shadow_init();
    const char *version = Py_GetVersion();
    fprintf(stderr, "fuzz %s: Python %.*s, allocator %s%s\n", target, (int)strcspn(version, " "),
            version, allocator, planted ? ", PLANTED BUG ON" : "");
}

void fuzz_expect_no_exception(const char *target)
{
    PyObject *pending = PyErr_Occurred();
    FUZZ_CHECK(!pending, "%s: an exception (%s) is pending at the input's end", target,
               pending ? ((PyTypeObject *)pending)->tp_name : "");
}

const char *fuzz_allocator(void)
{
    return allocator;
}

void fuzz_require_allocator(const char *target, const char *modes, const char *why)
{
    size_t len = strlen(allocator);
    for (const char *m = modes; *m; m += strcspn(m, ","), m += *m == ',') {
        if (strcspn(m, ",") == len && strncmp(m, allocator, len) == 0)
            return;
    }
    fprintf(stderr, "fuzz %s: allocator %s is not one of %s: %s\n", target, allocator, modes, why);
    exit(2);
}

PyObject *fuzz_tracemalloc_function(const char *target, const char *name)
{
    PyObject *module = PyImport_ImportModule("_tracemalloc");
    PyObject *f = module ? PyObject_GetAttrString(module, name) : NULL;
    Py_XDECREF(module);
    if (!f) {
        fprintf(stderr, "fuzz %s: cannot find _tracemalloc.%s\n", target, name);
        exit(2);
    }
    return f;
}

int fuzz_planted(void)
{
    return planted;
}
