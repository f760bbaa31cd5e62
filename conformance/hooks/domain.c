/* domain.c: PyMem_GetAllocator() and PyMem_SetAllocator() with a domain
 * that is none of RAW, MEM and OBJ. Source: Objects/obmalloc.c (the docs
 * name the three domains only). */
#include "hook_spy.h"

#include <string.h>

#define UNKNOWN_GET_IS_NULL_SOURCE                                                                 \
    {                                                                                              \
        .impl = "Objects/obmalloc.c"                                                               \
    }

CTS_CASE(unknown_get_is_null, .id = "hooks.domain.unknown_get_is_null",
         .doc = "PyMem_GetAllocator() with an unknown "
                "domain sets every field of the struct to NULL",
         .source = UNKNOWN_GET_IS_NULL_SOURCE)
{
    PyMemAllocatorEx got;
    memset(&got, 0x55, sizeof got);
    PyMem_GetAllocator((PyMemAllocatorDomain)99, &got);
    CTS_EXPECT(!got.ctx && !got.malloc && !got.calloc && !got.realloc && !got.free,
               "PyMem_GetAllocator(99) left ctx %p malloc %p", got.ctx, (void *)got.malloc);
}

CTS_CASE(unknown_set_is_ignored, .id = "hooks.domain.unknown_set_is_ignored",
         .doc = "PyMem_SetAllocator() with an unknown "
                "domain is ignored: no domain changes",
         .source = UNKNOWN_GET_IS_NULL_SOURCE)
{
    PyMemAllocatorEx before[3], after[3];
    PyMemAllocatorEx bogus = hook_never_allocator(NULL);
    for (int d = 0; d < 3; d++)
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &before[d]);
    PyMem_SetAllocator((PyMemAllocatorDomain)99, &bogus);
    for (int d = 0; d < 3; d++) {
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &after[d]);
        CTS_EXPECT(memcmp(&before[d], &after[d], sizeof after[d]) == 0,
                   "PyMem_SetAllocator(99) changed domain %d", d);
    }
}
