/* sizes.c: PyTraceMalloc_Track() at the boundaries of its size_t size: 0,
 * 1, PY_SSIZE_T_MAX and one either side of it, SIZE_MAX, while tracing. One
 * TRACK_CASES line is one size, and makes two cases: tracemalloc.sizes.<row>
 * (the documented return codes) and tracemalloc.sizes_state.<row>, a
 * variant (the traced memory holds exactly what was accepted, and is back
 * at its baseline after PyTraceMalloc_Untrack()). */
#include "size_request.h"
#include "tracemalloc_support.h"

#include <stdint.h>

#define TRACKED_DOMAIN 7
#define TRACKED_PTR ((uintptr_t)0x7ace5000)

#define TRACK_DOC                                                                                  \
    "PyTraceMalloc_Track: Return 0 on success, return -1 on error (failed to allocate memory to "  \
    "store the trace). (3.11 to 3.15: while tracing, a size at a boundary of size_t gets 0 or "    \
    "-1, and PyTraceMalloc_Untrack() then 0)"
#define TRACK_SOURCE                                                                               \
    {                                                                                              \
        .quote = "Track an allocated memory block in the tracemalloc module. ... Return 0 on "     \
                 "success, return -1 on error (failed to allocate memory to store the trace). "    \
                 "... Return -2 if tracemalloc is disabled, otherwise return 0.",                  \
        .page = "c-api/memory.html#c.PyTraceMalloc_Track", .python = "3.15"                        \
    }
#define TRACK_STATE_DOC                                                                            \
    "after PyTraceMalloc_Track() of a size at a boundary of size_t, tracemalloc's traced memory "  \
    "is its baseline plus that size if the call returned 0, unchanged if it returned -1, and "     \
    "back at its baseline after PyTraceMalloc_Untrack()"
#define TRACK_STATE_SOURCE                                                                         \
    {                                                                                              \
        .impl = "Python/tracemalloc.c, Modules/_tracemalloc.c (tracemalloc_add_trace)",            \
        .note = "no version's docs say how a tracked size counts in get_traced_memory(): "         \
                "CPython's behaviour, the reference rule"                                          \
    }

static void track_outcome(cts_ctx *cts);
static void track_state(cts_ctx *cts);

#define TRACK_CASES(name, point)                                                                   \
    static const size_point name##_point = point;                                                  \
    CTS_REGISTER_(name, #name, .id = "tracemalloc.sizes." #name, .run = track_outcome,             \
                  .param = &name##_point, .doc = TRACK_DOC, .source = TRACK_SOURCE,                \
                  .needs = CTS_NEED_TRACEMALLOC)                                                   \
    CTS_REGISTER_(name##_state, #name, .id = "tracemalloc.sizes_state." #name,                     \
                  .variant_of = "sizes", .run = track_state, .param = &name##_point,               \
                  .doc = TRACK_STATE_DOC, .source = TRACK_STATE_SOURCE,                            \
                  .needs = CTS_NEED_TRACEMALLOC)

/* One size a line: name, point. */
TRACK_CASES(track_0, AT_ZERO)
TRACK_CASES(track_1, AT_ONE)
TRACK_CASES(track_below_limit, BELOW_LIMIT)
TRACK_CASES(track_ssize_max, AT_LIMIT)
TRACK_CASES(track_above_limit, ABOVE_LIMIT)
TRACK_CASES(track_size_max, AT_SIZE_MAX)

static void track_outcome(cts_ctx *cts)
{
    const size_point *point = cts_param(cts);
    size_t size = size_count(*point, 1);
    const char *text = size_count_text(*point, 1);
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    int tracked = PyTraceMalloc_Track(TRACKED_DOMAIN, TRACKED_PTR, size);
    int untracked = PyTraceMalloc_Untrack(TRACKED_DOMAIN, TRACKED_PTR);
    CTS_EXPECT(tracked == 0 || tracked == -1,
               "PyTraceMalloc_Track(size %s) while tracing returned %d, expected 0 or -1", text,
               tracked);
    CTS_EXPECT(untracked == 0, "PyTraceMalloc_Untrack() after a Track of size %s returned %d", text,
               untracked);
}

static void track_state(cts_ctx *cts)
{
    const size_point *point = cts_param(cts);
    size_t size = size_count(*point, 1);
    const char *text = size_count_text(*point, 1);
    unsigned long long a = 0, b = 0, during = 0, after = 0;
    int sign[4] = {0};
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(tm_traced_exact(&a, &sign[0]) == 0 && tm_traced_exact(&a, &sign[0]) == 0 &&
                    tm_traced_exact(&b, &sign[1]) == 0,
                "tracemalloc.get_traced_memory() failed");
    int tracked = PyTraceMalloc_Track(TRACKED_DOMAIN, TRACKED_PTR, size);
    int read = tm_traced_exact(&during, &sign[2]);
    PyTraceMalloc_Untrack(TRACKED_DOMAIN, TRACKED_PTR);
    CTS_REQUIRE(read == 0 && tm_traced_exact(&after, &sign[3]) == 0,
                "tracemalloc.get_traced_memory() failed after the Track of size %s", text);
    CTS_REQUIRE(!sign[0] && !sign[1], "get_traced_memory() was negative before the Track");
    size_t accepted = tracked == 0 ? size : 0;
    unsigned long long noise = b - a, expected;
    /* a total past 2^64 - 1 no size_t holds, so no value read can be it */
    int representable = !__builtin_add_overflow(b + noise, accepted, &expected);
    CTS_EXPECT(representable && !sign[2] && during == expected,
               "PyTraceMalloc_Track(size %s) returned %d and moved get_traced_memory() from %llu "
               "to %s%llu, not by the %zu bytes accepted%s",
               text, tracked, b, sign[2] ? "-" : "", during, accepted,
               representable ? "" : " (a total no size_t holds)");
    CTS_EXPECT(!sign[3] && after - b == noise,
               "PyTraceMalloc_Untrack() left get_traced_memory() at %s%llu, not back at %llu",
               sign[3] ? "-" : "", after, b);
}
