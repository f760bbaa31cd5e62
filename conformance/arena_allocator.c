/* arena_allocator.c: PyObject_GetArenaAllocator() and
 * PyObject_SetArenaAllocator(): the struct round-trips; pymalloc asks a
 * wrapping arena allocator for arenas of the documented size, with its ctx,
 * and frees only arenas it got, with their size; when the arena allocator
 * fails, small allocations still succeed; and without pymalloc it is not
 * used at all.
 * Source: Doc/c-api/memory.rst, "Customize pymalloc Arena Allocator" and
 * "The pymalloc allocator". */
#include "cts.h"

#include <string.h>

enum { MAX_ARENAS = 4096, OBJECTS = 200000 };

typedef struct arena_spy {
    PyObjectArenaAllocator below;
    int failing;
    long allocs, frees, bad_ctx, bad_free;
    size_t size_seen, odd_size;
    void *live[MAX_ARENAS];
} arena_spy;

static arena_spy spy;

static void *spy_alloc(void *ctx, size_t size)
{
    if (ctx != &spy)
        spy.bad_ctx++;
    spy.allocs++;
    if (spy.size_seen && size != spy.size_seen)
        spy.odd_size = size;
    spy.size_seen = size;
    if (spy.failing)
        return NULL;
    void *p = spy.below.alloc(spy.below.ctx, size);
    for (int i = 0; p && i < MAX_ARENAS; i++) {
        if (!spy.live[i]) {
            spy.live[i] = p;
            break;
        }
    }
    return p;
}

static void spy_free(void *ctx, void *ptr, size_t size)
{
    if (ctx != &spy)
        spy.bad_ctx++;
    spy.frees++;
    int known = 0;
    for (int i = 0; i < MAX_ARENAS && !known; i++) {
        if (spy.live[i] == ptr) {
            spy.live[i] = NULL;
            known = 1;
        }
    }
    if (!known || size != spy.size_seen)
        spy.bad_free++;
    spy.below.free(spy.below.ctx, ptr, size);
}

static void spy_install(void)
{
    memset(&spy, 0, sizeof spy);
    PyObject_GetArenaAllocator(&spy.below);
    PyObjectArenaAllocator mine = {&spy, spy_alloc, spy_free};
    PyObject_SetArenaAllocator(&mine);
}

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

static size_t arena_size(unsigned long version)
{
    /* 256 KiB up to 3.9; 1 MiB on 64-bit platforms from 3.10 (the 3.12 docs) */
    return version >= 0x030A0000 && sizeof(void *) == 8 ? 1u << 20 : 1u << 18;
}

CTS_CASE(round_trip, .id = "arena.hooks.get_returns_set",
         .doc = "PyObject_GetArenaAllocator: Get the arena allocator. PyObject_SetArenaAllocator: "
                "Set the arena allocator.")
{
    static int marker;
    PyObjectArenaAllocator saved, got, set = {&marker, spy_alloc, spy_free};
    PyObject_GetArenaAllocator(&saved);
    PyObject_SetArenaAllocator(&set);
    PyObject_GetArenaAllocator(&got);
    PyObject_SetArenaAllocator(&saved);
    CTS_EXPECT(got.ctx == set.ctx && got.alloc == set.alloc && got.free == set.free,
               "PyObject_GetArenaAllocator returned ctx %p, expected %p", got.ctx, set.ctx);
}

CTS_CASE(sizes, .id = "arena.hooks.arena_size_ctx_and_balance", .needs = CTS_NEED_PYMALLOC,
         .doc = "pymalloc ... uses memory mappings called \"arenas\" with a fixed size of either "
                "256 KiB on 32-bit platforms or 1 MiB on 64-bit platforms. (3.12 docs; 256 KiB "
                "before 3.10) void* alloc(void *ctx, size_t size): allocate an arena of size "
                "bytes; void free(void *ctx, void *ptr, size_t size): free an arena")
{
    size_t want = arena_size(cts_python_version(cts));
    spy_install();
    long failed = churn();
    PyObject_SetArenaAllocator(&spy.below);
    CTS_EXPECT(failed == 0, "%ld of %d PyObject_Malloc(16) calls failed", failed, OBJECTS);
    CTS_EXPECT(spy.allocs > 0, "%d small blocks never asked the arena allocator", OBJECTS);
    CTS_EXPECT(spy.size_seen == want && spy.odd_size == 0,
               "arenas were asked for %zu bytes (and %zu), expected %zu", spy.size_seen,
               spy.odd_size, want);
    CTS_EXPECT(spy.bad_ctx == 0, "%ld arena calls came with another ctx", spy.bad_ctx);
    CTS_EXPECT(spy.bad_free == 0 && spy.frees <= spy.allocs,
               "%ld arena frees of unknown arenas or wrong sizes; %ld frees for %ld allocs",
               spy.bad_free, spy.frees, spy.allocs);
}

CTS_CASE(failing, .id = "arena.hooks.failure_falls_back", .needs = CTS_NEED_PYMALLOC,
         .doc = "PyObject_Malloc: Return NULL if the request fails. (implementation, "
                "Objects/obmalloc.c: when no arena can be had, pymalloc passes the request to "
                "PyMem_RawMalloc, so small allocations keep working)")
{
    spy_install();
    spy.failing = 1;
    long failed = churn();
    PyObject_SetArenaAllocator(&spy.below);
    CTS_EXPECT(spy.allocs > 0, "the failing arena allocator was never asked");
    CTS_EXPECT(failed == 0, "with no arenas, %ld of %d PyObject_Malloc(16) calls failed", failed,
               OBJECTS);
    CTS_EXPECT(spy.frees == 0, "%ld arenas freed that were never given", spy.frees);
}

CTS_CASE(unused, .id = "arena.hooks.unused_without_pymalloc",
         .doc = "The arena allocator is used by pymalloc. (under PYTHONMALLOC=malloc and "
                "mimalloc no arena is ever asked for)")
{
    if (strncmp(cts_allocator_name(cts), "pymalloc", 8) == 0)
        CTS_UNSUPPORTED("pymalloc serves this run (%s): it does use arenas",
                        cts_allocator_name(cts));
    spy_install();
    long failed = churn();
    PyObject_SetArenaAllocator(&spy.below);
    CTS_EXPECT(failed == 0, "%ld PyObject_Malloc(16) calls failed", failed);
    CTS_EXPECT(spy.allocs == 0, "under %s the arena allocator was asked %ld times",
               cts_allocator_name(cts), spy.allocs);
}
