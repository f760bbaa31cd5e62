/* setup.c: PyMem_SetupDebugHooks() called by an embedder before
 * Python is initialised installs the hooks on every domain, and calling it
 * again changes nothing, and called after PyMem_SetAllocator() it wraps the
 * allocator set.
 * Source: Doc/c-api/memory.rst, PyMem_SetupDebugHooks; Doc/c-api/init.rst,
 * "Before Python Initialization". */
#include "debug_support.h"
#include "hook_spy.h"

#include <stdlib.h>
#include <string.h>

CTS_CASE(before_initialize_installs_hooks, .id = "debug.setup.before_initialize_installs_hooks",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .needs = CTS_NEED_NO_ASAN,
         .doc = "PyMem_SetupDebugHooks: Setup debug hooks in the Python memory allocators to "
                "detect memory errors. (it is on the list of functions that can be called "
                "before Python is initialized)",
         .source = {
             .quote = "Setup debug hooks in the Python memory allocators to detect memory errors.",
             .page = "c-api/memory.html#c.PyMem_SetupDebugHooks",
             .python = "3.15"})
{
    PyMem_SetupDebugHooks();
    unsigned char *p = PyMem_RawMalloc(24);
    CTS_REQUIRE(p != NULL, "PyMem_RawMalloc(24) after PyMem_SetupDebugHooks returned NULL");
    unsigned char pad = debug_forbiddenbyte(cts_python_version(cts));
    CTS_EXPECT(debug_stored_size(p) == 24 && p[-(ptrdiff_t)sizeof(size_t)] == 'r',
               "no debug header on a RAW block: size %zu, API id 0x%02x", debug_stored_size(p),
               p[-(ptrdiff_t)sizeof(size_t)]);
    CTS_EXPECT(debug_first_other(p, 24, 24 + (ptrdiff_t)sizeof(size_t), pad) < 0,
               "the RAW block's trailing pad is not FORBIDDENBYTE 0x%02x", pad);
    PyMem_RawFree(p);
}

CTS_CASE(second_call_changes_nothing, .id = "debug.setup.second_call_changes_nothing",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .needs = CTS_NEED_NO_ASAN,
         .doc = "PyMem_SetupDebugHooks: Setup debug hooks in the Python memory allocators. "
                "(a domain whose hooks are already "
                "installed is left as it is)",
         .source = {
             .quote = "Setup debug hooks in the Python memory allocators to detect memory errors.",
             .page = "c-api/memory.html#c.PyMem_SetupDebugHooks",
             .python = "3.15",
             .impl = "Objects/obmalloc.c"})
{
    PyMemAllocatorEx first[3], second[3];
    PyMem_SetupDebugHooks();
    for (int d = 0; d < 3; d++)
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &first[d]);
    PyMem_SetupDebugHooks();
    for (int d = 0; d < 3; d++) {
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &second[d]);
        CTS_EXPECT(memcmp(&first[d], &second[d], sizeof first[d]) == 0,
                   "a second PyMem_SetupDebugHooks() changed domain %d", d);
    }
    void *p = PyMem_RawMalloc(8); /* and the hooks still work */
    CTS_EXPECT(p != NULL, "PyMem_RawMalloc(8) returned NULL");
    PyMem_RawFree(p);
}

/* The C library's allocator as a PyMemAllocatorEx: what the spy forwards to,
 * so that it is not a hook (it does not call the previous allocator, which
 * in a debug build is already the debug hooks). */
static void *libc_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return malloc(n ? n : 1);
}

static void *libc_calloc(void *ctx, size_t nelem, size_t elsize)
{
    (void)ctx;
    return calloc(nelem ? nelem : 1, elsize ? elsize : 1);
}

static void *libc_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    return realloc(p, n ? n : 1);
}

static void libc_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

CTS_CASE(after_set_allocator_wraps_it, .id = "debug.setup.after_set_allocator_wraps_it",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .needs = CTS_NEED_NO_ASAN,
         .doc = "PyMem_SetupDebugHooks() after PyMem_SetAllocator() of an allocator that is not a "
                "hook puts the debug hooks on top of it: a RAW block gets the debug header and the "
                "allocator serves it",
         .source = {.quote = "The PyMem_SetupDebugHooks() function can be used to set debug hooks "
                             "after calling PyMem_SetAllocator(). ... [c-api/"
                             "memory.html#c.PyMem_SetAllocator] If the new allocator is not a hook "
                             "(does not call the previous allocator), the PyMem_SetupDebugHooks() "
                             "function must be called to reinstall the debug hooks on top on the "
                             "new allocator.",
                    .page = "c-api/memory.html#debug-hooks-on-the-python-memory-allocators",
                    .python = "3.15"})
{
    hook_spy spy;
    hook_spy_install(&spy, PYMEM_DOMAIN_RAW);
    spy.wrapped = (PyMemAllocatorEx){NULL, libc_malloc, libc_calloc, libc_realloc, libc_free};
    PyMem_SetupDebugHooks();
    unsigned char *p = PyMem_RawMalloc(24);
    CTS_REQUIRE(p != NULL, "PyMem_RawMalloc(24) after PyMem_SetupDebugHooks returned NULL");
    CTS_EXPECT(debug_stored_size(p) == 24 && p[-(ptrdiff_t)sizeof(size_t)] == 'r',
               "no debug header on the RAW block: size %zu, API id 0x%02x", debug_stored_size(p),
               p[-(ptrdiff_t)sizeof(size_t)]);
    /* The hooks ask for 2*S before the data and S after it (and S more with
     * PYMEM_DEBUG_SERIALNO, which no release defines). */
    CTS_EXPECT(spy.mallocs >= 1 && spy.last_size >= 24 + 3 * sizeof(size_t),
               "the allocator set before the hooks saw %ld mallocs, the last of %zu bytes "
               "(expected at least 24 + 3*S = %zu)",
               spy.mallocs, spy.last_size, 24 + 3 * sizeof(size_t));
    PyMem_RawFree(p);
}
