/* shadow.h: the fuzz targets' model of the blocks they hold. Each live block
 * has a slot with its pointer, size, family and a tag; its bytes are filled
 * with a pattern derived from the tag, so that any byte the allocator loses,
 * moves or overwrites is found by a memcmp. */
#ifndef CTS_SHADOW_H
#define CTS_SHADOW_H

#include <stddef.h>
#include <stdint.h>

#define SHADOW_SLOTS 64 /* at most 64: an overlap scan keeps one bit per slot */

typedef struct shadow_block {
    void *ptr; /* NULL: the slot is free */
    size_t size;
    uint8_t family; /* index into cts_families */
    uint8_t tag;
} shadow_block;

typedef struct shadow_heap {
    shadow_block slot[SHADOW_SLOTS];
    const char *api; /* names the calls in messages, e.g. "PyMem_" */
} shadow_heap;

/* Builds the fill pattern and makes it read-only; call once (fuzz_boot
 * does) before any other function. */
void shadow_init(void);

/* Gives a block its tag and fills its bytes from the pattern. */
void shadow_fill(shadow_block *b, uint8_t tag);

/* Aborts unless the first n bytes of the block still hold its pattern. */
void shadow_expect_intact(const shadow_block *b, size_t n, const char *after);

/* Aborts unless n bytes at p are zero (calloc). */
void shadow_expect_zero(const void *p, size_t n, const char *call);

/* Aborts unless a block just returned for `size` bytes is non-NULL, aligned
 * and overlaps no live block other than the one in slot `except` (or -1). */
void shadow_expect_fresh(const shadow_heap *h, const void *p, size_t size, int except,
                         const char *call);

/* A Realloc of the block in slot b returned p for `size` bytes: aborts
 * unless p is fresh (apart from b's own block) and holds the first
 * min(old, new) bytes of b's pattern, then makes p the slot's block, filled
 * with `tag`'s pattern. A slot without a block (Realloc(NULL, n)) keeps no
 * bytes. */
void shadow_expect_resized(const shadow_heap *h, shadow_block *b, void *p, size_t size, uint8_t tag,
                           const char *call);

/* The same checks without their messages, for callers whose message costs
 * more than the check (a formatted call): non-zero when shadow_expect_fresh,
 * shadow_expect_zero or shadow_expect_resized would pass. Format the call
 * and run the shadow_expect_ function only when one returns 0. */
int shadow_is_fresh(const shadow_heap *h, const void *p, size_t size, int except);
int shadow_is_zero(const void *p, size_t n);
int shadow_resize_is_clean(const shadow_heap *h, const shadow_block *b, const void *p, size_t size);

/* What shadow_expect_resized does after its checks pass: p becomes the
 * slot's block of `size` bytes, filled with `tag`'s pattern. */
void shadow_adopt(shadow_block *b, void *p, size_t size, uint8_t tag);

/* The alignment a block of `size` bytes must have: that of max_align_t, or
 * the largest power of two not above size for smaller blocks. */
size_t shadow_alignment_for(size_t size);

#endif
