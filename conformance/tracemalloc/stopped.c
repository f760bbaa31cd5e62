/* stopped.c: what tracemalloc answers once tracing has stopped: an object
 * allocated while tracing has no traceback any more (None), and no memory
 * is traced ((0, 0)). Source: Doc/library/tracemalloc.rst,
 * get_object_traceback(), stop() and get_traced_memory(). */
#include "tracemalloc_support.h"

CTS_CASE(object_traceback_is_none, .id = "tracemalloc.stopped.object_traceback_is_none",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "after tracemalloc.stop(), get_object_traceback() of an object allocated while "
                "tracing returns None",
         .source = {.quote = "Return a Traceback instance, or None if the tracemalloc module is "
                             "not tracing memory allocations or did not trace the allocation of "
                             "the object.",
                    .page = "library/tracemalloc.html#tracemalloc.get_object_traceback",
                    .python = "3.15"})
{
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(
        tm_run("import tracemalloc\n"
               "kept = bytearray(4096)\n"
               "traced_before = int(tracemalloc.get_object_traceback(kept) is not None)\n") == 0,
        "allocating while tracing failed");
    CTS_REQUIRE(tm_main_value("traced_before") == 1,
                "while tracing, the object's allocation was not traced: nothing to compare");
    CTS_REQUIRE(tm_stop() == 0, "tracemalloc.stop() failed");
    CTS_REQUIRE(tm_run("none_after = int(tracemalloc.get_object_traceback(kept) is None)\n") == 0,
                "get_object_traceback() after stop() raised");
    CTS_EXPECT(tm_main_value("none_after") == 1,
               "after stop(), get_object_traceback() of an object traced before is not None");
}

CTS_CASE(traced_memory_is_zero, .id = "tracemalloc.stopped.traced_memory_is_zero",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "after tracemalloc.stop(), which clears every trace, get_traced_memory() is "
                "(0, 0), also when blocks tracked while tracing were never untracked",
         .source = {.quote = "Stop tracing Python memory allocations: uninstall hooks on Python "
                             "memory allocators. Also clears all previously collected traces of "
                             "memory blocks allocated by Python.",
                    .page = "library/tracemalloc.html#tracemalloc.stop",
                    .python = "3.15",
                    .note = "that the peak is 0 too, not the peak reached before stop(), is "
                            "CPython's behaviour (3.6 to 3.15)"})
{
    static char block[1000];
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(PyTraceMalloc_Track(91, (uintptr_t)block, sizeof block) == 0,
                "PyTraceMalloc_Track(91, p, 1000) failed");
    CTS_REQUIRE(tm_stop() == 0, "tracemalloc.stop() failed");
    CTS_REQUIRE(tm_run("import tracemalloc\n"
                       "current, peak = tracemalloc.get_traced_memory()\n") == 0,
                "get_traced_memory() after stop() raised");
    long long current = tm_main_value("current"), peak = tm_main_value("peak");
    CTS_EXPECT(current == 0 && peak == 0,
               "after stop(), get_traced_memory() is (%lld, %lld), expected (0, 0)", current, peak);
}
