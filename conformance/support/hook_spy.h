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
    /* A guard on the next malloc, calloc or realloc only: if it asks for
     * fewer than at_least bytes (calloc: nelem * elsize; one that overflows
     * size_t is not fewer), it is refused and short_size keeps its size.
     * Set after hook_spy_install(); 0: no guard. */
    size_t at_least;
    int short_request;
    size_t short_size;
} hook_spy;

/* Installs the spy over the domain's allocator. */
void hook_spy_install(hook_spy *spy, int domain);
/* Puts the wrapped allocator back. */
void hook_spy_remove(hook_spy *spy);

/* An allocator with ctx whose malloc, calloc and realloc return NULL and
 * whose free does nothing: one that must never be called. */
PyMemAllocatorEx hook_never_allocator(void *ctx);

#endif
