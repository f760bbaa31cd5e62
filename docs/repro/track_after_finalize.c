/* track_after_finalize.c: PyTraceMalloc_Track() after Py_FinalizeEx().
 * The docs: "Return -2 if tracemalloc is disabled." After finalization
 * nothing traces, so the call must return -2. On 3.13.2 up to 3.14 it calls
 * PyGILState_Ensure() before its tracing check and dies of SIGSEGV; 3.13.0,
 * 3.14 and 3.15 return -2. No C API but the functions safe before
 * initialisation is promised after Py_FinalizeEx(), so this is a robustness
 * report, not a broken promise. Upstream: gh-129185 made Track/Untrack safe
 * in late finalisation; gh-143057 re-added the tracing pre-check in main.
 * 3.7+ (3.6 has no public PyTraceMalloc_Track).
 *   cc track_after_finalize.c $(python3.13-config --cflags --ldflags --embed) -o after
 *   ./after       # prints "returned -2" (exit 0), or dies of SIGSEGV */
#include <Python.h>

int main(void)
{
    Py_Initialize();
    if (Py_FinalizeEx() != 0)
        return 2;
    fflush(stdout);
    int rc = PyTraceMalloc_Track(0, (uintptr_t)0x1000, 16);
    printf("PyTraceMalloc_Track after Py_FinalizeEx: returned %d (documented: -2)\n", rc);
    return rc == -2 ? 0 : 1;
}
