/* isolated.c: the Isolated Configuration (3.8+) ignores the memory
 * settings of the environment: after PyPreConfig_InitIsolatedConfig() and
 * Py_PreInitialize() the allocators are the build's defaults whatever
 * PYTHONMALLOC says; PyConfig_InitIsolatedConfig() reads neither
 * PYTHONTRACEMALLOC nor PYTHONMALLOCSTATS. Each in a child of a fresh
 * process. Source: Doc/c-api/init_config.rst, "Isolated Configuration". */
#include "boot.h"
#include "boot_child.h"
#include "probe.h"
#include "cts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ISOLATED_WINDOW                                                                            \
    .since = 0x03080000, .why_version = "PyPreConfig and PyConfig are new in 3.8 (PEP 587)",       \
    .isolation = CTS_FRESH, .boot = CTS_NO_BOOT
#define ISOLATED_RULE                                                                              \
    "This configuration ignores global configuration variables, environment variables, command "   \
    "line arguments (PyConfig.argv is not parsed) and user site directory."

#if CTS_HAVE_INIT_CONFIG
static char status_text[256];

/* Pre-initialises with the Isolated Configuration, then boots as usual. */
static const char *preinitialize_isolated(void)
{
    PyPreConfig pc;
    PyPreConfig_InitIsolatedConfig(&pc);
    PyStatus st = Py_PreInitialize(&pc);
    if (PyStatus_Exception(st)) {
        snprintf(status_text, sizeof status_text, "Py_PreInitialize: %s",
                 st.err_msg ? st.err_msg : "(no message)");
        return status_text;
    }
    return cts_boot();
}

/* A PYTHONMALLOC value whose allocator differs from the default's on this
 * build, or NULL when there is none to tell them apart. */
static const char *other_than_default(char *other, size_t size)
{
    char def[64];
    cts_allocator_of_mode("default", def, sizeof def);
    cts_allocator_of_mode("debug", other, size);
    if (strcmp(def, other) != 0)
        return "debug";
    if (CTS_FREE_THREADED)
        return NULL;
    snprintf(other, size, "malloc");
    return "malloc";
}
#endif

CTS_CASE(preconfig_ignores_pythonmalloc, .id = "config.isolated.preconfig_ignores_pythonmalloc",
         ISOLATED_WINDOW,
         .doc = "Py_PreInitialize() with PyPreConfig_InitIsolatedConfig() leaves the build's "
                "default allocators in place whatever PYTHONMALLOC says",
         .source = {.quote = "Initialize the preconfiguration with Isolated Configuration. ... "
                             "[c-api/init_config.html#isolated-configuration] " ISOLATED_RULE,
                    .page = "c-api/init_config.html#c.PyPreConfig_InitIsolatedConfig",
                    .python = "3.15"})
{
#if CTS_HAVE_INIT_CONFIG
    char def[64], other[64];
    cts_allocator_of_mode("default", def, sizeof def);
    const char *value = other_than_default(other, sizeof other);
    if (!value)
        CTS_UNSUPPORTED("every PYTHONMALLOC value this build accepts names its default "
                        "allocators ('%s'): nothing to tell apart",
                        def);
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOC", value, preinitialize_isolated, NULL);
    CTS_REQUIRE(r.booted, "Python did not start: %.300s", r.report);
    CTS_EXPECT(strcmp(r.name, def) == 0,
               "PYTHONMALLOC=%s with the isolated preconfiguration: allocator '%s', expected the "
               "default '%s' (PYTHONMALLOC=%s gives '%s')",
               value, r.name, def, value, other);
#else
    CTS_UNSUPPORTED("PyPreConfig is not provided by this implementation");
#endif
}

CTS_CASE(config_ignores_memory_variables, .id = "config.isolated.config_ignores_memory_variables",
         ISOLATED_WINDOW,
         .doc = "PyConfig_Read() of a PyConfig_InitIsolatedConfig() configuration gives "
                "tracemalloc 0 and malloc_stats 0 with PYTHONTRACEMALLOC=5 and "
                "PYTHONMALLOCSTATS=1 in the environment",
         .source = {.quote = "Initialize configuration with the Isolated Configuration. ... "
                             "[c-api/init_config.html#isolated-configuration] " ISOLATED_RULE,
                    .page = "c-api/init_config.html#c.PyConfig_InitIsolatedConfig",
                    .python = "3.15"})
{
#if CTS_HAVE_INIT_CONFIG
    setenv("PYTHONTRACEMALLOC", "5", 1);
    setenv("PYTHONMALLOCSTATS", "1", 1);
    PyConfig c;
    PyConfig_InitIsolatedConfig(&c);
    PyStatus st = cts_config_locate(&c);
    if (!PyStatus_Exception(st))
        st = PyConfig_Read(&c);
    int tracemalloc = c.tracemalloc, malloc_stats = c.malloc_stats;
    PyConfig_Clear(&c);
    CTS_REQUIRE(!PyStatus_Exception(st), "PyConfig_Read() of the isolated configuration failed: %s",
                st.err_msg ? st.err_msg : "(no message)");
    CTS_EXPECT(tracemalloc == 0 && malloc_stats == 0,
               "PYTHONTRACEMALLOC=5 PYTHONMALLOCSTATS=1 with the isolated configuration: "
               "tracemalloc %d, malloc_stats %d, expected 0 and 0",
               tracemalloc, malloc_stats);
#else
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}
