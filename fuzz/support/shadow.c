/* shadow.c: see shadow.h. Fills and checks are memcpy/memcmp against one
 * precomputed pattern: byte loops over 64 KiB blocks would cut the fuzzing
 * rate tenfold under ASan. */
#include "shadow.h"

#include "fuzz_check.h"

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

static const uint8_t *pattern_of(const shadow_block *b)
{
    FUZZ_CHECK(b->size <= PATTERN_SIZE - 256,
               "shadow: block of %zu bytes is larger than the pattern", b->size);
    return pattern + b->tag;
}

void shadow_fill(shadow_block *b, uint8_t tag)
{
    b->tag = tag;
    if (b->size)
        memcpy(b->ptr, pattern_of(b), b->size);
}

void shadow_expect_intact(const shadow_block *b, size_t n, const char *after)
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

void shadow_expect_zero(const void *p, size_t n, const char *call)
{
    static const uint8_t zeros[4096];
    const uint8_t *q = p;
    for (size_t off = 0; off < n; off += sizeof zeros) {
        size_t len = n - off < sizeof zeros ? n - off : sizeof zeros;
        if (memcmp(q + off, zeros, len) == 0)
            continue;
        size_t i = off;
        while (q[i] == 0)
            i++;
        FUZZ_CHECK(0, "%s: byte %zu of %zu is 0x%02x, not zero", call, i, n, q[i]);
    }
}

size_t shadow_alignment_for(size_t size)
{
    size_t align = alignof(max_align_t);
    while (align > 1 && align > size)
        align /= 2;
    return align;
}

void shadow_expect_fresh(const shadow_heap *h, const void *p, size_t size, int except,
                         const char *call)
{
    FUZZ_CHECK(p != NULL, "%s returned NULL", call);
    size_t align = shadow_alignment_for(size);
    FUZZ_CHECK((uintptr_t)p % align == 0, "%s returned %p, not %zu-byte aligned", call, p, align);
    uintptr_t lo = (uintptr_t)p, hi = lo + (size ? size : 1);
    for (int i = 0; i < SHADOW_SLOTS; i++) {
        const shadow_block *b = &h->slot[i];
        if (!b->ptr || i == except)
            continue;
        uintptr_t blo = (uintptr_t)b->ptr, bhi = blo + (b->size ? b->size : 1);
        FUZZ_CHECK(hi <= blo || bhi <= lo,
                   "%s returned %p (%zu bytes), which overlaps the live %zu-byte block %p", call, p,
                   size, b->size, b->ptr);
    }
}

void shadow_expect_resized(const shadow_heap *h, shadow_block *b, void *p, size_t size, uint8_t tag,
                           const char *call)
{
    shadow_expect_fresh(h, p, size, (int)(b - h->slot), call);
    size_t kept = !b->ptr ? 0 : b->size < size ? b->size : size;
    b->ptr = p;
    b->size = size;
    shadow_expect_intact(b, kept, call);
    shadow_fill(b, tag);
}

void shadow_expect_all_intact(const shadow_heap *h)
{
    for (int i = 0; i < SHADOW_SLOTS; i++)
        if (h->slot[i].ptr)
            shadow_expect_intact(&h->slot[i], h->slot[i].size, "the input's last operation");
}
