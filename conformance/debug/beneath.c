/* beneath.c: what the debug hooks do to a block, seen by an allocator
 * installed beneath them. The case sets a spy allocator on its family's
 * domain and then calls PyMem_SetupDebugHooks(), which puts the hooks on top
 * of it (as the docs allow after PyMem_SetAllocator()); the spy sees the
 * block the hooks hand back to it on free and realloc, and reads its bytes
 * before passing it on. Every domain's allocator is put back before the case
 * ends, so no block of the hooks ever reaches another allocator.
 * Runs where the hooks are not installed yet (under them, nothing can be put
 * beneath them: UNSUPPORTED). Source: Doc/c-api/memory.rst, "Debug hooks on the Python
 * memory allocators". */
#include "debug_support.h"

#include <string.h>

/* An allocator beneath the hooks: forwards to the domain's own, remembers
 * the last block it handed out and, when the watched block comes back
 * (freed, or resized), which of its bytes [from, to) were not `dead`. */
typedef struct beneath {
    PyMemAllocatorEx below;
    unsigned char *last;    /* the last block handed out */
    unsigned char *watched; /* the block whose return is checked */
    size_t from, to;        /* its bytes that must be dead then */
    unsigned char dead;
    long returns;         /* times the watched block came back */
    ptrdiff_t first_live; /* the first byte in [from, to) that was not dead, or -1 */
    unsigned char live_value;
    size_t live;
} beneath;

static beneath spy;

static void check_return(beneath *b, void *ptr)
{
    if (!ptr || ptr != b->watched)
        return;
    b->returns++;
    b->watched = NULL; /* checked once: a block resized in place comes back again, smaller */
    const unsigned char *block = ptr;
    for (size_t i = b->from; i < b->to; i++) {
        if (block[i] == b->dead)
            continue;
        if (b->live++ == 0) {
            b->first_live = (ptrdiff_t)i;
            b->live_value = block[i];
        }
    }
}

static void *beneath_malloc(void *ctx, size_t n)
{
    beneath *b = ctx;
    return b->last = b->below.malloc(b->below.ctx, n);
}

static void *beneath_calloc(void *ctx, size_t nelem, size_t elsize)
{
    beneath *b = ctx;
    return b->last = b->below.calloc(b->below.ctx, nelem, elsize);
}

static void *beneath_realloc(void *ctx, void *ptr, size_t n)
{
    beneath *b = ctx;
    check_return(b, ptr);
    return b->last = b->below.realloc(b->below.ctx, ptr, n);
}

static void beneath_free(void *ctx, void *ptr)
{
    beneath *b = ctx;
    check_return(b, ptr);
    b->below.free(b->below.ctx, ptr);
}

/* Every domain's allocator before the case changed them. */
static PyMemAllocatorEx saved[3];

/* The spy on the family's domain, the hooks on top of every domain. */
static void hooks_over_spy(const cts_family *fam, unsigned char dead)
{
    for (int d = 0; d < 3; d++)
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &saved[d]);
    memset(&spy, 0, sizeof spy);
    spy.below = saved[fam->domain];
    spy.dead = dead;
    spy.first_live = -1;
    PyMemAllocatorEx mine = {&spy, beneath_malloc, beneath_calloc, beneath_realloc, beneath_free};
    PyMem_SetAllocator((PyMemAllocatorDomain)fam->domain, &mine);
    PyMem_SetupDebugHooks();
}

static void restore_allocators(void)
{
    for (int d = 0; d < 3; d++)
        PyMem_SetAllocator((PyMemAllocatorDomain)d, &saved[d]);
}

/* A block of n bytes from the hooks over the spy, filled with 0x11, or
 * NULL; *offset is where its data starts in the spy's block. */
static unsigned char *watched_block(cts_ctx *cts, const cts_family *fam, size_t n, size_t *offset)
{
    unsigned char *p = fam->malloc(n);
    int on_top = p && spy.last && p > spy.last && debug_stored_size(p) == n;
    CTS_EXPECT(on_top,
               "%sMalloc(%zu) under hooks set up over an allocator: %p, the allocator's block %p, "
               "stored size %zu: the hooks are not on top of it",
               fam->prefix, n, (void *)p, (void *)spy.last, p ? debug_stored_size(p) : 0);
    if (!on_top) {
        fam->free(p);
        return NULL;
    }
    memset(p, 0x11, n);
    spy.watched = spy.last;
    *offset = (size_t)(p - spy.last);
    return p;
}

/* Whether the run's mode installs the hooks already: then the API can put
 * nothing beneath them, and the case is UNSUPPORTED, saying so. */
static int hooks_already_installed(cts_ctx *cts)
{
    const char *mode = cts_allocator_name(cts);
    if (!strstr(mode, "debug"))
        return 0;
    cts_unsupported_(cts,
                     "the debug hooks are installed already (%s): PyMem_SetAllocator() can put "
                     "no allocator beneath them",
                     mode);
    return 1;
}

/* One case per family (on a free-threaded build the gate keeps the OBJ
 * case from running: only objects may come from the object domain). */
#define BENEATH_CASE(fn, ...)                                                                      \
    static void fn(cts_ctx *cts __attribute__((unused)), const cts_family *fam);                   \
    static void fn##_thunk(cts_ctx *cts)                                                           \
    {                                                                                              \
        if (!hooks_already_installed(cts))                                                         \
            fn(cts, cts_family_of(cts));                                                           \
    }                                                                                              \
    CTS_REGISTER_(fn##_raw, #fn, .id = "debug.beneath.raw." #fn, .family = &cts_families[0],       \
                  .run = fn##_thunk, __VA_ARGS__)                                                  \
    CTS_REGISTER_(fn##_mem, #fn, .id = "debug.beneath.mem." #fn, .family = &cts_families[1],       \
                  .run = fn##_thunk, __VA_ARGS__)                                                  \
    CTS_REGISTER_(fn##_obj, #fn, .id = "debug.beneath.obj." #fn, .family = &cts_families[2],       \
                  .run = fn##_thunk, __VA_ARGS__)                                                  \
    static void fn(cts_ctx *cts __attribute__((unused)), const cts_family *fam)

static const char hooks_page[] = "c-api/memory.html#debug-hooks-on-the-python-memory-allocators";

BENEATH_CASE(free_fills_deadbyte,
             .doc = "p[0:N] The requested memory ... When a free-like function is called, these "
                    "are overwritten with PYMEM_DEADBYTE, to catch reference to freed memory. "
                    "(an allocator beneath the hooks sees all 300 bytes of a freed block dead)",
             .source = {.quote = "When a free-like function is called, these are overwritten "
                                 "with PYMEM_DEADBYTE, to catch reference to freed memory. ... "
                                 "Changed in version 3.8: Byte patterns 0xCB (PYMEM_CLEANBYTE), "
                                 "0xDB (PYMEM_DEADBYTE) and 0xFB (PYMEM_FORBIDDENBYTE) have been "
                                 "replaced with 0xCD, 0xDD and 0xFD to use the same values than "
                                 "Windows CRT debug malloc() and free().",
                        .page = hooks_page,
                        .python = "3.15"})
{
    hooks_over_spy(fam, debug_deadbyte(cts_python_version(cts)));
    size_t offset;
    unsigned char *p = watched_block(cts, fam, 300, &offset);
    if (p) {
        spy.from = offset;
        spy.to = offset + 300;
        fam->free(p);
    }
    restore_allocators();
    if (!p)
        return;
    CTS_EXPECT(spy.returns == 1,
               "%sFree(p): the allocator beneath saw its block come back %ld times", fam->prefix,
               spy.returns);
    CTS_EXPECT(spy.live == 0,
               "%sFree(p) of 300 bytes: the allocator beneath got the block with %zu data bytes "
               "not PYMEM_DEADBYTE 0x%02x, the first p[%td] = 0x%02x",
               fam->prefix, spy.live, spy.dead, spy.first_live - (ptrdiff_t)offset, spy.live_value);
}

/* Shrinks a block of old bytes to new ones and checks what the allocator
 * beneath sees of the old block's excess bytes when it gets it back. */
static void shrink_case(cts_ctx *cts, const cts_family *fam, size_t old, size_t new)
{
    hooks_over_spy(fam, debug_deadbyte(cts_python_version(cts)));
    size_t offset;
    unsigned char *p = watched_block(cts, fam, old, &offset), *q = NULL;
    if (p) {
        spy.from = offset + new;
        spy.to = offset + old;
        q = fam->realloc(p, new);
        fam->free(q ? q : p);
    }
    restore_allocators();
    if (!p)
        return;
    CTS_REQUIRE(q != NULL, "%sRealloc(p, %zu) returned NULL", fam->prefix, new);
    CTS_EXPECT(spy.returns >= 1,
               "%sRealloc(p, %zu): the allocator beneath never got the block back", fam->prefix,
               new);
    CTS_EXPECT(spy.live == 0,
               "%sRealloc(p, %zu) of a %zu-byte block: the allocator beneath got it back with %zu "
               "of the %zu excess bytes not PYMEM_DEADBYTE 0x%02x, the first p[%td] = 0x%02x",
               fam->prefix, new, old, spy.live, old - new, spy.dead,
               spy.first_live - (ptrdiff_t)offset, spy.live_value);
}

#define SHRINK_RULE                                                                                \
    "When a realloc- like function is called requesting a smaller memory block, the excess old "   \
    "bytes are also filled with PYMEM_DEADBYTE."

/* A case shrinking a block of old bytes to new ones. */
#define SHRINK_CASE(fn, old, new)                                                                  \
    BENEATH_CASE(fn, .doc = SHRINK_RULE " (" #old " bytes shrunk to " #new ")",                    \
                 .source = {.quote = SHRINK_RULE, .page = hooks_page, .python = "3.15"})           \
    {                                                                                              \
        shrink_case(cts, fam, old, new);                                                           \
    }

/* Within the 64 bytes at either end of the block. */
SHRINK_CASE(shrink_fills_deadbyte, 64, 16)
/* Past them: bytes 64 to 235 of the old block are left as they were (a
 * finding: docs/findings.md). */
SHRINK_CASE(shrink_of_300_bytes_fills_deadbyte, 300, 16)
