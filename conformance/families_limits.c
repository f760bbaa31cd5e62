/* families_limits.c: where the size limits are checked. A request larger
 * than PY_SSIZE_T_MAX fails in the API without reaching the domain's
 * allocator; one of exactly PY_SSIZE_T_MAX reaches it. And pymalloc serves
 * requests of up to 512 bytes itself, passing 0 and larger ones to RAW.
 * Source: Objects/obmalloc.c wrappers; Doc/c-api/memory.rst, "The pymalloc
 * allocator". */
#include "hook_spy.h"

#define OVER_LIMIT_NOT_FORWARDED_SOURCE                                                            \
    {                                                                                              \
        .impl = "Objects/obmalloc.c"                                                               \
    }

CTS_FAMILY_CASE(over_limit_not_forwarded,
                .doc = "a size larger than PY_SSIZE_T_MAX "
                       "returns NULL before the domain's allocator is called",
                .source = OVER_LIMIT_NOT_FORWARDED_SOURCE)
{
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    spy.failing = 1; /* nothing is really allocated if a call does get through */
    void *a = fam->malloc((size_t)PY_SSIZE_T_MAX + 1);
    void *b = fam->calloc((size_t)PY_SSIZE_T_MAX / 8 + 1, 8);
    void *c = fam->realloc(NULL, (size_t)PY_SSIZE_T_MAX + 1);
    hook_spy_remove(&spy);
    CTS_EXPECT(!a && !b && !c, "%s requests over PY_SSIZE_T_MAX returned %p %p %p", fam->prefix, a,
               b, c);
    CTS_EXPECT(spy.mallocs == 0 && spy.callocs == 0 && spy.reallocs == 0,
               "requests over PY_SSIZE_T_MAX reached the %s allocator: malloc %ld calloc %ld "
               "realloc %ld",
               fam->name, spy.mallocs, spy.callocs, spy.reallocs);
}

CTS_FAMILY_CASE(at_limit_forwarded,
                .doc = "the limit check is '> "
                       "PY_SSIZE_T_MAX': a request of exactly PY_SSIZE_T_MAX reaches the "
                       "allocator",
                .source = OVER_LIMIT_NOT_FORWARDED_SOURCE)
{
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    spy.failing = 1;
    void *a = fam->malloc((size_t)PY_SSIZE_T_MAX);
    size_t seen = spy.last_size;
    hook_spy_remove(&spy);
    CTS_EXPECT(a == NULL, "a failing allocator's NULL did not come back: %p", a);
    CTS_EXPECT(spy.mallocs == 1, "%sMalloc(PY_SSIZE_T_MAX) reached the allocator %ld times",
               fam->prefix, spy.mallocs);
    CTS_EXPECT(seen == (size_t)PY_SSIZE_T_MAX, "%sMalloc(PY_SSIZE_T_MAX) reached it as %zu",
               fam->prefix, seen);
}

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
