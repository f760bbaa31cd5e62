/* tracemalloc_threads.c: PyTraceMalloc_Track/Untrack and RAW allocations
 * from threads that have no Python thread state, while tracing. Each thread
 * makes 500 distinct (domain, pointer) traces and removes them: enough that
 * the threads contend for the GIL that Track takes (PyGILState_Ensure) many
 * times over, while the case stays far under a second. A deadlock is a
 * TIMEOUT, reported with every thread's stack.
 * Source: Doc/library/tracemalloc.rst, "C API"; Doc/c-api/memory.rst. */
#include "tracemalloc_support.h"

#include <pthread.h>
#include <stdint.h>

enum { THREADS = 4, PER_THREAD = 500 };

/* 3.6.15 races here: now and then (about one run in 15) a thread dies with
 * "Fatal Python error: This thread state must be current when releasing"
 * inside tracemalloc's PyGILState_Ensure/Release. A result that comes and
 * goes cannot be an expected failure, so the cases start at 3.7. */
#define FROM_37                                                                                    \
    .since = 0x03070000,                                                                           \
    .why_version = "3.6's tracemalloc races with PyGILState in threads without a thread state: "   \
                   "intermittent 'Fatal Python error: This thread state must be current when "     \
                   "releasing' (docs/findings.md)"

typedef struct work {
    unsigned domain;
    int bad_track, bad_untrack; /* calls that did not return 0 */
} work;

static void *track_untrack(void *arg)
{
    work *w = arg;
    for (int i = 0; i < PER_THREAD; i++)
        w->bad_track += PyTraceMalloc_Track(w->domain, 0x10000 + (uintptr_t)i * 16, 32) != 0;
    for (int i = 0; i < PER_THREAD; i++)
        w->bad_untrack += PyTraceMalloc_Untrack(w->domain, 0x10000 + (uintptr_t)i * 16) != 0;
    return NULL;
}

static void *raw_churn(void *arg)
{
    work *w = arg;
    for (int i = 0; i < PER_THREAD; i++) {
        void *p = PyMem_RawMalloc((size_t)(i % 300) + 1);
        w->bad_track += p == NULL;
        PyMem_RawFree(p);
    }
    return NULL;
}

static void run_threads(void *(*fn)(void *), work *w)
{
    pthread_t t[THREADS];
    PyThreadState *ts = PyEval_SaveThread();
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, fn, &w[i]);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    PyEval_RestoreThread(ts);
}

CTS_CASE(threads_track, .id = "tracemalloc.threads.track_without_thread_state",
         .needs = CTS_NEED_TRACEMALLOC, FROM_37,
         .doc = "PyTraceMalloc_Track: Track an allocated memory block in the tracemalloc module. "
                "(implementation: it takes the GIL itself, so a thread with no Python thread "
                "state may call it)")
{
    work w[THREADS] = {{0}};
    for (int i = 0; i < THREADS; i++)
        w[i].domain = 100 + (unsigned)i;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    run_threads(track_untrack, w);
    for (int i = 0; i < THREADS; i++) {
        long count;
        long long size;
        CTS_EXPECT(w[i].bad_track == 0 && w[i].bad_untrack == 0,
                   "thread %d: %d Track and %d Untrack calls did not return 0", i, w[i].bad_track,
                   w[i].bad_untrack);
        CTS_REQUIRE(tm_domain_traces(w[i].domain, &count, &size) == 0, "snapshot failed");
        CTS_EXPECT(count == 0, "domain %u keeps %ld traces after every Untrack", w[i].domain,
                   count);
    }
}

CTS_CASE(threads_raw, .id = "tracemalloc.threads.raw_allocations_while_tracing",
         .needs = CTS_NEED_TRACEMALLOC, FROM_37,
         .doc = "PyMem_RawMalloc: These functions are thread-safe, the GIL does not need to be "
                "held. (also while tracemalloc traces the RAW domain)")
{
    work w[THREADS] = {{0}};
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    run_threads(raw_churn, w);
    for (int i = 0; i < THREADS; i++)
        CTS_EXPECT(w[i].bad_track == 0, "thread %d: %d PyMem_RawMalloc calls returned NULL", i,
                   w[i].bad_track);
}

/* Threads with no thread state track and untrack while the main thread
 * starts and stops tracing 40 times: every call must return 0 (tracing) or
 * -2 (not tracing) and nothing may crash or hang. Before 3.13.2 this raced
 * (gh-128679: Track could use the tables while stop() freed them), so the
 * case starts there. */
static volatile int racing;

static void *track_while_racing(void *arg)
{
    work *w = arg;
    for (uintptr_t i = 0; racing; i = (i + 1) % 256) {
        int t = PyTraceMalloc_Track(w->domain, 0x20000 + i * 16, 48);
        int u = PyTraceMalloc_Untrack(w->domain, 0x20000 + i * 16);
        w->bad_track += t != 0 && t != -2;
        w->bad_untrack += u != 0 && u != -2;
    }
    return NULL;
}

CTS_CASE(threads_start_stop, .id = "tracemalloc.threads.track_while_starting_and_stopping",
         .needs = CTS_NEED_TRACEMALLOC, .since = 0x030D02F0, .timeout = 10,
         .why_version = "before 3.13.2 Track could race with tracemalloc.stop() (gh-128679)",
         .doc = "PyTraceMalloc_Track: Return 0 on success, return -1 on error ... Return -2 if "
                "tracemalloc is disabled. (also while another thread starts and stops tracing)")
{
    work w[THREADS] = {{0}};
    pthread_t t[THREADS];
    racing = 1;
    for (int i = 0; i < THREADS; i++) {
        w[i].domain = 200 + (unsigned)i;
        pthread_create(&t[i], NULL, track_while_racing, &w[i]);
    }
    int failed = 0;
    for (int round = 0; round < 40 && !failed; round++)
        failed = tm_start() != 0 || tm_stop() != 0;
    racing = 0;
    PyThreadState *ts = PyEval_SaveThread(); /* let the threads finish their calls */
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    PyEval_RestoreThread(ts);
    CTS_EXPECT(!failed, "tracemalloc.start()/stop() failed while threads were tracking");
    for (int i = 0; i < THREADS; i++)
        CTS_EXPECT(w[i].bad_track == 0 && w[i].bad_untrack == 0,
                   "thread %d: %d Track and %d Untrack calls returned neither 0 nor -2", i,
                   w[i].bad_track, w[i].bad_untrack);
}
