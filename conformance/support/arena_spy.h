/* arena_spy.h: a wrapping arena allocator (PyObject_SetArenaAllocator) for
 * the arena cases: it forwards to the allocator it replaced, with its own
 * ctx, and counts what pymalloc asks of it: each arena handed out (by
 * pointer, so a free can be matched), frees of arenas it never handed out,
 * frees of NULL, odd sizes and foreign ctx values. It can also fail. */
#ifndef CTS_ARENA_SPY_H
#define CTS_ARENA_SPY_H

#include "cts.h"

enum { ARENA_SPY_MAX = 8192 };

typedef struct arena_spy {
    PyObjectArenaAllocator below; /* the allocator it forwards to */
    int failing;                  /* alloc returns NULL without asking below */
    long allocs, frees;           /* calls */
    long live;                    /* handed out and not given back */
    long unknown;                 /* frees of a pointer it never handed out */
    long null_frees;              /* frees of NULL, which is no arena */
    long bad_size;                /* frees with another size than the arenas' */
    long bad_ctx;                 /* calls that came with another ctx */
    size_t size_seen, odd_size;   /* the arena size asked for, and another */
    void *arenas[ARENA_SPY_MAX];  /* those handed out and not given back */
} arena_spy;

/* What the spy has seen since arena_spy_install(). */
extern arena_spy arena_seen;

/* Clears the counts and wraps the current arena allocator. */
void arena_spy_install(void);
/* Wraps the current arena allocator again (after something replaced the
 * spy), keeping the counts. */
void arena_spy_rewrap(void);
/* Whether the spy is the arena allocator now. */
int arena_spy_installed(void);
/* Puts back the allocator the spy wrapped. */
void arena_spy_remove(void);

/* The spy's own functions, for a round trip through Get/Set. */
void *arena_spy_alloc(void *ctx, size_t size);
void arena_spy_free(void *ctx, void *ptr, size_t size);

#endif
