/* lifecycle.c: tracing across the interpreter's life: it can be
 * started again after Py_FinalizeEx() and a new Py_Initialize(), Track
 * works from inside a sub-interpreter, and stop() and finalization survive
 * an isolated interpreter that allocated while tracing.
 * Source: Doc/library/tracemalloc.rst, "C API"; Doc/c-api/init.rst. */
#include "boot.h"
#include "interpreters.h"
#include "tracemalloc_support.h"

#include <stdint.h>

CTS_CASE(restart_after_finalize, .id = "tracemalloc.lifecycle.restart_after_finalize",
         .needs = CTS_NEED_TRACEMALLOC, .isolation = CTS_FRESH, .timeout = 5,
         .doc = "PyTraceMalloc_Track: Return -2 if tracemalloc is disabled. (tracing can be "
                "started again in a new interpreter after Py_FinalizeEx)",
         .source = {.quote = "Return -2 if tracemalloc is disabled.",
                    .page = "c-api/memory.html#c.PyTraceMalloc_Track",
                    .python = "3.15",
                    .note = "re-initialisation after Py_FinalizeEx() is a caveat the docs state "
                            "(\"Some extensions may not work properly if their initialization "
                            "routine is called more than once\"): that tracing restarts in the "
                            "new interpreter is CPython's behaviour from 3.12, measured on 3.6 "
                            "to 3.15"})
{
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_EXPECT(PyTraceMalloc_Track(3, 0x5000, 8) == 0, "Track before finalising failed");
    CTS_REQUIRE(Py_FinalizeEx() == 0, "Py_FinalizeEx() failed");
    int between = PyTraceMalloc_Track(3, 0x5000, 8);
    const char *err = cts_boot();
    CTS_REQUIRE(err == NULL, "the second start-up failed: %s", err);
    int before_start = PyTraceMalloc_Track(3, 0x5000, 8);
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() in the new interpreter failed");
    int again = PyTraceMalloc_Track(3, 0x5000, 8);
    int untrack = PyTraceMalloc_Untrack(3, 0x5000);
    CTS_EXPECT(between == -2 && before_start == -2,
               "Track between the interpreters %d, before start() %d, expected -2", between,
               before_start);
    CTS_EXPECT(again == 0 && untrack == 0, "restarted tracing: Track %d, Untrack %d", again,
               untrack);
}

CTS_CASE(new_interpreter_while_tracing, .id = "tracemalloc.lifecycle.new_interpreter_while_tracing",
         .needs = CTS_NEED_TRACEMALLOC, .timeout = 3,
         .doc = "Py_NewInterpreter: Create a new sub-interpreter. (while tracemalloc traces: "
                "tracemalloc's RAW hook must not deadlock the interpreter's creation)",
         .source = {.quote = "Create a new sub-interpreter.",
                    .page = "c-api/subinterpreters.html#c.Py_NewInterpreter",
                    .python = "3.15",
                    .note = "tracemalloc's hooks take the GIL with PyGILState_Ensure(), and the "
                            "docs' bugs and caveats of sub-interpreters say that combining them "
                            "with the PyGILState_* API is delicate: that creation while tracing "
                            "returns is CPython's behaviour from 3.12, measured on 3.6 to 3.15"})
{
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter(); /* may hang: the runner's deadline */
    CTS_REQUIRE(sub != NULL, "Py_NewInterpreter() while tracing failed");
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
}

/* PyTraceMalloc_Track() takes the GIL with PyGILState_Ensure(); the docs'
 * bugs and caveats of sub-interpreters say that the PyGILState_* API and
 * sub-interpreters do not combine safely, so a call made while a
 * sub-interpreter is current asserts CPython's behaviour (reference tier). */
#define TRACK_IN_SUBINTERPRETER_SOURCE                                                             \
    {                                                                                              \
        .quote = "Track an allocated memory block in the tracemalloc module.",                     \
        .page = "c-api/memory.html#c.PyTraceMalloc_Track", .python = "3.15",                       \
        .note = "Track takes the GIL with PyGILState_Ensure(), whose use with sub-interpreters "   \
                "is a caveat the docs state: that it works there is CPython's behaviour from "     \
                "3.12, measured on 3.6 to 3.15"                                                    \
    }

CTS_CASE(track_in_subinterpreter, .id = "tracemalloc.lifecycle.track_in_subinterpreter",
         .needs = CTS_NEED_TRACEMALLOC, .timeout = 3,
         .doc = "PyTraceMalloc_Track: Track an allocated memory block in the tracemalloc module. "
                "(called while a sub-interpreter created with Py_NewInterpreter is current, "
                "tracing having been started in the main interpreter)",
         .source = TRACK_IN_SUBINTERPRETER_SOURCE)
{
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter(); /* before tracing starts */
    CTS_REQUIRE(sub != NULL, "Py_NewInterpreter() failed");
    PyThreadState_Swap(main_ts);
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    PyThreadState_Swap(sub);
    int t = PyTraceMalloc_Track(21, 0x6000, 24); /* may hang: the runner's deadline */
    int u = PyTraceMalloc_Untrack(21, 0x6000);
    PyThreadState_Swap(main_ts);
    CTS_EXPECT(t == 0 && u == 0, "in a sub-interpreter: Track %d, Untrack %d, expected 0", t, u);
    CTS_REQUIRE(tm_stop() == 0, "tracemalloc.stop() failed");
    PyThreadState_Swap(sub);
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
}

CTS_CASE(track_in_own_gil_subinterpreter,
         .id = "tracemalloc.lifecycle.track_in_own_gil_subinterpreter",
         .needs = CTS_NEED_TRACEMALLOC, .timeout = 3, .since = 0x030C0000,
         .why_version = "interpreters with their own GIL are new in 3.12",
         .doc = "PyTraceMalloc_Track: Track an allocated memory block in the tracemalloc module. "
                "(from an interpreter created with PyInterpreterConfig.gil = "
                "PyInterpreterConfig_OWN_GIL, while the main interpreter traces)",
         .source = TRACK_IN_SUBINTERPRETER_SOURCE)
{
#if PY_VERSION_HEX >= 0x030C0000
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    PyThreadState *main_ts = PyThreadState_Get();
    const char *why = NULL;
    PyThreadState *sub = new_isolated_interpreter(&why);
    CTS_REQUIRE(sub != NULL, "Py_NewInterpreterFromConfig failed: %s", why);
    int t = PyTraceMalloc_Track(22, 0x6100, 24); /* may hang: the runner's deadline */
    int u = PyTraceMalloc_Untrack(22, 0x6100);
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    CTS_EXPECT(t == 0 && u == 0, "in an own-GIL interpreter: Track %d, Untrack %d, expected 0", t,
               u);
#endif
}

/* Found by the lifecycle explorer (initialize, tm_start,
 * new_isolated_interpreter, then its teardown); the explorer's walks and
 * lifecycle_fuzzer leave this step out (w_known_fault) and this case
 * reports it. A fresh process, so that Py_FinalizeEx() runs too. */
CTS_CASE(stop_after_own_obmalloc_subinterpreter,
         .id = "tracemalloc.lifecycle.stop_after_own_obmalloc_subinterpreter",
         .needs = CTS_NEED_TRACEMALLOC, .isolation = CTS_FRESH, .timeout = 10, .since = 0x030C0000,
         .why_version = "interpreters with their own GIL are new in 3.12",
         .doc = "tracemalloc.stop(): Stop tracing Python memory allocations: uninstall hooks on "
                "Python memory allocators. Also clears all previously collected traces of memory "
                "blocks allocated by Python. (after an interpreter with its own GIL and its own "
                "obmalloc state allocated while tracing and was ended; then Py_FinalizeEx())",
         .source = {.quote = "Stop tracing Python memory allocations: uninstall hooks on Python "
                             "memory allocators. Also clears all previously collected traces of "
                             "memory blocks allocated by Python.",
                    .page = "library/tracemalloc.html#tracemalloc.stop",
                    .python = "3.15",
                    .note = "the docs do not say how tracing and isolated interpreters meet; "
                            "that stop() and finalization survive one is CPython's behaviour "
                            "(3.13.0 and 3.15.2 pass, measured)"})
{
#if PY_VERSION_HEX >= 0x030C0000
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    PyThreadState *main_ts = PyThreadState_Get();
    const char *why = NULL;
    PyThreadState *sub = new_isolated_interpreter(&why);
    CTS_REQUIRE(sub != NULL, "Py_NewInterpreterFromConfig failed: %s", why);
    int ran = PyRun_SimpleString("x = [str(i) * 3 for i in range(2000)]\nimport json\n");
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    CTS_EXPECT(ran == 0, "Python code in the interpreter with its own GIL failed");
    CTS_EXPECT(tm_stop() == 0, "tracemalloc.stop() after the interpreter ended failed");
    CTS_EXPECT(PyRun_SimpleString("y = {i: str(i) for i in range(2000)}") == 0,
               "Python code after tracemalloc.stop() failed");
    CTS_EXPECT(Py_FinalizeEx() == 0, "Py_FinalizeEx() failed");
#endif
}
