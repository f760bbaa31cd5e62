/* zero_null.c: the zero-size, NULL and size-limit rules that the
 * three allocator families (PyMem_Raw*, PyMem_*, PyObject_*) share.
 * Source: Doc/c-api/memory.rst, "Raw Memory Interface", "Memory Interface"
 * and "Object allocators"; the limits are in Objects/obmalloc.c's wrappers. */
#include "cts.h"

#include <stdint.h>
#include <string.h>

CTS_FAMILY_CASE(malloc_zero,
                .doc = "Requesting zero bytes returns a distinct non-NULL pointer if possible, "
                       "as if Malloc(1) had been called instead.",
                .source = {.quote = "Requesting zero bytes returns a distinct non-NULL pointer if "
                                    "possible, as if %sMalloc(1) had been called instead.",
                           .page = "c-api/memory.html#c.%sMalloc",
                           .python = "3.15"})
{
    void *a = fam->malloc(0);
    void *b = fam->malloc(0);
    CTS_EXPECT(a != NULL, "%sMalloc(0) returned NULL", fam->prefix);
    CTS_EXPECT(b != NULL, "a second %sMalloc(0) returned NULL", fam->prefix);
    CTS_EXPECT(a == NULL || a != b, "%sMalloc(0) returned %p twice", fam->prefix, a);
    fam->free(a);
    fam->free(b);
}

CTS_FAMILY_CASE(
    calloc_zero,
    .doc = "Requesting zero elements or elements of size zero bytes returns a "
           "distinct non-NULL pointer if possible, as if Calloc(1, 1) had been "
           "called instead.",
    .source = {
        .quote = "Requesting zero elements or elements of size zero bytes returns a distinct "
                 "non-NULL pointer if possible, as if %sCalloc(1, 1) had been called instead.",
        .page = "c-api/memory.html#c.%sCalloc",
        .python = "3.15"})
{
    static const size_t shapes[][2] = {{0, 0}, {0, 16}, {16, 0}};
    void *got[3];
    for (int i = 0; i < 3; i++) {
        got[i] = fam->calloc(shapes[i][0], shapes[i][1]);
        CTS_EXPECT(got[i] != NULL, "%sCalloc(%zu, %zu) returned NULL", fam->prefix, shapes[i][0],
                   shapes[i][1]);
    }
    CTS_EXPECT(!got[0] || (got[0] != got[1] && got[0] != got[2]),
               "%sCalloc with a zero size returned the same pointer twice", fam->prefix);
    CTS_EXPECT(!got[1] || got[1] != got[2],
               "%sCalloc with a zero size returned the same pointer twice", fam->prefix);
    for (int i = 0; i < 3; i++)
        fam->free(got[i]);
}

CTS_FAMILY_CASE(realloc_null, .doc = "If p is NULL, the call is equivalent to Malloc(n)",
                .source = {.quote = "If p is NULL, the call is equivalent to %sMalloc(n)",
                           .page = "c-api/memory.html#c.%sRealloc",
                           .python = "3.15"})
{
    unsigned char *p = fam->realloc(NULL, 64);
    CTS_REQUIRE(p != NULL, "%sRealloc(NULL, 64) returned NULL", fam->prefix);
    memset(p, 0xA5, 64); /* the block must be usable for all 64 bytes */
    CTS_EXPECT(p[0] == 0xA5 && p[63] == 0xA5, "%sRealloc(NULL, 64) block did not keep a write",
               fam->prefix);
    fam->free(p);
}

CTS_FAMILY_CASE(realloc_zero,
                .doc = "if n is equal to zero, the memory block is resized but is not freed, "
                       "and the returned pointer is non-NULL.",
                .source = {.quote = "else if n is equal to zero, the memory block is resized but "
                                    "is not freed, and the returned pointer is non-NULL.",
                           .page = "c-api/memory.html#c.%sRealloc",
                           .python = "3.15"})
{
    void *p = fam->malloc(32);
    CTS_REQUIRE(p != NULL, "%sMalloc(32) returned NULL", fam->prefix);
    void *q = fam->realloc(p, 0);
    CTS_EXPECT(q != NULL, "%sRealloc(p, 0) returned NULL", fam->prefix);
    fam->free(q ? q : p); /* freeing the block twice would be the crash to see */
}

CTS_FAMILY_CASE(free_null, .doc = "If p is NULL, no operation is performed.",
                .source = {.quote = "If p is NULL, no operation is performed.",
                           .page = "c-api/memory.html#c.%sFree",
                           .python = "3.15"})
{
    fam->free(NULL);
    fam->free(NULL);
    void *p = fam->malloc(24); /* the allocator is still in working order */
    CTS_EXPECT(p != NULL, "%sMalloc(24) returned NULL after %sFree(NULL)", fam->prefix,
               fam->prefix);
    fam->free(p);
}

CTS_FAMILY_CASE(
    malloc_over_limit,
    .doc = "Returns NULL if the request fails (a size larger than PY_SSIZE_T_MAX "
           "cannot be satisfied); no exception is set.",
    .source = {.quote = "Allocates n bytes and returns a pointer of type void* to the allocated "
                        "memory, or NULL if the request fails.",
               .page = "c-api/memory.html#c.%sMalloc",
               .python = "3.15",
               .note = "that a size over PY_SSIZE_T_MAX fails, and without an exception set, is "
                       "CPython's behaviour: the documentation names no limit and no exception"})
{
    size_t too_big = (size_t)PY_SSIZE_T_MAX + 1;
    void *p = fam->malloc(too_big);
    CTS_EXPECT(p == NULL, "%sMalloc(PY_SSIZE_T_MAX + 1) returned %p", fam->prefix, p);
    CTS_EXPECT(!PyErr_Occurred(), "%sMalloc(PY_SSIZE_T_MAX + 1) set an exception", fam->prefix);
    PyErr_Clear();
    if (p)
        fam->free(p);
}

CTS_FAMILY_CASE(
    calloc_overflow,
    .doc = "Calloc allocates nelem elements each whose size in bytes is elsize; "
           "a product that overflows cannot be satisfied and returns NULL.",
    .source = {
        .quote = "Allocates nelem elements each of size elsize bytes and returns a pointer of type "
                 "void* to the allocated memory, or NULL if the request fails. ... [@3.11] "
                 "Allocates nelem elements each whose size in bytes is elsize and returns a "
                 "pointer of type void* to the allocated memory, or NULL if the request fails.",
        .page = "c-api/memory.html#c.%sCalloc",
        .python = "3.15"})
{
    static const size_t shapes[][2] = {
        {SIZE_MAX, SIZE_MAX},
        {(size_t)PY_SSIZE_T_MAX / 2 + 1, 2},
        {(size_t)1 << 40, (size_t)1 << 40},
    };
    for (int i = 0; i < 3; i++) {
        void *p = fam->calloc(shapes[i][0], shapes[i][1]);
        CTS_EXPECT(p == NULL, "%sCalloc(%zu, %zu) returned %p", fam->prefix, shapes[i][0],
                   shapes[i][1], p);
        CTS_EXPECT(!PyErr_Occurred(), "%sCalloc(%zu, %zu) set an exception", fam->prefix,
                   shapes[i][0], shapes[i][1]);
        PyErr_Clear();
        if (p)
            fam->free(p);
    }
}

CTS_FAMILY_CASE(realloc_failure_keeps_block,
                .doc = "If the request fails, Realloc() returns NULL and p remains a valid "
                       "pointer to the previous memory area.",
                .source = {.quote = "If the request fails, %sRealloc() returns NULL and p remains "
                                    "a valid pointer to the previous memory area.",
                           .page = "c-api/memory.html#c.%sRealloc",
                           .python = "3.15"})
{
    unsigned char *p = fam->malloc(48);
    CTS_REQUIRE(p != NULL, "%sMalloc(48) returned NULL", fam->prefix);
    for (int i = 0; i < 48; i++)
        p[i] = (unsigned char)(i * 7 + 1);
    void *q = fam->realloc(p, (size_t)PY_SSIZE_T_MAX + 1);
    CTS_EXPECT(q == NULL, "%sRealloc(p, PY_SSIZE_T_MAX + 1) returned %p", fam->prefix, q);
    int intact = 1;
    for (int i = 0; i < 48; i++)
        intact &= p[i] == (unsigned char)(i * 7 + 1);
    CTS_EXPECT(intact, "%sRealloc failure changed the contents of p", fam->prefix);
    fam->free(q ? q : (void *)p);
}
