/* finalize.c: Py_FinalizeEx() with sub-interpreters the embedder left
 * alive: it destroys them (their thread states, their interpreter state
 * and, from 3.12, their own obmalloc state) and returns 0, in a child of a
 * fresh process that then leaves. Source: Doc/c-api/init.rst
 * (interp-lifecycle.rst in 3.15), Py_FinalizeEx. */
#include "boot_child.h"
#include "interpreters.h"
#include "cts.h"

#include <stdio.h>
#include <string.h>

/* 1: the child's sub-interpreter has its own obmalloc state (3.12+). */
static int isolated;

/* Leaves a sub-interpreter alive, makes the main interpreter current again
 * and finalises; reports Py_FinalizeEx()'s result. */
static void finalize_with_subinterpreter(void)
{
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = NULL;
#if PY_VERSION_HEX >= 0x030C0000
    const char *why = NULL;
    sub = isolated ? new_isolated_interpreter(&why) : Py_NewInterpreter();
#else
    sub = Py_NewInterpreter();
#endif
    if (!sub) {
        boot_child_report("no sub-interpreter");
        return;
    }
    PyRun_SimpleString("blocks = [bytearray(64) for _ in range(1000)]");
    PyThreadState_Swap(main_ts);
    boot_child_report("finalize=%d", Py_FinalizeEx());
}

CTS_CASE(ends_remaining_subinterpreters, .id = "lifecycle.finalize.ends_remaining_subinterpreters",
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT,
         .doc = "Py_FinalizeEx() called while a sub-interpreter made by Py_NewInterpreter() (and, "
                "from 3.12, one with its own obmalloc state) is alive destroys it and returns 0",
         .source = {.quote = "Undo all initializations made by Py_Initialize() and subsequent use "
                             "of Python/C API functions, and destroy all sub-interpreters (see "
                             "Py_NewInterpreter() below) that were created and not yet destroyed "
                             "since the last call to Py_Initialize().",
                    .page = "c-api/interp-lifecycle.html#c.Py_FinalizeEx",
                    .python = "3.15"})
{
    int kinds = PY_VERSION_HEX >= 0x030C0000 ? 2 : 1;
    for (isolated = 0; isolated < kinds; isolated++) {
        boot_child r;
        boot_child_run(&r, "PYTHONTRACEMALLOC", NULL, NULL, finalize_with_subinterpreter);
        const char *kind = isolated ? "an own-obmalloc sub-interpreter" : "a sub-interpreter";
        CTS_REQUIRE(r.booted, "Python did not start: %.300s", r.report);
        CTS_EXPECT(r.exited && r.code == 0 && strstr(r.report, "finalize=0"),
                   "Py_FinalizeEx() with %s left alive: exit status %d, signal %d, report "
                   "%.200s, output %.300s",
                   kind, r.code, r.signal, r.report, r.output);
    }
}
