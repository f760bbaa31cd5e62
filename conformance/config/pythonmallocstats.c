/* pythonmallocstats.c: the PYTHONMALLOCSTATS environment variable: with a
 * non-empty value Python prints its allocator's statistics, with an empty
 * one or under PYTHONMALLOC=malloc nothing. Each case starts Python in a
 * child of a fresh process. Source: Doc/using/cmdline.rst, PYTHONMALLOCSTATS;
 * Doc/c-api/memory.rst, Overview. */
#include "arena_spy.h"
#include "boot_child.h"
#include "cts.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Runs then() in a child started with PYTHONMALLOCSTATS=1; whether it
 * started (a failed check when not). */
static int booted_with_statistics(cts_ctx *cts, boot_child *r, void (*then)(void))
{
    boot_child_run(r, "PYTHONMALLOCSTATS", "1", NULL, then);
    return cts_check_(cts, r->booted, "r->booted", __FILE__, __LINE__,
                      "PYTHONMALLOCSTATS=1: Python did not start: %.300s", r->report);
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
    if (!booted_with_statistics(cts, &r, many_small_objects))
        return;
    CTS_EXPECT(strstr(r.output, "Small block threshold = 512") != NULL,
               "PYTHONMALLOCSTATS=1 printed no pymalloc statistics: %.200s", r.output);
    CTS_EXPECT(strstr(r.report, "finalize=0") && r.exited && r.code == 0,
               "PYTHONMALLOCSTATS=1: Py_FinalizeEx or the exit failed (status %d, signal %d)",
               r.code, r.signal);
}

CTS_CASE(prints_mimalloc_statistics, .id = "config.pythonmallocstats.prints_mimalloc_statistics",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .allocator = "mimalloc",
         .needs = CTS_NEED_MIMALLOC_BUILT, .since = 0x030E0000,
         .why_version = "Changed in 3.14: the documentation promises mimalloc's statistics "
                        "(3.13's names pymalloc's only)",
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

/* Python booted with PYTHONMALLOCSTATS=value prints no statistics. */
static void expect_ignored(cts_ctx *cts, const char *value, const char *setting)
{
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOCSTATS", value, NULL, many_small_objects);
    expect_no_statistics(cts, &r, setting);
}

CTS_CASE(empty_has_no_effect, .id = "config.pythonmallocstats.empty_has_no_effect",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .needs = CTS_NEED_PYMALLOC,
         .doc = "PYTHONMALLOCSTATS set to an empty string prints no statistics",
         .source = {.quote = "It now has no effect if set to an empty string.",
                    .page = "using/cmdline.html#envvar-PYTHONMALLOCSTATS",
                    .python = "3.15"})
{
    expect_ignored(cts, "", "PYTHONMALLOCSTATS=''");
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
    expect_ignored(cts, "1", "PYTHONMALLOC=malloc PYTHONMALLOCSTATS=1");
}

/* Up to 3.13, a build without pymalloc (--without-pymalloc, or
 * --with-address-sanitizer, whose configure leaves pymalloc out) ignores
 * PYTHONMALLOCSTATS whatever the allocator, mimalloc's too; from 3.14 the
 * sentence reads "without both pymalloc and mimalloc support". */
CTS_CASE(ignored_without_pymalloc, .id = "config.pythonmallocstats.ignored_without_pymalloc",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .needs = CTS_NEED_NO_PYMALLOC_BUILT,
         .until = 0x030E0000,
         .why_version = "Changed in 3.14: the docs ignore it only without both pymalloc and "
                        "mimalloc",
         .doc = "PYTHONMALLOCSTATS is ignored by a Python configured without pymalloc, under "
                "every allocator",
         .source = {.quote = "This variable is ignored if the PYTHONMALLOC environment variable "
                             "is used to force the malloc() allocator of the C library, or if "
                             "Python is configured without pymalloc support.",
                    .page = "using/cmdline.html#envvar-PYTHONMALLOCSTATS",
                    .python = "3.13"})
{
    expect_ignored(cts, "1", "PYTHONMALLOCSTATS=1 on a build without pymalloc");
}

/* The child's stderr is boot_child's scratch file: how many times pymalloc's
 * statistics (each starts with its threshold line) are in it so far. */
static long statistics_printed(void)
{
    struct stat st;
    if (fstat(2, &st) != 0 || st.st_size <= 0)
        return 0;
    char *text = malloc((size_t)st.st_size + 1);
    if (!text)
        return -1;
    ssize_t n = pread(2, text, (size_t)st.st_size, 0);
    text[n > 0 ? n : 0] = '\0';
    long count = 0;
    for (const char *at = text; (at = strstr(at, "Small block threshold")); at++)
        count++;
    free(text);
    return count;
}

enum { ARENAS_WATCHED = 4, BLOCKS_MAX = 60000 };

/* Allocates 256-byte objects until pymalloc made ARENAS_WATCHED new arenas,
 * comparing, after every allocation that printed or made an arena, the
 * statistics printed since the start with the arenas made since the start;
 * then finalizes, and counts what that printed and made. */
static void allocate_through_arenas(void)
{
    static void *blocks[BLOCKS_MAX];
    arena_spy_install();
    long printed0 = statistics_printed(), out_of_step = 0, n = 0;
    off_t size = lseek(2, 0, SEEK_END);
    while (arena_seen.allocs < ARENAS_WATCHED && n < BLOCKS_MAX) {
        long arenas = arena_seen.allocs;
        blocks[n++] = PyObject_Malloc(256);
        off_t now = lseek(2, 0, SEEK_END);
        if (arena_seen.allocs == arenas && now == size)
            continue;
        size = now;
        out_of_step += statistics_printed() - printed0 != arena_seen.allocs;
    }
    for (long i = 0; i < n; i++)
        PyObject_Free(blocks[i]);
    long arenas = arena_seen.allocs, printed = statistics_printed();
    int finalized = Py_FinalizeEx();
    boot_child_report("arenas=%ld printed=%ld out_of_step=%ld shutdown_arenas=%ld "
                      "shutdown_printed=%ld finalize=%d",
                      arenas, printed - printed0, out_of_step, arena_seen.allocs - arenas,
                      statistics_printed() - printed, finalized);
}

CTS_CASE(
    printed_per_new_arena_and_on_shutdown,
    .id = "config.pythonmallocstats.printed_per_new_arena_and_on_shutdown", .isolation = CTS_FRESH,
    .boot = CTS_NO_BOOT, .needs = CTS_NEED_PYMALLOC,
    .doc = "The PYTHONMALLOCSTATS environment variable can be used to print statistics of the "
           "pymalloc memory allocator every time a new pymalloc object arena is created, and on "
           "shutdown. (counted as it happens: after each allocation, the statistics printed so "
           "far match the arenas the arena allocator made; Py_FinalizeEx() prints once more)",
    .source = {.quote = "The PYTHONMALLOCSTATS environment variable can be used to print "
                        "statistics of the pymalloc memory allocator every time a new pymalloc "
                        "object arena is created, and on shutdown.",
               .page = "c-api/memory.html#overview",
               .python = "3.15"})
{
    boot_child r;
    if (!booted_with_statistics(cts, &r, allocate_through_arenas))
        return;
    long arenas = -1, printed = -1, out_of_step = -1, shutdown_arenas = -1, shutdown_printed = -1;
    int finalized = -1;
    const char *line = strstr(r.report, "arenas=");
    CTS_REQUIRE(line && sscanf(line,
                               "arenas=%ld printed=%ld out_of_step=%ld shutdown_arenas=%ld "
                               "shutdown_printed=%ld finalize=%d",
                               &arenas, &printed, &out_of_step, &shutdown_arenas, &shutdown_printed,
                               &finalized) == 6,
                "the child did not report its counts (status %d, signal %d): %.300s", r.code,
                r.signal, r.report);
    CTS_REQUIRE(arenas == ARENAS_WATCHED, "%ld 256-byte objects made %ld new arenas, not %d",
                (long)BLOCKS_MAX, arenas, ARENAS_WATCHED);
    CTS_EXPECT(printed == arenas && out_of_step == 0,
               "%ld new arenas, %ld statistics printed meanwhile; %ld allocations left them out "
               "of step",
               arenas, printed, out_of_step);
    CTS_EXPECT(shutdown_printed == shutdown_arenas + 1,
               "Py_FinalizeEx() made %ld arenas and printed the statistics %ld times (expected "
               "once more than it made arenas)",
               shutdown_arenas, shutdown_printed);
    CTS_EXPECT(finalized == 0, "Py_FinalizeEx() returned %d", finalized);
}
