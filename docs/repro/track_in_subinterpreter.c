/* track_in_subinterpreter.c: PyTraceMalloc_Track() with a sub-interpreter's
 * thread state current, tracing started in the main interpreter. Track takes
 * the GIL with PyGILState_Ensure(), which finds this thread's main thread
 * state and waits for the GIL this thread holds: 3.7 to 3.11 deadlock; 3.12+
 * return 0. The docs' bugs and caveats of sub-interpreters warn that the
 * PyGILState_* API and sub-interpreters do not combine (bpo-10915): CPython
 * behaviour, not a broken promise. 3.7+ (3.6 has no public
 * PyTraceMalloc_Track). The program gives itself 10 s.
 * Build and run:
 *   cc track_in_subinterpreter.c -o tracksub $(python3.11-config --cflags --ldflags --embed)
 *   ./tracksub   # 3.12+: "returned 0" (exit 0); 3.7-3.11: "hung for 10 s" (exit 1)
 * Exit 2: tracing could not be started, or no sub-interpreter. */
#include <Python.h>

#include <signal.h>
#include <unistd.h>

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "PyTraceMalloc_Track in a sub-interpreter: hung for 10 s\n";
    (void)!write(1, msg, sizeof msg - 1);
    _exit(1);
}

int main(void)
{
    Py_Initialize();
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter(); /* before tracing starts */
    PyThreadState_Swap(main_ts);
    if (!sub || PyRun_SimpleString("import tracemalloc; tracemalloc.start()") != 0 ||
        PyTraceMalloc_Track(5, (uintptr_t)0x4000, 16) != 0 ||
        PyTraceMalloc_Untrack(5, (uintptr_t)0x4000) != 0) {
        printf("set-up: no sub-interpreter, or tracing could not be started\n");
        return 2;
    }
    PyThreadState_Swap(sub);
    signal(SIGALRM, on_alarm);
    alarm(10);
    int rc = PyTraceMalloc_Track(5, (uintptr_t)0x4000, 16);
    alarm(0);
    PyTraceMalloc_Untrack(5, (uintptr_t)0x4000);
    printf("PyTraceMalloc_Track in a sub-interpreter: returned %d (documented: 0)\n", rc);
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    Py_FinalizeEx();
    return rc == 0 ? 0 : 1;
}
