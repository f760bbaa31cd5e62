/* families_fuzzer.c: random allocate/calloc/realloc/free sequences across
 * PyMem_Raw*, PyMem_* and PyObject_*, checked against the shadow heap.
 *
 * Input: a sequence of operations, each an op byte (low 3 bits: the
 * operation, the next bits: the family), a slot byte, then the operation's
 * own operands (sizes, tag). Every block is filled with its tag's pattern;
 * the invariants, checked where the state changes:
 *   - a returned block is non-NULL (also for 0 bytes), aligned, and overlaps
 *     no live block;
 *   - calloc's bytes are zero;
 *   - realloc keeps min(old, new) bytes; a failed realloc keeps the block;
 *   - requests over PY_SSIZE_T_MAX (and calloc products that overflow) fail
 *     with NULL;
 *   - no live block loses a byte; everything is freed at the end of an input.
 * Planted bug (PYMEM_CTS_FUZZ_PLANT=1): a growing PyObject_Realloc of a block
 * over 256 bytes keeps only its first 16 bytes. */
#include "runtime.h"

#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "shadow.h"

#include <string.h>

enum {
    OP_MALLOC,
    OP_CALLOC,
    OP_REALLOC,
    OP_FREE,
    OP_CHECK,
    OP_HUGE_MALLOC,
    OP_HUGE_CALLOC,
    OP_HUGE_REALLOC
};

static shadow_heap heap;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_boot("families_fuzzer");
    return 0;
}

static const cts_family *family_of(const shadow_block *b)
{
    return &cts_families[b->family];
}

static void release(shadow_block *b, const char *why)
{
    if (!b->ptr)
        return;
    shadow_expect_intact(b, b->size, why);
    family_of(b)->free(b->ptr);
    b->ptr = NULL;
}

static void planted_realloc_damage(const shadow_block *b, void *p, size_t size)
{
    if (fuzz_planted() && b->family == 2 && b->size > 256 && size > b->size)
        memset((char *)p + 16, 0, b->size - 16);
}

static void do_malloc(shadow_block *b, int family, fuzz_input *in)
{
    const cts_family *fam = &cts_families[family];
    size_t size = fuzz_size(in);
    release(b, "a block's last operation before its slot was reused");
    void *p = fam->malloc(size);
    shadow_expect_fresh(&heap, p, size, -1, fam->prefix);
    *b = (shadow_block){p, size, (uint8_t)family, 0};
    shadow_fill(b, fuzz_byte(in));
}

static void do_calloc(shadow_block *b, int family, fuzz_input *in)
{
    const cts_family *fam = &cts_families[family];
    size_t nelem = fuzz_range(in, 0, 16), elsize = fuzz_size(in) / (nelem ? nelem : 1);
    release(b, "a block's last operation before its slot was reused");
    void *p = fam->calloc(nelem, elsize);
    if (!shadow_is_fresh(&heap, p, nelem * elsize, -1) || !shadow_is_zero(p, nelem * elsize)) {
        char call[64]; /* formatted only for the message */
        snprintf(call, sizeof call, "%sCalloc(%zu, %zu)", fam->prefix, nelem, elsize);
        shadow_expect_fresh(&heap, p, nelem * elsize, -1, call);
        shadow_expect_zero(p, nelem * elsize, call);
    }
    *b = (shadow_block){p, nelem * elsize, (uint8_t)family, 0};
    shadow_fill(b, fuzz_byte(in));
}

static void do_realloc(shadow_block *b, int family, fuzz_input *in)
{
    size_t size = fuzz_size(in);
    uint8_t tag = fuzz_byte(in);
    if (!b->ptr) { /* Realloc(NULL, n) is Malloc(n) */
        *b = (shadow_block){NULL, 0, (uint8_t)family, 0};
    }
    const cts_family *fam = family_of(b);
    void *p = fam->realloc(b->ptr, size);
    if (p)
        planted_realloc_damage(b, p, size);
    if (shadow_resize_is_clean(&heap, b, p, size)) {
        shadow_adopt(b, p, size, tag);
        return;
    }
    char call[64]; /* formatted only for the message */
    snprintf(call, sizeof call, "%sRealloc(%p, %zu)", fam->prefix, b->ptr, size);
    shadow_expect_resized(&heap, b, p, size, tag, call);
}

static void do_huge(shadow_block *b, int family, int op, fuzz_input *in)
{
    const cts_family *fam = &cts_families[family];
    size_t over = (size_t)PY_SSIZE_T_MAX + 1;
    if (op == OP_HUGE_MALLOC) {
        void *p = fam->malloc(over);
        FUZZ_CHECK(p == NULL, "%sMalloc(PY_SSIZE_T_MAX + 1) returned %p", fam->prefix, p);
    } else if (op == OP_HUGE_CALLOC) { /* nelem * elsize wraps around to a small number */
        size_t elsize = (size_t)2 << fuzz_range(in, 0, 7), nelem = SIZE_MAX / elsize + 2;
        void *p = fam->calloc(nelem, elsize);
        FUZZ_CHECK(p == NULL, "%sCalloc(%zu, %zu), whose product overflows, returned %p",
                   fam->prefix, nelem, elsize, p);
    } else if (b->ptr) {
        fam = family_of(b);
        void *p = fam->realloc(b->ptr, over);
        FUZZ_CHECK(p == NULL, "%sRealloc(%p, PY_SSIZE_T_MAX + 1) returned %p", fam->prefix, b->ptr,
                   p);
        shadow_expect_intact(b, b->size, "a failed Realloc (the block must stay valid)");
    }
}

static void run_op(fuzz_input *in)
{
    static const char *const names[] = {"Malloc", "Calloc",       "Realloc",      "Free",
                                        NULL,     "Malloc(huge)", "Calloc(huge)", "Realloc(huge)"};
    uint8_t code = fuzz_byte(in);
    int op = code & 7, family = (code >> 3) % 3, slot = fuzz_byte(in) % SHADOW_SLOTS;
    shadow_block *b = &heap.slot[slot];
    FUZZ_TRACE("%s%s slot %d", names[op] ? cts_families[family].prefix : "",
               names[op] ? names[op] : "check", slot);
    switch (op) {
    case OP_MALLOC: do_malloc(b, family, in); break;
    case OP_CALLOC: do_calloc(b, family, in); break;
    case OP_REALLOC: do_realloc(b, family, in); break;
    case OP_FREE:
        if (b->ptr)
            release(b, "the block's last operation");
        else
            cts_families[family].free(NULL); /* "If p is NULL, no operation is performed." */
        break;
    case OP_CHECK:
        if (b->ptr)
            shadow_expect_intact(b, b->size, "operations on other blocks");
        break;
    default: do_huge(b, family, op, in); break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_input_of(data, size);
    while (!fuzz_input_done(&in))
        run_op(&in);
    /* Each block is checked whole before it is freed: what the input's
     * operations (or the frees before it) changed is found there, without a
     * second pass over every live block. */
    for (int i = 0; i < SHADOW_SLOTS; i++)
        release(&heap.slot[i], "the input's last operation, or the frees at its end");
    fuzz_expect_no_exception("families_fuzzer");
    return 0;
}
