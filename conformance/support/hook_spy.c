/* hook_spy.c: see hook_spy.h. */
#include "hook_spy.h"

#include <stdint.h>
#include <string.h>

static void *refuse(hook_spy *spy)
{
    spy->refused++;
    return NULL;
}

/* Whether the guarded request of size bytes is short (and then refused);
 * the guard is spent on the first request. */
static int short_of_guard(hook_spy *spy, size_t size)
{
    size_t want = spy->at_least;
    spy->at_least = 0;
    if (size >= want)
        return 0;
    spy->short_request = 1;
    spy->short_size = size;
    return 1;
}

static void *spy_malloc(void *ctx, size_t size)
{
    hook_spy *spy = ctx;
    spy->mallocs++;
    spy->last_size = size;
    if (spy->failing || short_of_guard(spy, size))
        return refuse(spy);
    return spy->wrapped.malloc(spy->wrapped.ctx, size);
}

static void *spy_calloc(void *ctx, size_t nelem, size_t elsize)
{
    hook_spy *spy = ctx;
    spy->callocs++;
    spy->last_nelem = nelem;
    spy->last_elsize = elsize;
    size_t total;
    if (__builtin_mul_overflow(nelem, elsize, &total))
        total = SIZE_MAX;
    if (spy->failing || short_of_guard(spy, total))
        return refuse(spy);
    return spy->wrapped.calloc(spy->wrapped.ctx, nelem, elsize);
}

static void *spy_realloc(void *ctx, void *ptr, size_t size)
{
    hook_spy *spy = ctx;
    spy->reallocs++;
    spy->last_ptr = ptr;
    spy->last_size = size;
    if (spy->failing || short_of_guard(spy, size))
        return refuse(spy);
    return spy->wrapped.realloc(spy->wrapped.ctx, ptr, size);
}

static void spy_free(void *ctx, void *ptr)
{
    hook_spy *spy = ctx;
    spy->frees++;
    spy->last_ptr = ptr;
    spy->wrapped.free(spy->wrapped.ctx, ptr);
}

void hook_spy_install(hook_spy *spy, int domain)
{
    memset(spy, 0, sizeof *spy);
    spy->domain = domain;
    PyMem_GetAllocator((PyMemAllocatorDomain)domain, &spy->wrapped);
    PyMemAllocatorEx mine = {spy, spy_malloc, spy_calloc, spy_realloc, spy_free};
    PyMem_SetAllocator((PyMemAllocatorDomain)domain, &mine);
}

void hook_spy_remove(hook_spy *spy)
{
    PyMem_SetAllocator((PyMemAllocatorDomain)spy->domain, &spy->wrapped);
}

static void *never_malloc(void *ctx, size_t n)
{
    return (void)ctx, (void)n, NULL;
}
static void *never_calloc(void *ctx, size_t a, size_t b)
{
    return (void)ctx, (void)a, (void)b, NULL;
}
static void *never_realloc(void *ctx, void *p, size_t n)
{
    return (void)ctx, (void)p, (void)n, NULL;
}
static void never_free(void *ctx, void *p)
{
    (void)ctx, (void)p;
}

PyMemAllocatorEx hook_never_allocator(void *ctx)
{
    PyMemAllocatorEx never = {ctx, never_malloc, never_calloc, never_realloc, never_free};
    return never;
}
