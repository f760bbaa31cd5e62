/* preconfig.c: PyPreConfig.allocator (3.8+): each documented value
 * selects its allocator, it beats PYTHONMALLOC, and values outside the enum
 * are an error status, not an exit. Each value is tried in a child of a fresh
 * process. Source: Doc/c-api/init_config.rst, PyPreConfig.allocator. */
#include "boot_child.h"
#include "probe.h"
#include "cts.h"

#include <stdio.h>
#include <string.h>

#if CTS_HAVE_INIT_CONFIG
static int chosen; /* the value the child's pre-initialisation uses */
static char status_text[256];

static const char *preinitialize(void)
{
    PyPreConfig pc;
    PyPreConfig_InitPythonConfig(&pc);
    pc.allocator = chosen;
    PyStatus st = Py_PreInitialize(&pc);
    if (!PyStatus_Exception(st))
        return NULL;
    snprintf(status_text, sizeof status_text, "%s: %s", st.func ? st.func : "?",
             st.err_msg ? st.err_msg : "?");
    return status_text;
}

/* The PYMEM_ALLOCATOR_* values, 1-based, and the PYTHONMALLOC names they
 * stand for. */
static const char *const names[] = {"default",  "debug",          "malloc",   "malloc_debug",
                                    "pymalloc", "pymalloc_debug", "mimalloc", "mimalloc_debug"};

static int value_exists(int v)
{
    if (v >= 5 && v <= 6)
        return CTS_WITH_PYMALLOC;
    if (v >= 7)
        return CTS_WITH_MIMALLOC && PY_VERSION_HEX >= 0x030D0000;
    return 1;
}
#endif

static const char values_rule[] =
    "PyPreConfig.allocator: Name of the Python memory allocators: PYMEM_ALLOCATOR_NOT_SET (0): "
    "don't change memory allocators (use defaults). PYMEM_ALLOCATOR_DEFAULT (1): default memory "
    "allocators. PYMEM_ALLOCATOR_DEBUG (2): default memory allocators with debug hooks. "
    "PYMEM_ALLOCATOR_MALLOC (3): use malloc() of the C library. ...";

CTS_CASE(
    allocator_values, .id = "config.preconfig.allocator_values", .doc = values_rule,
    .source = {.quote =
                   "Name of the Python memory allocators: ... PYMEM_ALLOCATOR_DEFAULT (1): default "
                   "memory allocators. ... PYMEM_ALLOCATOR_DEBUG (2): default memory allocators "
                   "with debug hooks. ... PYMEM_ALLOCATOR_MALLOC (3): use malloc() of the C "
                   "library. ... PYMEM_ALLOCATOR_MALLOC_DEBUG (4): force usage of malloc() with "
                   "debug hooks. ... PYMEM_ALLOCATOR_PYMALLOC (5): Python pymalloc memory "
                   "allocator. ... PYMEM_ALLOCATOR_PYMALLOC_DEBUG (6): Python pymalloc memory "
                   "allocator with debug hooks. ... PYMEM_ALLOCATOR_MIMALLOC (6): use mimalloc, a "
                   "fast malloc replacement. ... PYMEM_ALLOCATOR_MIMALLOC_DEBUG (7): use mimalloc, "
                   "a fast malloc replacement with debug hooks.",
               .page = "c-api/init_config.html#c.PyPreConfig.allocator",
               .python = "3.15"},
    .since = 0x03080000, .why_version = "PyPreConfig is new in 3.8", .isolation = CTS_FRESH,
    .boot = CTS_NO_BOOT)
{
#if CTS_HAVE_INIT_CONFIG
    for (int v = 1; v <= 8; v++) {
        if (!value_exists(v))
            continue;
        if (CTS_FREE_THREADED && (v == 3 || v == 4 || v == 5 || v == 6))
            continue;
        char want[64];
        boot_child r;
        cts_allocator_of_mode(names[v - 1], want, sizeof want);
        chosen = v;
        boot_child_run(&r, "PYTHONMALLOC", NULL, preinitialize, NULL);
        CTS_EXPECT(r.booted && strcmp(r.name, want) == 0,
                   "PyPreConfig.allocator = %d: allocator '%s', expected '%s' (%.200s)", v, r.name,
                   want, r.report);
    }
#else
    CTS_UNSUPPORTED("PyPreConfig is not provided by this implementation");
#endif
}

CTS_CASE(
    beats_pythonmalloc, .id = "config.preconfig.beats_pythonmalloc",
    .doc = "an explicit PyPreConfig.allocator wins over the "
           "PYTHONMALLOC environment variable; PYMEM_ALLOCATOR_NOT_SET leaves it to "
           "PYTHONMALLOC",
    .source = {.quote =
                   "PYMEM_ALLOCATOR_NOT_SET (0): don't change memory allocators (use defaults).",
               .page = "c-api/init_config.html#c.PyPreConfig.allocator",
               .python = "3.15",
               .impl = "Python/preconfig.c"},
    .since = 0x03080000, .why_version = "PyPreConfig is new in 3.8", .needs = CTS_NEED_GIL,
    .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)
{
#if CTS_HAVE_INIT_CONFIG
    char want[64];
    boot_child r;
    cts_allocator_of_mode("debug", want, sizeof want);
    chosen = 2; /* PYMEM_ALLOCATOR_DEBUG */
    boot_child_run(&r, "PYTHONMALLOC", "malloc", preinitialize, NULL);
    CTS_EXPECT(r.booted && strcmp(r.name, want) == 0,
               "PYTHONMALLOC=malloc with PyPreConfig.allocator = DEBUG: '%s', expected '%s'",
               r.name, want);
    chosen = 0; /* PYMEM_ALLOCATOR_NOT_SET */
    boot_child_run(&r, "PYTHONMALLOC", "malloc", preinitialize, NULL);
    CTS_EXPECT(r.booted && strcmp(r.name, "malloc") == 0,
               "PYTHONMALLOC=malloc with PyPreConfig.allocator = NOT_SET: '%s', expected "
               "'malloc'",
               r.name);
#else
    CTS_UNSUPPORTED("PyPreConfig is not provided by this implementation");
#endif
}

CTS_CASE(unknown_value_is_error_status, .id = "config.preconfig.unknown_value_is_error_status",
         .doc = "a PyPreConfig.allocator outside the enum makes "
                "Py_PreInitialize() return an error status 'Unknown PYTHONMALLOC allocator', "
                "without exiting",
         .source = {.impl = "Python/preconfig.c"}, .since = 0x03080000,
         .why_version = "PyPreConfig is new in 3.8", .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)
{
#if CTS_HAVE_INIT_CONFIG
    static const int values[] = {9, -1, 1000};
    for (int i = 0; i < 3; i++) {
        boot_child r;
        chosen = values[i];
        boot_child_run(&r, "PYTHONMALLOC", NULL, preinitialize, NULL);
        CTS_EXPECT(!r.booted && r.exited && r.code == 3 &&
                       strstr(r.report, "nknown PYTHONMALLOC allocator"),
                   "PyPreConfig.allocator = %d: status %d, signal %d, output %.200s", values[i],
                   r.code, r.signal, r.report);
    }
#else
    CTS_UNSUPPORTED("PyPreConfig is not provided by this implementation");
#endif
}
