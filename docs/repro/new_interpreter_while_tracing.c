/* new_interpreter_while_tracing.c: Py_NewInterpreter() while tracemalloc
 * traces. tracemalloc's RAW hook calls PyGILState_Ensure(), which inside
 * the interpreter's creation waits for the GIL its own thread holds: 3.7 to
 * 3.11 deadlock, 3.6 dies of SIGSEGV, 3.12+ return a thread state. The docs'
 * bugs and caveats of sub-interpreters warn that the PyGILState_* API and
 * sub-interpreters do not combine (bpo-10915, bpo-15751): CPython
 * behaviour, not a broken promise. The program gives itself 10 s.
 * Build (3.6, 3.7: drop --embed):
 *   cc new_interpreter_while_tracing.c -o newinterp \
 *       $(python3.11-config --cflags --ldflags --embed)
 *   ./newinterp   # 3.12+: "returned" (exit 0); 3.7-3.11: "hung for 10 s" (exit 1)
 * Exit 2: tracing could not be started. */
#include <Python.h>

#include <signal.h>
#include <unistd.h>

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "Py_NewInterpreter while tracing: hung for 10 s\n";
    (void)!write(1, msg, sizeof msg - 1);
    _exit(1);
}

int main(void)
{
    Py_Initialize();
    if (PyRun_SimpleString("import tracemalloc; tracemalloc.start(); "
                           "assert tracemalloc.is_tracing()") != 0) {
        printf("set-up: tracemalloc could not be started: nothing was tested\n");
        return 2;
    }
    PyThreadState *main_ts = PyThreadState_Get();
    signal(SIGALRM, on_alarm);
    alarm(10);
    PyThreadState *sub = Py_NewInterpreter();
    alarm(0);
    printf("Py_NewInterpreter while tracing: returned %p\n", (void *)sub);
    if (sub)
        Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    Py_FinalizeEx();
    return sub ? 0 : 1;
}
