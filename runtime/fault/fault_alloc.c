/* fault_alloc.c: see fault_alloc.h. */
#include "fault_alloc.h"

#include <string.h>

/* Counts one allocation; non-zero when it is the one to fail. */
static int fails_now(fault_alloc *f)
{
    if (++f->allocations != f->fail_at)
        return 0;
    f->fired = 1;
    return 1;
}

static void *fault_malloc(void *ctx, size_t size)
{
    fault_alloc *f = ctx;
    return fails_now(f) ? NULL : f->wrapped.malloc(f->wrapped.ctx, size);
}

static void *fault_calloc(void *ctx, size_t nelem, size_t elsize)
{
    fault_alloc *f = ctx;
    return fails_now(f) ? NULL : f->wrapped.calloc(f->wrapped.ctx, nelem, elsize);
}

static void *fault_realloc(void *ctx, void *ptr, size_t size)
{
    fault_alloc *f = ctx;
    return fails_now(f) ? NULL : f->wrapped.realloc(f->wrapped.ctx, ptr, size);
}

static void fault_free(void *ctx, void *ptr)
{
    fault_alloc *f = ctx;
    f->wrapped.free(f->wrapped.ctx, ptr);
}

void fault_alloc_install(fault_alloc *f, int domain, long fail_at)
{
    memset(f, 0, sizeof *f);
    f->domain = domain;
    f->fail_at = fail_at;
    PyMem_GetAllocator((PyMemAllocatorDomain)domain, &f->wrapped);
    PyMemAllocatorEx mine = {f, fault_malloc, fault_calloc, fault_realloc, fault_free};
    PyMem_SetAllocator((PyMemAllocatorDomain)domain, &mine);
}

void fault_alloc_remove(fault_alloc *f)
{
    PyMem_SetAllocator((PyMemAllocatorDomain)f->domain, &f->wrapped);
}

const char *fault_domain_name(int domain)
{
    switch (domain) {
    case PYMEM_DOMAIN_RAW: return "PYMEM_DOMAIN_RAW";
    case PYMEM_DOMAIN_MEM: return "PYMEM_DOMAIN_MEM";
    default: return "PYMEM_DOMAIN_OBJ";
    }
}
