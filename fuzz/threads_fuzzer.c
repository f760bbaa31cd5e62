/* threads_fuzzer.c: input-chosen schedules of calls made without the GIL.
 * 1 to 4 worker threads that have no Python thread state call PyMem_Raw*
 * ("can be called without the GIL") and PyTraceMalloc_Track/Untrack, and
 * hand blocks to each other, while the main thread starts and stops
 * tracemalloc.
 *
 * Input: a worker count byte (1 + b % 4); per worker an op count byte
 * (0..32) and its ops, each an op byte (b % 8), a slot byte, a size
 * (fuzz_size) and a tag byte; then a toggle count byte (b % 5) and a delay
 * byte per toggle. Ops, on the worker's own slots:
 *   0 RawMalloc, 1 RawCalloc: a new block of the size (the slot's old one
 *     is freed first); 2 RawRealloc to the size; 3 RawFree;
 *   4 Track, 5 Untrack: the slot's block, in domain 1 + tag % 4;
 *   6 yield;
 *   7 hand the slot's block to the next worker's mailbox (8 blocks; when it
 *     is full the block stays); that worker frees it before its next op (a
 *     cross-thread free), or the main thread does once every worker is done.
 * The workers start together. The main thread holds the GIL between inputs;
 * it lets it go while the workers run, and per toggle waits delay x 10 us,
 * takes the GIL, starts or stops tracemalloc (alternately, from off) and
 * lets the GIL go again. Every thread is joined before the input ends;
 * tracing is stopped and every block freed, mailboxes included.
 * Invariants:
 *   - each worker's blocks keep their bytes, calloc's bytes are zero,
 *     realloc keeps min(old, new) bytes (a shadow heap per worker, so the
 *     model needs no lock); a handed block arrives intact;
 *   - Track and Untrack return 0 or -2, and 0 when tracing was on for the
 *     whole call, -2 when it was off for the whole call: the main thread
 *     publishes an epoch and a state (STARTING, ON, STOPPING, OFF) around
 *     start() and stop(); a worker reads it before and after its call, and
 *     when both reads agree the state decides the code;
 *   - every input finishes: the watchdog (support/watchdog.c) aborts an
 *     input that runs longer than PYMEM_CTS_FUZZ_WATCHDOG seconds (default
 *     10), naming the threads still running, so that a deadlock is a crash
 *     with a reproducer, not a hung fuzzer.
 * Races outside the contract, avoided by default: a toggle waits for the
 * workers' calls in flight (a read-write lock), so toggles fall between any
 * two calls of the schedule but never inside one, because calls that
 * overlap start() or stop() crash on every version (gh-131566, gh-128679).
 * PYMEM_CTS_FUZZ_OVERLAP=1 lets calls overlap the toggles, to study these
 * races; the epoch check above then also meets calls that a toggle spans.
 * On 3.6, where tracemalloc races with PyGILState in threads without a
 * thread state, the Track and Untrack ops are decoded but skipped (and
 * counted), and while tracing is on the workers' calls take turns. The
 * races, measured, are in docs/findings.md ("Found by the fuzz targets").
 * Planted bug (PYMEM_CTS_FUZZ_PLANT=1): in an input with 2 or more workers
 * whose worker 0 has a yield op, worker 0 (at that op) and worker 1 (before
 * its first op) take two locks in opposite orders, and meet in between so
 * that the deadlock is certain. The watchdog must report it: the detection
 * time is the time to find such an input plus the watchdog's timeout. */
#include "runtime.h"

#include "boot.h"
#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "shadow.h"
#include "watchdog.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 4
#define MAX_OPS 32
#define MAX_TOGGLES 4
#define MAILBOX_SIZE 8

enum { OP_MALLOC, OP_CALLOC, OP_REALLOC, OP_FREE, OP_TRACK, OP_UNTRACK, OP_YIELD, OP_HAND, N_OPS };

/* Tracing as the main thread announces it: epoch << 2 | state. Every
 * announcement is a new value, so two equal reads bracket no change. */
enum { OFF, STARTING, ON, STOPPING };

/* Where the main thread is, for the watchdog's report. */
enum { MAIN_WAITING, MAIN_STARTING, MAIN_STOPPING, MAIN_JOINING, MAIN_CLEANING };
static const char *const main_at_name[] = {"waiting to toggle tracing", "in tracemalloc.start()",
                                           "in tracemalloc.stop()", "joining the workers",
                                           "freeing what is left"};

typedef struct op {
    uint8_t code, slot, tag;
    size_t size;
} op;

typedef struct mailbox {
    pthread_mutex_t lock;
    int n;
    shadow_block block[MAILBOX_SIZE];
} mailbox;

typedef struct worker {
    int id, n_ops;
    op ops[MAX_OPS];
    shadow_heap heap;
    atomic_int running;
} worker;

static struct {
    PyObject *start, *stop;
    int track_ok;   /* 3.7+: Track/Untrack run (see the top comment) */
    int guarded;    /* toggles wait for calls in flight (not PYMEM_CTS_FUZZ_OVERLAP=1) */
    int take_turns; /* 3.6: while tracing, one call at a time */
    pthread_rwlock_t calls;
    pthread_mutex_t turn;
    atomic_uint tracing; /* epoch << 2 | state */
    atomic_int main_at;
    atomic_long skipped; /* Track/Untrack ops skipped on 3.6 */
    int n_workers, n_toggles;
    unsigned delay_us[MAX_TOGGLES];
    worker workers[MAX_WORKERS];
    mailbox inbox[MAX_WORKERS];
    pthread_barrier_t go;
    int planted; /* this input plants the deadlock */
    pthread_mutex_t planted_a, planted_b;
    pthread_barrier_t planted_meet;
} st;

/* --- the watchdog's report ---------------------------------------------- */

static void report_deadlock(int seconds)
{
    char running[128] = "";
    for (int i = 0; i < st.n_workers; i++)
        if (atomic_load(&st.workers[i].running))
            snprintf(running + strlen(running), sizeof running - strlen(running), "worker %d, ", i);
    FUZZ_CHECK(0,
               "threads_fuzzer: input did not finish in %d s: deadlock (threads still running: "
               "%smain thread %s)",
               seconds, running, main_at_name[atomic_load(&st.main_at)]);
}

/* --- workers ------------------------------------------------------------- */

/* Brackets every call a worker makes into Python (see "Races outside the
 * contract" in the top comment); returns what call_end() needs. */
static int call_begin(void)
{
    if (!st.guarded)
        return 0;
    pthread_rwlock_rdlock(&st.calls);
    int turn = st.take_turns && (atomic_load(&st.tracing) & 3) == ON;
    if (turn)
        pthread_mutex_lock(&st.turn);
    return turn;
}

static void call_end(int turn)
{
    if (turn)
        pthread_mutex_unlock(&st.turn);
    if (st.guarded)
        pthread_rwlock_unlock(&st.calls);
}

static void raw_free(const shadow_block *b, const char *after)
{
    shadow_expect_intact(b, b->size, after);
    int turn = call_begin();
    PyMem_RawFree(b->ptr);
    call_end(turn);
}

static void check_code(const char *api, unsigned before, int rc, unsigned after,
                       const shadow_block *b, unsigned domain)
{
    FUZZ_CHECK(rc == 0 || rc == -2, "%s(%u, %p) from a thread without a thread state returned %d",
               api, domain, b->ptr, rc);
    if (before != after)
        return; /* tracing changed during the call: either result is right */
    if ((before & 3) == ON)
        FUZZ_CHECK(rc == 0, "%s(%u, %p) returned %d while tracing was on throughout", api, domain,
                   b->ptr, rc);
    if ((before & 3) == OFF)
        FUZZ_CHECK(rc == -2, "%s(%u, %p) returned %d while tracing was off throughout", api, domain,
                   b->ptr, rc);
}

static void track(const op *o, const shadow_block *b)
{
    unsigned domain = 1 + o->tag % 4;
    int untrack = o->code % N_OPS == OP_UNTRACK;
    if (!st.track_ok) {
        atomic_fetch_add(&st.skipped, 1);
        return;
    }
    if (!b->ptr)
        return;
    int turn = call_begin();
    unsigned before = atomic_load(&st.tracing);
    int rc = untrack ? PyTraceMalloc_Untrack(domain, (uintptr_t)b->ptr)
                     : PyTraceMalloc_Track(domain, (uintptr_t)b->ptr, b->size);
    unsigned after = atomic_load(&st.tracing);
    call_end(turn);
    check_code(untrack ? "PyTraceMalloc_Untrack" : "PyTraceMalloc_Track", before, rc, after, b,
               domain);
}

/* The blocks other workers handed to this one: each freed here. */
static void receive(const worker *w)
{
    mailbox *m = &st.inbox[w->id];
    shadow_block got[MAILBOX_SIZE];
    pthread_mutex_lock(&m->lock);
    int n = m->n;
    memcpy(got, m->block, (size_t)n * sizeof *got);
    m->n = 0;
    pthread_mutex_unlock(&m->lock);
    for (int i = 0; i < n; i++)
        raw_free(&got[i], "the hand-over to another thread");
}

static void hand_over(const worker *w, shadow_block *b)
{
    if (!b->ptr)
        return;
    shadow_expect_intact(b, b->size, "a worker's other operations");
    mailbox *m = &st.inbox[(w->id + 1) % st.n_workers];
    pthread_mutex_lock(&m->lock);
    if (m->n < MAILBOX_SIZE) {
        m->block[m->n++] = *b;
        b->ptr = NULL;
    }
    pthread_mutex_unlock(&m->lock);
}

static void planted_deadlock(int id)
{
    pthread_mutex_t *first = id ? &st.planted_b : &st.planted_a;
    pthread_mutex_t *second = id ? &st.planted_a : &st.planted_b;
    pthread_mutex_lock(first);
    pthread_barrier_wait(&st.planted_meet); /* both hold their first lock */
    usleep(1000);
    pthread_mutex_lock(second);
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
}

static void raw_alloc(worker *w, const op *o, shadow_block *b)
{
    int zeroed = o->code % N_OPS == OP_CALLOC;
    if (b->ptr)
        raw_free(b, "a worker's other operations");
    int turn = call_begin();
    b->ptr = zeroed ? PyMem_RawCalloc(1, o->size) : PyMem_RawMalloc(o->size);
    call_end(turn);
    shadow_expect_fresh(&w->heap, b->ptr, o->size, (int)(b - w->heap.slot),
                        zeroed ? "PyMem_RawCalloc without the GIL"
                               : "PyMem_RawMalloc without the GIL");
    if (zeroed)
        shadow_expect_zero(b->ptr, o->size, "PyMem_RawCalloc without the GIL");
    b->size = o->size;
    shadow_fill(b, o->tag);
}

static void raw_realloc(worker *w, const op *o, shadow_block *b)
{
    if (b->ptr)
        shadow_expect_intact(b, b->size, "a worker's other operations");
    int turn = call_begin();
    void *p = PyMem_RawRealloc(b->ptr, o->size);
    call_end(turn);
    shadow_expect_resized(&w->heap, b, p, o->size, o->tag, "PyMem_RawRealloc without the GIL");
}

static void run_worker_op(worker *w, const op *o)
{
    shadow_block *b = &w->heap.slot[o->slot % SHADOW_SLOTS];
    switch (o->code % N_OPS) {
    case OP_MALLOC:
    case OP_CALLOC: raw_alloc(w, o, b); break;
    case OP_REALLOC: raw_realloc(w, o, b); break;
    case OP_FREE:
        if (b->ptr) {
            raw_free(b, "a worker's other operations");
            b->ptr = NULL;
        }
        break;
    case OP_TRACK:
    case OP_UNTRACK: track(o, b); break;
    case OP_YIELD:
        if (st.planted && w->id == 0)
            planted_deadlock(0);
        sched_yield();
        break;
    case OP_HAND: hand_over(w, b); break;
    }
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    pthread_barrier_wait(&st.go);
    if (st.planted && w->id == 1)
        planted_deadlock(1);
    for (int i = 0; i < w->n_ops; i++) {
        receive(w);
        run_worker_op(w, &w->ops[i]);
    }
    receive(w);
    for (int i = 0; i < SHADOW_SLOTS; i++) {
        shadow_block *b = &w->heap.slot[i];
        if (b->ptr) {
            raw_free(b, "the worker's last operation");
            b->ptr = NULL;
        }
    }
    atomic_store(&w->running, 0);
    return NULL;
}

/* --- the main thread ----------------------------------------------------- */

/* Starts tracing if it is off, stops it if it is on; the GIL is held. */
static void toggle(void)
{
    unsigned now = atomic_load(&st.tracing), epoch = now >> 2;
    int on = (now & 3) == ON;
    atomic_store(&st.main_at, on ? MAIN_STOPPING : MAIN_STARTING);
    atomic_store(&st.tracing, epoch << 2 | (on ? STOPPING : STARTING));
    PyObject *r = PyObject_CallObject(on ? st.stop : st.start, NULL);
    FUZZ_CHECK(r != NULL, "tracemalloc.%s() raised", on ? "stop" : "start");
    Py_DECREF(r);
    atomic_store(&st.tracing, (epoch + 1) << 2 | (on ? OFF : ON));
    atomic_store(&st.main_at, MAIN_WAITING);
}

/* The same while the workers run: the GIL is taken for the toggle only. */
static void toggle_between_calls(PyThreadState **ts)
{
    if (st.guarded)
        pthread_rwlock_wrlock(&st.calls);
    PyEval_RestoreThread(*ts);
    toggle();
    *ts = PyEval_SaveThread();
    if (st.guarded)
        pthread_rwlock_unlock(&st.calls);
}

/* The decoded plan, one trace line per op of each worker (FUZZ_TRACE). */
static void trace_plan(void)
{
    static const char *const names[N_OPS] = {"malloc", "calloc",  "realloc", "free",
                                             "Track",  "Untrack", "yield",   "hand"};
    for (int i = 0; i < st.n_workers; i++)
        for (int k = 0; k < st.workers[i].n_ops; k++) {
            const op *o = &st.workers[i].ops[k];
            FUZZ_TRACE("worker %d op %d: %s slot %d size %zu tag %d", i, k, names[o->code % N_OPS],
                       o->slot, o->size, o->tag);
        }
    FUZZ_TRACE("main: %d toggles of tracing", st.n_toggles);
}

static void decode(fuzz_input *in)
{
    st.n_workers = 1 + fuzz_byte(in) % MAX_WORKERS;
    st.planted = 0;
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
            if (i == 0 && o->code % N_OPS == OP_YIELD)
                st.planted = fuzz_planted();
        }
    }
    st.planted &= st.n_workers >= 2;
    st.n_toggles = fuzz_byte(in) % (MAX_TOGGLES + 1);
    for (int i = 0; i < st.n_toggles; i++)
        st.delay_us[i] = 10u * fuzz_byte(in);
    trace_plan();
}

static void report_skipped(void)
{
    long n = atomic_load(&st.skipped);
    if (n)
        fprintf(stderr, "threads_fuzzer: %ld Track/Untrack ops skipped (Python before 3.7)\n", n);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_boot("threads_fuzzer");
    unsigned long v = cts_runtime_version();
    st.track_ok = v >= 0x03070000;
    st.take_turns = !st.track_ok;
    const char *overlap = getenv("PYMEM_CTS_FUZZ_OVERLAP");
    st.guarded = !overlap || strcmp(overlap, "1") != 0;
    if (!st.track_ok) {
        fprintf(stderr, "threads_fuzzer: Track/Untrack ops skipped, calls take turns while "
                        "tracing: 3.6's tracemalloc races with PyGILState in threads without a "
                        "thread state (\"This thread state must be current when releasing\", "
                        "docs/findings.md)\n");
        atexit(report_skipped);
    }
    if (!st.guarded)
        fprintf(stderr, "threads_fuzzer: PYMEM_CTS_FUZZ_OVERLAP=1: calls overlap tracemalloc "
                        "start/stop; expect a SIGSEGV in tracemalloc's RAW hooks (the allocator "
                        "swap of gh-131566; gh-128679 before 3.12.9 and 3.13.2)\n");
    st.start = fuzz_tracemalloc_function("threads_fuzzer", "start");
    st.stop = fuzz_tracemalloc_function("threads_fuzzer", "stop");
    PyObject *is_tracing = fuzz_tracemalloc_function("threads_fuzzer", "is_tracing");
    PyObject *r = PyObject_CallObject(is_tracing, NULL);
    if (r == Py_True) /* PYTHONTRACEMALLOC: every input starts with tracing off */
        Py_XDECREF(PyObject_CallObject(st.stop, NULL));
    Py_XDECREF(r);
    Py_DECREF(is_tracing);

    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
#ifdef __GLIBC__ /* a toggle must not wait for the workers to run dry */
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
    pthread_rwlock_init(&st.calls, &attr);
    pthread_mutex_init(&st.turn, NULL);
    pthread_rwlockattr_destroy(&attr);
    for (int i = 0; i < MAX_WORKERS; i++)
        pthread_mutex_init(&st.inbox[i].lock, NULL);
    pthread_mutex_init(&st.planted_a, NULL);
    pthread_mutex_init(&st.planted_b, NULL);
    pthread_barrier_init(&st.planted_meet, NULL, 2);
    watchdog_start(report_deadlock);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_input_of(data, size);
    decode(&in);
    watchdog_input(1);
    atomic_store(&st.main_at, MAIN_WAITING);
    pthread_barrier_init(&st.go, NULL, (unsigned)st.n_workers + 1);
    PyThreadState *ts = PyEval_SaveThread();
    pthread_t threads[MAX_WORKERS];
    for (int i = 0; i < st.n_workers; i++) {
        atomic_store(&st.workers[i].running, 1);
        FUZZ_CHECK(pthread_create(&threads[i], NULL, run_worker, &st.workers[i]) == 0,
                   "cannot start worker %d", i);
    }
    pthread_barrier_wait(&st.go);
    for (int i = 0; i < st.n_toggles; i++) {
        if (st.delay_us[i])
            usleep(st.delay_us[i]);
        toggle_between_calls(&ts);
    }
    atomic_store(&st.main_at, MAIN_JOINING);
    for (int i = 0; i < st.n_workers; i++)
        pthread_join(threads[i], NULL);
    PyEval_RestoreThread(ts);
    atomic_store(&st.main_at, MAIN_CLEANING);
    for (int i = 0; i < st.n_workers; i++) /* blocks handed to a worker that had finished */
        receive(&st.workers[i]);
    if ((atomic_load(&st.tracing) & 3) == ON)
        toggle();
    pthread_barrier_destroy(&st.go);
    watchdog_input(0);
    fuzz_expect_no_exception("threads_fuzzer");
    return 0;
}
