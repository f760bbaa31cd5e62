/* workloads.c: the workloads of faults.workloads.* that are not Python
 * files of their own (faults/workloads/NAME.py are the others): tracemalloc,
 * which needs a build that traces, and a sub-interpreter, made and ended
 * from C. Each case runs its workload with allocation 1, 2, 3 ... of RAW,
 * MEM and OBJ failing in turn, each trial in a forked child that then runs
 * the workload again with nothing failing and finalizes
 * (support/workload_sweep.c). A Python workload is compiled before the
 * failure is armed, so that what fails is its run, not the parser (the
 * parser's failures are faults.code.run_string's). */
#include "workload_sweep.h"

#include <stdio.h>

#define WORKLOAD_tracemalloc                                                                       \
    .source = "import tracemalloc\n"                                                               \
              "tracemalloc.start(2)\n"                                                             \
              "try:\n"                                                                             \
              "    keep = [str(i) * 3 for i in range(100)]\n"                                      \
              "    snap = tracemalloc.take_snapshot()\n"                                           \
              "    stats = snap.statistics('lineno')\n"                                            \
              "    cur, peak = tracemalloc.get_traced_memory()\n"                                  \
              "    assert peak >= cur > 0\n"                                                       \
              "finally:\n"                                                                         \
              "    tracemalloc.stop()\n"

WORKLOAD_CASE(tracemalloc,
              "A workload that starts tracemalloc, takes a snapshot, reads its "
              "statistics and stops",
              CTS_NEED_TRACEMALLOC)

/* Py_NewInterpreter() documents no exception on failure (3.11: "If creation
 * of the new interpreter is unsuccessful, NULL is returned; no exception is
 * set"), and an exception raised inside the sub-interpreter belongs to it:
 * both are reported, not raised in the main interpreter. From 3.12 its page
 * promises no NULL: "This is essentially just a wrapper around
 * Py_NewInterpreterFromConfig() with a config that preserves the existing
 * behavior", and it hands a failed status to Py_ExitStatusException()
 * (Python/pylifecycle.c), which ends the process with "Fatal Python error:"
 * and exit status 1, by design (gh-112729): such a trial breaks nothing. A
 * crash or abort inside it still does (new_interpreter()'s error path is
 * Py_NewInterpreterFromConfig()'s too, whose failure is a status). */
static int subinterpreter(const char **reported)
{
    static char text[200];
    PyThreadState *main_tstate = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    if (!sub) {
        PyThreadState_Swap(main_tstate);
        *reported = "Py_NewInterpreter() returned NULL";
        return -1;
    }
    PyObject *main_dict = PyModule_GetDict(PyImport_AddModule("__main__"));
    PyObject *r = PyRun_String("x = {i: str(i) for i in range(200)}\n"
                               "import colorsys\n"
                               "y = sorted(x.values(), key=len)\n",
                               Py_file_input, main_dict, main_dict);
    int failed = r == NULL, set = PyErr_Occurred() != NULL;
    if (set) {
        snprintf(text, sizeof text, "the sub-interpreter's code raised %s",
                 ((PyTypeObject *)PyErr_Occurred())->tp_name);
        PyErr_Clear();
    }
    Py_XDECREF(r);
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_tstate);
    if (failed)
        *reported = set ? text : NULL; /* NULL: it failed with no exception set */
    return failed ? -1 : 0;
}

#if PY_VERSION_HEX >= 0x030C0000
#define WORKLOAD_subinterpreter                                                                    \
    .run = subinterpreter,                                                                         \
    .exits_by_design = "Py_NewInterpreter() exits through Py_ExitStatusException() on a failed "   \
                       "status (3.12+ docs: a wrapper that preserves the existing behavior)"
#else
#define WORKLOAD_subinterpreter .run = subinterpreter
#endif

WORKLOAD_CASE(subinterpreter,
              "A workload that creates a sub-interpreter with Py_NewInterpreter(), "
              "runs code and an import in it and ends it",
              0)
