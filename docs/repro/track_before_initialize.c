/* track_before_initialize.c: PyTraceMalloc_Track() before Py_Initialize().
 * The docs: "Return -2 if tracemalloc is disabled." Nothing traces before
 * the runtime starts, so the call must return -2. On 3.13.2 up to 3.14 it
 * calls PyGILState_Ensure() first and blocks for ever (take_gil ->
 * PyThread_hang_thread); 3.13.0, 3.14 and 3.15 return -2. The function is
 * not on the list of those safe before Py_Initialize(), so this is a
 * robustness report, not a broken promise. Upstream: gh-129256 removed the
 * pre-check (gh-129185), gh-143057 re-added it in main; gh-130093.
 * 3.7+ (3.6 has no public PyTraceMalloc_Track).
 *   cc track_before_initialize.c $(python3.13-config --cflags --ldflags --embed) -o before
 *   ./before      # prints "returned -2" (exit 0), or "hung" (exit 1) */
#include <Python.h>

#include <signal.h>
#include <unistd.h>

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "PyTraceMalloc_Track before Py_Initialize: hung for 3 s\n";
    (void)!write(1, msg, sizeof msg - 1);
    _exit(1);
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    alarm(3);
    int rc = PyTraceMalloc_Track(0, (uintptr_t)0x1000, 16);
    printf("PyTraceMalloc_Track before Py_Initialize: returned %d (documented: -2)\n", rc);
    return rc == -2 ? 0 : 1;
}
