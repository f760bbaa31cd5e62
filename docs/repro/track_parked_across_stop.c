/* track_parked_across_stop.c: a PyTraceMalloc_Track() call from a thread
 * with no thread state waits for the GIL while the main thread, holding
 * it, stops tracing. The docs: "Return 0 on success ... Return -2 if
 * tracemalloc is disabled." The call must return 0 or -2; before the fix of
 * gh-128679 (3.13.2, 3.12.9) it takes the GIL and then writes through the
 * traceback buffer that stop() freed, and dies of SIGSEGV. 3.7+ (3.6 has
 * no public PyTraceMalloc_Track).
 * Build and run:
 *   cc track_parked_across_stop.c -o parked -lpthread \
 *       $(python3.11-config --cflags --ldflags --embed)
 *   ./parked
 * Kept: "returned -2" or "returned 0" (exit 0). Before the fix: SIGSEGV.
 * Exit 2: tracing could not be started. */
#include <Python.h>

#include <pthread.h>
#include <unistd.h>

static volatile int result = 1;

static void *track(void *arg)
{
    (void)arg;
    result = PyTraceMalloc_Track(7, (uintptr_t)0x30000, 64); /* waits for the GIL */
    return NULL;
}

int main(void)
{
    Py_Initialize();
    PyObject *module = PyImport_ImportModule("tracemalloc");
    PyObject *stop = module ? PyObject_GetAttrString(module, "stop") : NULL;
    if (!stop || PyRun_SimpleString("import tracemalloc; tracemalloc.start()") != 0 ||
        PyTraceMalloc_Track(8, (uintptr_t)0x40000, 8) != 0 ||
        PyTraceMalloc_Untrack(8, (uintptr_t)0x40000) != 0) {
        printf("set-up: tracemalloc could not be started: nothing was tested\n");
        return 2;
    }
    pthread_t t;
    pthread_create(&t, NULL, track, NULL);
    usleep(200 * 1000);                          /* the thread is now inside Track */
    Py_XDECREF(PyObject_CallObject(stop, NULL)); /* a C call: the GIL stays here */
    PyThreadState *ts = PyEval_SaveThread();     /* let the parked call go on */
    pthread_join(t, NULL);
    PyEval_RestoreThread(ts);
    printf("PyTraceMalloc_Track across tracemalloc.stop(): returned %d (documented: 0 or -2)\n",
           result);
    Py_DECREF(stop);
    Py_DECREF(module);
    Py_FinalizeEx();
    return result == 0 || result == -2 ? 0 : 1;
}
