/* finalize_with_subinterpreter.c: Py_FinalizeEx() while a sub-interpreter
 * made by Py_NewInterpreter() is still alive. The docs of Py_FinalizeEx():
 * "Undo all initializations made by Py_Initialize() and subsequent use of
 * Python/C API functions, and destroy all sub-interpreters (see
 * Py_NewInterpreter() below) that were created and not yet destroyed since
 * the last call to Py_Initialize()." 3.13+ do (finalize_subinterpreters());
 * before 3.13, PyInterpreterState_Delete() of the main interpreter aborts:
 * "Fatal Python error: PyInterpreterState_Delete: remaining subinterpreters".
 * Build and run:
 *   cc finalize_with_subinterpreter.c -o fin $(python3.11-config --cflags --ldflags --embed)
 *   ./fin  # 3.13+: "Py_FinalizeEx() returned 0" (exit 0); 3.11, 3.12: SIGABRT
 * Exit 1: Py_FinalizeEx() returned non-zero; 2: no sub-interpreter made. */
#include <Python.h>
#include <stdio.h>

int main(void)
{
    Py_Initialize();
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    if (!sub) {
        printf("Py_NewInterpreter() failed\n");
        return 2;
    }
    PyRun_SimpleString("blocks = [bytearray(64) for _ in range(1000)]");
    PyThreadState_Swap(main_ts); /* the main interpreter current, as the docs ask */
    int status = Py_FinalizeEx();
    printf("Py_FinalizeEx() returned %d\n", status);
    return status == 0 ? 0 : 1;
}
