/* debug_gil_check_after_subinterpreter.c: the debug hooks "Check that the
 * GIL is held when allocator functions of PYMEM_DOMAIN_OBJ ... and
 * PYMEM_DOMAIN_MEM ... are called". After a sub-interpreter has been
 * created and ended they no longer do: PyMem_Malloc() without the GIL
 * returns a block (or crashes) instead of the fatal error. Upstream changed
 * this in 3.14 (gh-128360, PR gh-128361: the hooks check the thread state).
 * Build (3.6, 3.7: drop --embed), then run under the debug hooks:
 *   cc debug_gil_check_after_subinterpreter.c -o gilcheck \
 *       $(python3.13-config --cflags --ldflags --embed)
 *   PYTHONMALLOC=debug ./gilcheck
 * Kept: "Fatal Python error: ... without holding the GIL" (SIGABRT).
 * 3.6-3.13: "PyMem_Malloc without the GIL returned ..." (exit 1), or SIGSEGV.
 * Exit 2: the debug hooks are not installed (no PYTHONMALLOC=debug). */
#include <Python.h>

#include <stddef.h>

/* The debug hooks' layout: p[-S] is the API id ('r' for RAW), p[-S+1:0]
 * are forbidden bytes (0xFD; 0xFB before 3.8). */
static int debug_hooks_installed(void)
{
    unsigned char *p = PyMem_RawMalloc(8);
    const ptrdiff_t s = (ptrdiff_t)sizeof(size_t);
    int on = p && p[-s] == 'r' && (p[-1] == 0xFD || p[-1] == 0xFB);
    PyMem_RawFree(p);
    return on;
}

int main(void)
{
    Py_Initialize();
    if (!debug_hooks_installed()) {
        printf("set-up: the debug hooks are not installed: run with PYTHONMALLOC=debug\n");
        return 2;
    }
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    if (!sub) {
        printf("set-up: Py_NewInterpreter() failed\n");
        return 2;
    }
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    PyThreadState *ts = PyEval_SaveThread();
    void *p = PyMem_Malloc(16); /* the hooks must abort here */
    PyEval_RestoreThread(ts);
    printf("PyMem_Malloc without the GIL returned %p: the debug hooks did not check the GIL\n", p);
    return 1;
}
