/* raw_waits_for_gil_while_tracing.c: while tracemalloc traces, a
 * PyMem_RawMalloc() from a thread with no thread state waits for the GIL.
 * The docs (PyMem_RawMalloc): "the GIL does not need to be held". So a
 * thread that holds the GIL and waits for a worker's RAW call deadlocks.
 * The main thread here holds the GIL and gives the worker 2 s. Known
 * upstream: gh-155725, fixed in 3.15 by PR gh-156409 (not in 3.14).
 * Build and run (3.6, 3.7: drop --embed):
 *   cc raw_waits_for_gil_while_tracing.c -o rawgil -lpthread \
 *       $(python3.14-config --cflags --ldflags --embed)
 *   ./rawgil
 * Kept: "returned" (exit 0). 3.7-3.14: "blocked" (exit 1).
 * Exit 2: tracing could not be started (no tracemalloc module). */
#include <Python.h>

#include <pthread.h>
#include <unistd.h>

static volatile int done;

static void *worker(void *arg)
{
    (void)arg;
    PyMem_RawFree(PyMem_RawMalloc(64)); /* no thread state, no GIL */
    done = 1;
    return NULL;
}

int main(void)
{
    Py_Initialize();
#if PY_VERSION_HEX < 0x03070000
    PyEval_InitThreads(); /* 3.6 makes the GIL only when asked */
#endif
    if (PyRun_SimpleString("import tracemalloc; tracemalloc.start(); "
                           "assert tracemalloc.is_tracing()") != 0) {
        printf("set-up: tracemalloc could not be started: nothing was tested\n");
        return 2;
    }
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    for (int ms = 0; ms < 2000 && !done; ms++)
        usleep(1000); /* holding the GIL, waiting for the worker */
    int returned = done;
    printf("PyMem_RawMalloc from a thread without a thread state, while tracing and while "
           "another thread holds the GIL: %s\n",
           returned ? "returned" : "blocked for 2 s (waits for the GIL)");
    PyThreadState *ts = PyEval_SaveThread();
    pthread_join(t, NULL);
    PyEval_RestoreThread(ts);
    Py_FinalizeEx();
    return returned ? 0 : 1;
}
