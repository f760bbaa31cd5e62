/* fault_alloc.h: an allocator layer that fails one allocation, the nth, on
 * one domain: SQLite's malloc-failure loop for the C API. It wraps the
 * domain's current allocator (the debug hooks too, when they are on), counts
 * every malloc, calloc and realloc, returns NULL for the nth, and forwards
 * everything else, frees included. */
#ifndef CTS_FAULT_ALLOC_H
#define CTS_FAULT_ALLOC_H

#include "compat.h"

typedef struct fault_alloc {
    PyMemAllocatorEx wrapped;
    int domain;
    long fail_at;     /* the allocation to fail, 1-based; 0: none */
    long allocations; /* malloc, calloc and realloc calls seen */
    int fired;        /* the fail_at-th allocation was failed */
} fault_alloc;

/* Installs the layer over `domain`: allocation number fail_at (0: none)
 * returns NULL. */
void fault_alloc_install(fault_alloc *f, int domain, long fail_at);

/* Puts the wrapped allocator back. */
void fault_alloc_remove(fault_alloc *f);

/* "PYMEM_DOMAIN_RAW", "PYMEM_DOMAIN_MEM" or "PYMEM_DOMAIN_OBJ". */
const char *fault_domain_name(int domain);

#endif
