/* pythonmalloc.c: the PYTHONMALLOC environment variable. Each value
 * the build documents boots and selects the allocator it names; values it
 * does not know are rejected at start-up. Each case starts Python in a child
 * of a fresh process. Source: Doc/using/cmdline.rst, PYTHONMALLOC. */
#include "boot_child.h"
#include "probe.h"
#include "cts.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

static const char accepted_rule[] =
    "PYTHONMALLOC: Set the Python memory allocators and/or install debug hooks.";

/* A PyMem_Malloc() block carries the debug header: API id 'm' at p[-S]. */
static void report_debug_header(void)
{
    unsigned char *p = PyMem_Malloc(8);
    boot_child_report("debug_header=%s", p && p[-(int)sizeof(size_t)] == 'm' ? "yes" : "no");
    PyMem_Free(p);
}

static void check_accepted(cts_ctx *cts, const char *mode)
{
    boot_child r;
    char want[64];
    cts_allocator_of_mode(mode, want, sizeof want);
    int debug = strstr(want, "debug") != NULL;
    boot_child_run(&r, "PYTHONMALLOC", mode, NULL, debug ? report_debug_header : NULL);
    CTS_REQUIRE(r.booted && r.exited && r.code == 0,
                "PYTHONMALLOC=%s: Python did not start (status %d, signal %d): %.300s", mode,
                r.code, r.signal, r.report);
    if (cts_python_version(cts) >= 0x03080000)
        CTS_EXPECT(strcmp(r.name, want) == 0, "PYTHONMALLOC=%s selected '%s', expected '%s'", mode,
                   r.name, want);
    if (debug)
        CTS_EXPECT(strstr(r.report, "debug_header=yes") != NULL,
                   "PYTHONMALLOC=%s: PyMem_Malloc blocks carry no debug header", mode);
}

#define ACCEPTED(fn, mode, sentence, ...)                                                          \
    CTS_CASE(                                                                                      \
        fn, .id = "config.pythonmalloc." #fn, .doc = accepted_rule,                                \
        .source =                                                                                  \
            {.quote =                                                                              \
                 "Set the Python memory allocators and/or install debug hooks. ... " sentence,     \
             .page = "using/cmdline.html#envvar-PYTHONMALLOC",                                     \
             .python = "3.15"},                                                                    \
        .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, __VA_ARGS__)                                  \
    {                                                                                              \
        check_accepted(cts, mode);                                                                 \
    }

ACCEPTED(
    accepts_default, "default",
    "default: use the default memory allocators. ... [c-api/memory.html#memory-interface@3.13] "
    "The default memory allocator uses the pymalloc memory allocator. ... "
    "[c-api/memory.html#debug-hooks-on-the-python-memory-allocators] When Python is built in debug "
    "mode, the PyMem_SetupDebugHooks() function is called at the Python preinitialization to setup "
    "debug hooks on Python memory allocators to detect memory errors.",
    .since = 0x03070000,
    .why_version = "\"Changed in version 3.7: Added the \\\"default\\\" allocator.\"")
ACCEPTED(accepts_debug, "debug",
         "debug: install debug hooks on top of the default memory allocators. ... "
         "[c-api/memory.html#debug-hooks-on-the-python-memory-allocators] The PYTHONMALLOC "
         "environment variable can be used to install debug hooks on a Python compiled in release "
         "mode (ex: PYTHONMALLOC=debug).")
ACCEPTED(accepts_malloc, "malloc",
         "malloc: use the malloc() function of the C library for all domains (PYMEM_DOMAIN_RAW, "
         "PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ). ... [c-api/memory.html#default-memory-allocators] "
         "malloc: system allocators from the standard C library, C functions: malloc(), calloc(), "
         "realloc() and free().",
         .needs = CTS_NEED_GIL)
ACCEPTED(accepts_malloc_debug, "malloc_debug",
         "malloc_debug: same as malloc but also install debug hooks.", .needs = CTS_NEED_GIL)
ACCEPTED(accepts_pymalloc, "pymalloc",
         "pymalloc: use the pymalloc allocator for PYMEM_DOMAIN_MEM and PYMEM_DOMAIN_OBJ domains "
         "and use the malloc() function for the PYMEM_DOMAIN_RAW domain.",
         .needs = CTS_NEED_GIL | CTS_NEED_PYMALLOC_BUILT)
ACCEPTED(accepts_pymalloc_debug, "pymalloc_debug",
         "pymalloc_debug: same as pymalloc but also install debug hooks.",
         .needs = CTS_NEED_GIL | CTS_NEED_PYMALLOC_BUILT)
#define MIMALLOC_313                                                                               \
    .since = 0x030D0000,                                                                           \
    .why_version = "the mimalloc allocator is new in 3.13 (its PYTHONMALLOC list adds mimalloc)"
ACCEPTED(accepts_mimalloc, "mimalloc",
         "mimalloc: use the mimalloc allocator for PYMEM_DOMAIN_MEM and PYMEM_DOMAIN_OBJ domains "
         "and use the malloc() function for the PYMEM_DOMAIN_RAW domain. ... "
         "[c-api/memory.html#the-mimalloc-allocator] It can be selected at runtime using "
         "PYTHONMALLOC=mimalloc (or mimalloc_debug to include debug hooks).",
         MIMALLOC_313, .needs = CTS_NEED_MIMALLOC_BUILT)
ACCEPTED(accepts_mimalloc_debug, "mimalloc_debug",
         "mimalloc_debug: same as mimalloc but also install debug hooks.", MIMALLOC_313,
         .needs = CTS_NEED_MIMALLOC_BUILT)

static void check_rejected(cts_ctx *cts, const char *mode)
{
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOC", mode, NULL, NULL);
    CTS_EXPECT(!r.booted, "PYTHONMALLOC=%s was accepted (allocator '%s')", mode, r.name);
    CTS_EXPECT(r.signal != 0 || (r.exited && r.code != 0),
               "PYTHONMALLOC=%s: the start-up failure did not end the process with an error", mode);
    regex_t re;
    regcomp(&re, "[Uu]nknown (PYTHONMALLOC )?allocator", REG_EXTENDED | REG_NOSUB);
    /* 3.8+ return it as a status; 3.7 prints a fatal error and exits */
    int said = regexec(&re, r.report, 0, NULL, 0) == 0 || regexec(&re, r.output, 0, NULL, 0) == 0;
    regfree(&re);
    CTS_EXPECT(said, "PYTHONMALLOC=%s: the error does not say 'unknown allocator': %.200s %.200s",
               mode, r.report, r.output);
}

#define REJECTED_SOURCE                                                                            \
    {                                                                                              \
        .impl = "Python/preconfig.c and Objects/obmalloc.c"                                        \
    }
#define FREE_THREADED_SOURCE                                                                       \
    {                                                                                              \
        .quote = "In the free-threaded build, the malloc, malloc_debug, pymalloc, and "            \
                 "pymalloc_debug values are not supported. ... Only default, debug, mimalloc, "    \
                 "and mimalloc_debug are accepted.",                                               \
        .page = "using/cmdline.html#envvar-PYTHONMALLOC", .python = "3.15",                        \
        .impl = "Python/preconfig.c and Objects/obmalloc.c"                                        \
    }

static const char rejected_rule[] =
    "a PYTHONMALLOC value that is "
    "not one of the documented names is a start-up error: 'unknown allocator'";

#define REJECTED(fn, mode, source_, ...)                                                           \
    CTS_CASE(fn, .id = "config.pythonmalloc." #fn, .doc = rejected_rule, .source = source_,        \
             .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, __VA_ARGS__)                             \
    {                                                                                              \
        check_rejected(cts, mode);                                                                 \
    }

REJECTED(rejects_bogus, "bogus", REJECTED_SOURCE)
REJECTED(rejects_wrong_case, "Malloc", REJECTED_SOURCE)
REJECTED(rejects_default_on_36, "default", REJECTED_SOURCE, .until = 0x03070000,
         .why_version = "\"Changed in version 3.7: Added the \\\"default\\\" allocator.\" (3.6 "
                        "rejects it)")
REJECTED(rejects_mimalloc_not_built, "mimalloc", REJECTED_SOURCE,
         .needs = CTS_NEED_NO_MIMALLOC_BUILT)
REJECTED(rejects_pymalloc_free_threaded, "pymalloc", FREE_THREADED_SOURCE,
         .needs = CTS_NEED_FREE_THREADED)

CTS_CASE(kept_when_utf8_mode_reads_again,
         .id = "config.pythonmalloc.kept_when_utf8_mode_reads_again",
         .doc = "PYTHONMALLOC=malloc (debug on a free-threaded build) with PYTHONUTF8=1: the "
                "pre-configuration is read a second time in the new encoding, and the allocator "
                "is still the one PYTHONMALLOC names",
         .source = {.quote = "Set the Python memory allocators and/or install debug hooks.",
                    .page = "using/cmdline.html#envvar-PYTHONMALLOC",
                    .python = "3.15",
                    .impl = "Python/preconfig.c",
                    .note = "_PyPreConfig_Read() reads the environment again when the UTF-8 "
                            "Mode changes the encoding"},
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)
{
    setenv("PYTHONUTF8", "1", 1);
    check_accepted(cts, CTS_FREE_THREADED ? "debug" : "malloc");
}
