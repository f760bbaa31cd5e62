/* tracemalloc_codes.c: the return codes of PyTraceMalloc_Track() and
 * PyTraceMalloc_Untrack() in every state of tracing: never started, tracing,
 * stopped, before initialisation and after finalisation.
 * Source: Doc/library/tracemalloc.rst, "C API". */
#include "tracemalloc_support.h"

#include <stdint.h>

static const char track_rule[] =
    "PyTraceMalloc_Track: Track an allocated memory block in the tracemalloc module. Return 0 "
    "on success, return -1 on error (failed to allocate memory to store the trace). Return -2 "
    "if tracemalloc is disabled.";
static const char untrack_rule[] =
    "PyTraceMalloc_Untrack: Untrack an allocated memory block in the tracemalloc module. Do "
    "nothing if the block was not tracked. Return -2 if tracemalloc is disabled, otherwise "
    "return 0.";

#define SOME_PTR ((uintptr_t)0x7ace0000)

#define TRACK_SOURCE                                                                               \
    {                                                                                              \
        .quote = "Track an allocated memory block in the tracemalloc module. ... Return 0 on "     \
                 "success, return -1 on error (failed to allocate memory to store the trace). "    \
                 "... Return -2 if tracemalloc is disabled.",                                      \
        .page = "c-api/memory.html#c.PyTraceMalloc_Track", .python = "3.15"                        \
    }

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

CTS_CASE(disabled_before_initialize, .id = "tracemalloc.codes.disabled_before_initialize",
         .doc = track_rule, .source = TRACK_SOURCE, .isolation = CTS_FRESH, .boot = CTS_NO_BOOT,
         .timeout = 5)
{
    int t = PyTraceMalloc_Track(7, SOME_PTR, 16);
    int u = PyTraceMalloc_Untrack(7, SOME_PTR);
    CTS_EXPECT(t == -2 && u == -2, "before Py_Initialize: Track %d, Untrack %d, expected -2", t, u);
}

CTS_CASE(disabled_after_finalize, .id = "tracemalloc.codes.disabled_after_finalize",
         .doc = track_rule, .source = TRACK_SOURCE, .needs = CTS_NEED_TRACEMALLOC,
         .isolation = CTS_FRESH, .timeout = 5)
{
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(Py_FinalizeEx() == 0, "Py_FinalizeEx() failed");
    int t = PyTraceMalloc_Track(7, SOME_PTR, 16);
    int u = PyTraceMalloc_Untrack(7, SOME_PTR);
    CTS_EXPECT(t == -2 && u == -2, "after Py_FinalizeEx: Track %d, Untrack %d, expected -2", t, u);
}
