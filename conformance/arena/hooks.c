/* hooks.c: PyObject_GetArenaAllocator() and
 * PyObject_SetArenaAllocator(): the struct round-trips; pymalloc asks a
 * wrapping arena allocator for arenas of the documented size, with its ctx,
 * and frees only arenas it got, with their size; when the arena allocator
 * fails, small allocations still succeed; and without pymalloc it is not
 * used at all.
 * Source: Doc/c-api/memory.rst, "Customize pymalloc Arena Allocator" and
 * "The pymalloc allocator". */
#include "arena_spy.h"
#include "probe.h"
#include "cts.h"

#include <string.h>

enum { OBJECTS = 200000 };

/* Allocates many small blocks (forcing new arenas), checks them, frees. */
static long churn(void)
{
    static void *blocks[OBJECTS];
    long failed = 0;
    for (int i = 0; i < OBJECTS; i++) {
        blocks[i] = PyObject_Malloc(16);
        if (blocks[i])
            memset(blocks[i], 0x42, 16);
        else
            failed++;
    }
    for (int i = 0; i < OBJECTS; i++)
        PyObject_Free(blocks[i]);
    return failed;
}

CTS_CASE(get_returns_set, .id = "arena.hooks.get_returns_set",
         .doc = "PyObject_GetArenaAllocator: Get the arena allocator. PyObject_SetArenaAllocator: "
                "Set the arena allocator.",
         .source = {.quote = "Get the arena allocator. ... Set the arena allocator.",
                    .page = "c-api/memory.html#c.PyObject_GetArenaAllocator",
                    .python = "3.15"})
{
    static int marker;
    PyObjectArenaAllocator saved, got, set = {&marker, arena_spy_alloc, arena_spy_free};
    PyObject_GetArenaAllocator(&saved);
    PyObject_SetArenaAllocator(&set);
    PyObject_GetArenaAllocator(&got);
    PyObject_SetArenaAllocator(&saved);
    CTS_EXPECT(got.ctx == set.ctx && got.alloc == set.alloc && got.free == set.free,
               "PyObject_GetArenaAllocator returned ctx %p, expected %p", got.ctx, set.ctx);
}

CTS_CASE(arena_size_ctx_and_balance, .id = "arena.hooks.arena_size_ctx_and_balance",
         .needs = CTS_NEED_PYMALLOC,
         .doc = "pymalloc ... uses memory mappings called \"arenas\" with a fixed size of either "
                "256 KiB on 32-bit platforms or 1 MiB on 64-bit platforms. (3.12 docs; 256 KiB "
                "before 3.10) void* alloc(void *ctx, size_t size): allocate an arena of size "
                "bytes; void free(void *ctx, void *ptr, size_t size): free an arena",
         .source = {.quote = "It uses memory mappings called \"arenas\" with a fixed size of "
                             "either 256 KiB on 32-bit platforms or 1 MiB on 64-bit platforms.",
                    .page = "c-api/memory.html#the-pymalloc-allocator",
                    .python = "3.15"})
{
    size_t want = cts_arena_size(cts_python_version(cts)); /* the 3.12 docs */
    arena_spy_install();
    long failed = churn();
    arena_spy_remove();
    CTS_EXPECT(failed == 0, "%ld of %d PyObject_Malloc(16) calls failed", failed, OBJECTS);
    CTS_EXPECT(arena_seen.allocs > 0, "%d small blocks never asked the arena allocator", OBJECTS);
    CTS_EXPECT(arena_seen.size_seen == want && arena_seen.odd_size == 0,
               "arenas were asked for %zu bytes (and %zu), expected %zu", arena_seen.size_seen,
               arena_seen.odd_size, want);
    CTS_EXPECT(arena_seen.bad_ctx == 0, "%ld arena calls came with another ctx",
               arena_seen.bad_ctx);
    long bad_free = arena_seen.unknown + arena_seen.null_frees + arena_seen.bad_size;
    CTS_EXPECT(bad_free == 0 && arena_seen.frees <= arena_seen.allocs,
               "%ld arena frees of unknown arenas, NULL or wrong sizes; %ld frees for %ld allocs",
               bad_free, arena_seen.frees, arena_seen.allocs);
}

CTS_CASE(failure_falls_back, .id = "arena.hooks.failure_falls_back", .needs = CTS_NEED_PYMALLOC,
         .doc = "PyObject_Malloc: Return NULL if the request fails. (implementation, "
                "Objects/obmalloc.c: when no arena can be had, pymalloc passes the request to "
                "PyMem_RawMalloc, so small allocations keep working)",
         .source = {.quote = "Allocates n bytes and returns a pointer of type void* to the "
                             "allocated memory, or NULL if the request fails.",
                    .page = "c-api/memory.html#c.PyObject_Malloc",
                    .python = "3.15",
                    .impl = "Objects/obmalloc.c"})
{
    arena_spy_install();
    arena_seen.failing = 1;
    long failed = churn();
    arena_spy_remove();
    CTS_EXPECT(arena_seen.allocs > 0, "the failing arena allocator was never asked");
    CTS_EXPECT(failed == 0, "with no arenas, %ld of %d PyObject_Malloc(16) calls failed", failed,
               OBJECTS);
    CTS_EXPECT(arena_seen.frees == 0, "%ld arenas freed that were never given", arena_seen.frees);
}

CTS_CASE(
    unused_without_pymalloc, .id = "arena.hooks.unused_without_pymalloc",
    .doc = "The arena allocator is used by pymalloc. (under PYTHONMALLOC=malloc and "
           "mimalloc no arena is ever asked for)",
    .source = {
        .quote = "It uses memory mappings called \"arenas\" with a fixed size of either 256 KiB on "
                 "32-bit platforms or 1 MiB on 64-bit platforms. ... It can also be disabled at "
                 "runtime using the PYTHONMALLOC environment variable (ex: PYTHONMALLOC=malloc).",
        .page = "c-api/memory.html#the-pymalloc-allocator",
        .python = "3.15"})
{
    if (strncmp(cts_allocator_name(cts), "pymalloc", 8) == 0)
        CTS_UNSUPPORTED("pymalloc serves this run (%s): it does use arenas",
                        cts_allocator_name(cts));
    arena_spy_install();
    long failed = churn();
    arena_spy_remove();
    CTS_EXPECT(failed == 0, "%ld PyObject_Malloc(16) calls failed", failed);
    CTS_EXPECT(arena_seen.allocs == 0, "under %s the arena allocator was asked %ld times",
               cts_allocator_name(cts), arena_seen.allocs);
}
