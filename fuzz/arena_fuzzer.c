/* arena_fuzzer.c: a PyObject_SetArenaAllocator wrapper under random object
 * churn, so that pymalloc allocates and releases arenas through it.
 *
 * Input: operations, each an op byte then operands: allocate, realloc or
 * free one small block (1..512 bytes) in a shadow slot; allocate a burst of
 * up to 4096 blocks of one size (enough for new arenas: they are 256 KiB
 * before 3.10 and 1 MiB from 3.10); free a burst forwards, backwards or in
 * two strides.
 * Invariants, checked where the state changes:
 *   - the arena allocator's alloc and free are called with its own ctx;
 *   - every arena has the same size, pymalloc's ARENA_SIZE for the version;
 *   - free gets back exactly the arenas alloc returned (or ones that
 *     existed before the wrapper), each once, with its allocated size;
 *   - blocks keep their bytes (shadow heap; first and last byte of bursts);
 *   - once an input has freed its blocks, it holds at most one arena more
 *     than before it (pymalloc may keep one empty arena).
 * Planted bug (PYMEM_CTS_FUZZ_PLANT=1): the wrapper records every arena it
 * allocates as 4096 bytes smaller, as if free were called with a wrong size;
 * an input must make pymalloc allocate an arena and release it again. */
#include "runtime.h"

#include "boot.h"
#include "probe.h"
#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "no_coverage.h"
#include "shadow.h"

#include <string.h>

#define MAX_ARENAS 4096
#define MAX_BURST 8192

enum { OP_ALLOC, OP_REALLOC, OP_FREE, OP_BURST, OP_FREE_BURST, N_OPS };

typedef struct arena_record {
    void *ptr;
    size_t size;
} arena_record;

static struct {
    PyObjectArenaAllocator below;
    arena_record live[MAX_ARENAS];
    long n_live, allocated, freed, freed_foreign;
    size_t arena_size;
} arenas;

static struct {
    shadow_heap heap;
    unsigned char *burst[MAX_BURST];
    size_t burst_size[MAX_BURST];
    int n_burst;
} st;

static void *arena_alloc(void *ctx, size_t size)
{
    FUZZ_CHECK(ctx == &arenas, "the arena allocator's alloc got ctx %p, not its own %p", ctx,
               (void *)&arenas);
    FUZZ_CHECK(size == arenas.arena_size, "pymalloc asked for an arena of %zu bytes, not %zu", size,
               arenas.arena_size);
    void *p = arenas.below.alloc(arenas.below.ctx, size);
    if (!p)
        return NULL;
    FUZZ_CHECK(arenas.n_live < MAX_ARENAS, "more than %d arenas live", MAX_ARENAS);
    arenas.allocated++;
    size_t recorded = fuzz_planted() ? size - 4096 : size;
    arenas.live[arenas.n_live++] = (arena_record){p, recorded};
    return p;
}

static void arena_free(void *ctx, void *ptr, size_t size)
{
    FUZZ_CHECK(ctx == &arenas, "the arena allocator's free got ctx %p, not its own %p", ctx,
               (void *)&arenas);
    long i = 0;
    while (i < arenas.n_live && arenas.live[i].ptr != ptr)
        i++;
    if (i == arenas.n_live) { /* an arena from before the wrapper was installed */
        FUZZ_CHECK(size == arenas.arena_size, "an older arena %p was freed with size %zu, not %zu",
                   ptr, size, arenas.arena_size);
        arenas.freed_foreign++;
    } else {
        FUZZ_CHECK(size == arenas.live[i].size,
                   "arena %p, allocated with %zu bytes, was freed with size %zu", ptr,
                   arenas.live[i].size, size);
        arenas.live[i] = arenas.live[--arenas.n_live];
        arenas.freed++;
    }
    arenas.below.free(arenas.below.ctx, ptr, size);
}

static void report_arenas(void)
{
    fprintf(stderr,
            "arena_fuzzer: %ld arenas allocated and %ld freed through the wrapper, %ld "
            "older ones freed\n",
            arenas.allocated, arenas.freed, arenas.freed_foreign);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_boot("arena_fuzzer");
    fuzz_require_allocator("arena_fuzzer", "pymalloc,pymalloc_debug",
                           "only pymalloc allocates arenas");
    arenas.arena_size = cts_arena_size(cts_runtime_version());
    PyObject_GetArenaAllocator(&arenas.below);
    PyObjectArenaAllocator mine = {&arenas, arena_alloc, arena_free};
    PyObject_SetArenaAllocator(&mine);
    atexit(report_arenas);
    return 0;
}

/* --- single blocks ------------------------------------------------------- */

static size_t small_size(fuzz_input *in)
{
    return 1 + fuzz_range(in, 0, 511);
}

static void release(shadow_block *b)
{
    if (!b->ptr)
        return;
    shadow_expect_intact(b, b->size, "operations on other blocks and arenas");
    PyObject_Free(b->ptr);
    b->ptr = NULL;
}

static void do_alloc(shadow_block *b, fuzz_input *in)
{
    size_t size = small_size(in);
    release(b);
    void *p = PyObject_Malloc(size);
    shadow_expect_fresh(&st.heap, p, size, -1, "PyObject_Malloc");
    *b = (shadow_block){p, size, 2, 0};
    shadow_fill(b, fuzz_byte(in));
}

static void do_realloc(shadow_block *b, fuzz_input *in)
{
    size_t size = small_size(in);
    if (!b->ptr) {
        do_alloc(b, in);
        return;
    }
    void *p = PyObject_Realloc(b->ptr, size);
    shadow_expect_resized(&st.heap, b, p, size, fuzz_byte(in), "PyObject_Realloc");
}

/* --- bursts: enough blocks to need new arenas ---------------------------- */

/* The burst loops run thousands of times per operation and only allocate,
 * mark and check: kept out of the fuzzer's coverage (no_coverage.h), whose
 * callbacks cost more than pymalloc's calls there. The arena allocator's
 * hooks, where the arenas come and go, keep theirs. */

CTS_NO_COVERAGE static void do_burst(fuzz_input *in)
{
    size_t size = small_size(in);
    int count = (int)fuzz_range(in, 1, 4096);
    for (int i = 0; i < count && st.n_burst < MAX_BURST; i++) {
        unsigned char *p = PyObject_Malloc(size);
        FUZZ_CHECK(p != NULL, "PyObject_Malloc(%zu) returned NULL in a burst", size);
        p[0] = p[size - 1] = (unsigned char)st.n_burst;
        st.burst[st.n_burst] = p;
        st.burst_size[st.n_burst++] = size;
    }
}

CTS_NO_COVERAGE static void free_burst_block(int i)
{
    unsigned char *p = st.burst[i];
    size_t size = st.burst_size[i];
    FUZZ_CHECK(p[0] == (unsigned char)i && p[size - 1] == (unsigned char)i,
               "burst block %d (%p, %zu bytes) lost its marker bytes: %02x %02x", i, (void *)p,
               size, p[0], p[size - 1]);
    PyObject_Free(p);
}

CTS_NO_COVERAGE static void do_free_burst(int order)
{
    if (order == 0)
        for (int i = 0; i < st.n_burst; i++)
            free_burst_block(i);
    else if (order == 1)
        for (int i = st.n_burst - 1; i >= 0; i--)
            free_burst_block(i);
    else {
        for (int i = 0; i < st.n_burst; i += 2)
            free_burst_block(i);
        for (int i = 1; i < st.n_burst; i += 2)
            free_burst_block(i);
    }
    st.n_burst = 0;
}

static void run_op(fuzz_input *in)
{
    static const char *const names[N_OPS] = {"alloc", "realloc", "free", "burst", "free burst"};
    uint8_t code = fuzz_byte(in);
    int slot = fuzz_byte(in) % SHADOW_SLOTS;
    shadow_block *b = &st.heap.slot[slot];
    FUZZ_TRACE("%s slot %d", names[code % N_OPS], slot);
    switch (code % N_OPS) {
    case OP_ALLOC: do_alloc(b, in); break;
    case OP_REALLOC: do_realloc(b, in); break;
    case OP_FREE: release(b); break;
    case OP_BURST: do_burst(in); break;
    case OP_FREE_BURST: do_free_burst(fuzz_byte(in) % 3); break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    long held_before = arenas.n_live;
    fuzz_input in = fuzz_input_of(data, size);
    while (!fuzz_input_done(&in))
        run_op(&in);
    do_free_burst(0);
    for (int i = 0; i < SHADOW_SLOTS; i++)
        release(&st.heap.slot[i]);
    FUZZ_CHECK(arenas.n_live <= held_before + 1,
               "the input freed every block it allocated, but %ld arenas are held, %ld before it",
               arenas.n_live, held_before);
    fuzz_expect_no_exception("arena_fuzzer");
    return 0;
}
