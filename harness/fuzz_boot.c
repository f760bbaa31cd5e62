/* fuzz_boot.c: see fuzz_boot.h. */
#include "cts.h"

#include "boot.h"
#include "caps.h"
#include "fuzz_boot.h"
#include "shadow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int planted;
static char allocator[64];

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

void fuzz_boot(const char *target)
{
    require_mode_compiled_in(target);
    const char *plant = getenv("PYMEM_CTS_FUZZ_PLANT");
    planted = plant && strcmp(plant, "1") == 0;
#ifdef CTS_BUILD_PREFIX
    setenv("PYTHONHOME", CTS_BUILD_PREFIX, 1);
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
