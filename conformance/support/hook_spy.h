/* hook_spy.h: a spy allocator for one domain. It wraps the domain's current
 * allocator (as the docs require after initialisation), records each call and
 * its arguments, and can be told to fail. */
#ifndef CTS_HOOK_SPY_H
#define CTS_HOOK_SPY_H

#include "cts.h"

typedef struct hook_spy {
    PyMemAllocatorEx wrapped; /* the allocator it forwards to */
    int domain;
    int failing;  /* malloc/calloc/realloc return NULL */
    long refused; /* calls that returned NULL because it was failing */
    long mallocs, callocs, reallocs, frees;
    size_t last_size, last_nelem, last_elsize;
    void *last_ptr; /* realloc's or free's pointer argument */
} hook_spy;

/* Installs the spy over the domain's allocator. */
void hook_spy_install(hook_spy *spy, int domain);
/* Puts the wrapped allocator back. */
void hook_spy_remove(hook_spy *spy);

/* An allocator with ctx whose malloc, calloc and realloc return NULL and
 * whose free does nothing: one that must never be called. */
PyMemAllocatorEx hook_never_allocator(void *ctx);

#endif
