/* mimalloc.c: the free-threaded build's default allocator of PyMem_Malloc()
 * and of objects is mimalloc, not pymalloc and not the C library: with
 * PYTHONMALLOC unset, neither the arena allocator (what pymalloc draws on)
 * nor the C library's malloc() (libpython's calls to it, support/libc_spy.c)
 * sees a request as large as the blocks and objects allocated. The case
 * starts Python in a child of a fresh process.
 * Source: Doc/c-api/memory.rst, "The mimalloc allocator". */
#include "arena_spy.h"
#include "boot_child.h"
#include "cts.h"
#include "libc_spy.h"

#include <string.h>

enum { BLOCKS = 64, BLOCK_SIZE = 1500, TUPLE_ITEMS = 200 };

static void report_what_serves(void)
{
    static void *blocks[BLOCKS];
    static PyObject *tuples[BLOCKS];
    arena_spy_install();
    const char *why_not = libc_spy_install();
    if (why_not) {
        boot_child_report("unwatched: %s", why_not);
        return;
    }
    for (int i = 0; i < BLOCKS; i++) {
        blocks[i] = PyMem_Malloc(BLOCK_SIZE);
        tuples[i] = PyTuple_New(TUPLE_ITEMS); /* an object of more than 1600 bytes */
    }
    libc_calls seen = libc_seen;
    libc_spy_remove();
    int made = 1;
    for (int i = 0; i < BLOCKS; i++) {
        made &= blocks[i] && tuples[i];
        PyMem_Free(blocks[i]);
        Py_XDECREF(tuples[i]);
    }
    boot_child_report("made=%d arenas=%ld largest=%zu", made, arena_seen.allocs, seen.largest);
}

CTS_CASE(
    default_on_free_threaded, .id = "families.mimalloc.default_on_free_threaded",
    .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .needs = CTS_NEED_FREE_THREADED,
    .doc = "In the free-threaded build, mimalloc is the default and required allocator for the "
           "PYMEM_DOMAIN_MEM and PYMEM_DOMAIN_OBJ domains. (with PYTHONMALLOC unset, 64 "
           "PyMem_Malloc(1500) blocks and 64 tuples of 200 items reach neither the arena "
           "allocator nor the C library's malloc())",
    .source = {
        .quote = "In the free-threaded build, mimalloc is the default and required allocator for "
                 "the PYMEM_DOMAIN_MEM and PYMEM_DOMAIN_OBJ domains. ... "
                 "[c-api/memory.html#object-allocators] In the free-threaded build, the default "
                 "is the mimalloc memory allocator instead. ... "
                 "[c-api/memory.html#memory-interface] Changed in version 3.13: In the "
                 "free-threaded build, the default allocator is now mimalloc.",
        .page = "c-api/memory.html#the-mimalloc-allocator",
        .python = "3.15"})
{
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOC", NULL, NULL, report_what_serves);
    CTS_REQUIRE(r.booted, "PYTHONMALLOC unset: Python did not start: %.300s", r.report);
    const char *unwatched = strstr(r.report, "unwatched: ");
    if (unwatched)
        CTS_UNSUPPORTED("libpython's calls to the C library cannot be watched: %.200s",
                        unwatched + 11);
    int made = 0;
    long arenas = -1;
    size_t largest = 0;
    const char *line = strstr(r.report, "made=");
    CTS_REQUIRE(
        line && sscanf(line, "made=%d arenas=%ld largest=%zu", &made, &arenas, &largest) == 3,
        "the child did not report (status %d, signal %d): %.300s", r.code, r.signal, r.report);
    CTS_REQUIRE(made, "PyMem_Malloc(%d) or PyTuple_New(%d) failed", BLOCK_SIZE, TUPLE_ITEMS);
    CTS_EXPECT(arenas == 0, "the arena allocator made %ld arenas: pymalloc served them", arenas);
    CTS_EXPECT(largest < BLOCK_SIZE,
               "libpython asked the C library's allocator for %zu bytes: it served blocks of %d",
               largest, BLOCK_SIZE);
}
