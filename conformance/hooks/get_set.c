/* get_set.c: PyMem_GetAllocator() and PyMem_SetAllocator() for each
 * domain: the struct round-trips, a wrapping allocator receives every call
 * with its ctx, the core forwards zero sizes and NULL pointers to it, and
 * its failures surface as NULL. Ids: hooks.<raw|mem|obj>.<rule>.
 * Source: Doc/c-api/memory.rst, "Customize Memory Allocators"; the wrappers
 * in Objects/obmalloc.c for what the core forwards. */
#include "hook_spy.h"

#include <string.h>

CTS_FAMILIES_CASE(get_returns_set, "hooks",
                  .doc = "PyMem_GetAllocator: Get the memory block allocator of the specified "
                         "domain. (it returns the allocator last set)",
                  .source = {.quote = "Get the memory block allocator of the specified domain.",
                             .page = "c-api/memory.html#c.PyMem_GetAllocator",
                             .python = "3.15"})
{
    static int marker;
    PyMemAllocatorEx saved, set = hook_never_allocator(&marker);
    PyMemAllocatorEx got;
    PyMem_GetAllocator((PyMemAllocatorDomain)fam->domain, &saved);
    PyMem_SetAllocator((PyMemAllocatorDomain)fam->domain, &set);
    PyMem_GetAllocator((PyMemAllocatorDomain)fam->domain, &got);
    PyMem_SetAllocator((PyMemAllocatorDomain)fam->domain, &saved); /* before anything allocates */
    CTS_EXPECT(got.ctx == set.ctx, "PyMem_GetAllocator(%s): ctx %p, set %p", fam->name, got.ctx,
               set.ctx);
    CTS_EXPECT(got.malloc == set.malloc && got.calloc == set.calloc && got.realloc == set.realloc &&
                   got.free == set.free,
               "PyMem_GetAllocator(%s) did not return the functions just set", fam->name);
}

CTS_FAMILIES_CASE(wrapper_sees_every_call, "hooks",
                  .doc = "PyMem_SetAllocator: Set the memory block allocator of the specified "
                         "domain. (every call of the domain's functions reaches it, with its ctx)",
                  .source = {.quote = "Set the memory block allocator of the specified domain.",
                             .page = "c-api/memory.html#c.PyMem_SetAllocator",
                             .python = "3.15"})
{
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    void *a = fam->malloc(1234);
    void *b = fam->calloc(3, 111);
    void *c = a ? fam->realloc(a, 2345) : NULL;
    fam->free(b);
    fam->free(c);
    hook_spy_remove(&spy);
    CTS_EXPECT(a && b && c, "%s functions through the wrapper returned %p, %p, %p", fam->prefix, a,
               b, c);
    CTS_EXPECT(spy.mallocs == 1 && spy.callocs == 1 && spy.reallocs == 1 && spy.frees == 2,
               "the %s wrapper counted malloc %ld calloc %ld realloc %ld free %ld, expected "
               "1 1 1 2",
               fam->name, spy.mallocs, spy.callocs, spy.reallocs, spy.frees);
    CTS_EXPECT(spy.last_nelem == 3 && spy.last_elsize == 111, "calloc reached it as (%zu, %zu)",
               spy.last_nelem, spy.last_elsize);
}

CTS_FAMILIES_CASE(
    zero_size_reaches_allocator, "hooks",
    .doc = "The new allocator must return a distinct non-NULL pointer when "
           "requesting zero bytes. (so requests of zero bytes are passed to it)",
    .source = {
        .quote =
            "The new allocator must return a distinct non-NULL pointer when requesting zero bytes.",
        .page = "c-api/memory.html#c.PyMem_SetAllocator",
        .python = "3.15",
        .impl = "Objects/obmalloc.c",
        .note = "the sentence is the allocator's duty; that a request of zero bytes reaches it "
                "unchanged (not as one byte) is CPython's implementation, measured on 3.6 to "
                "3.15"})
{
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    spy.last_size = 99;
    void *a = fam->malloc(0);
    size_t malloc_size = spy.last_size;
    void *b = fam->calloc(0, 8);
    fam->free(a);
    fam->free(b);
    hook_spy_remove(&spy);
    CTS_EXPECT(spy.mallocs == 1 && malloc_size == 0,
               "%sMalloc(0) reached the allocator %ld times, last size %zu", fam->prefix,
               spy.mallocs, malloc_size);
    CTS_EXPECT(spy.callocs == 1 && spy.last_nelem == 0 && spy.last_elsize == 8,
               "%sCalloc(0, 8) reached the allocator %ld times as (%zu, %zu)", fam->prefix,
               spy.callocs, spy.last_nelem, spy.last_elsize);
}

CTS_FAMILIES_CASE(realloc_null_reaches_realloc, "hooks",
                  .doc = "If p is NULL, the call is equivalent to Malloc(n) (implementation, "
                         "Objects/obmalloc.c: the custom allocator receives realloc(ctx, NULL, "
                         "n), not malloc)",
                  .source = {.quote = "If p is NULL, the call is equivalent to %sMalloc(n)",
                             .page = "c-api/memory.html#c.%sRealloc",
                             .python = "3.15",
                             .impl = "Objects/obmalloc.c"})
{
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    spy.last_ptr = &spy;
    void *p = fam->realloc(NULL, 40);
    void *seen = spy.last_ptr;
    fam->free(p);
    hook_spy_remove(&spy);
    CTS_EXPECT(p != NULL, "%sRealloc(NULL, 40) returned NULL", fam->prefix);
    CTS_EXPECT(spy.reallocs == 1 && seen == NULL && spy.mallocs == 0,
               "%sRealloc(NULL, 40) reached realloc %ld times (ptr %p) and malloc %ld times",
               fam->prefix, spy.reallocs, seen, spy.mallocs);
}

CTS_FAMILIES_CASE(
    realloc_zero_reaches_realloc, "hooks",
    .doc = "The new allocator must return a distinct non-NULL pointer when "
           "requesting zero bytes. (Realloc(p, "
           "0) reaches the custom allocator as realloc(ctx, p, 0))",
    .source = {
        .quote =
            "The new allocator must return a distinct non-NULL pointer when requesting zero bytes.",
        .page = "c-api/memory.html#c.PyMem_SetAllocator",
        .python = "3.15",
        .impl = "Objects/obmalloc.c"})
{
    void *p = fam->malloc(24);
    CTS_REQUIRE(p != NULL, "%sMalloc(24) returned NULL", fam->prefix);
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    spy.last_size = 99;
    void *q = fam->realloc(p, 0);
    void *seen = spy.last_ptr;
    size_t size = spy.last_size;
    long frees = spy.frees;
    fam->free(q);
    hook_spy_remove(&spy);
    CTS_EXPECT(q != NULL, "%sRealloc(p, 0) through the wrapper returned NULL", fam->prefix);
    CTS_EXPECT(spy.reallocs == 1 && seen == p && size == 0 && frees == 0,
               "%sRealloc(%p, 0) reached realloc %ld times as (%p, %zu), free %ld times",
               fam->prefix, p, spy.reallocs, seen, size, frees);
}

CTS_FAMILIES_CASE(free_null_reaches_free, "hooks",
                  .doc = "If p is NULL, no operation is performed. (implementation, "
                         "Objects/obmalloc.c: the custom allocator's free still receives NULL, "
                         "so it must accept it)",
                  .source = {.quote = "If p is NULL, no operation is performed.",
                             .page = "c-api/memory.html#c.%sFree",
                             .python = "3.15",
                             .impl = "Objects/obmalloc.c"})
{
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    spy.last_ptr = &spy;
    fam->free(NULL);
    hook_spy_remove(&spy);
    CTS_EXPECT(spy.frees == 1 && spy.last_ptr == NULL,
               "%sFree(NULL) reached the allocator's free %ld times (ptr %p)", fam->prefix,
               spy.frees, spy.last_ptr);
}

CTS_FAMILIES_CASE(
    failure_is_null, "hooks",
    .doc = "Return NULL if the request fails ... If the request fails, Realloc() "
           "returns NULL and p remains a valid pointer to the previous memory "
           "area.",
    .source = {
        .quote = "Allocates n bytes and returns a pointer of type void* to the allocated memory, "
                 "or NULL if the request fails. ... If the request fails, %sRealloc() returns NULL "
                 "and p remains a valid pointer to the previous memory area.",
        .page = "c-api/memory.html#c.%sMalloc",
        .python = "3.15"})
{
    unsigned char *p = fam->malloc(32);
    CTS_REQUIRE(p != NULL, "%sMalloc(32) returned NULL", fam->prefix);
    memset(p, 0x5A, 32);
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    spy.failing = 1;
    void *a = fam->malloc(64);
    void *b = fam->calloc(4, 16);
    void *c = fam->realloc(p, 4096);
    int raised = PyErr_Occurred() != NULL;
    spy.failing = 0;
    hook_spy_remove(&spy);
    CTS_EXPECT(a == NULL && b == NULL && c == NULL,
               "a failing %s allocator: Malloc %p, Calloc %p, Realloc %p, expected NULLs",
               fam->name, a, b, c);
    CTS_EXPECT(!raised, "a failing %s allocator left an exception set", fam->name);
    int intact = 1;
    for (int i = 0; i < 32; i++)
        intact &= p[i] == 0x5A;
    CTS_EXPECT(intact, "%sRealloc failure changed the block's bytes", fam->prefix);
    fam->free(c ? c : (void *)p);
    PyErr_Clear();
}
