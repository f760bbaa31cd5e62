/* accounting.c: what tracemalloc reports to a Track/Untrack caller stays
 * consistent with what was tracked: the traced total and its peak, the
 * peak's reset, clear_traces(), the module's own memory, and the traceback
 * of an object allocated while tracing.
 * Source: Doc/library/tracemalloc.rst; Python/tracemalloc.c. */
#include "call_cached.h"
#include "tracemalloc_support.h"

#include <stdint.h>

#define BLOCK ((uintptr_t)0x7ace2000)
#define MB (1ll << 20)
/* What reading the totals may itself allocate or free between two reads
 * (the result tuple and its ints): far below the sizes tracked here. */
#define SLACK 4096

/* _tracemalloc.get_traced_memory(): (current, peak); 0, or -1 on error. */
static int traced(long long *current, long long *peak)
{
    static PyObject *fn;
    PyObject *r = call_cached(&fn, "_tracemalloc", "get_traced_memory");
    *current = r ? PyLong_AsLongLong(PyTuple_GET_ITEM(r, 0)) : -1;
    *peak = r ? PyLong_AsLongLong(PyTuple_GET_ITEM(r, 1)) : -1;
    Py_XDECREF(r);
    if (PyErr_Occurred())
        PyErr_Clear();
    return *current < 0 || *peak < 0 ? -1 : 0;
}

#define TRACED_MEMORY_SOURCE                                                                       \
    {                                                                                              \
        .quote = "Get the current size and peak size of memory blocks traced by the tracemalloc "  \
                 "module as a tuple: (current: int, peak: int).",                                  \
        .page = "library/tracemalloc.html#tracemalloc.get_traced_memory", .python = "3.13"         \
    }

CTS_CASE(track_and_untrack_move_current,
         .id = "tracemalloc.accounting.track_and_untrack_move_current",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "get_traced_memory(): Get the current size and peak size of memory blocks traced "
                "by the tracemalloc module. (PyTraceMalloc_Track of a new block of n bytes adds n "
                "to the current size, its PyTraceMalloc_Untrack takes n off; the peak is never "
                "below the current size)",
         .source = TRACED_MEMORY_SOURCE)
{
    long long a, b, c, d, pa, pb, pc, pd;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    /* two reads measure what a read itself moves the total by */
    CTS_REQUIRE(traced(&a, &pa) == 0 && traced(&b, &pb) == 0, "get_traced_memory() failed");
    CTS_REQUIRE(PyTraceMalloc_Track(90, BLOCK, 4096) == 0,
                "PyTraceMalloc_Track(90, p, 4096) failed");
    CTS_REQUIRE(traced(&c, &pc) == 0, "get_traced_memory() failed");
    CTS_EXPECT(PyTraceMalloc_Untrack(90, BLOCK) == 0, "PyTraceMalloc_Untrack(90, p) failed");
    CTS_REQUIRE(traced(&d, &pd) == 0, "get_traced_memory() failed");
    long long read = b - a;
    CTS_EXPECT(c - b - read == 4096, "Track(90, p, 4096) moved the current size by %lld",
               c - b - read);
    CTS_EXPECT(d - c - read == -4096, "Untrack(90, p) of 4096 bytes moved the current size by %lld",
               d - c - read);
    CTS_EXPECT(pa >= a && pb >= b && pc >= c && pd >= d,
               "a peak below the current size: (%lld, %lld) (%lld, %lld) (%lld, %lld) (%lld, %lld)",
               a, pa, b, pb, c, pc, d, pd);
    CTS_EXPECT(pd >= c, "the peak %lld fell below the size %lld traced before Untrack", pd, c);
}

CTS_CASE(peak_keeps_the_highest_size, .id = "tracemalloc.accounting.peak_keeps_the_highest_size",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "get_traced_memory(): Get the current size and peak size of memory blocks traced "
                "by the tracemalloc module. (a block of 1 MiB tracked and untracked leaves the "
                "peak at least 1 MiB over the current size)",
         .source = TRACED_MEMORY_SOURCE)
{
    long long c0, p0, c1, p1;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(traced(&c0, &p0) == 0, "get_traced_memory() failed");
    CTS_REQUIRE(PyTraceMalloc_Track(91, BLOCK, (size_t)MB) == 0,
                "PyTraceMalloc_Track(91, p, 1 MiB) failed");
    CTS_EXPECT(PyTraceMalloc_Untrack(91, BLOCK) == 0, "PyTraceMalloc_Untrack(91, p) failed");
    CTS_REQUIRE(traced(&c1, &p1) == 0, "get_traced_memory() failed");
    CTS_EXPECT(p1 >= c0 + MB - SLACK && p1 - c1 >= MB - SLACK,
               "after 1 MiB tracked and untracked over a current size of %lld: current %lld, peak "
               "%lld",
               c0, c1, p1);
}

CTS_CASE(reset_peak_sets_peak_to_current,
         .id = "tracemalloc.accounting.reset_peak_sets_peak_to_current",
         .needs = CTS_NEED_TRACEMALLOC, .since = 0x03090000,
         .why_version = "tracemalloc.reset_peak() is new in 3.9",
         .doc = "tracemalloc.reset_peak(): Set the peak size of memory blocks traced by the "
                "tracemalloc module to the current size. (after 1 MiB tracked and untracked, the "
                "peak is the current size again, and a block tracked next raises it from there)",
         .source = {.impl = "Python/tracemalloc.c (_PyTraceMalloc_ResetPeak)"})
{
    long long c, p, c2, p2;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(PyTraceMalloc_Track(92, BLOCK, (size_t)MB) == 0,
                "PyTraceMalloc_Track(92, p, 1 MiB) failed");
    CTS_EXPECT(PyTraceMalloc_Untrack(92, BLOCK) == 0, "PyTraceMalloc_Untrack(92, p) failed");
    /* called directly: code run to call it would be freed after the reset,
     * leaving the peak above the current size by its own size */
    static PyObject *reset;
    PyObject *r = call_cached(&reset, "_tracemalloc", "reset_peak");
    CTS_REQUIRE(r != NULL, "tracemalloc.reset_peak() failed");
    Py_DECREF(r);
    CTS_REQUIRE(traced(&c, &p) == 0, "get_traced_memory() failed");
    CTS_EXPECT(p >= c && p - c < SLACK, "after reset_peak(): current %lld, peak %lld", c, p);
    CTS_REQUIRE(PyTraceMalloc_Track(92, BLOCK, 100000) == 0,
                "PyTraceMalloc_Track(92, p, 100000) failed");
    CTS_REQUIRE(traced(&c2, &p2) == 0, "get_traced_memory() failed");
    CTS_EXPECT(p2 >= c2 && p2 >= c + 100000 - SLACK && p2 < c + MB - SLACK,
               "a block of 100000 bytes tracked after reset_peak() (current %lld): current %lld, "
               "peak %lld",
               c, c2, p2);
    PyTraceMalloc_Untrack(92, BLOCK);
}

CTS_CASE(clear_traces_forgets_tracked_blocks,
         .id = "tracemalloc.accounting.clear_traces_forgets_tracked_blocks",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "tracemalloc.clear_traces(): Clear traces of memory blocks allocated by Python. (a "
                "block tracked in domain 0, Python's, is gone from a snapshot and from the "
                "current size; tracing goes on: the next Track returns 0, not -2)",
         .source = {.quote = "Clear traces of memory blocks allocated by Python.",
                    .page = "library/tracemalloc.html#tracemalloc.clear_traces",
                    .python = "3.13"})
{
    long count;
    long long size, c0, p0, c1, p1;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(PyTraceMalloc_Track(0, BLOCK, 654321) == 0, "PyTraceMalloc_Track(0, p) failed");
    CTS_REQUIRE(traced(&c0, &p0) == 0, "get_traced_memory() failed");
    CTS_REQUIRE(tm_run("import tracemalloc; tracemalloc.clear_traces()") == 0,
                "tracemalloc.clear_traces() failed");
    CTS_REQUIRE(traced(&c1, &p1) == 0, "get_traced_memory() failed");
    CTS_EXPECT(c1 <= c0 - 654321 + SLACK,
               "clear_traces() took the current size from %lld to %lld only (654321 bytes were "
               "tracked)",
               c0, c1);
    CTS_REQUIRE(tm_run("import tracemalloc\n"
                       "_cts_n = [t.size for t in tracemalloc.take_snapshot().filter_traces("
                       "[tracemalloc.DomainFilter(True, 0)]).traces].count(654321)\n") == 0,
                "snapshot failed");
    count = (long)tm_main_value("_cts_n");
    CTS_EXPECT(count == 0, "after clear_traces(), %ld traces of the tracked 654321 bytes", count);
    int rc = PyTraceMalloc_Track(93, BLOCK, 10);
    CTS_EXPECT(rc == 0, "PyTraceMalloc_Track after clear_traces() returned %d", rc);
    CTS_REQUIRE(tm_domain_traces(93, &count, &size) == 0, "snapshot failed");
    CTS_EXPECT(count == 1 && size == 10,
               "the block tracked after clear_traces(): %ld traces, %lld "
               "bytes",
               count, size);
    PyTraceMalloc_Untrack(93, BLOCK);
}

/* tracemalloc.get_tracemalloc_memory(), or -1. */
static long long tracemalloc_memory(void)
{
    if (tm_run("import tracemalloc; _cts_m = tracemalloc.get_tracemalloc_memory()") != 0)
        return -1;
    return tm_main_value("_cts_m");
}

CTS_CASE(
    tracemalloc_memory_grows_with_traces,
    .id = "tracemalloc.accounting.tracemalloc_memory_grows_with_traces",
    .needs = CTS_NEED_TRACEMALLOC,
    .doc = "tracemalloc.start(): Use the get_tracemalloc_memory() function to measure how much "
           "memory is used by the tracemalloc module. (what it stores grows with the traces: 2000 "
           "more blocks tracked in a domain of their own make it larger)",
    .source = {.quote = "Use the get_tracemalloc_memory() function to measure how much memory is "
                        "used by the tracemalloc module.",
               .page = "library/tracemalloc.html#tracemalloc.start",
               .python = "3.13"})
{
    enum { N = 2000 };
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(PyTraceMalloc_Track(94, BLOCK, 16) == 0, "PyTraceMalloc_Track(94, p) failed");
    long long before = tracemalloc_memory();
    int failed = 0;
    for (uintptr_t i = 1; i <= N; i++)
        failed += PyTraceMalloc_Track(94, BLOCK + 16 * i, 16) != 0;
    long long after = tracemalloc_memory();
    CTS_EXPECT(failed == 0, "%d of %d PyTraceMalloc_Track calls failed", failed, N);
    CTS_EXPECT(before > 0 && after > before,
               "get_tracemalloc_memory(): %lld with 1 trace in domain 94, %lld with %d more",
               before, after, N);
    for (uintptr_t i = 0; i <= N; i++)
        PyTraceMalloc_Untrack(94, BLOCK + 16 * i);
}

CTS_CASE(object_traceback_names_its_line,
         .id = "tracemalloc.accounting.object_traceback_names_its_line",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "tracemalloc.get_object_traceback(obj): Get the traceback where the Python object "
                "obj was allocated. Return a Traceback instance, or None if the tracemalloc "
                "module is not tracing memory allocations or did not trace the allocation of the "
                "object. (an object made while tracing names the line that made it; one made "
                "before start() has None)",
         .source = {.impl = "Python/tracemalloc.c (_PyTraceMalloc_GetObjectTraceback)"})
{
    CTS_REQUIRE(tm_run("_cts_old = bytearray(1000)") == 0, "bytearray(1000) failed");
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(tm_run("import tracemalloc\n"
                       "_cts_new = bytearray(1000)\n"
                       "_cts_tb = tracemalloc.get_object_traceback(_cts_new)\n"
                       "_cts_line = _cts_tb[0].lineno if _cts_tb is not None else -1\n"
                       "_cts_none = int(tracemalloc.get_object_traceback(_cts_old) is None)\n"
                       "del _cts_tb, _cts_new, _cts_old\n") == 0,
                "get_object_traceback() failed");
    long long line = tm_main_value("_cts_line"), none = tm_main_value("_cts_none");
    CTS_EXPECT(line == 2, "the traceback of an object made on line 2 names line %lld", line);
    CTS_EXPECT(none == 1, "an object made before tracemalloc.start() has a traceback");
}
