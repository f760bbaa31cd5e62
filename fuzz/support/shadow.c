/* shadow.c: see shadow.h. Fills and checks are memcpy/memcmp against one
 * precomputed pattern: byte loops over 64 KiB blocks would cut the fuzzing
 * rate tenfold under ASan. The checks only confirm invariants, so they are
 * kept out of the fuzzer's coverage (CTS_NO_COVERAGE): its callbacks on
 * every comparison of the overlap scan cost more than the allocator calls
 * the scan checks. Byte loops run only to name the byte that differs. */
#include "shadow.h"

#include "fuzz_check.h"
#include "no_coverage.h"

#include <stdalign.h>
#include <string.h>
#include <sys/mman.h>

#define PATTERN_SIZE ((1 << 16) + 256)

/* Pages of its own, made read-only by shadow_init: a stray write from the
 * allocator under test (or a bug in a target) into the reference faults at
 * once instead of moving the model. */
static uint8_t *pattern;

void shadow_init(void)
{
    void *pages =
        mmap(NULL, PATTERN_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    FUZZ_CHECK(pages != MAP_FAILED, "shadow: cannot map %d bytes for the pattern", PATTERN_SIZE);
    pattern = pages;
    uint32_t x = 2463534242u; /* xorshift32: a fixed, non-repeating-looking byte stream */
    for (size_t i = 0; i < PATTERN_SIZE; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        pattern[i] = (uint8_t)(x >> 24) | 1; /* never 0, so a zeroed byte always differs */
    }
    FUZZ_CHECK(mprotect(pattern, PATTERN_SIZE, PROT_READ) == 0,
               "shadow: cannot make the pattern read-only");
}

CTS_NO_COVERAGE static const uint8_t *pattern_of(const shadow_block *b)
{
    FUZZ_CHECK(b->size <= PATTERN_SIZE - 256,
               "shadow: block of %zu bytes is larger than the pattern", b->size);
    return pattern + b->tag;
}

CTS_NO_COVERAGE void shadow_fill(shadow_block *b, uint8_t tag)
{
    b->tag = tag;
    if (b->size)
        memcpy(b->ptr, pattern_of(b), b->size);
}

CTS_NO_COVERAGE void shadow_expect_intact(const shadow_block *b, size_t n, const char *after)
{
    if (n == 0 || memcmp(b->ptr, pattern_of(b), n) == 0)
        return;
    const uint8_t *p = b->ptr, *want = pattern_of(b);
    size_t i = 0;
    while (p[i] == want[i])
        i++;
    FUZZ_CHECK(0, "after %s: byte %zu of the %zu-byte block %p is 0x%02x, expected 0x%02x", after,
               i, b->size, b->ptr, p[i], want[i]);
}

CTS_NO_COVERAGE int shadow_is_zero(const void *p, size_t n)
{
    static const uint8_t zeros[4096];
    const uint8_t *q = p;
    for (size_t off = 0; off < n; off += sizeof zeros) {
        size_t len = n - off < sizeof zeros ? n - off : sizeof zeros;
        if (memcmp(q + off, zeros, len) != 0)
            return 0;
    }
    return 1;
}

CTS_NO_COVERAGE void shadow_expect_zero(const void *p, size_t n, const char *call)
{
    if (shadow_is_zero(p, n))
        return;
    const uint8_t *q = p;
    size_t i = 0;
    while (q[i] == 0)
        i++;
    FUZZ_CHECK(0, "%s: byte %zu of %zu is 0x%02x, not zero", call, i, n, q[i]);
}

CTS_NO_COVERAGE size_t shadow_alignment_for(size_t size)
{
    size_t align = alignof(max_align_t);
    while (align > 1 && align > size)
        align /= 2;
    return align;
}

/* The slot of a live block (other than `except`) that [lo, hi) overlaps, or
 * -1: one pass without a branch per slot, over the slots' pointers and
 * sizes only (CTS_UNINSTRUMENTED: no block of the API is read here). */
CTS_UNINSTRUMENTED static int overlapped_slot(const shadow_heap *h, uintptr_t lo, uintptr_t hi,
                                              int except)
{
    uint64_t hits = 0;
    for (int i = 0; i < SHADOW_SLOTS; i++) {
        uintptr_t blo = (uintptr_t)h->slot[i].ptr, size = h->slot[i].size;
        uintptr_t bhi = blo + size + (size == 0);
        hits |= (uint64_t)((blo != 0) & (lo < bhi) & (blo < hi)) << i;
    }
    if (except >= 0)
        hits &= ~((uint64_t)1 << except);
    return hits ? __builtin_ctzll(hits) : -1;
}

CTS_NO_COVERAGE int shadow_is_fresh(const shadow_heap *h, const void *p, size_t size, int except)
{
    uintptr_t lo = (uintptr_t)p, hi = lo + (size ? size : 1);
    return p && lo % shadow_alignment_for(size) == 0 && overlapped_slot(h, lo, hi, except) < 0;
}

CTS_NO_COVERAGE void shadow_expect_fresh(const shadow_heap *h, const void *p, size_t size,
                                         int except, const char *call)
{
    FUZZ_CHECK(p != NULL, "%s returned NULL", call);
    size_t align = shadow_alignment_for(size);
    FUZZ_CHECK((uintptr_t)p % align == 0, "%s returned %p, not %zu-byte aligned", call, p, align);
    uintptr_t lo = (uintptr_t)p, hi = lo + (size ? size : 1);
    int i = overlapped_slot(h, lo, hi, except);
    FUZZ_CHECK(i < 0, "%s returned %p (%zu bytes), which overlaps the live %zu-byte block %p", call,
               p, size, i < 0 ? 0 : h->slot[i].size, i < 0 ? NULL : h->slot[i].ptr);
}

CTS_NO_COVERAGE static size_t kept_bytes(const shadow_block *b, size_t size)
{
    return !b->ptr ? 0 : b->size < size ? b->size : size;
}

CTS_NO_COVERAGE int shadow_resize_is_clean(const shadow_heap *h, const shadow_block *b,
                                           const void *p, size_t size)
{
    size_t kept = kept_bytes(b, size);
    return shadow_is_fresh(h, p, size, (int)(b - h->slot)) &&
           (kept == 0 || memcmp(p, pattern_of(b), kept) == 0);
}

CTS_NO_COVERAGE void shadow_adopt(shadow_block *b, void *p, size_t size, uint8_t tag)
{
    b->ptr = p;
    b->size = size;
    shadow_fill(b, tag);
}

CTS_NO_COVERAGE void shadow_expect_resized(const shadow_heap *h, shadow_block *b, void *p,
                                           size_t size, uint8_t tag, const char *call)
{
    shadow_expect_fresh(h, p, size, (int)(b - h->slot), call);
    size_t kept = kept_bytes(b, size);
    b->ptr = p;
    b->size = size;
    shadow_expect_intact(b, kept, call);
    shadow_fill(b, tag);
}
