/* detect.c: what the debug hooks detect, as death tests: each must end
 * the process with SIGABRT and a "Fatal Python error" naming the fault. Each
 * detection is registered twice: "debug.detect.*" under the run's allocator
 * mode (when it has the hooks) and "debug.forced.*" in a fresh process with
 * PYTHONMALLOC=debug, so every run checks them: once per run, in its first
 * mode, since the mode cannot reach a process that sets its own allocator.
 * Source: Doc/c-api/memory.rst, "Debug hooks on the Python memory allocators";
 * messages measured on 3.6-3.13 (func: prefix since 3.9; the free-threaded
 * build says "without an active thread state"). */
#include "cts.h"
#include "tracemalloc_support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

/* One detection, run by fn, as two cases: "debug.detect.<fn>" under the
 * run's mode when it has the debug hooks, "debug.forced.<fn>" with
 * PYTHONMALLOC=debug; each with the documented rule and the pattern. */
#define DEBUG_DEATH(fn, needs_, rule, source_, pattern, ...)                                       \
    CTS_REGISTER_(fn##_in_mode, #fn, .id = "debug.detect." #fn, .run = fn, .doc = rule,            \
                  .source = source_, .needs = CTS_NEED_DEBUG_HOOKS | (needs_),                     \
                  .death_signal = SIGABRT, .death_stderr = pattern, __VA_ARGS__)                   \
    CTS_REGISTER_(fn##_forced, #fn, .id = "debug.forced." #fn, .variant_of = "detect", .run = fn,  \
                  .doc = rule, .source = source_, .isolation = CTS_FRESH, .allocator = "debug",    \
                  .needs = (needs_), .once_per_run = 1, .death_signal = SIGABRT,                   \
                  .death_stderr = pattern, __VA_ARGS__)

#define FATAL "Fatal Python error: "
#define BAD_ID(a, b)                                                                               \
    FATAL "(_PyMem_DebugRaw(Free|Realloc): )?bad ID: Allocated using API '" a                      \
          "', verified using API '" b "'"

/* A source quoting the debug hooks' section of the 3.15 text. */
#define HOOKS_QUOTE(quote_)                                                                        \
    {                                                                                              \
        .quote = quote_, .page = "c-api/memory.html#debug-hooks-on-the-python-memory-allocators",  \
        .python = "3.15"                                                                           \
    }

#define MISMATCH_SOURCE                                                                            \
    HOOKS_QUOTE(                                                                                   \
        "Detect API violations. ... For example, detect if PyObject_Free() is called on a "        \
        "memory block allocated by PyMem_Malloc(). ... The APIs used to allocate and free a "      \
        "block of memory must be from the same domain. ... For example, PyMem_Free() must be "     \
        "used to free memory allocated using PyMem_Malloc(). ... [@3.11] When freeing memory "     \
        "previously allocated by the allocating functions belonging to a given domain,the "        \
        "matching specific deallocating functions must be used.")
#define UNDERFLOW_SOURCE                                                                           \
    HOOKS_QUOTE("Detect write before the start of the buffer (buffer underflow). ... A "           \
                "realloc-like or free-like function first checks that the PYMEM_FORBIDDENBYTE "    \
                "bytes at each end are intact. ... If they've been altered, diagnostic output "    \
                "is written to stderr, and the program is aborted via Py_FatalError().")
#define OVERFLOW_SOURCE                                                                            \
    HOOKS_QUOTE("Detect write after the end of the buffer (buffer overflow). ... A realloc-like "  \
                "or free-like function first checks that the PYMEM_FORBIDDENBYTE bytes at each "   \
                "end are intact. ... If they've been altered, diagnostic output is written to "    \
                "stderr, and the program is aborted via Py_FatalError().")
#define GIL_SOURCE                                                                                 \
    HOOKS_QUOTE(                                                                                   \
        "Check that there is an attached thread state when allocator functions of "                \
        "PYMEM_DOMAIN_OBJ (ex: PyObject_Malloc()) and PYMEM_DOMAIN_MEM (ex: PyMem_Malloc()) "      \
        "domains are called. ... There must be an attached thread state when using these "         \
        "functions. ... \"Mem\" domain: intended for allocating memory for Python buffers "        \
        "and general-purpose memory buffers where the allocation must be performed with an "       \
        "attached thread state. ... [@3.13] Check that the GIL is held when allocator "            \
        "functions of PYMEM_DOMAIN_OBJ (ex: PyObject_Malloc()) and PYMEM_DOMAIN_MEM (ex: "         \
        "PyMem_Malloc()) domains are called. ... [@3.13] The GIL must be held when using "         \
        "these functions. ... [@3.13] \"Mem\" domain: intended for allocating memory for "         \
        "Python buffers and general-purpose memory buffers where the allocation must be "          \
        "performed with the GIL held.")

static const char mismatch_rule[] =
    "API violations are detected at runtime: ... For example, PyObject_Free() is called on a "
    "memory block allocated by PyMem_Malloc().";

static void free_with(cts_ctx *cts, const cts_family *alloc, const cts_family *release)
{
    void *p = alloc->malloc(16);
    CTS_REQUIRE(p != NULL, "%sMalloc(16) returned NULL", alloc->prefix);
    release->free(p); /* must not return */
}

/* A block of family ia freed by family ib; a and b are their API
 * identifiers, as the fatal error names them: 'r', 'm' and 'o'. */
#define MISMATCH(fn, a, b, ia, ib)                                                                 \
    static void fn(cts_ctx *cts)                                                                   \
    {                                                                                              \
        free_with(cts, &cts_families[ia], &cts_families[ib]);                                      \
    }                                                                                              \
    DEBUG_DEATH(fn, (ia) == 2 ? CTS_NEED_OBJ_BUFFERS : 0u, mismatch_rule, MISMATCH_SOURCE,         \
                BAD_ID(a, b))

MISMATCH(mismatch_r_freed_by_m, "r", "m", 0, 1)
MISMATCH(mismatch_r_freed_by_o, "r", "o", 0, 2)
MISMATCH(mismatch_m_freed_by_r, "m", "r", 1, 0)
MISMATCH(mismatch_m_freed_by_o, "m", "o", 1, 2)
MISMATCH(mismatch_o_freed_by_r, "o", "r", 2, 0)
MISMATCH(mismatch_o_freed_by_m, "o", "m", 2, 1)

static void mismatch_m_realloc_by_o(cts_ctx *cts)
{
    void *p = PyMem_Malloc(16);
    CTS_REQUIRE(p != NULL, "PyMem_Malloc(16) returned NULL");
    p = PyObject_Realloc(p, 64); /* must not return */
    CTS_EXPECT(0, "PyObject_Realloc() of a PyMem_Malloc() block returned %p", p);
}
DEBUG_DEATH(mismatch_m_realloc_by_o, 0u, mismatch_rule, MISMATCH_SOURCE, BAD_ID("m", "o"))

static void underflow(cts_ctx *cts)
{
    unsigned char *p = PyMem_Malloc(16);
    CTS_REQUIRE(p != NULL, "PyMem_Malloc(16) returned NULL");
    p[-1] = 'X';
    PyMem_Free(p); /* must not return */
}
DEBUG_DEATH(underflow, 0u, "Detect write before the start of the buffer (buffer underflow).",
            UNDERFLOW_SOURCE, FATAL "(_PyMem_DebugRaw(Free|Realloc): )?bad leading pad byte")

static void overflow(cts_ctx *cts)
{
    unsigned char *p = PyObject_Malloc(16);
    CTS_REQUIRE(p != NULL, "PyObject_Malloc(16) returned NULL");
    p[16] = 'X';
    PyObject_Free(p); /* must not return */
}
DEBUG_DEATH(overflow, CTS_NEED_OBJ_BUFFERS,
            "Detect write after the end of the buffer (buffer overflow).", OVERFLOW_SOURCE,
            FATAL "(_PyMem_DebugRaw(Free|Realloc): )?bad trailing pad byte")

static void raw_overflow(cts_ctx *cts)
{
    unsigned char *p = PyMem_RawMalloc(16);
    CTS_REQUIRE(p != NULL, "PyMem_RawMalloc(16) returned NULL");
    p[16] = 'X';
    PyMem_RawFree(p); /* must not return */
}
DEBUG_DEATH(raw_overflow, 0u, "Detect write after the end of the buffer (buffer overflow).",
            OVERFLOW_SOURCE, FATAL "(_PyMem_DebugRaw(Free|Realloc): )?bad trailing pad byte")

#define NO_GIL                                                                                     \
    FATAL "(_PyMem_Debug(Malloc|Calloc|Realloc|Free): )?Python memory allocator called "           \
          "without (holding the GIL|an active thread state)"

static const char gil_rule[] = "Check that the GIL is held when allocator functions of "
                               "PYMEM_DOMAIN_OBJ (ex: PyObject_Malloc()) and PYMEM_DOMAIN_MEM "
                               "(ex: PyMem_Malloc()) domains are called.";

static void mem_without_gil(cts_ctx *cts)
{
    PyThreadState *ts = PyEval_SaveThread();
    void *p = PyMem_Malloc(16); /* must not return */
    PyEval_RestoreThread(ts);
    CTS_EXPECT(0, "PyMem_Malloc(16) without the GIL returned %p", p);
}
DEBUG_DEATH(mem_without_gil, 0u, gil_rule, GIL_SOURCE, NO_GIL)

static void obj_without_gil(cts_ctx *cts)
{
    PyThreadState *ts = PyEval_SaveThread();
    void *p = PyObject_Malloc(16); /* must not return */
    PyEval_RestoreThread(ts);
    CTS_EXPECT(0, "PyObject_Malloc(16) without the GIL returned %p", p);
}
DEBUG_DEATH(obj_without_gil, CTS_NEED_OBJ_BUFFERS, gil_rule, GIL_SOURCE, NO_GIL)

/* The GIL check must survive a sub-interpreter's creation and end: an
 * embedder that once ran a sub-interpreter keeps its debug hooks. */
static void mem_without_gil_after_subinterpreter(cts_ctx *cts)
{
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    CTS_REQUIRE(sub != NULL, "Py_NewInterpreter() failed");
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    PyThreadState *ts = PyEval_SaveThread();
    void *p = PyMem_Malloc(16); /* must not return */
    PyEval_RestoreThread(ts);
    CTS_EXPECT(0,
               "after Py_NewInterpreter() and Py_EndInterpreter(), PyMem_Malloc(16) without the "
               "GIL returned %p: the debug hooks no longer check the GIL",
               p);
}
/* Reference tier: the check rests on PyGILState_Check(), which CPython turns
 * off once a sub-interpreter exists (the docs' caveat: the PyGILState_* API
 * and sub-interpreters do not combine); upstream made the hooks check the
 * thread state instead in 3.14 as a feature (gh-128360), not a bug fix. */
#define GIL_AFTER_SUBINTERPRETER_SOURCE                                                            \
    {                                                                                              \
        .quote = "Check that there is an attached thread state when allocator functions of "       \
                 "PYMEM_DOMAIN_OBJ (ex: PyObject_Malloc()) and PYMEM_DOMAIN_MEM (ex: "             \
                 "PyMem_Malloc()) domains are called. ... [@3.13] Check that the GIL is held "     \
                 "when allocator functions of PYMEM_DOMAIN_OBJ (ex: PyObject_Malloc()) and "       \
                 "PYMEM_DOMAIN_MEM (ex: PyMem_Malloc()) domains are called.",                      \
        .page = "c-api/memory.html#debug-hooks-on-the-python-memory-allocators", .python = "3.15", \
        .note = "after a sub-interpreter was made the check rests on PyGILState_Check(), whose "   \
                "use with sub-interpreters is a caveat the docs state: that it still detects "     \
                "the missing GIL is CPython's behaviour from 3.14, measured on 3.6 to 3.15"        \
    }
DEBUG_DEATH(mem_without_gil_after_subinterpreter, 0u, gil_rule, GIL_AFTER_SUBINTERPRETER_SOURCE,
            NO_GIL)

/* The RAW domain is exempt: "the GIL does not need to be held". */
CTS_CASE(
    raw_without_gil_is_fine, .id = "debug.detect.raw_without_gil_is_fine",
    .needs = CTS_NEED_DEBUG_HOOKS,
    .doc = "These functions are thread-safe, the GIL does not need to be held. (the debug "
           "hooks check the GIL only for PYMEM_DOMAIN_OBJ and PYMEM_DOMAIN_MEM)",
    .source = {
        .quote = "These functions are thread-safe, so a thread state does not need to be attached. "
                 "... [@3.13] These functions are thread-safe, the GIL does not need to be held.",
        .page = "c-api/memory.html#raw-memory-interface",
        .python = "3.15"})
{
    PyThreadState *ts = PyEval_SaveThread();
    void *p = PyMem_RawMalloc(16);
    void *q = p ? PyMem_RawRealloc(p, 32) : NULL;
    PyMem_RawFree(q ? q : p);
    PyEval_RestoreThread(ts);
    CTS_EXPECT(p != NULL && q != NULL, "PyMem_RawMalloc/Realloc without the GIL returned %p, %p", p,
               q);
}

/* With tracemalloc tracing, the fatal error of a mismatched free shows where
 * the block was allocated. */
CTS_CASE(traceback_of_traced_block, .id = "debug.detect.traceback_of_traced_block",
         .needs = CTS_NEED_DEBUG_HOOKS | CTS_NEED_TRACEMALLOC, .death_signal = SIGABRT,
         .death_stderr = "Memory block allocated at \\(most recent call first\\)",
         .doc = "with tracemalloc tracing, the debug hooks' fatal error on a mismatched free shows "
                "the traceback where the block was allocated",
         .source = HOOKS_QUOTE("On error, the debug hooks use the tracemalloc module to get the "
                               "traceback where a memory block was allocated."))
{
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    free_with(cts, &cts_families[1], &cts_families[2]);
}

/* Without tracing there is no traceback: the fatal error says how to get one. */
CTS_CASE(no_traceback_without_tracing, .id = "debug.detect.no_traceback_without_tracing",
         .needs = CTS_NEED_DEBUG_HOOKS, .death_signal = SIGABRT,
         .death_stderr = "Enable tracemalloc to get the memory block allocation traceback",
         .doc = "without tracemalloc tracing, the debug hooks' fatal error on a mismatched free "
                "shows no traceback and says to enable tracemalloc to get one",
         .source = HOOKS_QUOTE("The traceback is only displayed if tracemalloc is tracing Python "
                               "memory allocations and the memory block was traced."))
{
    free_with(cts, &cts_families[1], &cts_families[2]);
}
