/* tracemalloc_restart_after_finalize.c: tracing started again in a new
 * interpreter after Py_FinalizeEx() and Py_Initialize(). Before 3.12
 * 'import tracemalloc' then raises RuntimeError('the tracemalloc module has
 * been unloaded'); 3.12 moved tracemalloc into the runtime (gh-101520, PR
 * gh-104508) and it restarts. Re-initialisation is a caveat the docs state
 * ("Some extensions may not work properly if their initialization routine is
 * called more than once"): CPython behaviour, not a broken promise.
 * Build (3.6, 3.7: drop --embed):
 *   cc tracemalloc_restart_after_finalize.c -o restart \
 *       $(python3.11-config --cflags --ldflags --embed)
 *   ./restart   # 3.12+: "restarted" (exit 0); 3.6-3.11: RuntimeError (exit 1)
 * Exit 2: tracing could not be started in the first interpreter. */
#include <Python.h>

int main(void)
{
    Py_Initialize();
    if (PyRun_SimpleString("import tracemalloc; tracemalloc.start(); "
                           "assert tracemalloc.is_tracing()") != 0) {
        printf("set-up: tracemalloc could not be started: nothing was tested\n");
        return 2;
    }
    Py_FinalizeEx();
    Py_Initialize();
    int rc = PyRun_SimpleString("import tracemalloc; tracemalloc.start(); "
                                "assert tracemalloc.is_tracing()");
    printf("tracing in the second interpreter: %s\n", rc == 0 ? "restarted" : "failed");
    Py_FinalizeEx();
    return rc == 0 ? 0 : 1;
}
