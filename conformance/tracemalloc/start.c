/* start.c: tracemalloc.start()'s argument: a traceback limit below one
 * frame is refused, and tracing does not start.
 * Source: Doc/library/tracemalloc.rst, tracemalloc.start. */
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
