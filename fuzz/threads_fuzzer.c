/* threads_fuzzer.c: input-chosen schedules of calls made without the GIL
 * (PyMem_Raw* and PyTraceMalloc_Track/Untrack from threads that have no
 * thread state) while the main thread starts and stops tracemalloc.
 *
 * Input: a worker count byte (1..4); per worker an op count byte (0..32) and
 * its ops: op byte, slot byte, size (fuzz_size) and tag byte. Ops: RAW
 * malloc, calloc, realloc, free; Track / Untrack of the slot's block in
 * domain 1..4; yield. Then a toggle count (0..4) and a delay byte per toggle:
 * the main thread waits delay x 20 us, takes the GIL, starts or stops
 * tracemalloc, and lets it go. Every thread is joined before the input ends;
 * tracing is stopped and every block freed.
 * Invariants:
 *   - each worker's blocks keep their bytes (a shadow heap per worker);
 *   - Track and Untrack return 0 or -2; 0 when tracing was on for the whole
 *     call, -2 when it was off for the whole call (an epoch counter tells);
 *   - an input finishes: a watchdog aborts with the threads still running
 *     after PYMEM_CTS_FUZZ_WATCHDOG seconds (default 10), so a deadlock is a
 *     crash with a reproducer, not a hung fuzzer.
 * Versions: before 3.13.2 Track could race with stop() (gh-128679), so there
 * the toggles run before the workers start; on 3.6, whose tracemalloc races
 * with PyGILState in such threads, the Track/Untrack ops are skipped.
 * Planted bug (PYMEM_CTS_FUZZ_PLANT=1): the yield op of workers 0 and 1 takes
 * two locks in opposite orders, a deadlock the watchdog must report; its
 * detection time is the time to find such an input plus the watchdog's. */
#include "cts.h"

#include "boot.h"
#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "shadow.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 4
#define MAX_OPS 32
#define MAX_TOGGLES 4

enum { OP_MALLOC, OP_CALLOC, OP_REALLOC, OP_FREE, OP_TRACK, OP_UNTRACK, OP_YIELD, N_OPS };
enum { PHASE_OFF, PHASE_STARTING, PHASE_ON, PHASE_STOPPING }; /* phase = epoch * 4 + state */

typedef struct op {
    uint8_t code, slot, tag;
    size_t size;
} op;

typedef struct worker {
    int id, n_ops;
    op ops[MAX_OPS];
    shadow_heap heap;
    atomic_int done;
} worker;

static struct {
    PyObject *start, *stop;
    int track_ok, racy; /* by version, see the top comment */
    atomic_int phase;
    int n_workers, n_toggles;
    unsigned delay_us[MAX_TOGGLES];
    worker workers[MAX_WORKERS];
    atomic_long input_started; /* seconds since the epoch, 0 between inputs */
    int watchdog_seconds;
    pthread_mutex_t planted_a, planted_b;
} st = {.planted_a = PTHREAD_MUTEX_INITIALIZER, .planted_b = PTHREAD_MUTEX_INITIALIZER};

/* --- the watchdog -------------------------------------------------------- */

static void *watchdog(void *arg)
{
    (void)arg;
    for (;;) {
        sleep(1);
        long started = atomic_load(&st.input_started);
        if (!started || time(NULL) - started < st.watchdog_seconds)
            continue;
        char running[64] = "";
        for (int i = 0; i < st.n_workers; i++)
            if (!atomic_load(&st.workers[i].done))
                snprintf(running + strlen(running), sizeof running - strlen(running), " %d", i);
        fprintf(stderr,
                "fuzz invariant broken in threads_fuzzer's watchdog: input did not finish in %d s: "
                "deadlock (workers still running:%s%s)\n",
                st.watchdog_seconds, running, *running ? "" : " none; the main thread is stuck");
        abort();
    }
    return NULL;
}

/* --- workers ------------------------------------------------------------- */

static void check_code(const char *api, int before, int rc, int after, const shadow_block *b,
                       unsigned domain)
{
    FUZZ_CHECK(rc == 0 || rc == -2, "%s(%u, %p) from a thread without a thread state returned %d",
               api, domain, b->ptr, rc);
    if (before != after)
        return; /* tracing changed during the call: either result is right */
    if ((before & 3) == PHASE_ON)
        FUZZ_CHECK(rc == 0, "%s(%u, %p) returned %d while tracing was on throughout", api, domain,
                   b->ptr, rc);
    if ((before & 3) == PHASE_OFF)
        FUZZ_CHECK(rc == -2, "%s(%u, %p) returned %d while tracing was off throughout", api, domain,
                   b->ptr, rc);
}

static void planted_deadlock(const worker *w)
{
    if (!fuzz_planted() || w->id > 1)
        return;
    pthread_mutex_t *first = w->id ? &st.planted_b : &st.planted_a;
    pthread_mutex_t *second = w->id ? &st.planted_a : &st.planted_b;
    pthread_mutex_lock(first);
    usleep(20000);
    pthread_mutex_lock(second);
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
}

static void run_worker_op(worker *w, const op *o)
{
    shadow_block *b = &w->heap.slot[o->slot % SHADOW_SLOTS];
    unsigned domain = 1 + o->tag % 4;
    int code = o->code % N_OPS;
    if ((code == OP_TRACK || code == OP_UNTRACK) && (!st.track_ok || !b->ptr))
        return;
    int before = atomic_load(&st.phase), rc;
    switch (code) {
    case OP_MALLOC:
    case OP_CALLOC:
        if (b->ptr) {
            shadow_expect_intact(b, b->size, "a worker's other operations");
            PyMem_RawFree(b->ptr);
        }
        b->ptr = code == OP_MALLOC ? PyMem_RawMalloc(o->size) : PyMem_RawCalloc(1, o->size);
        shadow_expect_fresh(&w->heap, b->ptr, o->size, (int)(b - w->heap.slot),
                            "PyMem_Raw*alloc without the GIL");
        if (code == OP_CALLOC)
            shadow_expect_zero(b->ptr, o->size, "PyMem_RawCalloc without the GIL");
        b->size = o->size;
        shadow_fill(b, o->tag);
        break;
    case OP_REALLOC: {
        void *p = PyMem_RawRealloc(b->ptr, o->size);
        shadow_expect_fresh(&w->heap, p, o->size, (int)(b - w->heap.slot),
                            "PyMem_RawRealloc without the GIL");
        size_t kept = b->ptr ? (b->size < o->size ? b->size : o->size) : 0;
        b->ptr = p;
        b->size = o->size;
        shadow_expect_intact(b, kept, "PyMem_RawRealloc without the GIL");
        shadow_fill(b, o->tag);
        break;
    }
    case OP_FREE:
        if (b->ptr) {
            shadow_expect_intact(b, b->size, "a worker's other operations");
            PyMem_RawFree(b->ptr);
            b->ptr = NULL;
        }
        break;
    case OP_TRACK:
        rc = PyTraceMalloc_Track(domain, (uintptr_t)b->ptr, b->size);
        check_code("PyTraceMalloc_Track", before, rc, atomic_load(&st.phase), b, domain);
        break;
    case OP_UNTRACK:
        rc = PyTraceMalloc_Untrack(domain, (uintptr_t)b->ptr);
        check_code("PyTraceMalloc_Untrack", before, rc, atomic_load(&st.phase), b, domain);
        break;
    case OP_YIELD:
        planted_deadlock(w);
        sched_yield();
        break;
    }
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < w->n_ops; i++)
        run_worker_op(w, &w->ops[i]);
    for (int i = 0; i < SHADOW_SLOTS; i++) {
        shadow_block *b = &w->heap.slot[i];
        if (b->ptr) {
            shadow_expect_intact(b, b->size, "the worker's last operation");
            PyMem_RawFree(b->ptr);
            b->ptr = NULL;
        }
    }
    atomic_store(&w->done, 1);
    return NULL;
}

/* --- the main thread ----------------------------------------------------- */

static void toggle(void)
{
    int phase = atomic_load(&st.phase), on = (phase & 3) == PHASE_ON;
    int epoch = phase >> 2;
    atomic_store(&st.phase, epoch << 2 | (on ? PHASE_STOPPING : PHASE_STARTING));
    PyObject *r = PyObject_CallObject(on ? st.stop : st.start, NULL);
    FUZZ_CHECK(r != NULL, "tracemalloc.%s() raised", on ? "stop" : "start");
    Py_DECREF(r);
    atomic_store(&st.phase, (epoch + 1) << 2 | (on ? PHASE_OFF : PHASE_ON));
}

static void decode(fuzz_input *in)
{
    st.n_workers = 1 + fuzz_byte(in) % MAX_WORKERS;
    for (int i = 0; i < st.n_workers; i++) {
        worker *w = &st.workers[i];
        memset(w, 0, sizeof *w);
        w->id = i;
        w->n_ops = (int)fuzz_range(in, 0, MAX_OPS);
        for (int k = 0; k < w->n_ops; k++) {
            op *o = &w->ops[k];
            o->code = fuzz_byte(in);
            o->slot = fuzz_byte(in);
            o->size = fuzz_size(in);
            o->tag = fuzz_byte(in);
        }
    }
    st.n_toggles = fuzz_byte(in) % (MAX_TOGGLES + 1);
    for (int i = 0; i < st.n_toggles; i++)
        st.delay_us[i] = 20u * fuzz_byte(in);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_boot("threads_fuzzer");
    unsigned long v = cts_runtime_version();
    st.track_ok = v >= 0x03070000;
    st.racy = v >= 0x030D02F0;
    if (!st.track_ok)
        fprintf(stderr, "threads_fuzzer: Track/Untrack ops skipped: before 3.7 tracemalloc races "
                        "with PyGILState in threads without a thread state\n");
    else if (!st.racy)
        fprintf(stderr, "threads_fuzzer: tracemalloc toggles run before the workers: before "
                        "3.13.2 Track could race with stop() (gh-128679)\n");
    PyObject *m = PyImport_ImportModule("_tracemalloc");
    st.start = m ? PyObject_GetAttrString(m, "start") : NULL;
    st.stop = m ? PyObject_GetAttrString(m, "stop") : NULL;
    Py_XDECREF(m);
    if (!st.start || !st.stop) {
        fprintf(stderr, "fuzz threads_fuzzer: cannot find _tracemalloc.start/stop\n");
        exit(2);
    }
    const char *s = getenv("PYMEM_CTS_FUZZ_WATCHDOG");
    st.watchdog_seconds = s && atoi(s) > 0 ? atoi(s) : 10;
    pthread_t t;
    FUZZ_CHECK(pthread_create(&t, NULL, watchdog, NULL) == 0, "cannot start the watchdog");
    pthread_detach(t);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_input_of(data, size);
    decode(&in);
    atomic_store(&st.input_started, (long)time(NULL));
    if (!st.racy)
        for (int i = 0; i < st.n_toggles; i++)
            toggle();
    PyThreadState *ts = PyEval_SaveThread();
    pthread_t threads[MAX_WORKERS];
    for (int i = 0; i < st.n_workers; i++)
        FUZZ_CHECK(pthread_create(&threads[i], NULL, run_worker, &st.workers[i]) == 0,
                   "cannot start worker %d", i);
    for (int i = 0; st.racy && i < st.n_toggles; i++) {
        usleep(st.delay_us[i]);
        PyEval_RestoreThread(ts);
        toggle();
        ts = PyEval_SaveThread();
    }
    for (int i = 0; i < st.n_workers; i++)
        pthread_join(threads[i], NULL);
    PyEval_RestoreThread(ts);
    if ((atomic_load(&st.phase) & 3) == PHASE_ON)
        toggle();
    atomic_store(&st.input_started, 0);
    return 0;
}
