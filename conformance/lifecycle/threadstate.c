/* threadstate.c: a thread state's memory (3.11+). A thread with no thread
 * state makes one with PyThreadState_New(), runs a Python recursion deep
 * enough to need more than one chunk of the frames' data stack, twice,
 * then clears and deletes it. CPython takes those chunks from the arena
 * allocator (PyObject_SetArenaAllocator(), wrapped here by a spy that tells
 * them from pymalloc's arenas by their size): each must come back, with the
 * size it was taken with, by the time the thread state is deleted.
 * Source: Doc/c-api/init.rst (PyThreadState_New, _Clear, _Delete);
 * Doc/c-api/memory.rst (PyObjectArenaAllocator); Python/pystate.c. */
#include "cts.h"

#include <pthread.h>

enum { CHUNKS_MAX = 256, DEPTH = 600 };

/* The chunks the arena allocator handed out that are not pymalloc arenas. */
static struct {
    PyObjectArenaAllocator below;
    size_t arena_size; /* pymalloc's, passed through uncounted */
    void *ptr[CHUNKS_MAX];
    size_t size[CHUNKS_MAX];
    long taken, given_back, live, wrong_size, unknown;
} chunks;

static void *chunk_alloc(void *ctx, size_t size)
{
    (void)ctx;
    void *p = chunks.below.alloc(chunks.below.ctx, size);
    if (!p || size == chunks.arena_size)
        return p;
    for (int i = 0; i < CHUNKS_MAX; i++) {
        if (!chunks.ptr[i]) {
            chunks.ptr[i] = p, chunks.size[i] = size;
            chunks.taken++, chunks.live++;
            break;
        }
    }
    return p;
}

static void chunk_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (ptr && size != chunks.arena_size) {
        int i = 0;
        while (i < CHUNKS_MAX && chunks.ptr[i] != ptr)
            i++;
        if (i == CHUNKS_MAX) {
            chunks.unknown++;
        } else {
            chunks.wrong_size += chunks.size[i] != size;
            chunks.ptr[i] = NULL;
            chunks.given_back++, chunks.live--;
        }
    }
    chunks.below.free(chunks.below.ctx, ptr, size);
}

static PyInterpreterState *interp;
static long live_before_delete, recursion_failures;

static const char recursion[] = "def down(n):\n"
                                "    return 0 if n == 0 else 1 + down(n - 1)\n"
                                "assert down(600) == 600\n"
                                "assert down(600) == 600\n";

/* The thread: its own thread state, the recursion, then clear and delete. */
static void *run_in_new_thread_state(void *arg)
{
    (void)arg;
    PyThreadState *ts = PyThreadState_New(interp);
    PyEval_RestoreThread(ts);
    recursion_failures = PyRun_SimpleString(recursion) != 0;
    live_before_delete = chunks.live;
    PyThreadState_Clear(ts);
    PyEval_SaveThread();
    PyThreadState_Delete(ts);
    return NULL;
}

CTS_CASE(data_stack_given_back, .id = "lifecycle.threadstate.data_stack_given_back",
         .since = 0x030B0000, .why_version = "the frames' data stack is new in 3.11",
         .doc = "a thread state made with PyThreadState_New() whose thread recursed 600 calls deep "
                "gives back, by PyThreadState_Clear() and PyThreadState_Delete(), every data-stack "
                "chunk CPython took for it from the arena allocator, each with its size",
         .source = {.quote = "Reset all information in a thread state object. ... "
                             "[c-api/threads.html#c.PyThreadState_Delete] Destroy a thread "
                             "state object.",
                    .page = "c-api/threads.html#c.PyThreadState_Clear",
                    .python = "3.15",
                    .impl = "Python/pystate.c",
                    .note = "that the frames' data stack comes from the arena allocator "
                            "(_PyObject_VirtualAlloc) is CPython's behaviour, 3.11 to 3.15"})
{
    chunks.arena_size = cts_arena_size(cts_python_version(cts));
    PyObject_GetArenaAllocator(&chunks.below);
    PyObjectArenaAllocator spy = {NULL, chunk_alloc, chunk_free};
    PyObject_SetArenaAllocator(&spy);
    interp = PyThreadState_Get()->interp;
    pthread_t thread;
    Py_BEGIN_ALLOW_THREADS CTS_THREAD(&thread, run_in_new_thread_state, NULL);
    pthread_join(thread, NULL);
    Py_END_ALLOW_THREADS PyObject_SetArenaAllocator(&chunks.below);
    CTS_REQUIRE(recursion_failures == 0, "the recursion failed in the new thread state");
    CTS_EXPECT(chunks.taken >= 2 && live_before_delete >= 1,
               "a recursion %d deep took %ld data-stack chunks (%ld live before clearing), "
               "expected at least 2",
               DEPTH, chunks.taken, live_before_delete);
    CTS_EXPECT(chunks.live == 0 && chunks.unknown == 0 && chunks.wrong_size == 0,
               "after PyThreadState_Clear() and _Delete(): %ld of %ld chunks not given back, %ld "
               "frees of chunks never taken, %ld with another size",
               chunks.live, chunks.taken, chunks.unknown, chunks.wrong_size);
}
