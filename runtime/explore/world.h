/* world.h: the lifecycle explorer's world: what an embedder or an extension
 * does to the memory API (the operations, w_op_*), the model of what the
 * documentation says must then hold, and the checks of that model after
 * every step (w_check). It needs nothing but Python.h and the C library,
 * so that a failing sequence is written out as one standalone C program:
 * this file, then a main() that calls the sequence's operations in order
 * (explore.c). Every operation is allowed, in the state it is enabled in
 * (w_enabled), by the C API documentation of the running version:
 *   - before Py_Initialize(): the RAW functions, PyMem_Get/SetAllocator,
 *     PyMem_SetupDebugHooks, PyObject_Get/SetArenaAllocator, Py_DecodeLocale
 *     (c-api/init.html, "Before Python Initialization"); an allocator set
 *     then only while PYTHONMALLOC is unset (PyPreConfig.allocator is
 *     PYMEM_ALLOCATOR_NOT_SET: c-api/init_config.html);
 *   - after it: a wrapping allocator ("the allocator must wrap the
 *     existing allocator"), MEM and OBJ with the GIL, sub-interpreters,
 *     tracemalloc, fork with PyOS_BeforeFork/AfterFork_*, threads with
 *     PyGILState_Ensure (in the main interpreter: the docs' caveat), RAW from
 *     threads without a thread state;
 *   - Py_FinalizeEx() from the main interpreter once the sub-interpreters
 *     are ended, and Py_Initialize() again.
 * A MEM or OBJ block is freed in the interpreter that allocated it, before
 * it ends; a RAW block lives across everything. */
#ifndef PYMEM_CTS_WORLD_H
#define PYMEM_CTS_WORLD_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <pthread.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#if PY_VERSION_HEX < 0x03070000 /* 3.6 exports them under their private names */
#define PyTraceMalloc_Track(domain, ptr, size) _PyTraceMalloc_Track((domain), (ptr), (size))
#define PyTraceMalloc_Untrack(domain, ptr) _PyTraceMalloc_Untrack((domain), (ptr))
#endif

#if PY_VERSION_HEX < 0x03070000 /* 3.6: only PyOS_AfterFork(), in the child */
#define PyOS_BeforeFork() ((void)0)
#define PyOS_AfterFork_Parent() ((void)0)
#define PyOS_AfterFork_Child() PyOS_AfterFork()
#endif

#ifndef PYPY_VERSION /* PyPy's cpyext has no allocator API to explore (runtime/absent.h) */

#define W_BLOCKS 48
#define W_INTERPS 3
#define W_HOOKS 3
#define W_TRACKED 16
#define W_DOMAIN 0x7ace /* the tracemalloc domain the explorer tracks in */

typedef struct w_block {
    unsigned char *p;
    size_t size;
    int domain; /* PYMEM_DOMAIN_* */
    int interp; /* -1: the main interpreter; else w->interps' index */
} w_block;

typedef struct w_hook {
    PyMemAllocatorEx wrapped;
    int domain;
    long calls, bad_ctx;
    int live; /* set on it: between its push and its pop */
} w_hook;

typedef struct w_interp {
    PyThreadState *ts;
    int own_gil; /* PyInterpreterConfig_OWN_GIL and its own obmalloc state */
} w_interp;

typedef struct world {
    int initialized, cycles, env_allocator;
    PyThreadState *main_ts;
    w_interp interps[W_INTERPS];
    int n_interps, current; /* current: -1 main, else an index */
    w_block blocks[W_BLOCKS];
    int n_blocks;
    /* Each domain has slots of its own: a removed hook's ctx is only ever
     * used again for a hook of the same domain, so that Python calling a
     * hook after its removal (a known fault, tracemalloc.start.*) still
     * reaches that domain's allocator and is counted, not a crash. */
    w_hook slots[3 * W_HOOKS];
    w_hook *hooks[W_HOOKS]; /* the ones set, innermost last */
    long removed_hook_calls;
    int n_hooks;
    PyObjectArenaAllocator arena_wrapped;
    int arena_on;
    long arenas_live, arena_null_frees, arenas_after[8];
    int debug_hooks; /* set up before the first Py_Initialize */
    int tracing;
    uintptr_t tracked_ptr[W_TRACKED];
    size_t tracked_size[W_TRACKED];
    int n_tracked;
    uintptr_t next_ptr;
    unsigned step;
    int avoid_known;   /* skip the steps of w_known_fault() (walks, fuzzing) */
    char failure[600]; /* "" while every check holds */
} world;

static world *w_the; /* the hooks' way back to the world */

__attribute__((format(printf, 2, 3))) static int w_fail(world *w, const char *fmt, ...)
{
    if (w->failure[0])
        return -1;
    int n = snprintf(w->failure, sizeof w->failure, "step %u: ", w->step);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->failure + n, sizeof w->failure - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- blocks: each filled with a pattern of its own, checked at every step */

static unsigned char w_byte(const w_block *b, size_t i)
{
    return (unsigned char)(((uintptr_t)b->size * 31u + i * 7u + (unsigned)b->domain) & 0xff);
}

static void w_fill(w_block *b)
{
    for (size_t i = 0; i < b->size; i++)
        b->p[i] = w_byte(b, i);
}

static int w_intact(const w_block *b, size_t upto)
{
    for (size_t i = 0; i < upto && i < b->size; i++)
        if (b->p[i] != w_byte(b, i))
            return 0;
    return 1;
}

static const char *w_domain_name(int domain)
{
    return domain == PYMEM_DOMAIN_RAW ? "RAW" : domain == PYMEM_DOMAIN_MEM ? "MEM" : "OBJ";
}

static void *w_malloc(int domain, size_t n)
{
    return domain == PYMEM_DOMAIN_RAW   ? PyMem_RawMalloc(n)
           : domain == PYMEM_DOMAIN_MEM ? PyMem_Malloc(n)
                                        : PyObject_Malloc(n);
}

static void *w_realloc(int domain, void *p, size_t n)
{
    return domain == PYMEM_DOMAIN_RAW   ? PyMem_RawRealloc(p, n)
           : domain == PYMEM_DOMAIN_MEM ? PyMem_Realloc(p, n)
                                        : PyObject_Realloc(p, n);
}

static void w_free_ptr(int domain, void *p)
{
    if (domain == PYMEM_DOMAIN_RAW)
        PyMem_RawFree(p);
    else if (domain == PYMEM_DOMAIN_MEM)
        PyMem_Free(p);
    else
        PyObject_Free(p);
}

/* The index of the first block of domain held by the current interpreter
 * (any interpreter for RAW), or -1. */
static int w_find_block(const world *w, int domain)
{
    for (int i = 0; i < w->n_blocks; i++)
        if (w->blocks[i].domain == domain &&
            (domain == PYMEM_DOMAIN_RAW || w->blocks[i].interp == w->current))
            return i;
    return -1;
}

static void w_drop_block(world *w, int i)
{
    w->blocks[i] = w->blocks[--w->n_blocks];
}

static int w_alloc(world *w, int domain, size_t size)
{
    if (w->n_blocks == W_BLOCKS)
        return 0;
    w_block *b = &w->blocks[w->n_blocks];
    b->p = w_malloc(domain, size);
    if (!b->p)
        return w_fail(w, "%s malloc(%zu) returned NULL", w_domain_name(domain), size);
    b->size = size, b->domain = domain, b->interp = w->current;
    w_fill(b);
    w->n_blocks++;
    return 0;
}

/* Reallocates the domain's first block to twice its size: the old bytes
 * must be kept ("the contents will be unchanged to the minimum of the old
 * and the new sizes"). */
static int w_grow(world *w, int domain)
{
    int i = w_find_block(w, domain);
    if (i < 0)
        return w_alloc(w, domain, 40);
    w_block *b = &w->blocks[i];
    unsigned char *q = w_realloc(domain, b->p, b->size * 2);
    if (!q)
        return w_fail(w, "%s realloc(%zu) returned NULL", w_domain_name(domain), b->size * 2);
    w_block old = *b;
    b->p = q;
    if (!w_intact(&(w_block){q, old.size, domain, b->interp}, old.size))
        return w_fail(w, "%s realloc to %zu bytes changed the first %zu bytes",
                      w_domain_name(domain), old.size * 2, old.size);
    b->size *= 2;
    w_fill(b);
    return 0;
}

static int w_release(world *w, int domain)
{
    int i = w_find_block(w, domain);
    if (i >= 0) {
        w_free_ptr(domain, w->blocks[i].p);
        w_drop_block(w, i);
    }
    return 0;
}

/* Frees every MEM and OBJ block of interpreter interp (before it ends). */
static void w_release_interp(world *w, int interp)
{
    for (int i = w->n_blocks - 1; i >= 0; i--)
        if (w->blocks[i].domain != PYMEM_DOMAIN_RAW && w->blocks[i].interp == interp) {
            w_free_ptr(w->blocks[i].domain, w->blocks[i].p);
            w_drop_block(w, i);
        }
}

/* ---- wrapping allocators: each forwards to the one it wraps, counting its
 * calls, and checks that it is called with its own ctx */

static w_hook *w_hook_of(void *ctx)
{
    w_hook *h = ctx;
    if (w_the && (h < w_the->slots || h >= w_the->slots + 3 * W_HOOKS)) {
        for (int i = 0; i < w_the->n_hooks; i++)
            w_the->hooks[i]->bad_ctx++;
        return NULL;
    }
    if (w_the && !h->live)
        __atomic_fetch_add(&w_the->removed_hook_calls, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&h->calls, 1, __ATOMIC_RELAXED);
    return h;
}

static void *w_hook_malloc(void *ctx, size_t n)
{
    w_hook *h = w_hook_of(ctx);
    return h ? h->wrapped.malloc(h->wrapped.ctx, n) : NULL;
}

static void *w_hook_calloc(void *ctx, size_t a, size_t b)
{
    w_hook *h = w_hook_of(ctx);
    return h ? h->wrapped.calloc(h->wrapped.ctx, a, b) : NULL;
}

static void *w_hook_realloc(void *ctx, void *p, size_t n)
{
    w_hook *h = w_hook_of(ctx);
    return h ? h->wrapped.realloc(h->wrapped.ctx, p, n) : NULL;
}

static void w_hook_free(void *ctx, void *p)
{
    w_hook *h = w_hook_of(ctx);
    if (h)
        h->wrapped.free(h->wrapped.ctx, p);
}

/* ---- the arena allocator: counts the arenas alive, and frees of NULL */

static void *w_arena_alloc(void *ctx, size_t size)
{
    (void)ctx;
    void *p = w_the->arena_wrapped.alloc(w_the->arena_wrapped.ctx, size);
    if (p)
        __atomic_fetch_add(&w_the->arenas_live, 1, __ATOMIC_RELAXED);
    return p;
}

static void w_arena_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    if (!p)
        __atomic_fetch_add(&w_the->arena_null_frees, 1, __ATOMIC_RELAXED);
    else
        __atomic_fetch_sub(&w_the->arenas_live, 1, __ATOMIC_RELAXED);
    w_the->arena_wrapped.free(w_the->arena_wrapped.ctx, p, size);
}

/* ---- Python, run in the current interpreter */

static int w_run(world *w, const char *what, const char *code)
{
    if (PyRun_SimpleString(code) != 0)
        return w_fail(w, "%s: the Python code failed: %s", what, code);
    return 0;
}

/* tracemalloc.<name>() in the current interpreter; 1 when its module cannot
 * be imported there (an isolated interpreter may refuse it), -1 on error. */
static int w_tracemalloc(world *w, const char *call)
{
    PyObject *m = PyImport_ImportModule("tracemalloc");
    if (!m) {
        PyErr_Clear();
        return 1;
    }
    PyObject *r = PyObject_CallMethod(m, call, NULL);
    Py_DECREF(m);
    if (!r) {
        PyErr_Print();
        return w_fail(w, "tracemalloc.%s() raised", call);
    }
    Py_DECREF(r);
    return 0;
}

/* The traces of W_DOMAIN, from a snapshot, must be the model's: the same
 * pointers with the sizes last tracked ("the tracemalloc module ... update
 * the size if the block was already tracked"). */
static int w_check_snapshot(world *w)
{
    PyObject *module = PyImport_ImportModule("tracemalloc");
    if (!module) /* an isolated interpreter may refuse it, as w_tracemalloc() says */
        return PyErr_Clear(), 0;
    Py_DECREF(module);
    char code[512];
    snprintf(code, sizeof code,
             "import tracemalloc as _t\n"
             "_s = _t.take_snapshot().filter_traces([_t.DomainFilter(True, %d)])\n"
             "_pymem_cts_traces = sorted((t.size) for t in _s.traces)\n",
             W_DOMAIN);
    if (w_run(w, "take_snapshot()", code) != 0)
        return -1;
    PyObject *main = PyImport_AddModule("__main__"); /* borrowed */
    PyObject *got = main ? PyObject_GetAttrString(main, "_pymem_cts_traces") : NULL;
    if (!got)
        return PyErr_Clear(), w_fail(w, "take_snapshot(): no traces read");
    size_t want[W_TRACKED];
    int n = w->n_tracked;
    for (int i = 0; i < n; i++)
        want[i] = w->tracked_size[i];
    for (int i = 1; i < n; i++) /* sort, as the Python side did */
        for (int j = i; j > 0 && want[j - 1] > want[j]; j--) {
            size_t t = want[j];
            want[j] = want[j - 1], want[j - 1] = t;
        }
    int ok = PyList_Check(got) && PyList_GET_SIZE(got) == n;
    for (int i = 0; ok && i < n; i++)
        ok = PyLong_AsSize_t(PyList_GET_ITEM(got, i)) == want[i];
    Py_ssize_t seen = PyList_Check(got) ? PyList_GET_SIZE(got) : -1;
    Py_DECREF(got);
    if (!ok)
        return w_fail(w,
                      "take_snapshot() shows %zd traces of domain %d, the model %d (tracked with "
                      "PyTraceMalloc_Track and not untracked since tracing started)",
                      seen, W_DOMAIN, n);
    return 0;
}

static void w_forget_traces(world *w)
{
    w->n_tracked = 0;
}

/* ---- threads */

typedef struct w_thread_job {
    int gil; /* PyGILState_Ensure() first */
    int failed;
    volatile pid_t tid;
} w_thread_job;

/* Whether thread tid of process pid sleeps (state S or D): it waits for
 * something, it does not run. */
static int w_task_asleep(pid_t pid, pid_t tid)
{
    char path[64], text[256];
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *paren = strrchr(text, ')');
    return paren && paren[1] == ' ' && (paren[2] == 'S' || paren[2] == 'D');
}

/* Whether every thread of process pid waits on a lock (a futex): none can
 * go on by itself. A process waiting for a child, or asleep in a timed
 * sleep, is not. */
static int w_process_blocked(pid_t pid)
{
    char path[64], wchan[64];
    int tasks = 0, blocked = 0;
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *dir = opendir(path);
    if (!dir)
        return 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL && blocked == tasks;) {
        pid_t tid = (pid_t)atoi(e->d_name);
        if (tid <= 0)
            continue;
        snprintf(path, sizeof path, "/proc/%d/task/%d/wchan", (int)pid, (int)tid);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t n = fread(wchan, 1, sizeof wchan - 1, f);
        fclose(f);
        wchan[n] = '\0';
        tasks++;
        blocked += strstr(wchan, "futex") != NULL && w_task_asleep(pid, tid);
    }
    closedir(dir);
    return tasks > 0 && blocked == tasks;
}

/* Waits for child pid; -1 (and the child killed) when it deadlocked
 * instead: every thread of it blocked on a lock (w_process_blocked) at
 * each look for half a second, a look every 20 ms while the wait itself
 * looks every millisecond. A process that only lacks a CPU is runnable, so
 * a busy machine is no deadlock. */
static int w_wait_child(pid_t pid, int *status)
{
    struct timespec ms = {0, 1000000};
    for (int tick = 1, blocked = 0;; tick++) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            return 0;
        if (tick % 20 == 0 && (blocked = w_process_blocked(pid) ? blocked + 1 : 0) >= 25)
            break;
        nanosleep(&ms, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, status, 0);
    return -1;
}

/* Joins t; -1 when it is blocked instead: asleep at every one of 150 looks
 * a millisecond apart while this thread waits for it (a thread that only
 * lacks a CPU is runnable, not asleep, so a busy machine is no deadlock;
 * the thread allocates and frees, it has nothing to sleep for). */
static int w_join(pthread_t t, const w_thread_job *job)
{
    struct timespec ms = {0, 1000000};
    for (int asleep = 0; asleep < 150;) {
        if (pthread_tryjoin_np(t, NULL) == 0)
            return 0;
        asleep = job->tid && w_task_asleep(getpid(), job->tid) ? asleep + 1 : 0;
        nanosleep(&ms, NULL);
    }
    return -1;
}

static void *w_thread_main(void *arg)
{
    w_thread_job *job = arg;
    job->tid = (pid_t)syscall(SYS_gettid);
    PyGILState_STATE g = PyGILState_UNLOCKED;
    if (job->gil)
        g = PyGILState_Ensure();
    for (int i = 0; i < 64; i++) {
        int domain = job->gil ? (i % 3) : PYMEM_DOMAIN_RAW;
        unsigned char *p = w_malloc(domain, 16 + (size_t)i);
        if (!p) {
            job->failed = 1;
            continue;
        }
        memset(p, 0x5a, 16 + (size_t)i);
        unsigned char *q = w_realloc(domain, p, 64 + (size_t)i);
        if (!q || q[15] != 0x5a)
            job->failed = 1;
        w_free_ptr(domain, q ? q : p);
    }
    if (job->gil) {
        job->failed |= PyRun_SimpleString("_pymem_cts_t = [str(i) for i in range(50)]") != 0;
        PyGILState_Release(g);
    }
    return NULL;
}

static int w_thread(world *w, int gil)
{
    static w_thread_job job; /* a blocked thread may still use it */
    job = (w_thread_job){gil, 0, 0};
    pthread_t t;
    PyThreadState *saved = gil ? PyEval_SaveThread() : NULL;
    int rc = pthread_create(&t, NULL, w_thread_main, &job);
    if (rc == 0 && w_join(t, &job) != 0)
        return w_fail(w,
                      "a thread %s blocked: it waits while this thread %s waits for it "
                      "(deadlock)",
                      gil ? "with PyGILState_Ensure()" : "without a thread state allocating RAW",
                      gil ? "(the GIL released)" : "holds the GIL and");
    if (gil)
        PyEval_RestoreThread(saved);
    if (rc != 0)
        return 0; /* no thread to be had: nothing was asked of Python */
    if (job.failed)
        return w_fail(w, "a thread %s: an allocation failed or lost its bytes",
                      gil ? "with PyGILState_Ensure() (MEM, OBJ, RAW and Python code)"
                          : "without a thread state (RAW)");
    return 0;
}

/* ---- the operations */

#define W_OPS(X)                                                                                   \
    X(raw_alloc)                                                                                   \
    X(raw_grow)                                                                                    \
    X(raw_free)                                                                                    \
    X(decode_locale)                                                                               \
    X(hook_push_raw)                                                                               \
    X(hook_push_mem)                                                                               \
    X(hook_push_obj)                                                                               \
    X(hook_pop)                                                                                    \
    X(arena_push)                                                                                  \
    X(debug_hooks)                                                                                 \
    X(initialize) X(finalize) X(mem_alloc) X(mem_grow) X(mem_free) X(obj_alloc) X(obj_grow)        \
        X(obj_free) X(python) X(new_interpreter) X(new_isolated_interpreter) X(end_interpreter)    \
            X(switch_to_main) X(switch_to_sub) X(tm_start) X(tm_stop) X(tm_clear) X(tm_reset_peak) \
                X(tm_snapshot) X(tm_track) X(tm_untrack) X(fork) X(thread_raw) X(thread_gil)

enum {
#define W_ENUM(name) W_OP_##name,
    W_OPS(W_ENUM)
#undef W_ENUM
        W_OP_COUNT
};

static int w_main_current(const world *w)
{
    return w->initialized && w->current == -1;
}

/* Whether a sub-interpreter that shares the main GIL is alive. The docs'
 * caveat: "combining this functionality with PyGILState_* APIs is
 * delicate" (c-api/init.html, Bugs and caveats), and tracemalloc's hooks
 * are such a use, so tracing and these interpreters are not combined. */
static int w_legacy_alive(const world *w)
{
    for (int i = 0; i < w->n_interps; i++)
        if (!w->interps[i].own_gil)
            return 1;
    return 0;
}

static int w_isolated_alive(const world *w)
{
    for (int i = 0; i < w->n_interps; i++)
        if (w->interps[i].own_gil)
            return 1;
    return 0;
}

static int w_isolated_current(const world *w)
{
    return w->current >= 0 && w->interps[w->current].own_gil;
}

/* A step the documentation allows that breaks a real build in a way
 * already known and reported by a case of its own: that case's id, else
 * NULL. Walks and the fuzz target leave these steps out (avoid_known), so
 * that they look for what nobody named instead of finding these again;
 * a sequence written out or replayed by hand keeps them. */
static const char *w_known_fault(const world *w, int op)
{
    if (op == W_OP_fork && w->n_interps > 0 && PY_VERSION_HEX >= 0x03070000)
        return "lifecycle.fork.child_of_parent_with_subinterpreter"; /* gh-84139, gh-101437 */
    if (PY_VERSION_HEX < 0x030F0000 && ((op == W_OP_new_isolated_interpreter && w->tracing) ||
                                        (op == W_OP_tm_start && w_isolated_alive(w))))
        return "tracemalloc.lifecycle.stop_after_own_obmalloc_subinterpreter"; /* gh-110029 */
    if (op == W_OP_thread_raw && w->tracing && PY_VERSION_HEX < 0x030F0000)
        return "tracemalloc.threads.raw_while_gil_holder_waits"; /* 3.6: a SIGSEGV instead */
    return NULL;
}

/* Whether the documentation allows op in the world's state. */
static int w_allowed(const world *w, int op)
{
    int init = w->initialized, legacy = init && !w_isolated_current(w);
    switch (op) {
    case W_OP_raw_alloc:
    case W_OP_raw_grow:
    case W_OP_raw_free:
    case W_OP_decode_locale: return 1;
    case W_OP_hook_push_raw:
    case W_OP_hook_push_mem:
    case W_OP_hook_push_obj: /* not over tracemalloc's hooks, which stop() takes out */
        return w->n_hooks < W_HOOKS && (init || !w->env_allocator) && !w->tracing;
    case W_OP_hook_pop: return w->n_hooks > 0 && (init || !w->env_allocator) && !w->tracing;
    case W_OP_arena_push: return !w->arena_on && (init || !w->env_allocator);
    case W_OP_debug_hooks: /* not under blocks it did not allocate, which it cannot free */
        return !init && !w->cycles && !w->env_allocator && !w->n_hooks && !w->debug_hooks &&
               !w->n_blocks;
    case W_OP_initialize: /* PYTHONMALLOC set: Py_Initialize() sets up that allocator, and no
                           * sentence promises a RAW block from before can be freed under it */
        return !init && !(w->env_allocator && w_find_block(w, PYMEM_DOMAIN_RAW) >= 0);
    case W_OP_finalize: /* no sentence says an allocator set survives Py_FinalizeEx() */
        return w_main_current(w) && w->n_interps == 0 && w->n_hooks == 0;
    case W_OP_mem_alloc:
    case W_OP_mem_grow:
    case W_OP_mem_free:
    case W_OP_obj_alloc:
    case W_OP_obj_grow:
    case W_OP_obj_free:
    case W_OP_python:
    case W_OP_tm_start: return init && !w_legacy_alive(w);
    case W_OP_tm_stop:
    case W_OP_tm_clear:
    case W_OP_tm_snapshot:
    case W_OP_tm_track:
    case W_OP_tm_untrack: return init;
    case W_OP_tm_reset_peak: return init && PY_VERSION_HEX >= 0x03090000;
    case W_OP_new_interpreter: /* the PyGILState caveat: no tracing with one (below) */
        return legacy && w->n_interps < W_INTERPS && !w->tracing;
    case W_OP_new_isolated_interpreter:
        return PY_VERSION_HEX >= 0x030C0000 && w_main_current(w) && w->n_interps < W_INTERPS;
    case W_OP_end_interpreter: return init && w->current >= 0;
    case W_OP_switch_to_main: return legacy && w->current >= 0;
    case W_OP_switch_to_sub: return w_main_current(w) && w->n_interps > 0 && !w->interps[0].own_gil;
    case W_OP_fork: return w_main_current(w);
    case W_OP_thread_raw: return 1;
    case W_OP_thread_gil: return w_main_current(w);
    }
    return 0;
}

/* Whether the documentation allows op in the world's state (and, when
 * known faults are avoided, whether op is not one). */
static int w_enabled(const world *w, int op)
{
    if (w->avoid_known && w_known_fault(w, op))
        return 0;
    return w_allowed(w, op);
}

static int w_push_hook(world *w, int domain)
{
    w_hook *h = &w->slots[domain * W_HOOKS];
    while (h->live)
        h++;
    w->hooks[w->n_hooks++] = h;
    memset(h, 0, sizeof *h);
    h->domain = domain;
    h->live = 1;
    PyMem_GetAllocator((PyMemAllocatorDomain)domain, &h->wrapped);
    PyMemAllocatorEx mine = {h, w_hook_malloc, w_hook_calloc, w_hook_realloc, w_hook_free};
    PyMem_SetAllocator((PyMemAllocatorDomain)domain, &mine);
    return 0;
}

static int w_pop_hook(world *w)
{
    w_hook *h = w->hooks[w->n_hooks - 1];
    PyMemAllocatorEx now;
    PyMem_GetAllocator((PyMemAllocatorDomain)h->domain, &now);
    if (now.ctx != h)
        return w_fail(w, "PyMem_GetAllocator(%s) no longer returns the allocator set on it",
                      w_domain_name(h->domain));
    PyMem_SetAllocator((PyMemAllocatorDomain)h->domain, &h->wrapped);
    h->live = 0;
    w->n_hooks--;
    return 0;
}

static int w_new_interpreter(world *w, int isolated)
{
    w_interp *in = &w->interps[w->n_interps];
    in->own_gil = isolated;
    in->ts = NULL;
#if PY_VERSION_HEX >= 0x030C0000
    if (isolated) {
        PyInterpreterConfig config = {
            .use_main_obmalloc = 0,
            .check_multi_interp_extensions = 1,
            .gil = PyInterpreterConfig_OWN_GIL,
        };
        PyStatus st = Py_NewInterpreterFromConfig(&in->ts, &config);
        if (PyStatus_Exception(st) || !in->ts)
            return w_fail(w, "Py_NewInterpreterFromConfig(own GIL) failed: %s",
                          st.err_msg ? st.err_msg : "?");
    }
#endif
    if (!isolated) {
        in->ts = Py_NewInterpreter();
        if (!in->ts)
            return w_fail(w, "Py_NewInterpreter() returned NULL");
    }
    w->current = w->n_interps++;
    return 0;
}

static int w_end_interpreter(world *w)
{
    int i = w->current;
    w_release_interp(w, i);
    Py_EndInterpreter(w->interps[i].ts);
    PyThreadState_Swap(w->main_ts);
    for (int k = 0; k < w->n_blocks; k++) /* the indices above i move down */
        if (w->blocks[k].interp > i)
            w->blocks[k].interp--;
    memmove(&w->interps[i], &w->interps[i + 1],
            sizeof w->interps[0] * (size_t)(w->n_interps - i - 1));
    w->n_interps--;
    w->current = -1;
    return 0;
}

static int w_finalize(world *w)
{
    w_release_interp(w, -1);
    int rc = Py_FinalizeEx();
    w->initialized = 0;
    w->tracing = 0;
    w_forget_traces(w);
    if (w->arena_on && w->cycles < 8)
        w->arenas_after[w->cycles] = w->arenas_live;
    w->cycles++;
    if (rc != 0)
        return w_fail(w, "Py_FinalizeEx() returned %d, not 0", rc);
    /* A leak of one arena per cycle is a leak: after two cycles to warm up,
     * the arenas alive after each cycle must stop growing. */
    if (w->arena_on && w->cycles >= 4 && w->cycles <= 8 &&
        w->arenas_after[w->cycles - 1] > w->arenas_after[w->cycles - 2] &&
        w->arenas_after[w->cycles - 2] > w->arenas_after[w->cycles - 3])
        return w_fail(w, "the arenas alive after each Py_FinalizeEx() grow: %ld, %ld, %ld",
                      w->arenas_after[w->cycles - 3], w->arenas_after[w->cycles - 2],
                      w->arenas_after[w->cycles - 1]);
    return 0;
}

static int w_fork(world *w)
{
    int fds[2];
    if (pipe(fds) != 0)
        return 0;
    PyOS_BeforeFork();
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the parent */
        PyOS_AfterFork_Child();
        close(fds[0]);
        w->step++;
        for (int i = 0; i < w->n_blocks; i++)
            if (w->blocks[i].domain == PYMEM_DOMAIN_RAW && !w_intact(&w->blocks[i], (size_t)-1))
                w_fail(w, "in the forked child, a RAW block lost its bytes");
        if (!w->failure[0])
            w_alloc(w, PYMEM_DOMAIN_MEM, 24), w_alloc(w, PYMEM_DOMAIN_OBJ, 24);
        if (!w->failure[0])
            w_run(w, "in the forked child", "_pymem_cts_f = {i: str(i) for i in range(100)}");
        int expect = w->tracing ? 0 : -2;
        int t = PyTraceMalloc_Track(W_DOMAIN, 0x6f0000, 8);
        if (!w->failure[0] && t != expect)
            w_fail(w, "in the forked child, PyTraceMalloc_Track returned %d, expected %d", t,
                   expect);
        ssize_t n = write(fds[1], w->failure, strlen(w->failure));
        (void)n;
        _exit(w->failure[0] ? 1 : 0);
    }
    PyOS_AfterFork_Parent();
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return 0;
    }
    int st = 0;
    int deadlocked = w_wait_child(pid, &st);
    char text[600] = "";
    ssize_t n = read(fds[0], text, sizeof text - 1);
    text[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    if (deadlocked)
        return w_fail(w, "the forked child deadlocked: every thread of it waits on a lock");
    if (WIFSIGNALED(st))
        return w_fail(w, "the forked child died of signal %d", WTERMSIG(st));
    if (WEXITSTATUS(st) != 0)
        return w_fail(w, "the forked child failed: %s", text);
    return 0;
}

static int w_track(world *w)
{
    uintptr_t ptr = 0x10000 + (w->next_ptr++ % 6) * 0x100;
    size_t size = 16 + (size_t)(w->step % 5) * 24;
    int rc = PyTraceMalloc_Track(W_DOMAIN, ptr, size);
    int expect = w->tracing ? 0 : -2;
    if (rc != expect)
        return w_fail(w, "PyTraceMalloc_Track(%d, %#lx, %zu) returned %d, expected %d (%s)",
                      W_DOMAIN, (unsigned long)ptr, size, rc, expect,
                      w->tracing ? "tracing" : "not tracing");
    if (!w->tracing)
        return 0;
    for (int i = 0; i < w->n_tracked; i++)
        if (w->tracked_ptr[i] == ptr) {
            w->tracked_size[i] = size; /* "update the size" */
            return 0;
        }
    if (w->n_tracked < W_TRACKED) {
        w->tracked_ptr[w->n_tracked] = ptr;
        w->tracked_size[w->n_tracked++] = size;
    }
    return 0;
}

static int w_untrack(world *w)
{
    uintptr_t ptr = w->n_tracked ? w->tracked_ptr[0] : 0x20000;
    int rc = PyTraceMalloc_Untrack(W_DOMAIN, ptr);
    int expect = w->tracing ? 0 : -2;
    if (rc != expect)
        return w_fail(w, "PyTraceMalloc_Untrack(%d, %#lx) returned %d, expected %d (%s)", W_DOMAIN,
                      (unsigned long)ptr, rc, expect, w->tracing ? "tracing" : "not tracing");
    if (w->tracing && w->n_tracked) {
        w->tracked_ptr[0] = w->tracked_ptr[w->n_tracked - 1];
        w->tracked_size[0] = w->tracked_size[--w->n_tracked];
    }
    return 0;
}

static int w_tm(world *w, const char *call)
{
    int rc = w_tracemalloc(w, call);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (strcmp(call, "start") == 0) {
        if (!w->tracing)
            w_forget_traces(w);
        w->tracing = 1;
    } else if (strcmp(call, "stop") == 0) {
        w->tracing = 0; /* "clears all traces" */
        w_forget_traces(w);
    } else if (strcmp(call, "clear_traces") == 0) {
        w_forget_traces(w);
    }
    return 0;
}

/* Applies op; 0 when every promise it touches held, else -1 with
 * w->failure saying which broke. */
static int w_apply(world *w, int op)
{
    w->step++;
    w_the = w;
    switch (op) {
    case W_OP_raw_alloc: return w_alloc(w, PYMEM_DOMAIN_RAW, 24 + w->step % 3 * 200);
    case W_OP_raw_grow: return w_grow(w, PYMEM_DOMAIN_RAW);
    case W_OP_raw_free: return w_release(w, PYMEM_DOMAIN_RAW);
    case W_OP_decode_locale: {
        wchar_t *s = Py_DecodeLocale("pymem", NULL);
        if (!s || wcscmp(s, L"pymem") != 0)
            return w_fail(w, "Py_DecodeLocale(\"pymem\") returned %s", s ? "another text" : "NULL");
        PyMem_RawFree(s); /* "Use PyMem_RawFree() to free the memory" */
        return 0;
    }
    case W_OP_hook_push_raw: return w_push_hook(w, PYMEM_DOMAIN_RAW);
    case W_OP_hook_push_mem: return w_push_hook(w, PYMEM_DOMAIN_MEM);
    case W_OP_hook_push_obj: return w_push_hook(w, PYMEM_DOMAIN_OBJ);
    case W_OP_hook_pop: return w_pop_hook(w);
    case W_OP_arena_push: {
        PyObject_GetArenaAllocator(&w->arena_wrapped);
        PyObjectArenaAllocator mine = {NULL, w_arena_alloc, w_arena_free};
        PyObject_SetArenaAllocator(&mine);
        w->arena_on = 1;
        return 0;
    }
    case W_OP_debug_hooks: PyMem_SetupDebugHooks(); return w->debug_hooks = 1, 0;
    case W_OP_initialize:
        Py_Initialize();
        if (!Py_IsInitialized())
            return w_fail(w, "Py_Initialize() returned but Py_IsInitialized() is 0");
        w->initialized = 1, w->main_ts = PyThreadState_Get(), w->current = -1;
        return 0;
    case W_OP_finalize: return w_finalize(w);
    case W_OP_mem_alloc: return w_alloc(w, PYMEM_DOMAIN_MEM, 8 + w->step % 4 * 150);
    case W_OP_mem_grow: return w_grow(w, PYMEM_DOMAIN_MEM);
    case W_OP_mem_free: return w_release(w, PYMEM_DOMAIN_MEM);
    case W_OP_obj_alloc: return w_alloc(w, PYMEM_DOMAIN_OBJ, 8 + w->step % 4 * 150);
    case W_OP_obj_grow: return w_grow(w, PYMEM_DOMAIN_OBJ);
    case W_OP_obj_free: return w_release(w, PYMEM_DOMAIN_OBJ);
    case W_OP_python:
        return w_run(w, "a workload",
                     "import gc\n_l = [str(i) * 3 for i in range(300)]\n"
                     "_d = {i: _l[i] for i in range(300)}\ndel _l, _d\n"
                     "gc.collect()\n");
    case W_OP_new_interpreter: return w_new_interpreter(w, 0);
    case W_OP_new_isolated_interpreter: return w_new_interpreter(w, 1);
    case W_OP_end_interpreter: return w_end_interpreter(w);
    case W_OP_switch_to_main: PyThreadState_Swap(w->main_ts); return w->current = -1, 0;
    case W_OP_switch_to_sub: PyThreadState_Swap(w->interps[0].ts); return w->current = 0, 0;
    case W_OP_tm_start: return w_tm(w, "start");
    case W_OP_tm_stop: return w_tm(w, "stop");
    case W_OP_tm_clear: return w_tm(w, "clear_traces");
    case W_OP_tm_reset_peak: return w_tm(w, "reset_peak");
    case W_OP_tm_snapshot: return w->tracing ? w_check_snapshot(w) : 0;
    case W_OP_tm_track: return w_track(w);
    case W_OP_tm_untrack: return w_untrack(w);
    case W_OP_fork: return w_fork(w);
    case W_OP_thread_raw: return w_thread(w, 0);
    case W_OP_thread_gil: return w_thread(w, 1);
    }
    return 0;
}

/* What must hold after every step: every block keeps its bytes, every
 * wrapping allocator was called with its own ctx, no arena of NULL was
 * freed, the debug hooks set up are still in place. */
static int w_check(world *w)
{
    if (w->failure[0])
        return -1;
    for (int i = 0; i < w->n_blocks; i++)
        if (!w_intact(&w->blocks[i], (size_t)-1))
            return w_fail(w, "a %s block of %zu bytes lost its bytes",
                          w_domain_name(w->blocks[i].domain), w->blocks[i].size);
    for (int i = 0; i < w->n_hooks; i++)
        if (w->hooks[i]->bad_ctx)
            return w_fail(w, "a wrapping allocator was called with a ctx not its own");
    if (w->removed_hook_calls && !w->avoid_known)
        return w_fail(w,
                      "a wrapping allocator was called %ld times after PyMem_SetAllocator() "
                      "put back the allocator it wraps",
                      w->removed_hook_calls);
    if (w->arena_null_frees)
        return w_fail(w, "the arena allocator was asked to free NULL");
    if (w->debug_hooks && !w->n_hooks) {
        unsigned char *p = PyMem_RawMalloc(8);
        int ok = p && p[-(int)sizeof(size_t)] == 'r';
        PyMem_RawFree(p);
        if (!ok)
            return w_fail(w, "the debug hooks set up before Py_Initialize() are gone from RAW");
    }
    return 0;
}

/* Back to the main interpreter with no sub-interpreter, no tracing and no
 * allocator of ours set, each step checked: the start of the teardown, and
 * of the fuzz target's settling between inputs. */
__attribute__((unused)) static void w_settle(world *w)
{
    while (!w->failure[0] && w->initialized && w->n_interps > 0) {
        if (w->current < 0) {
            PyThreadState_Swap(w->interps[w->n_interps - 1].ts);
            w->current = w->n_interps - 1;
        }
        w->step++;
        w_end_interpreter(w);
        w_check(w);
    }
    if (!w->failure[0] && w->initialized && w->tracing)
        w_tm(w, "stop"); /* tracemalloc's hooks out first: the allocators set are below */
    while (!w->failure[0] && w->n_hooks > 0)
        w_pop_hook(w);
}

/* The end of every sequence: settled (w_settle), Python finalized, the RAW
 * blocks freed; each step checked. */
__attribute__((unused)) static int w_teardown(world *w)
{
    w_settle(w);
    if (!w->failure[0] && w->initialized) {
        w->step++;
        w_finalize(w);
        w_check(w);
    }
    while (!w->failure[0] && w->n_blocks > 0) {
        w_free_ptr(w->blocks[0].domain, w->blocks[0].p); /* RAW only by now */
        w_drop_block(w, 0);
    }
    return w->failure[0] ? -1 : 0;
}

static void w_begin(world *w)
{
    memset(w, 0, sizeof *w);
    const char *mode = getenv("PYTHONMALLOC");
    w->env_allocator = mode && *mode;
    w->current = -1;
    w_the = w;
}

#endif /* PYPY_VERSION */

#endif
