/* pymalloc.c: pymalloc serves requests of up to 512 bytes itself, passing 0
 * and larger ones to RAW. Source: Doc/c-api/memory.rst, "The pymalloc
 * allocator". */
#include "hook_spy.h"

static const char threshold_rule[] =
    "Python has a pymalloc allocator optimized for small objects (smaller or equal to 512 "
    "bytes) ... It falls back to PyMem_RawMalloc() and PyMem_RawRealloc() for allocations "
    "larger than 512 bytes.";

/* How many RAW mallocs one PyObject_Malloc(n) causes. */
static long raw_mallocs_for(size_t n, size_t *size)
{
    hook_spy spy;
    hook_spy_install(&spy, PYMEM_DOMAIN_RAW);
    void *p = PyObject_Malloc(n);
    hook_spy_remove(&spy);
    *size = spy.last_size;
    PyObject_Free(p);
    return spy.mallocs;
}

CTS_CASE(
    threshold_512, .id = "families.pymalloc.threshold_512", .doc = threshold_rule,
    .source = {.quote =
                   "Python has a pymalloc allocator optimized for small objects (smaller or equal "
                   "to 512 bytes) with a short lifetime. ... It falls back to PyMem_RawMalloc() "
                   "and PyMem_RawRealloc() for allocations larger than 512 bytes.",
               .page = "c-api/memory.html#the-pymalloc-allocator",
               .python = "3.11"},
    .needs = CTS_NEED_PYMALLOC | CTS_NEED_NO_DEBUG_HOOKS)
{
    size_t size;
    long small = raw_mallocs_for(512, &size);
    CTS_EXPECT(small == 0, "PyObject_Malloc(512) called PyMem_RawMalloc %ld times", small);
    long large = raw_mallocs_for(513, &size);
    CTS_EXPECT(large == 1 && size == 513, "PyObject_Malloc(513): %ld RAW mallocs, last size %zu",
               large, size);
    long zero = raw_mallocs_for(0, &size);
    CTS_EXPECT(zero == 1 && size == 0,
               "PyObject_Malloc(0): %ld RAW mallocs of size %zu, expected 1 of size 0 "
               "(pymalloc passes zero-size requests to RAW)",
               zero, size);
}
