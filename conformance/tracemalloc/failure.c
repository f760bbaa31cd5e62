/* failure.c: what tracemalloc hands back while allocations fail beneath
 * it. With a layer that fails allocation 1, 2, 3 ... of one domain
 * (fault_alloc.h) installed before tracing starts, so that tracemalloc's own
 * tables and the blocks it traces both come through it: the traces a
 * snapshot is made of (_tracemalloc._get_traces(), what take_snapshot()
 * reads) and an object's traceback (_get_object_traceback(), what
 * get_object_traceback() reads) either come back or fail with an exception
 * set, never both and never neither, and so do new blocks whose traces
 * cannot be stored; tracing goes on, and the tracked blocks'
 * traces are still there, each once, afterwards.
 * Source: Python/tracemalloc.c (_PyTraceMalloc_GetTraces and
 * traceback_to_pyobject: a failed copy or conversion is PyErr_NoMemory;
 * tracemalloc_alloc: a block whose trace cannot be stored is freed and
 * NULL returned). */
#include "fault_alloc.h"
#include "tracemalloc_support.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define BLOCK ((uintptr_t)0x7ace3000)
#define DOMAIN 95
#define SIZE 4321
/* Blocks tracked in DOMAIN: a snapshot converts each trace. */
#define BLOCKS 64
/* The object is made past line 256, so that its frames' line numbers are
 * ints of their own (not the cached small ones) and converting them
 * allocates. */
#define PAST_SMALL_INTS 300
/* No call here makes nearly this many allocations on one domain. */
#define MAX_POINTS 5000

/* _tracemalloc's functions, looked up before any allocation fails. */
typedef struct tm_calls {
    PyObject *get_traces, *get_object_traceback, *is_tracing, *object, *make;
} tm_calls;

/* What a case sweeps: a snapshot's traces, an object's traceback, or new
 * blocks that tracemalloc traces. */
enum { GET_TRACES, OBJECT_TRACEBACK, TRACED_BLOCKS };

static PyObject *function(const char *name)
{
    PyObject *module = PyImport_ImportModule("_tracemalloc");
    PyObject *fn = module ? PyObject_GetAttrString(module, name) : NULL;
    Py_XDECREF(module);
    return fn;
}

static int still_tracing(const tm_calls *c)
{
    PyObject *r = PyObject_CallFunctionObjArgs(c->is_tracing, NULL);
    int yes = r == Py_True;
    Py_XDECREF(r);
    PyErr_Clear();
    return yes;
}

/* How many traces of the snapshot are blocks tracked in DOMAIN, of SIZE
 * bytes; -1 when the snapshot fails. */
static long tracked_traces(const tm_calls *c)
{
    PyObject *traces = PyObject_CallFunctionObjArgs(c->get_traces, NULL);
    if (traces == NULL || !PyList_Check(traces)) {
        Py_XDECREF(traces);
        PyErr_Clear();
        return -1;
    }
    long n = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(traces); i++) {
        PyObject *t = PyList_GET_ITEM(traces, i);
        n += PyTuple_Check(t) && PyTuple_GET_SIZE(t) >= 2 &&
             PyLong_AsLong(PyTuple_GET_ITEM(t, 0)) == DOMAIN &&
             PyLong_AsLong(PyTuple_GET_ITEM(t, 1)) == SIZE;
    }
    Py_DECREF(traces);
    PyErr_Clear();
    return n;
}

/* Tracing with 5 frames from a clean slate: the traces are the BLOCKS
 * tracked blocks and an object made 4 calls deep, and what follows. */
static int start_with_object(tm_calls *c)
{
    static char code[PAST_SMALL_INTS + 256];
    memset(code, '\n', PAST_SMALL_INTS);
    snprintf(code + PAST_SMALL_INTS, sizeof code - PAST_SMALL_INTS,
             "import tracemalloc\n"
             "tracemalloc.start(5)\n"
             "tracemalloc.clear_traces()\n"
             "def _cts_deep(n):\n"
             "    return _cts_deep(n - 1) if n else bytearray(1000)\n"
             "_cts_object = _cts_deep(3)\n"
             /* a tuple, not a list: a list whose item array cannot be had
              * is a known fault of 3.13 free-threaded (faults.containers.list_new) */
             "def _cts_make():\n"
             "    return (bytearray(1000), b'x' * 3000)\n");
    if (tm_run(code) != 0)
        return -1;
    PyObject *main = PyImport_AddModule("__main__"); /* borrowed */
    c->object = main ? PyObject_GetAttrString(main, "_cts_object") : NULL;
    c->make = main ? PyObject_GetAttrString(main, "_cts_make") : NULL;
    int failed = c->object == NULL || c->make == NULL;
    for (uintptr_t i = 0; i < BLOCKS; i++)
        failed |= PyTraceMalloc_Track(DOMAIN, BLOCK + 16 * i, SIZE) != 0;
    return failed ? -1 : 0;
}

static void stop_and_forget(tm_calls *c)
{
    for (uintptr_t i = 0; i < BLOCKS; i++)
        PyTraceMalloc_Untrack(DOMAIN, BLOCK + 16 * i);
    Py_CLEAR(c->object);
    Py_CLEAR(c->make);
    tm_run("import tracemalloc; tracemalloc.stop(); del _cts_object, _cts_deep, _cts_make");
}

/* fn(arg) with allocation 1, 2, 3 ... of f's domain failing in turn, until
 * it makes fewer: each trial returns a result with no exception, or NULL
 * with one, and leaves tracing on. */
static void sweep(cts_ctx *cts, const tm_calls *c, fault_alloc *f, PyObject *fn, PyObject *arg,
                  const char *what)
{
    const char *domain = fault_domain_name(f->domain);
    for (long n = 1; n <= MAX_POINTS; n++) {
        f->allocations = 0;
        f->fired = 0;
        f->fail_at = n;
        PyObject *r = PyObject_CallFunctionObjArgs(fn, arg, NULL);
        f->fail_at = 0;
        int raised = PyErr_Occurred() != NULL, fired = f->fired;
        Py_XDECREF(r);
        PyErr_Clear();
        CTS_REQUIRE((r != NULL) != raised,
                    "%s with allocation %ld of %s failing returned %s %s an exception set", what, n,
                    domain, r ? "a result" : "NULL", raised ? "with" : "without");
        CTS_REQUIRE(fired || r != NULL, "%s failed with no allocation of %s failing", what, domain);
        CTS_REQUIRE(still_tracing(c), "tracing stopped after %s with allocation %ld of %s failing",
                    what, n, domain);
        if (!fired)
            return; /* it made fewer than n allocations: every point is done */
    }
}

/* The sweep of one read-back call on RAW, MEM and OBJ in turn, each with
 * its failing layer beneath tracemalloc; then the tracked block's trace is
 * there once. */
static void read_back_under_failure(cts_ctx *cts, int what)
{
    static fault_alloc faults[3]; /* tracemalloc may keep calling a removed one */
    static const char *const calls[] = {"_tracemalloc._get_traces()",
                                        "_tracemalloc._get_object_traceback(obj)",
                                        "(bytearray(1000), b'x' * 3000) while tracing"};
    tm_calls c = {function("_get_traces"), function("_get_object_traceback"),
                  function("is_tracing"), NULL, NULL};
    CTS_REQUIRE(c.get_traces && c.get_object_traceback && c.is_tracing,
                "_tracemalloc lacks _get_traces, _get_object_traceback or is_tracing");
    for (int d = 0; d < 3; d++) {
        fault_alloc *f = &faults[d];
        fault_alloc_install(f, cts_families[d].domain, 0);
        int started = start_with_object(&c) == 0;
        PyObject *fns[] = {c.get_traces, c.get_object_traceback, c.make};
        if (started)
            sweep(cts, &c, f, fns[what], what == OBJECT_TRACEBACK ? c.object : NULL, calls[what]);
        long kept = started ? tracked_traces(&c) : -1;
        stop_and_forget(&c);
        fault_alloc_remove(f);
        CTS_REQUIRE(started, "tracemalloc.start(5) or PyTraceMalloc_Track failed");
        CTS_EXPECT(kept == BLOCKS,
                   "after the trials on %s, %ld of the %d blocks tracked in domain %d are in the "
                   "snapshot",
                   fault_domain_name(f->domain), kept, BLOCKS, DOMAIN);
    }
}

/* One case per call swept: what it is, what comes back, where in CPython. */
#define FAILURE_CASE(name, what, call_and_result, functions)                                       \
    CTS_CASE(name, .id = "tracemalloc.failure." #name, .needs = CTS_NEED_TRACEMALLOC,              \
             .doc = call_and_result "; tracing goes on, and each of 64 blocks tracked before is "  \
                                    "in the next snapshot once",                                   \
             .source = {.impl = "Python/tracemalloc.c (" functions ")"})                           \
    {                                                                                              \
        read_back_under_failure(cts, what);                                                        \
    }

FAILURE_CASE(traces_under_allocation_failure, GET_TRACES,
             "The traces a snapshot is made of (_tracemalloc._get_traces()), with allocation 1, "
             "2, 3 ... of RAW, MEM or OBJ failing beneath tracemalloc: a list with no exception, "
             "or NULL with an exception set",
             "_PyTraceMalloc_GetTraces, tracemalloc_copy_traces, trace_to_pyobject")
FAILURE_CASE(object_traceback_under_allocation_failure, OBJECT_TRACEBACK,
             "An object's traceback (_tracemalloc._get_object_traceback(obj)) of 4 frames, with "
             "allocation 1, 2, 3 ... of RAW, MEM or OBJ failing beneath tracemalloc: the frames "
             "with no exception, or NULL with an exception set",
             "_PyTraceMalloc_GetTraceback, traceback_to_pyobject, frame_to_pyobject")
FAILURE_CASE(traced_blocks_under_allocation_failure, TRACED_BLOCKS,
             "New blocks while tracing ((bytearray(1000), b'x' * 3000) from a Python function), "
             "with allocation 1, 2, 3 ... of RAW, MEM or OBJ failing beneath tracemalloc, "
             "including those that would store their traces: the objects with no exception, or "
             "NULL with an exception set (a block whose trace cannot be stored is freed and "
             "reported as a failed allocation)",
             "tracemalloc_alloc, tracemalloc_realloc of a NULL block, tracemalloc_add_trace, "
             "traceback_new")
