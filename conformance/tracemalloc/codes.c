/* codes.c: the return codes of PyTraceMalloc_Track() and
 * PyTraceMalloc_Untrack() in every state of tracing: never started, tracing,
 * stopped, before initialisation and after finalisation; and -1, provoked
 * deterministically (below). Source: Doc/library/tracemalloc.rst, "C API". */
#include "hook_spy.h"
#include "tracemalloc_support.h"

#include <stdint.h>
#include <stdio.h>

static const char track_rule[] =
    "PyTraceMalloc_Track: Track an allocated memory block in the tracemalloc module. Return 0 "
    "on success, return -1 on error (failed to allocate memory to store the trace). Return -2 "
    "if tracemalloc is disabled.";
static const char untrack_rule[] =
    "PyTraceMalloc_Untrack: Untrack an allocated memory block in the tracemalloc module. Do "
    "nothing if the block was not tracked. Return -2 if tracemalloc is disabled, otherwise "
    "return 0.";

#define SOME_PTR ((uintptr_t)0x7ace0000)

/* The quote of Track's return codes; NOTE_ (or NULL) makes a case of the
 * reference tier: one that calls it outside the documented lifetime. */
#define TRACK_SOURCE_NOTE(note_)                                                                   \
    {                                                                                              \
        .quote = "Track an allocated memory block in the tracemalloc module. ... Return 0 on "     \
                 "success, return -1 on error (failed to allocate memory to store the trace). "    \
                 "... Return -2 if tracemalloc is disabled.",                                      \
        .page = "c-api/memory.html#c.PyTraceMalloc_Track", .python = "3.15", .note = note_         \
    }
#define TRACK_SOURCE TRACK_SOURCE_NOTE(NULL)

CTS_CASE(disabled_never_started, .id = "tracemalloc.codes.disabled_never_started",
         .doc = track_rule, .source = TRACK_SOURCE)
{
    int t = PyTraceMalloc_Track(7, SOME_PTR, 16);
    int u = PyTraceMalloc_Untrack(7, SOME_PTR);
    CTS_EXPECT(t == -2, "PyTraceMalloc_Track before tracemalloc.start() returned %d, expected -2",
               t);
    CTS_EXPECT(u == -2,
               "PyTraceMalloc_Untrack before tracemalloc.start() returned %d, "
               "expected -2",
               u);
}

CTS_CASE(
    tracing, .id = "tracemalloc.codes.tracing", .doc = track_rule,
    .source = {.quote =
                   "Track an allocated memory block in the tracemalloc module. ... Return 0 on "
                   "success, return -1 on error (failed to allocate memory to store the trace). "
                   "... Return -2 if tracemalloc is disabled. ... Do nothing if the block was not "
                   "tracked. ... Return -2 if tracemalloc is disabled, otherwise return 0.",
               .page = "c-api/memory.html#c.PyTraceMalloc_Track",
               .python = "3.15"},
    .needs = CTS_NEED_TRACEMALLOC)
{
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    int t = PyTraceMalloc_Track(7, SOME_PTR, 16);
    int u = PyTraceMalloc_Untrack(7, SOME_PTR);
    int again = PyTraceMalloc_Untrack(7, SOME_PTR);
    int never = PyTraceMalloc_Untrack(12345, SOME_PTR + 64);
    CTS_EXPECT(t == 0, "PyTraceMalloc_Track while tracing returned %d, expected 0", t);
    CTS_EXPECT(u == 0, "PyTraceMalloc_Untrack of a tracked block returned %d, expected 0", u);
    CTS_EXPECT(again == 0 && never == 0,
               "PyTraceMalloc_Untrack of an untracked block returned %d and %d, expected 0 "
               "(\"Do nothing if the block was not tracked\")",
               again, never);
}

CTS_CASE(disabled_after_stop, .id = "tracemalloc.codes.disabled_after_stop", .doc = untrack_rule,
         .source = {.quote = "Untrack an allocated memory block in the tracemalloc module. ... "
                             "Return -2 if tracemalloc is disabled, otherwise return 0.",
                    .page = "c-api/memory.html#c.PyTraceMalloc_Untrack",
                    .python = "3.15"},
         .needs = CTS_NEED_TRACEMALLOC)
{
    CTS_REQUIRE(tm_start() == 0 && tm_stop() == 0, "tracemalloc.start()/stop() failed");
    int t = PyTraceMalloc_Track(7, SOME_PTR, 16);
    int u = PyTraceMalloc_Untrack(7, SOME_PTR);
    CTS_EXPECT(t == -2 && u == -2, "after tracemalloc.stop(): Track %d, Untrack %d, expected -2", t,
               u);
}

/* Outside the documented lifetime: PyTraceMalloc_Track() is not among the
 * functions that "can be safely called before Python is initialized", so
 * what it does there is CPython's behaviour (reference tier), not a promise. */
CTS_CASE(disabled_before_initialize, .id = "tracemalloc.codes.disabled_before_initialize",
         .doc = track_rule,
         .source = TRACK_SOURCE_NOTE(
             "before Py_Initialize(), outside the documented lifetime (the function is not on the "
             "list of those safe before initialisation): that it returns -2 there is CPython's "
             "behaviour, measured on 3.7 to 3.15"),
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT, .timeout = 5)
{
    int t = PyTraceMalloc_Track(7, SOME_PTR, 16);
    int u = PyTraceMalloc_Untrack(7, SOME_PTR);
    CTS_EXPECT(t == -2 && u == -2, "before Py_Initialize: Track %d, Untrack %d, expected -2", t, u);
}

/* Outside the documented lifetime as well: Py_FinalizeEx() undoes the
 * initialisation, and no C API but the pre-initialisation list is promised
 * after it. */
CTS_CASE(disabled_after_finalize, .id = "tracemalloc.codes.disabled_after_finalize",
         .doc = track_rule,
         .source = TRACK_SOURCE_NOTE(
             "after Py_FinalizeEx(), outside the documented lifetime (only the functions safe "
             "before initialisation are promised there): that it returns -2 is CPython's "
             "behaviour, measured on 3.7 to 3.15"),
         .needs = CTS_NEED_TRACEMALLOC, .isolation = CTS_FRESH, .timeout = 5)
{
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(Py_FinalizeEx() == 0, "Py_FinalizeEx() failed");
    int t = PyTraceMalloc_Track(7, SOME_PTR, 16);
    int u = PyTraceMalloc_Untrack(7, SOME_PTR);
    CTS_EXPECT(t == -2 && u == -2, "after Py_FinalizeEx: Track %d, Untrack %d, expected -2", t, u);
}

/* PyTraceMalloc_Track() returns -1 when storing the
 * trace fails, provoked deterministically: a RAW allocator that can be told
 * to fail (hook_spy) is installed before tracemalloc.start(), which keeps using the
 * RAW allocator it found. Track is called from a C function run from a
 * Python line no allocation has used yet, so that a new traceback must be
 * stored (3.6-3.8 allocate only that; 3.9+ also the trace itself).
 * Source: Doc/library/tracemalloc.rst, "C API"; Modules/_tracemalloc.c. */
static hook_spy raw_spy; /* fails while Track runs with fail set */

/* _cts_track(domain, ptr, size, fail) -> Track's return code */
static PyObject *track_from_python(PyObject *self, PyObject *args)
{
    (void)self;
    unsigned int domain;
    unsigned long long ptr;
    Py_ssize_t size;
    int fail;
    if (!PyArg_ParseTuple(args, "IKni", &domain, &ptr, &size, &fail))
        return NULL;
    raw_spy.failing = fail;
    int rc = PyTraceMalloc_Track(domain, (uintptr_t)ptr, (size_t)size);
    raw_spy.failing = 0;
    return PyLong_FromLong(rc);
}

static PyMethodDef track_def = {"_cts_track", track_from_python, METH_VARARGS, NULL};

/* Runs _cts_track on line `line` of a fresh piece of source; -99 on error. */
static int track_at_line(int line, unsigned domain, uintptr_t ptr, size_t size, int fail)
{
    char code[4096];
    int n = 0;
    for (int i = 1; i < line && n < 3000; i++)
        code[n++] = '\n';
    snprintf(code + n, sizeof code - (size_t)n, "_cts_rc = _cts_track(%u, %llu, %zu, %d)\n", domain,
             (unsigned long long)ptr, size, fail);
    if (tm_run(code) != 0)
        return -99;
    PyObject *main = PyImport_AddModule("__main__");
    PyObject *rc = main ? PyObject_GetAttrString(main, "_cts_rc") : NULL;
    int r = rc ? (int)PyLong_AsLong(rc) : -99;
    Py_XDECREF(rc);
    return r;
}

CTS_CASE(failure_is_minus_one, .id = "tracemalloc.codes.failure_is_minus_one",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "PyTraceMalloc_Track: Return 0 on success, return -1 on error (failed to "
                "allocate memory to store the trace).",
         .source = {.quote = "Return 0 on success, return -1 on error (failed to allocate memory "
                             "to store the trace).",
                    .page = "c-api/memory.html#c.PyTraceMalloc_Track",
                    .python = "3.15"})
{
    hook_spy_install(&raw_spy, PYMEM_DOMAIN_RAW); /* before start(): tracemalloc keeps it */
    PyObject *fn = PyCFunction_New(&track_def, NULL);
    PyObject *main = PyImport_AddModule("__main__");
    CTS_REQUIRE(fn && main && PyObject_SetAttrString(main, "_cts_track", fn) == 0,
                "cannot define _cts_track");
    Py_DECREF(fn);
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    int rc = track_at_line(41, 31, 0x7ace2000, 64, 1);
    long refusals = raw_spy.refused;
    long count;
    long long size;
    CTS_REQUIRE(tm_domain_traces(31, &count, &size) == 0, "snapshot failed");
    CTS_EXPECT(rc == -1,
               "PyTraceMalloc_Track with the RAW allocator failing returned %d "
               "(%ld allocations refused), expected -1",
               rc, refusals);
    CTS_EXPECT(count == 0, "a failed PyTraceMalloc_Track left %ld traces in its domain", count);
    int ok = track_at_line(43, 31, 0x7ace2000, 64, 0);
    CTS_EXPECT(ok == 0, "PyTraceMalloc_Track once the allocator works again returned %d", ok);
    PyTraceMalloc_Untrack(31, 0x7ace2000);
}
