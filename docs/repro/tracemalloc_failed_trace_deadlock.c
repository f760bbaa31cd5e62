/* tracemalloc_failed_trace_deadlock.c: while tracemalloc traces, a new
 * object block of more than 512 bytes whose trace cannot be stored (the
 * RAW allocation for tracemalloc's own table fails) deadlocks under
 * pymalloc. tracemalloc_alloc() frees the block while it holds its tables
 * lock, pymalloc hands a block over 512 bytes to PyMem_RawFree(), and
 * tracemalloc's RAW hook (tracemalloc_free) takes the same lock again.
 * Python/tracemalloc.c means to report the failure: "Failed to allocate a
 * trace for the new memory block" frees the block and returns NULL. The
 * docs promise nothing about tracemalloc under allocation failure: CPython
 * behaviour (reference tier). 3.13.0 returns NULL; the lock around the free
 * came with the locking rework first released in 3.13.2 (gh-128679).
 * Build and run:
 *   cc tracemalloc_failed_trace_deadlock.c -o tmdeadlock $(python3.13-config --cflags --ldflags --embed)
 *   PYTHONMALLOC=pymalloc ./tmdeadlock   # "hung ..." (exit 1) or "NULL ..." (exit 0)
 * Exit 2: the failing allocation was never reached (set-up did not hold). */
#include <Python.h>

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static PyMemAllocatorEx raw;
static long calls, fail_after = -1; /* -1: never fail */
static int failed_one;

static void *failing_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (fail_after >= 0 && ++calls > fail_after) {
        failed_one = 1;
        return NULL;
    }
    return raw.malloc(raw.ctx, size);
}

static void *failing_calloc(void *ctx, size_t n, size_t size)
{
    (void)ctx;
    if (fail_after >= 0 && ++calls > fail_after) {
        failed_one = 1;
        return NULL;
    }
    return raw.calloc(raw.ctx, n, size);
}

static void *failing_realloc(void *ctx, void *p, size_t size)
{
    (void)ctx;
    if (fail_after >= 0 && ++calls > fail_after) {
        failed_one = 1;
        return NULL;
    }
    return raw.realloc(raw.ctx, p, size);
}

static void plain_free(void *ctx, void *p)
{
    (void)ctx;
    raw.free(raw.ctx, p);
}

static void hung(int sig)
{
    (void)sig;
    static const char msg[] = "hung for 5 s in PyObject_Malloc(1000): tracemalloc deadlocked\n";
    if (write(1, msg, sizeof msg - 1) < 0)
        _exit(1);
    _exit(1);
}

int main(void)
{
    Py_Initialize();
    /* beneath tracemalloc, which takes the RAW allocator it finds at start() */
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &raw);
    PyMemAllocatorEx mine = {NULL, failing_malloc, failing_calloc, failing_realloc, plain_free};
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &mine);
    if (PyRun_SimpleString("import tracemalloc; tracemalloc.start()") != 0)
        return 2;
    signal(SIGALRM, hung);
    alarm(5);
    calls = 0;
    fail_after = 1; /* the block itself (pymalloc's RAW fallback) comes; tracemalloc's table does not */
    void *p = PyObject_Malloc(1000);
    fail_after = -1;
    alarm(0);
    if (!failed_one) {
        printf("set-up: no RAW allocation failed\n");
        return 2;
    }
    printf("PyObject_Malloc(1000) with tracemalloc's table allocation failing returned %s\n",
           p ? "a block" : "NULL");
    PyObject_Free(p);
    PyRun_SimpleString("import tracemalloc; tracemalloc.stop()");
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &raw);
    Py_FinalizeEx();
    return 0;
}
