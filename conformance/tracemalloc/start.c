/* start.c: tracemalloc.start()'s argument: a traceback limit below one
 * frame is refused, and tracing does not start; and start() after a
 * wrapping RAW allocator was removed calls that allocator no more.
 * Source: Doc/library/tracemalloc.rst, tracemalloc.start. */
#include "hook_spy.h"
#include "tracemalloc_support.h"

CTS_CASE(nframe_below_one_is_refused, .id = "tracemalloc.start.nframe_below_one_is_refused",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "tracemalloc.start(nframe): nframe must be greater or equal to 1. (start(0) "
                "raises ValueError and tracing does not start: PyTraceMalloc_Track still "
                "returns -2)",
         .source = {.quote = "nframe must be greater or equal to 1.",
                    .page = "library/tracemalloc.html#tracemalloc.start",
                    .python = "3.13"})
{
    CTS_REQUIRE(tm_run("import tracemalloc\n"
                       "try:\n"
                       "    tracemalloc.start(0)\n"
                       "    _cts_refused = 0\n"
                       "except ValueError:\n"
                       "    _cts_refused = 1\n"
                       "_cts_tracing = int(tracemalloc.is_tracing())\n") == 0,
                "running tracemalloc.start(0) failed");
    long long refused = tm_main_value("_cts_refused"), tracing = tm_main_value("_cts_tracing");
    CTS_EXPECT(refused == 1, "tracemalloc.start(0) raised no ValueError");
    CTS_EXPECT(tracing == 0, "tracemalloc.is_tracing() is True after start(0) was refused");
    int rc = PyTraceMalloc_Track(95, (uintptr_t)0x7ace3000, 8);
    CTS_EXPECT(rc == -2, "PyTraceMalloc_Track after start(0) was refused returned %d", rc);
    if (rc == 0)
        PyTraceMalloc_Untrack(95, (uintptr_t)0x7ace3000);
}

/* ---- tracemalloc.start() after a wrapping RAW allocator was removed */

/* Found by the lifecycle explorer (hook_push_raw, ..., hook_pop,
 * hook_push_mem, tm_start: a bad free once the removed hook's ctx served
 * another domain). */
CTS_CASE(removed_raw_hook_not_called, .id = "tracemalloc.start.removed_raw_hook_not_called",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "Once PyMem_SetAllocator(PYMEM_DOMAIN_RAW) has put back the allocator a wrapping "
                "hook wrapped, Python no longer calls the hook: tracemalloc.start() and stop() "
                "after the removal (the hook was set while tracemalloc was imported, started "
                "and stopped) make no call through it",
         .source = {.quote = "Set the memory block allocator of the specified domain.",
                    .page = "c-api/memory.html#c.PyMem_SetAllocator",
                    .python = "3.15",
                    .note = "no sentence says Python stops using an allocator once another is "
                            "set; an embedder that frees the hook's state after removing it "
                            "relies on it, and tracemalloc.stop() itself removes its hooks this "
                            "way. CPython's tracemalloc.start() allocates its traceback buffer "
                            "through the RAW allocator it saw before, then reads the current one "
                            "(Python/tracemalloc.c, Modules/_tracemalloc.c before 3.12)"})
{
    static hook_spy spy;
    hook_spy_install(&spy, PYMEM_DOMAIN_RAW);
    int seen = tm_run("import tracemalloc\ntracemalloc.start()\ntracemalloc.stop()\n");
    hook_spy_remove(&spy);
    CTS_REQUIRE(seen == 0, "tracemalloc.start() and stop() failed with the hook set");
    long calls = spy.mallocs + spy.callocs + spy.reallocs + spy.frees;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed after the hook was removed");
    CTS_REQUIRE(tm_stop() == 0, "tracemalloc.stop() failed after the hook was removed");
    long after_removal = spy.mallocs + spy.callocs + spy.reallocs + spy.frees - calls;
    CTS_EXPECT(after_removal == 0,
               "the removed RAW hook was called %ld times by tracemalloc.start()/stop() after "
               "PyMem_SetAllocator() put back the allocator it wrapped",
               after_removal);
}
