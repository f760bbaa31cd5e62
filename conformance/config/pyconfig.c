/* pyconfig.c: the PyConfig members about the allocators and
 * tracemalloc (3.8+): PYTHONMALLOCSTATS sets malloc_stats and
 * PYTHONTRACEMALLOC sets tracemalloc, as PyConfig_Read() reads them; a
 * non-zero tracemalloc starts tracing at start-up; and a custom allocator set
 * between Py_PreInitialize() and Py_InitializeFromConfig() serves the
 * interpreter. Each runs in a fresh process or a child of one.
 * Source: Doc/c-api/init_config.rst (PyConfig.malloc_stats,
 * PyConfig.tracemalloc); Doc/c-api/memory.rst, PyMem_SetAllocator. */
#include "boot.h"
#include "boot_child.h"
#include "hook_spy.h"

#include <stdlib.h>
#include <string.h>

/* A source quoting an entry of the 3.15 init_config page. */
#define CONFIG_QUOTE(anchor, quote_)                                                               \
    {                                                                                              \
        .quote = quote_, .page = "c-api/init_config.html#" anchor, .python = "3.15"                \
    }
#define PYCONFIG_WINDOW .since = 0x03080000, .why_version = "PyConfig is new in 3.8 (PEP 587)"

/* The member of PyConfig a case reads. */
enum { MALLOC_STATS, TRACEMALLOC };

/* var=value in the environment makes PyConfig_Read() give the member want. */
static void expect_member(cts_ctx *cts, const char *var, const char *value, int member, long want)
{
#if CTS_HAVE_INIT_CONFIG
    setenv(var, value, 1);
    PyConfig c;
    PyConfig_InitPythonConfig(&c);
    PyStatus st = cts_config_locate(&c);
    if (!PyStatus_Exception(st))
        st = PyConfig_Read(&c);
    long got = PyStatus_Exception(st)   ? -1
               : member == MALLOC_STATS ? c.malloc_stats
                                        : c.tracemalloc;
    PyConfig_Clear(&c);
    CTS_EXPECT(got == want, "%s=%s: PyConfig_Read() gave %s %ld, expected %ld", var, value,
               member == MALLOC_STATS ? "malloc_stats" : "tracemalloc", got, want);
#else
    (void)var, (void)value, (void)member, (void)want;
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}

#if CTS_HAVE_INIT_CONFIG
/* Starts Python from a PyConfig whose tracemalloc is 1. */
static const char *init_tracing(void)
{
    PyConfig c;
    PyConfig_InitPythonConfig(&c);
    c.tracemalloc = 1;
    PyStatus st = cts_config_locate(&c);
    if (!PyStatus_Exception(st))
        st = Py_InitializeFromConfig(&c);
    PyConfig_Clear(&c);
    return PyStatus_Exception(st) ? "Py_InitializeFromConfig failed" : NULL;
}

static void report_track(void)
{
    static char block[16];
    boot_child_report("track=%d", PyTraceMalloc_Track(7, (uintptr_t)block, sizeof block));
}

static hook_spy spy;

/* Pre-initialises, installs the spy over the MEM domain, then initialises. */
static const char *init_with_spy(void)
{
    PyPreConfig pc;
    PyPreConfig_InitPythonConfig(&pc);
    if (PyStatus_Exception(Py_PreInitialize(&pc)))
        return "Py_PreInitialize failed";
    hook_spy_install(&spy, PYMEM_DOMAIN_MEM);
    PyConfig c;
    PyConfig_InitPythonConfig(&c);
    PyStatus st = cts_config_locate(&c);
    if (!PyStatus_Exception(st))
        st = Py_InitializeFromConfig(&c);
    PyConfig_Clear(&c);
    return PyStatus_Exception(st) ? "Py_InitializeFromConfig failed" : NULL;
}

static void report_spy(void)
{
    long before = spy.mallocs + spy.callocs + spy.reallocs;
    PyObject *list = PyList_New(100);
    Py_XDECREF(list);
    boot_child_report("startup_calls=%ld list_calls=%ld", before,
                      spy.mallocs + spy.callocs + spy.reallocs - before);
}
#endif

CTS_CASE(
    malloc_stats_from_env, .id = "config.pyconfig.malloc_stats_from_env", .isolation = CTS_FRESH,
    .boot = CTS_NO_BOOT, PYCONFIG_WINDOW,
    .doc = "PYTHONMALLOCSTATS=1 in the environment makes PyConfig_Read() set malloc_stats to 1",
    .source = CONFIG_QUOTE("c.PyConfig.malloc_stats",
                           "Set to 1 by the PYTHONMALLOCSTATS environment variable."))
{
    expect_member(cts, "PYTHONMALLOCSTATS", "1", MALLOC_STATS, 1);
}

CTS_CASE(tracemalloc_from_env, .id = "config.pyconfig.tracemalloc_from_env", .isolation = CTS_FRESH,
         .boot = CTS_NO_BOOT, PYCONFIG_WINDOW,
         .doc = "PYTHONTRACEMALLOC=5 in the environment makes PyConfig_Read() set tracemalloc to 5",
         .source = CONFIG_QUOTE("c.PyConfig.tracemalloc",
                                "Set by -X tracemalloc=N command line option and by the "
                                "PYTHONTRACEMALLOC environment variable."))
{
    expect_member(cts, "PYTHONTRACEMALLOC", "5", TRACEMALLOC, 5);
}

CTS_CASE(tracemalloc_starts_tracing, .id = "config.pyconfig.tracemalloc_starts_tracing",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .needs = CTS_NEED_TRACEMALLOC,
         PYCONFIG_WINDOW,
         .doc = "PyConfig.tracemalloc = 1 starts tracing at start-up: PyTraceMalloc_Track() "
                "returns 0, not -2",
         .source = CONFIG_QUOTE("c.PyConfig.tracemalloc",
                                "If non-zero, call tracemalloc.start() at startup."))
{
#if CTS_HAVE_INIT_CONFIG
    boot_child r;
    boot_child_run(&r, "PYTHONTRACEMALLOC", NULL, init_tracing, report_track);
    CTS_REQUIRE(r.booted, "Python did not start with PyConfig.tracemalloc = 1: %.300s", r.report);
    const char *track = strstr(r.report, "track=");
    CTS_EXPECT(track && strncmp(track, "track=0", 7) == 0,
               "with PyConfig.tracemalloc = 1, PyTraceMalloc_Track gave %.20s, expected track=0",
               track ? track : "nothing");
#else
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}

CTS_CASE(set_allocator_after_preinitialize,
         .id = "config.pyconfig.set_allocator_after_preinitialize", .isolation = CTS_FRESH,
         .boot = CTS_NO_BOOT, .needs = CTS_NEED_NO_ASAN, PYCONFIG_WINDOW,
         .doc = "a MEM allocator set after Py_PreInitialize() and before Py_InitializeFromConfig() "
                "serves the interpreter's start-up and its allocations afterwards",
         .source = {.quote = "It can be called after Py_PreInitialize() and before "
                             "Py_InitializeFromConfig() to install a custom memory allocator.",
                    .page = "c-api/memory.html#c.PyMem_SetAllocator",
                    .python = "3.15"})
{
#if CTS_HAVE_INIT_CONFIG
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOC", NULL, init_with_spy, report_spy);
    CTS_REQUIRE(r.booted, "Python did not start with the allocator set: %.300s", r.report);
    long startup = -1, list = -1;
    const char *at = strstr(r.report, "startup_calls=");
    if (at)
        sscanf(at, "startup_calls=%ld list_calls=%ld", &startup, &list);
    CTS_EXPECT(startup > 0 && list > 0,
               "the allocator set before Py_InitializeFromConfig saw %ld calls in start-up and "
               "%ld in PyList_New(100)",
               startup, list);
#else
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}
