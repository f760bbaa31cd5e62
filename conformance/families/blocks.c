/* blocks.c: sys.getallocatedblocks() counts the object allocator's live
 * blocks, under pymalloc and mimalloc, with or without the debug hooks,
 * also those another thread allocated before it ended.
 * Source: Doc/library/sys.rst, sys.getallocatedblocks; Objects/obmalloc.c. */
#include "call_cached.h"

#include <string.h>

#define ALLOCATED_BLOCKS_RULE                                                                      \
    "sys.getallocatedblocks(): Return the number of memory blocks currently allocated by the "     \
    "interpreter, regardless of their size. (under pymalloc and mimalloc, with or without the "    \
    "debug hooks: "

/* Leaves the case unless the run's object allocator is one whose blocks
 * sys.getallocatedblocks() counts. */
#define UNSUPPORTED_UNLESS_COUNTED(name)                                                           \
    do {                                                                                           \
        if (!(name) || (!strstr(name, "pymalloc") && !strstr(name, "mimalloc")))                   \
            CTS_UNSUPPORTED("sys.getallocatedblocks() counts pymalloc's or mimalloc's blocks; "    \
                            "this run's object allocator is %s",                                   \
                            (name) ? (name) : "not known");                                        \
    } while (0)

/* Leaves the case when every read is 0 with N blocks live: the docs allow
 * it ("If a Python build or implementation cannot reasonably compute this
 * information, getallocatedblocks() is allowed to return 0 instead."), and
 * CPython's builds without pymalloc (its ASan builds among them) return 0
 * under every allocator, mimalloc included (Objects/obmalloc.c). */
#define UNSUPPORTED_IF_NOT_COMPUTED(n, a, b, c, d)                                                 \
    do {                                                                                           \
        if ((a) == 0 && (b) == 0 && (c) == 0 && (d) == 0)                                          \
            CTS_UNSUPPORTED("sys.getallocatedblocks() returned 0 with %d blocks live: a build "    \
                            "that cannot reasonably compute it is allowed to return 0",            \
                            (n));                                                                  \
    } while (0)

CTS_CASE(allocated_blocks_counts_live_blocks,
         .id = "families.blocks.allocated_blocks_counts_live_blocks", .needs = CTS_NEED_OBJ_BUFFERS,
         .doc = ALLOCATED_BLOCKS_RULE "1000 live PyObject_Malloc blocks of 24 bytes raise it by "
                                      "1000 or more, and freeing them takes 1000 or more off)",
         .source = {.impl = "Objects/obmalloc.c (_Py_GetGlobalAllocatedBlocks)"})
{
    enum { N = 1000 };
    const char *name = cts_runtime_allocator_name();
    UNSUPPORTED_UNLESS_COUNTED(name);
    static void *blocks[N];
    /* two reads measure what a read itself moves the count by */
    Py_ssize_t a = allocated_blocks(), b = allocated_blocks();
    int failed = 0;
    for (int i = 0; i < N; i++)
        failed += (blocks[i] = PyObject_Malloc(24)) == NULL;
    Py_ssize_t c = allocated_blocks();
    for (int i = 0; i < N; i++)
        PyObject_Free(blocks[i]);
    Py_ssize_t d = allocated_blocks();
    CTS_REQUIRE(failed == 0, "%d of %d PyObject_Malloc(24) calls failed", failed, N);
    CTS_REQUIRE(a >= 0 && b >= 0 && c >= 0 && d >= 0, "sys.getallocatedblocks() failed");
    UNSUPPORTED_IF_NOT_COMPUTED(N, a, b, c, d);
    Py_ssize_t read = b - a;
    CTS_EXPECT(c - b - read >= N,
               "%s: %d live blocks raised sys.getallocatedblocks() by %zd (from %zd to %zd)", name,
               N, c - b - read, b, c);
    CTS_EXPECT(c - d + read >= N, "%s: freeing %d blocks took %zd off sys.getallocatedblocks()",
               name, N, c - d + read);
}

/* A thread with a thread state of its own allocates `blocks` and ends,
 * leaving them live. */
typedef struct thread_blocks {
    void **blocks;
    int n, failed;
} thread_blocks;

static void *allocate_in_own_thread_state(void *arg)
{
    thread_blocks *t = arg;
    PyGILState_STATE g = PyGILState_Ensure();
    for (int i = 0; i < t->n; i++)
        t->failed += (t->blocks[i] = PyObject_Malloc(24)) == NULL;
    PyGILState_Release(g);
    return NULL;
}

CTS_CASE(allocated_blocks_counts_other_threads_blocks,
         .id = "families.blocks.allocated_blocks_counts_other_threads_blocks",
         .needs = CTS_NEED_OBJ_BUFFERS,
         .doc = ALLOCATED_BLOCKS_RULE "1000 PyObject_Malloc blocks of 24 bytes that another "
                                      "thread of the interpreter allocated, and left live when it "
                                      "ended, raise it by 1000 or more, and freeing them takes "
                                      "1000 or more off)",
         .source = {.impl = "Objects/obmalloc.c (_Py_GetGlobalAllocatedBlocks)"})
{
    enum { N = 1000 };
    const char *name = cts_runtime_allocator_name();
    UNSUPPORTED_UNLESS_COUNTED(name);
    static void *blocks[N];
    thread_blocks t = {blocks, N, 0};
    pthread_t thread;
    Py_ssize_t a = allocated_blocks(), b = allocated_blocks();
    Py_BEGIN_ALLOW_THREADS;
    CTS_THREAD(&thread, allocate_in_own_thread_state, &t);
    pthread_join(thread, NULL);
    Py_END_ALLOW_THREADS;
    Py_ssize_t c = allocated_blocks();
    for (int i = 0; i < N; i++)
        PyObject_Free(blocks[i]);
    Py_ssize_t d = allocated_blocks();
    CTS_REQUIRE(t.failed == 0, "%d of %d PyObject_Malloc(24) calls of the thread failed", t.failed,
                N);
    CTS_REQUIRE(a >= 0 && b >= 0 && c >= 0 && d >= 0, "sys.getallocatedblocks() failed");
    UNSUPPORTED_IF_NOT_COMPUTED(N, a, b, c, d);
    Py_ssize_t read = b - a;
    CTS_EXPECT(c - b - read >= N,
               "%s: %d live blocks that an ended thread allocated raised "
               "sys.getallocatedblocks() by %zd (from %zd to %zd)",
               name, N, c - b - read, b, c);
    CTS_EXPECT(c - d + read >= N,
               "%s: freeing %d blocks that an ended thread allocated took %zd off "
               "sys.getallocatedblocks()",
               name, N, c - d + read);
}
