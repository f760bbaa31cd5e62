/* pythonmallocstats.c: the PYTHONMALLOCSTATS environment variable: with a
 * non-empty value Python prints its allocator's statistics, with an empty
 * one or under PYTHONMALLOC=malloc nothing. Each case starts Python in a
 * child of a fresh process. Source: Doc/using/cmdline.rst, PYTHONMALLOCSTATS. */
#include "boot_child.h"
#include "cts.h"

#include <string.h>

static void many_small_objects(void)
{
    for (int i = 0; i < 100000; i++) /* enough to need a new arena */
        PyObject_Free(PyObject_Malloc(16 + i % 64));
    void *keep[20000];
    for (int i = 0; i < 20000; i++)
        keep[i] = PyObject_Malloc(64);
    for (int i = 0; i < 20000; i++)
        PyObject_Free(keep[i]);
    boot_child_report("finalize=%d", Py_FinalizeEx());
}

CTS_CASE(
    prints_statistics, .id = "config.pythonmallocstats.prints_statistics", .isolation = CTS_FRESH,
    .boot = CTS_NO_BOOT, .needs = CTS_NEED_PYMALLOC,
    .doc = "PYTHONMALLOCSTATS: If set to a non-empty string, Python will print statistics "
           "of the pymalloc memory allocator every time a new pymalloc object arena is "
           "created, and on shutdown.",
    .source = {
        .quote = "If set to a non-empty string, Python will print statistics of the pymalloc "
                 "memory allocator or the mimalloc memory allocator (whichever is in use) every "
                 "time a new object arena is created, and on shutdown. ... [@3.13] If set to a "
                 "non-empty string, Python will print statistics of the pymalloc memory allocator "
                 "every time a new pymalloc object arena is created, and on shutdown.",
        .page = "using/cmdline.html#envvar-PYTHONMALLOCSTATS",
        .python = "3.15"})
{
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOCSTATS", "1", NULL, many_small_objects);
    CTS_REQUIRE(r.booted, "PYTHONMALLOCSTATS=1: Python did not start: %.300s", r.report);
    CTS_EXPECT(strstr(r.output, "Small block threshold = 512") != NULL,
               "PYTHONMALLOCSTATS=1 printed no pymalloc statistics: %.200s", r.output);
    CTS_EXPECT(strstr(r.report, "finalize=0") && r.exited && r.code == 0,
               "PYTHONMALLOCSTATS=1: Py_FinalizeEx or the exit failed (status %d, signal %d)",
               r.code, r.signal);
}

CTS_CASE(prints_mimalloc_statistics, .id = "config.pythonmallocstats.prints_mimalloc_statistics",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .allocator = "mimalloc",
         .needs = CTS_NEED_MIMALLOC_BUILT, .since = 0x030D0000,
         .why_version = "the mimalloc allocator is new in 3.13",
         .doc = "PYTHONMALLOCSTATS with PYTHONMALLOC=mimalloc: Python prints the statistics of "
                "the mimalloc memory allocator on shutdown (its block counts, after the "
                "thresholds every allocator's statistics start with)",
         .source = {.quote = "If set to a non-empty string, Python will print statistics of the "
                             "pymalloc memory allocator or the mimalloc memory allocator "
                             "(whichever is in use) every time a new object arena is created, and "
                             "on shutdown.",
                    .page = "using/cmdline.html#envvar-PYTHONMALLOCSTATS",
                    .python = "3.15",
                    .impl = "Objects/obmalloc.c (py_mimalloc_print_stats)"})
{
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOCSTATS", "1", NULL, many_small_objects);
    CTS_REQUIRE(r.booted, "PYTHONMALLOC=mimalloc PYTHONMALLOCSTATS=1: Python did not start: %.300s",
                r.report);
    CTS_EXPECT(strstr(r.output, "Small block threshold") && strstr(r.output, "Allocated Blocks"),
               "PYTHONMALLOC=mimalloc PYTHONMALLOCSTATS=1 printed no mimalloc statistics: %.200s",
               r.output);
    CTS_EXPECT(strstr(r.report, "finalize=0") && r.exited && r.code == 0,
               "PYTHONMALLOC=mimalloc PYTHONMALLOCSTATS=1: Py_FinalizeEx or the exit failed "
               "(status %d, signal %d)",
               r.code, r.signal);
}

/* What an allocator mode's statistics print first (pymalloc's, or from 3.13
 * mimalloc's); none of it may appear. */
static void expect_no_statistics(cts_ctx *cts, const boot_child *r, const char *setting)
{
    CTS_REQUIRE(r->booted, "%s: Python did not start: %.300s", setting, r->report);
    CTS_EXPECT(!strstr(r->output, "Small block threshold") && !strstr(r->output, "heap stats"),
               "%s printed allocator statistics: %.200s", setting, r->output);
}

CTS_CASE(empty_has_no_effect, .id = "config.pythonmallocstats.empty_has_no_effect",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .needs = CTS_NEED_PYMALLOC,
         .doc = "PYTHONMALLOCSTATS set to an empty string prints no statistics",
         .source = {.quote = "It now has no effect if set to an empty string.",
                    .page = "using/cmdline.html#envvar-PYTHONMALLOCSTATS",
                    .python = "3.15"})
{
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOCSTATS", "", NULL, many_small_objects);
    expect_no_statistics(cts, &r, "PYTHONMALLOCSTATS=''");
}

CTS_CASE(
    ignored_under_malloc, .id = "config.pythonmallocstats.ignored_under_malloc",
    .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .allocator = "malloc", .needs = CTS_NEED_GIL,
    .doc = "PYTHONMALLOCSTATS is ignored when PYTHONMALLOC=malloc forces the C library's malloc",
    .source = {.quote = "This variable is ignored if the PYTHONMALLOC environment variable is "
                        "used to force the malloc() allocator of the C library",
               .page = "using/cmdline.html#envvar-PYTHONMALLOCSTATS",
               .python = "3.15"})
{
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOCSTATS", "1", NULL, many_small_objects);
    expect_no_statistics(cts, &r, "PYTHONMALLOC=malloc PYTHONMALLOCSTATS=1");
}
