/* traces.c: what Track/Untrack do to the traces Python sees:
 * a re-track replaces the size, a (domain, pointer) pair is the key,
 * untracking removes the trace and stop() clears every domain.
 * Source: Doc/library/tracemalloc.rst, "C API" and DomainFilter. */
#include "tracemalloc_support.h"

#include <stdint.h>

#define PTR ((uintptr_t)0x7ace1000)

#define RETRACK_REPLACES_SIZE_SOURCE                                                               \
    {                                                                                              \
        .quote = "If memory block is already tracked, update the existing trace.",                 \
        .page = "c-api/memory.html#c.PyTraceMalloc_Track", .python = "3.15"                        \
    }

CTS_CASE(retrack_replaces_size, .id = "tracemalloc.traces.retrack_replaces_size",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "PyTraceMalloc_Track: If memory block is already tracked, update the existing "
                "trace.",
         .source = RETRACK_REPLACES_SIZE_SOURCE)
{
    static const long long sizes[] = {300, 1000, 10};
    long count;
    long long size;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    for (int i = 0; i < 3; i++) {
        CTS_EXPECT(PyTraceMalloc_Track(77, PTR, (size_t)sizes[i]) == 0,
                   "PyTraceMalloc_Track(77, p, %lld) failed", sizes[i]);
        CTS_REQUIRE(tm_domain_traces(77, &count, &size) == 0, "snapshot failed");
        CTS_EXPECT(count == 1 && size == sizes[i],
                   "after Track(77, p, %lld): domain 77 has %ld traces of %lld bytes", sizes[i],
                   count, size);
    }
    PyTraceMalloc_Untrack(77, PTR);
}

CTS_CASE(retrack_moves_total_by_difference,
         .id = "tracemalloc.traces.retrack_moves_total_by_difference",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "PyTraceMalloc_Track: If memory block is already tracked, update the existing "
                "trace. (get_traced_memory() moves by new size - old size)",
         .source = RETRACK_REPLACES_SIZE_SOURCE)
{
    static const long long sizes[] = {300, 1000, 10};
    long long previous = 0;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    for (int i = 0; i < 3; i++) {
        /* two reads measure what a read itself costs, so it can be taken off */
        long long a = tm_traced(), b = tm_traced();
        int rc = PyTraceMalloc_Track(78, PTR, (size_t)sizes[i]);
        long long c = tm_traced();
        long long delta = (c - b) - (b - a);
        CTS_EXPECT(rc == 0 && delta == sizes[i] - previous,
                   "Track(78, p, %lld) over %lld moved the traced total by %lld", sizes[i],
                   previous, delta);
        previous = sizes[i];
    }
    PyTraceMalloc_Untrack(78, PTR);
}

CTS_CASE(domain_is_part_of_the_key, .id = "tracemalloc.traces.domain_is_part_of_the_key",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "DomainFilter: Filter traces of memory blocks by their address space (domain). "
                "(the same pointer tracked in two domains is two traces)",
         .source = {.quote = "Filter traces of memory blocks by their address space (domain).",
                    .page = "library/tracemalloc.html#tracemalloc.DomainFilter",
                    .python = "3.15"})
{
    long n5, n6;
    long long s5, s6;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_EXPECT(PyTraceMalloc_Track(5, PTR, 40) == 0 && PyTraceMalloc_Track(6, PTR, 60) == 0,
               "PyTraceMalloc_Track in domains 5 and 6 failed");
    CTS_REQUIRE(tm_domain_traces(5, &n5, &s5) == 0 && tm_domain_traces(6, &n6, &s6) == 0,
                "snapshot failed");
    CTS_EXPECT(n5 == 1 && s5 == 40 && n6 == 1 && s6 == 60,
               "domain 5: %ld traces, %lld bytes; domain 6: %ld traces, %lld bytes", n5, s5, n6,
               s6);
    CTS_EXPECT(PyTraceMalloc_Untrack(5, PTR) == 0, "PyTraceMalloc_Untrack(5, p) failed");
    CTS_REQUIRE(tm_domain_traces(5, &n5, &s5) == 0 && tm_domain_traces(6, &n6, &s6) == 0,
                "snapshot failed");
    CTS_EXPECT(n5 == 0 && n6 == 1, "after Untrack(5, p): domain 5 has %ld, domain 6 %ld traces", n5,
               n6);
    PyTraceMalloc_Untrack(6, PTR);
}

CTS_CASE(
    stop_clears_all_domains, .id = "tracemalloc.traces.stop_clears_all_domains",
    .needs = CTS_NEED_TRACEMALLOC,
    .doc = "tracemalloc.stop(): Stop tracing Python memory allocations: uninstall hooks on "
           "Python memory allocators. Also clears all previously collected traces of "
           "memory blocks allocated by Python.",
    .source = {
        .quote =
            "Stop tracing Python memory allocations: uninstall hooks on Python memory allocators. "
            "... Also clears all previously collected traces of memory blocks allocated by Python.",
        .page = "library/tracemalloc.html#tracemalloc.stop",
        .python = "3.15",
        .impl = "Python/tracemalloc.c (Modules/_tracemalloc.c before 3.12)",
        .note = "the sentence names the traces of blocks allocated by Python (domain 0); that "
                "stop() also clears a domain a C extension tracked with PyTraceMalloc_Track() "
                "is CPython's implementation, measured on 3.7 to 3.15"})
{
    long count;
    long long size;
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_EXPECT(PyTraceMalloc_Track(9, PTR, 100) == 0, "PyTraceMalloc_Track(9, p, 100) failed");
    CTS_REQUIRE(tm_stop() == 0 && tm_start() == 0, "tracemalloc.stop()/start() failed");
    CTS_REQUIRE(tm_domain_traces(9, &count, &size) == 0, "snapshot failed");
    CTS_EXPECT(count == 0, "after stop() and start(), domain 9 still has %ld traces", count);
}

CTS_CASE(domain_zero_is_pythons, .id = "tracemalloc.traces.domain_zero_is_pythons",
         .needs = CTS_NEED_TRACEMALLOC,
         .doc = "Trace.domain: Address space of a memory block (int). tracemalloc uses the domain "
                "0 to trace memory allocations made by Python. C extensions can use other "
                "domains to trace other resources.",
         .source = {
             .quote = "tracemalloc uses the domain 0 to trace memory allocations made by Python. "
                      "... C extensions can use other domains to trace other resources.",
             .page = "library/tracemalloc.html#tracemalloc.Trace.domain",
             .python = "3.15"})
{
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(PyTraceMalloc_Track(0, PTR, 777777) == 0, "PyTraceMalloc_Track(0, p) failed");
    CTS_REQUIRE(tm_run("import tracemalloc\n"
                       "_cts_s = tracemalloc.take_snapshot()\n"
                       "_cts_in0 = [t.size for t in _cts_s.filter_traces("
                       "[tracemalloc.DomainFilter(True, 0)]).traces]\n"
                       "_cts_mine = _cts_in0.count(777777)\n"
                       "_cts_python = len(_cts_in0) - _cts_mine\n"
                       "_cts_elsewhere = [t.size for t in _cts_s.filter_traces("
                       "[tracemalloc.DomainFilter(False, 0)]).traces].count(777777)\n"
                       "del _cts_s, _cts_in0\n") == 0,
                "the snapshot failed");
    long long mine = tm_main_value("_cts_mine"), python = tm_main_value("_cts_python");
    long long elsewhere = tm_main_value("_cts_elsewhere");
    CTS_EXPECT(mine == 1 && elsewhere == 0,
               "the block tracked in domain 0: %lld traces there, %lld in other domains", mine,
               elsewhere);
    CTS_EXPECT(python > 0, "domain 0 holds none of Python's own allocations");
    PyTraceMalloc_Untrack(0, PTR);
}
