/* tracemalloc_failure.c: PyTraceMalloc_Track() returns -1 when storing the
 * trace fails, provoked deterministically: a RAW allocator that can be told
 * to fail (hook_spy) is installed before tracemalloc.start(), which keeps using the
 * RAW allocator it found. Track is called from a C function run from a
 * Python line no allocation has used yet, so that a new traceback must be
 * stored (3.6-3.8 allocate only that; 3.9+ also the trace itself).
 * Source: Doc/library/tracemalloc.rst, "C API"; Modules/_tracemalloc.c. */
#include "hook_spy.h"
#include "tracemalloc_support.h"

#include <stdint.h>
#include <stdio.h>

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
