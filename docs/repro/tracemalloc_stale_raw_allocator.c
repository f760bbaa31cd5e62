/* tracemalloc_stale_raw_allocator.c: an embedder wraps the RAW allocator
 * with a hook (PyMem_SetAllocator, wrapping the allocator it replaces, as
 * the docs ask after Py_Initialize()), then sets the original back. From
 * then on the hook is no allocator of Python's, and an embedder may free
 * whatever it used. tracemalloc keeps a copy of the RAW allocator it saw
 * earlier (when tracemalloc was first imported, measured 3.6.15 to 3.13.0,
 * or at the last tracemalloc.start()) and tracemalloc.start() allocates its
 * traceback buffer through that copy before it reads the current
 * allocator: the uninstalled hook is called.
 * tracemalloc.stop() then frees the buffer through the current allocator,
 * so a hook that does not wrap the same allocator ends in a bad free (the
 * lifecycle explorer's sequence: hook_push_raw, hook_pop, hook_push_mem,
 * tm_start: "free(): invalid pointer" under PYTHONMALLOC=pymalloc).
 * Build and run (3.7: drop --embed):
 *   cc tracemalloc_stale_raw_allocator.c -o stale $(python3-config --cflags --ldflags --embed)
 *   ./stale   # "the uninstalled hook was called N times" (exit 1), or "not called" (exit 0)
 * Exit 2: tracemalloc could not be started. */
#include <Python.h>

#include <stdio.h>

typedef struct hook {
    PyMemAllocatorEx wrapped;
    int installed;
    int calls_after_removal;
} hook;

static void *hook_malloc(void *ctx, size_t n)
{
    hook *h = ctx;
    h->calls_after_removal += !h->installed;
    return h->wrapped.malloc(h->wrapped.ctx, n);
}

static void *hook_calloc(void *ctx, size_t n, size_t size)
{
    hook *h = ctx;
    h->calls_after_removal += !h->installed;
    return h->wrapped.calloc(h->wrapped.ctx, n, size);
}

static void *hook_realloc(void *ctx, void *p, size_t n)
{
    hook *h = ctx;
    h->calls_after_removal += !h->installed;
    return h->wrapped.realloc(h->wrapped.ctx, p, n);
}

static void hook_free(void *ctx, void *p)
{
    hook *h = ctx;
    h->calls_after_removal += !h->installed;
    h->wrapped.free(h->wrapped.ctx, p);
}

int main(void)
{
    static hook h;
    Py_Initialize();
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &h.wrapped);
    PyMemAllocatorEx mine = {&h, hook_malloc, hook_calloc, hook_realloc, hook_free};
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &mine);
    h.installed = 1;
    if (PyRun_SimpleString("import tracemalloc; tracemalloc.start(); tracemalloc.stop()") != 0)
        return 2;
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &h.wrapped); /* the hook removed */
    h.installed = 0;
    if (PyRun_SimpleString("tracemalloc.start(); tracemalloc.stop()") != 0)
        return 2;
    int calls = h.calls_after_removal;
    Py_FinalizeEx();
    if (calls) {
        printf("the uninstalled hook was called %d times\n", calls);
        return 1;
    }
    printf("the uninstalled hook was not called\n");
    return 0;
}
