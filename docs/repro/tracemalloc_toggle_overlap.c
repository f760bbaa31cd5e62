/* tracemalloc_toggle_overlap.c: 8 threads with no thread state call
 * PyMem_RawFree(PyMem_RawMalloc(16)) while the main thread starts and stops
 * tracemalloc in a loop. PyMem_SetAllocator() swaps the RAW allocator with
 * separate stores while the RAW functions read it unlocked, so a call can
 * pair tracemalloc's hook with another context: SIGSEGV within seconds on
 * 3.11.7, 3.12.1, 3.13.0, 3.13.18, 3.14.10; 3.15.2 survives (measured
 * 2026-12-07).
 * Known upstream: gh-131566 (judged benign), gh-143143 (open: the same race
 * crashes test_tracemalloc_track_race on a buildbot). The docs' "can be
 * called without the GIL" says nothing of a concurrent allocator switch, so
 * the suite reports this, it does not assert it.
 * Build and run (argument: seconds, default 10):
 *   cc tracemalloc_toggle_overlap.c -o overlap -lpthread \
 *       $(python3.13-config --cflags --ldflags --embed)
 *   ./overlap 10   # "survived 10 s" (exit 0), or SIGSEGV
 * Exit 2: tracemalloc could not be started. */
#include <Python.h>

#include <pthread.h>
#include <time.h>

static volatile int stop;

static void *worker(void *a)
{
    (void)a;
    while (!stop)
        PyMem_RawFree(PyMem_RawMalloc(16));
    return NULL;
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 10;
    Py_Initialize();
    if (PyRun_SimpleString("import tracemalloc; tracemalloc.start(); tracemalloc.stop()") != 0) {
        printf("set-up: tracemalloc could not be started: nothing was tested\n");
        return 2;
    }
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    time_t end = time(NULL) + seconds;
    long toggles = 0;
    while (time(NULL) < end) {
        PyRun_SimpleString("tracemalloc.start(); tracemalloc.stop()");
        toggles++;
    }
    stop = 1;
    PyThreadState *ts = PyEval_SaveThread();
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    PyEval_RestoreThread(ts);
    printf("survived %d s, %ld start/stop toggles\n", seconds, toggles);
    Py_FinalizeEx();
    return 0;
}
