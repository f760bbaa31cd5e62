/* threads.c: PyTraceMalloc_Track/Untrack and RAW allocations
 * from threads that have no Python thread state, while tracing. Each thread
 * makes 500 distinct (domain, pointer) traces and removes them: enough that
 * the threads contend for the GIL that Track takes (PyGILState_Ensure) many
 * times over, while the case stays far under a second. A deadlock is a
 * TIMEOUT, reported with every thread's stack.
 * Source: Doc/library/tracemalloc.rst, "C API"; Doc/c-api/memory.rst. */
#include "gil_holder.h"
#include "progress.h"
#include "tracemalloc_support.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { THREADS = 4, PER_THREAD = 500 };

/* 3.6.15 races here: now and then (about one run in 15) a thread dies with
 * "Fatal Python error: This thread state must be current when releasing"
 * inside tracemalloc's PyGILState_Ensure/Release: an intermittent
 * expectation (tracemalloc.json) names both outcomes. */

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
        CTS_THREAD(&t[i], fn, &w[i]);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    PyEval_RestoreThread(ts);
}

CTS_CASE(track_without_thread_state, .id = "tracemalloc.threads.track_without_thread_state",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "PyTraceMalloc_Track: Track an allocated memory block in the tracemalloc module. "
                "(it takes the GIL itself, so a thread with no Python thread "
                "state may call it)",
         .source = {.quote = "Track an allocated memory block in the tracemalloc module.",
                    .page = "c-api/memory.html#c.PyTraceMalloc_Track",
                    .python = "3.15",
                    .impl = "Python/tracemalloc.c (Modules/_tracemalloc.c before 3.12)"})
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

#define RAW_ALLOCATIONS_WHILE_TRACING_SOURCE                                                       \
    {                                                                                              \
        .quote =                                                                                   \
            "These functions are thread-safe, so a thread state does not need to be attached.",    \
        .page = "c-api/memory.html#raw-memory-interface", .python = "3.15"                         \
    }

CTS_CASE(raw_allocations_while_tracing, .id = "tracemalloc.threads.raw_allocations_while_tracing",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "PyMem_RawMalloc: These functions are thread-safe, the GIL does not need to be "
                "held. (also while tracemalloc traces the RAW domain)",
         .source = RAW_ALLOCATIONS_WHILE_TRACING_SOURCE)
{
    work w[THREADS] = {{0}};
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    run_threads(raw_churn, w);
    for (int i = 0; i < THREADS; i++)
        CTS_EXPECT(w[i].bad_track == 0, "thread %d: %d PyMem_RawMalloc calls returned NULL", i,
                   w[i].bad_track);
}

/* While tracing, a RAW call from a thread with no thread state must still
 * not wait for the GIL: tracemalloc's RAW hook must not make it do so. */

CTS_CASE(raw_while_gil_holder_waits, .id = "tracemalloc.threads.raw_while_gil_holder_waits",
         .needs = CTS_NEED_TRACEMALLOC, .timeout = 10,
         .doc = "PyMem_RawMalloc: These functions are thread-safe, the GIL does not need to be "
                "held. (also while tracemalloc traces, and the thread that holds the GIL waits "
                "for the caller)",
         .source = RAW_ALLOCATIONS_WHILE_TRACING_SOURCE)
{
    int got = 0;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    int finished = gil_holder_waits_for(gil_holder_raw_malloc, &got, 2000);
    CTS_EXPECT(finished == 1,
               "while tracing, PyMem_RawMalloc(64) from a thread with no thread state blocked "
               "while this thread held the GIL and waited for it: tracemalloc's RAW hook waits "
               "for the GIL");
    CTS_EXPECT(got, "PyMem_RawMalloc(64) returned NULL");
}

/* Threads with no thread state call PyTraceMalloc_Track while tracing, and
 * are parked inside the call, waiting for the GIL the main thread holds,
 * while the main thread stops tracing; then they run. Each call must return
 * 0 (it traced before stop) or -2 (tracing is off), never crash, and leave
 * no trace behind. This is the sequence of gh-128679: before 3.13.2 (3.12.9
 * on the 3.12 line) Track took the GIL and then used the traceback buffer
 * that stop() had freed. Deterministic on a GIL build: the main thread
 * waits until every thread sleeps (state S in /proc) before it stops
 * tracing, with a C call that cannot hand the GIL over. */
typedef struct parked {
    unsigned domain;
    pid_t tid;           /* set by the thread just before its call */
    volatile int result; /* of PyTraceMalloc_Track, or 1 until it returns */
} parked;

static void *track_once(void *arg)
{
    parked *p = arg;
    p->tid = (pid_t)syscall(SYS_gettid);
    p->result = PyTraceMalloc_Track(p->domain, 0x30000, 64);
    return NULL;
}

/* Waits until each thread is done, or was once seen asleep inside its
 * call: parked on the GIL this thread holds, it stays there (a state, not a
 * time: its 5 ms waits wake it, and on a busy machine it may then wait long
 * for a CPU, so all are seldom asleep at one look). */
static void wait_until_parked(parked *p)
{
    int seen[THREADS] = {0};
    for (int ready = 0; ready < THREADS; usleep(1000)) {
        ready = 0;
        for (int i = 0; i < THREADS; i++) {
            seen[i] |= p[i].tid && cts_thread_asleep(getpid(), p[i].tid);
            ready += p[i].result != 1 || seen[i];
        }
    }
}

CTS_CASE(track_while_starting_and_stopping,
         .id = "tracemalloc.threads.track_while_starting_and_stopping",
         .needs = CTS_NEED_TRACEMALLOC, .timeout = 10,
         .doc = "PyTraceMalloc_Track: Return 0 on success, return -1 on error ... Return -2 if "
                "tracemalloc is disabled. (also for a call that waits for the GIL while another "
                "thread stops tracing)",
         .source = {.quote = "Return 0 on success, return -1 on error (failed to allocate memory "
                             "to store the trace). ... Return -2 if tracemalloc is disabled.",
                    .page = "c-api/memory.html#c.PyTraceMalloc_Track",
                    .python = "3.15",
                    .impl = "Python/tracemalloc.c (Modules/_tracemalloc.c before 3.12)",
                    .note = "the calls come from threads with no thread state, which the docs "
                            "do not promise Track accepts (tracemalloc.threads."
                            "track_without_thread_state): what they return is CPython's "
                            "behaviour, measured on 3.7 to 3.15"})
{
    parked p[THREADS];
    pthread_t t[THREADS];
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    PyObject *module = PyImport_ImportModule("tracemalloc");
    PyObject *stop = module ? PyObject_GetAttrString(module, "stop") : NULL;
    CTS_REQUIRE(stop != NULL, "tracemalloc.stop not found");
    for (int i = 0; i < THREADS; i++) {
        p[i] = (parked){.domain = 200 + (unsigned)i, .result = 1};
        CTS_THREAD(&t[i], track_once, &p[i]);
    }
    wait_until_parked(p);
    PyObject *r = PyObject_CallObject(stop, NULL); /* a C call: keeps the GIL */
    int stopped = r != NULL;
    Py_XDECREF(r);
    PyErr_Clear();
    PyThreadState *ts = PyEval_SaveThread(); /* now the parked calls go on */
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    PyEval_RestoreThread(ts);
    Py_DECREF(stop);
    Py_DECREF(module);
    CTS_EXPECT(stopped, "tracemalloc.stop() failed while threads waited in PyTraceMalloc_Track");
    for (int i = 0; i < THREADS; i++)
        CTS_EXPECT(p[i].result == 0 || p[i].result == -2,
                   "thread %d: PyTraceMalloc_Track(%u, ...) returned %d, neither 0 nor -2", i,
                   p[i].domain, p[i].result);
    long count;
    long long size;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed after stop()");
    for (int i = 0; i < THREADS; i++) {
        CTS_REQUIRE(tm_domain_traces(p[i].domain, &count, &size) == 0, "snapshot failed");
        CTS_EXPECT(count == 0, "domain %u has %ld traces after tracing was stopped and started",
                   p[i].domain, count);
    }
}
