/* preinit.c: the informative allocator functions the docs list as
 * callable before Py_Initialize(): PyMem_GetAllocator() gives a complete
 * allocator for each domain and PyObject_GetArenaAllocator() a complete
 * arena allocator, under every allocator mode (the run's PYTHONMALLOC is
 * set, not yet applied), and Python then starts.
 * Source: Doc/c-api/init.rst, "Before Python Initialization". */
#include "boot.h"
#include "cts.h"

static const char preinit_rule[] =
    "The following functions can be safely called before Python is initialized: ... "
    "Informative functions: ... PyMem_GetAllocator() PyObject_GetArenaAllocator()";

CTS_CASE(get_allocators_before_initialize, .id = "hooks.preinit.get_allocators_before_initialize",
         .doc = preinit_rule,
         .source =
             {.quote = "The following functions can be safely called before Python is initialized:",
              .page = "c-api/interp-lifecycle.html#before-python-initialization",
              .python = "3.15"},
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)
{
    static const char *const names[] = {"RAW", "MEM", "OBJ"};
    CTS_REQUIRE(!Py_IsInitialized(), "Python is already initialised");
    for (int d = 0; d < 3; d++) {
        PyMemAllocatorEx a = {0};
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &a);
        CTS_EXPECT(a.malloc && a.calloc && a.realloc && a.free,
                   "before Py_Initialize, PyMem_GetAllocator(PYMEM_DOMAIN_%s) gave malloc %p "
                   "calloc %p realloc %p free %p",
                   names[d], (void *)(uintptr_t)a.malloc, (void *)(uintptr_t)a.calloc,
                   (void *)(uintptr_t)a.realloc, (void *)(uintptr_t)a.free);
    }
    PyObjectArenaAllocator arena = {0};
    PyObject_GetArenaAllocator(&arena);
    CTS_EXPECT(arena.alloc && arena.free,
               "before Py_Initialize, PyObject_GetArenaAllocator gave alloc %p free %p",
               (void *)(uintptr_t)arena.alloc, (void *)(uintptr_t)arena.free);
    const char *err = cts_boot();
    CTS_EXPECT(err == NULL, "Py_Initialize after the pre-initialisation calls failed: %s", err);
}
