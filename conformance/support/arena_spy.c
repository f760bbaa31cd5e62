/* arena_spy.c: the counting arena allocator of the arena cases (see
 * arena_spy.h). */
#include "arena_spy.h"

#include <string.h>

arena_spy arena_seen;

void *arena_spy_alloc(void *ctx, size_t size)
{
    arena_seen.bad_ctx += ctx != &arena_seen;
    arena_seen.allocs++;
    if (arena_seen.size_seen && size != arena_seen.size_seen)
        arena_seen.odd_size = size;
    arena_seen.size_seen = size;
    if (arena_seen.failing)
        return NULL;
    void *p = arena_seen.below.alloc(arena_seen.below.ctx, size);
    for (int i = 0; p && i < ARENA_SPY_MAX; i++) {
        if (!arena_seen.arenas[i]) {
            arena_seen.arenas[i] = p;
            arena_seen.live++;
            break;
        }
    }
    return p;
}

/* Forgets ptr if it was handed out; whether it was. */
static int forget(void *ptr)
{
    for (int i = 0; ptr && i < ARENA_SPY_MAX; i++) {
        if (arena_seen.arenas[i] == ptr) {
            arena_seen.arenas[i] = NULL;
            arena_seen.live--;
            return 1;
        }
    }
    return 0;
}

void arena_spy_free(void *ctx, void *ptr, size_t size)
{
    arena_seen.bad_ctx += ctx != &arena_seen;
    arena_seen.frees++;
    if (!ptr)
        arena_seen.null_frees++;
    else if (!forget(ptr))
        arena_seen.unknown++;
    if (size != arena_seen.size_seen)
        arena_seen.bad_size++;
    arena_seen.below.free(arena_seen.below.ctx, ptr, size); /* passed on as pymalloc asked */
}

void arena_spy_rewrap(void)
{
    PyObject_GetArenaAllocator(&arena_seen.below);
    PyObjectArenaAllocator mine = {&arena_seen, arena_spy_alloc, arena_spy_free};
    PyObject_SetArenaAllocator(&mine);
}

void arena_spy_install(void)
{
    memset(&arena_seen, 0, sizeof arena_seen);
    arena_spy_rewrap();
}

int arena_spy_installed(void)
{
    PyObjectArenaAllocator now;
    PyObject_GetArenaAllocator(&now);
    return now.alloc == arena_spy_alloc;
}

void arena_spy_remove(void)
{
    PyObject_SetArenaAllocator(&arena_seen.below);
}
