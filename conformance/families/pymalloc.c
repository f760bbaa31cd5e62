/* pymalloc.c: pymalloc serves requests of up to 512 bytes itself, passing 0
 * and larger ones to RAW; with PYTHONMALLOC unset it serves PyMem_Malloc()
 * and PyObject_Malloc(), seen from the arena allocator beneath it.
 * Source: Doc/c-api/memory.rst, "The pymalloc allocator". */
#include "arena_spy.h"
#include "boot_child.h"
#include "hook_spy.h"

#include <string.h>

static const char threshold_rule[] =
    "Python has a pymalloc allocator optimized for small objects (smaller or equal to 512 "
    "bytes) ... It falls back to PyMem_RawMalloc() and PyMem_RawRealloc() for allocations "
    "larger than 512 bytes.";

/* How many RAW mallocs one PyObject_Malloc(n) causes. */
static long raw_mallocs_for(size_t n, size_t *size)
{
    hook_spy spy;
    hook_spy_install(&spy, PYMEM_DOMAIN_RAW);
    void *p = PyObject_Malloc(n);
    hook_spy_remove(&spy);
    *size = spy.last_size;
    PyObject_Free(p);
    return spy.mallocs;
}

CTS_CASE(
    threshold_512, .id = "families.pymalloc.threshold_512", .doc = threshold_rule,
    .source = {.quote =
                   "Python has a pymalloc allocator optimized for small objects (smaller or equal "
                   "to 512 bytes) with a short lifetime. ... It falls back to PyMem_RawMalloc() "
                   "and PyMem_RawRealloc() for allocations larger than 512 bytes.",
               .page = "c-api/memory.html#the-pymalloc-allocator",
               .python = "3.11"},
    .needs = CTS_NEED_PYMALLOC | CTS_NEED_NO_DEBUG_HOOKS)
{
    size_t size;
    long small = raw_mallocs_for(512, &size);
    CTS_EXPECT(small == 0, "PyObject_Malloc(512) called PyMem_RawMalloc %ld times", small);
    long large = raw_mallocs_for(513, &size);
    CTS_EXPECT(large == 1 && size == 513, "PyObject_Malloc(513): %ld RAW mallocs, last size %zu",
               large, size);
    long zero = raw_mallocs_for(0, &size);
    CTS_EXPECT(zero == 1 && size == 0,
               "PyObject_Malloc(0): %ld RAW mallocs of size %zu, expected 1 of size 0 "
               "(pymalloc passes zero-size requests to RAW)",
               zero, size);
}

/* Whether p lies in an arena the spy handed out. */
static int in_spied_arena(const void *p)
{
    for (int i = 0; i < ARENA_SPY_MAX; i++) {
        const char *a = arena_seen.arenas[i];
        if (a && (const char *)p >= a && (const char *)p < a + arena_seen.size_seen)
            return 1;
    }
    return 0;
}

/* Allocates 256-byte blocks from one domain until the arena allocator made
 * an arena; whether the block whose allocation made it lies in it. */
static int served_from_new_arena(void *(*allocate)(size_t), void (*release)(void *))
{
    static void *blocks[60000];
    int n = 0, inside = 0;
    long arenas = arena_seen.allocs;
    while (arena_seen.allocs == arenas && n < 60000) {
        blocks[n] = allocate(256);
        inside = arena_seen.allocs != arenas && in_spied_arena(blocks[n]);
        n++;
    }
    while (n > 0)
        release(blocks[--n]);
    return inside;
}

static void report_what_arenas_serve(void)
{
    arena_spy_install();
    int mem = served_from_new_arena(PyMem_Malloc, PyMem_Free);
    int obj = served_from_new_arena(PyObject_Malloc, PyObject_Free);
    boot_child_report("mem_from_arena=%d obj_from_arena=%d arenas=%ld", mem, obj,
                      arena_seen.allocs);
}

CTS_CASE(
    default_for_mem_and_obj, .id = "families.pymalloc.default_for_mem_and_obj",
    .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .needs = CTS_NEED_GIL | CTS_NEED_PYMALLOC_BUILT,
    .doc = "pymalloc is the default allocator of the PYMEM_DOMAIN_MEM (ex: PyMem_Malloc()) and "
           "PYMEM_DOMAIN_OBJ (ex: PyObject_Malloc()) domains. (with PYTHONMALLOC unset, the "
           "allocation of a 256-byte block that makes the arena allocator create an arena is "
           "served from that arena, in each domain)",
    .source = {
        .quote = "pymalloc is the default allocator of the PYMEM_DOMAIN_MEM (ex: PyMem_Malloc()) "
                 "and PYMEM_DOMAIN_OBJ (ex: PyObject_Malloc()) domains. ... It uses memory "
                 "mappings called \"arenas\" ... [c-api/memory.html#object-allocators] The "
                 "default object allocator uses the pymalloc memory allocator. ... "
                 "[c-api/memory.html#memory-interface] In the GIL-enabled build (default build) "
                 "the default memory allocator uses the pymalloc memory allocator ... "
                 "[c-api/memory.html#the-mimalloc-allocator] In the default (non-free-threaded) "
                 "build, mimalloc is available but not the default allocator. ... "
                 "[c-api/memory.html#memory-interface@3.13] The default memory allocator uses the "
                 "pymalloc memory allocator. ... [c-api/memory.html#memory-interface] Changed in "
                 "version 3.6: The default allocator is now pymalloc instead of system malloc().",
        .page = "c-api/memory.html#the-pymalloc-allocator",
        .python = "3.15"})
{
    boot_child r;
    boot_child_run(&r, "PYTHONMALLOC", NULL, NULL, report_what_arenas_serve);
    CTS_REQUIRE(r.booted, "PYTHONMALLOC unset: Python did not start: %.300s", r.report);
    CTS_EXPECT(strstr(r.report, "mem_from_arena=1"),
               "PyMem_Malloc(256) was not served from the arena its allocation made: %.200s",
               r.report);
    CTS_EXPECT(strstr(r.report, "obj_from_arena=1"),
               "PyObject_Malloc(256) was not served from the arena its allocation made: %.200s",
               r.report);
}
