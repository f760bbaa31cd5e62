/* debug_gil_check_after_subinterpreter.c: the debug hooks "Check that the
 * GIL is held when allocator functions of PYMEM_DOMAIN_OBJ ... and
 * PYMEM_DOMAIN_MEM ... are called". After a sub-interpreter has been
 * created and ended they no longer do: PyMem_Malloc() without the GIL
 * returns a block (or crashes) instead of the fatal error.
 *   cc debug_gil_check_after_subinterpreter.c $(python3.13-config --cflags --ldflags --embed) -o
 * gilcheck PYTHONMALLOC=debug ./gilcheck # kept: "Fatal Python error: ... called without holding
 * the GIL" (SIGABRT) # 3.6-3.13: "PyMem_Malloc without the GIL returned ..." (exit 1), or SIGSEGV
 */
#include <Python.h>

int main(void)
{
    Py_Initialize();
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    PyThreadState *ts = PyEval_SaveThread();
    void *p = PyMem_Malloc(16); /* the hooks must abort here */
    PyEval_RestoreThread(ts);
    printf("PyMem_Malloc without the GIL returned %p: the debug hooks did not check the GIL\n", p);
    return 1;
}
