/* contents.c: what the families promise about a block's bytes:
 * calloc memory is zero even when a dirty block is reused, and realloc keeps
 * the first min(old, new) bytes, across pymalloc's 512-byte threshold.
 * Source: Doc/c-api/memory.rst, "Raw Memory Interface" and "Memory Interface". */
#include "cts.h"

#include <string.h>

CTS_FAMILY_CASE(calloc_zeroes_reused_block,
                .doc = "Allocates nelem elements each whose size in bytes is elsize and returns "
                       "a pointer of type void* to the allocated memory ... The memory is "
                       "initialized to zeros.",
                .source = {.quote = "The memory is initialized to zeros.",
                           .page = "c-api/memory.html#c.%sCalloc",
                           .python = "3.15"})
{
    static const size_t sizes[] = {8, 16, 24, 48, 100, 256, 512, 513, 1000, 2048};
    static unsigned char zero[2048];
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        for (int round = 0; round < 4; round++) { /* dirty blocks of this size class */
            unsigned char *dirty = fam->malloc(n);
            CTS_REQUIRE(dirty != NULL, "%sMalloc(%zu) returned NULL", fam->prefix, n);
            memset(dirty, 0xAB, n);
            fam->free(dirty);
        }
        unsigned char *p = fam->calloc(1, n);
        CTS_REQUIRE(p != NULL, "%sCalloc(1, %zu) returned NULL", fam->prefix, n);
        CTS_EXPECT(memcmp(p, zero, n) == 0, "%sCalloc(1, %zu) returned a block that is not zero",
                   fam->prefix, n);
        fam->free(p);
    }
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 31);
}

static size_t first_difference(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != (unsigned char)(seed + i * 31))
            return i;
    }
    return n;
}

CTS_FAMILY_CASE(
    realloc_keeps_contents,
    .doc = "Resizes the memory block pointed to by p to n bytes. The contents will "
           "be unchanged to the minimum of the old and the new sizes.",
    .source = {.quote = "Resizes the memory block pointed to by p to n bytes. ... The contents "
                        "will be unchanged to the minimum of the old and the new sizes.",
               .page = "c-api/memory.html#c.%sRealloc",
               .python = "3.15"})
{
    /* grow and shrink across the 512-byte small-object threshold */
    static const size_t steps[] = {100, 1000, 50, 512, 513, 4096, 511, 1, 300};
    size_t old = 64;
    unsigned char *p = fam->malloc(old);
    CTS_REQUIRE(p != NULL, "%sMalloc(64) returned NULL", fam->prefix);
    fill(p, old, 7);
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        size_t n = steps[i], keep = old < n ? old : n;
        unsigned char *q = fam->realloc(p, n);
        CTS_REQUIRE(q != NULL, "%sRealloc(p, %zu) returned NULL", fam->prefix, n);
        size_t at = first_difference(q, keep, 7);
        CTS_EXPECT(at == keep, "%sRealloc(p, %zu) from %zu bytes changed byte %zu", fam->prefix, n,
                   old, at);
        fill(q, n, 7);
        p = q;
        old = n;
    }
    fam->free(p);
}
