/* tracemalloc_fuzzer.c: random PyTraceMalloc_Track/Untrack and
 * tracemalloc start/stop/clear_traces sequences against a model of the
 * traces the C API must hold.
 *
 * Input: operations, each an op byte then its operands: a domain byte (0, 1,
 * 2, 3 or UINT_MAX), a pointer byte (one of 16 fixed addresses no allocator
 * returns) and for Track a size. Traces of such addresses cannot collide
 * with Python's own.
 * Invariants, checked after every operation:
 *   - Track returns 0 while tracing and -2 when not; Untrack the same;
 *   - "If memory block is already tracked, update the existing trace": the
 *     traced total (get_traced_memory) moves by exactly the size change the
 *     model predicts for each Track/Untrack;
 *   - every non-zero domain holds exactly the model's traces (count, total);
 *   - stop() and clear_traces() forget every trace.
 * Tracing is stopped at the end of each input.
 * Planted bug (PYMEM_CTS_FUZZ_PLANT=1): re-tracking a block also tracks the
 * next address, as if the update added a trace instead of replacing one. */
#include "runtime.h"

#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "no_coverage.h"

#include <limits.h>

#define N_DOMAINS 5
#define N_PTRS 16

enum { OP_START, OP_STOP, OP_CLEAR, OP_TRACK, OP_UNTRACK, OP_CHECK, N_OPS };

static const unsigned int domains[N_DOMAINS] = {0, 1, 2, 3, UINT_MAX};

static struct {
    PyObject *start, *stop, *clear, *traced, *traces;
    int tracing;
    long long size[N_DOMAINS][N_PTRS]; /* -1: no trace */
} st;

static uintptr_t address_of(int p)
{
    return (uintptr_t)0x1000 + 64 * (uintptr_t)p;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_boot("tracemalloc_fuzzer");
    st.start = fuzz_tracemalloc_function("tracemalloc_fuzzer", "start");
    st.stop = fuzz_tracemalloc_function("tracemalloc_fuzzer", "stop");
    st.clear = fuzz_tracemalloc_function("tracemalloc_fuzzer", "clear_traces");
    st.traced = fuzz_tracemalloc_function("tracemalloc_fuzzer", "get_traced_memory");
    st.traces = fuzz_tracemalloc_function("tracemalloc_fuzzer", "_get_traces");
    return 0;
}

static void call(PyObject *f, const char *name)
{
    PyObject *r = PyObject_CallObject(f, NULL);
    FUZZ_CHECK(r != NULL, "tracemalloc.%s() raised", name);
    Py_DECREF(r);
}

/* get_traced_memory()[0]: reading it allocates nothing that stays traced. */
static long long traced_now(void)
{
    PyObject *r = PyObject_CallObject(st.traced, NULL);
    FUZZ_CHECK(r != NULL, "tracemalloc.get_traced_memory() raised");
    long long v = PyLong_AsLongLong(PyTuple_GET_ITEM(r, 0));
    Py_DECREF(r);
    return v;
}

static void forget_all(void)
{
    for (int d = 0; d < N_DOMAINS; d++)
        for (int p = 0; p < N_PTRS; p++)
            st.size[d][p] = -1;
}

static void expect_code(const char *api, int d, int p, int rc)
{
    int want = st.tracing ? 0 : -2;
    FUZZ_CHECK(rc == want, "%s(%u, %#lx) returned %d while tracemalloc is %s: expected %d", api,
               domains[d], (unsigned long)address_of(p), rc, st.tracing ? "tracing" : "stopped",
               want);
}

static void do_track(int d, int p, size_t size)
{
    long long before = st.tracing ? traced_now() : 0;
    int rc = PyTraceMalloc_Track(domains[d], address_of(p), size);
    expect_code("PyTraceMalloc_Track", d, p, rc);
    if (!st.tracing)
        return;
    long long old = st.size[d][p] < 0 ? 0 : st.size[d][p];
    if (fuzz_planted() && st.size[d][p] >= 0) /* the planted bug: an extra trace */
        PyTraceMalloc_Track(domains[d], address_of(p) + 8, 1);
    st.size[d][p] = (long long)size;
    long long moved = traced_now() - before;
    FUZZ_CHECK(moved == (long long)size - old,
               "PyTraceMalloc_Track(%u, %#lx, %zu) over a trace of %lld moved the traced total "
               "by %lld",
               domains[d], (unsigned long)address_of(p), size, old, moved);
}

static void do_untrack(int d, int p)
{
    long long before = st.tracing ? traced_now() : 0;
    int rc = PyTraceMalloc_Untrack(domains[d], address_of(p));
    expect_code("PyTraceMalloc_Untrack", d, p, rc);
    if (!st.tracing)
        return;
    long long old = st.size[d][p] < 0 ? 0 : st.size[d][p];
    st.size[d][p] = -1;
    long long moved = traced_now() - before;
    FUZZ_CHECK(moved == -old,
               "PyTraceMalloc_Untrack(%u, %#lx) of a %lld-byte trace moved the traced total by "
               "%lld",
               domains[d], (unsigned long)address_of(p), old, moved);
}

/* Every non-zero domain's traces, from _get_traces(), against the model;
 * kept out of the fuzzer's coverage, as it only confirms the model. */
CTS_NO_COVERAGE static void expect_domains(void)
{
    long long count[N_DOMAINS] = {0}, total[N_DOMAINS] = {0};
    PyObject *list = PyObject_CallObject(st.traces, NULL);
    FUZZ_CHECK(list && PyList_Check(list), "tracemalloc._get_traces() failed");
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *t = PyList_GET_ITEM(list, i); /* (domain, size, traceback, ...) */
        unsigned long domain = PyLong_AsUnsignedLong(PyTuple_GET_ITEM(t, 0));
        for (int d = 1; d < N_DOMAINS; d++)
            if (domain == domains[d]) {
                count[d]++;
                total[d] += PyLong_AsLongLong(PyTuple_GET_ITEM(t, 1));
            }
    }
    Py_DECREF(list);
    for (int d = 1; d < N_DOMAINS; d++) {
        long long want_count = 0, want_total = 0;
        for (int p = 0; p < N_PTRS; p++)
            if (st.size[d][p] >= 0)
                want_count++, want_total += st.size[d][p];
        FUZZ_CHECK(count[d] == want_count && total[d] == want_total,
                   "domain %u holds %lld traces of %lld bytes; the model %lld of %lld", domains[d],
                   count[d], total[d], want_count, want_total);
    }
}

static void run_op(fuzz_input *in)
{
    static const char *const names[N_OPS] = {"start", "stop",    "clear_traces",
                                             "Track", "Untrack", "check"};
    int op = fuzz_byte(in) % N_OPS;
    int d = fuzz_byte(in) % N_DOMAINS, p = fuzz_byte(in) % N_PTRS;
    FUZZ_TRACE("%s domain %d pointer %d", names[op], d, p);
    switch (op) {
    case OP_START:
        call(st.start, "start");
        st.tracing = 1; /* start() while tracing keeps the traces */
        break;
    case OP_STOP:
        call(st.stop, "stop");
        st.tracing = 0;
        forget_all();
        break;
    case OP_CLEAR:
        call(st.clear, "clear_traces");
        forget_all();
        break;
    case OP_TRACK: do_track(d, p, fuzz_range(in, 0, (size_t)1 << 32)); break;
    case OP_UNTRACK: do_untrack(d, p); break;
    case OP_CHECK: expect_domains(); break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_input_of(data, size);
    forget_all();
    while (!fuzz_input_done(&in))
        run_op(&in);
    expect_domains();
    call(st.stop, "stop");
    st.tracing = 0;
    fuzz_expect_no_exception("tracemalloc_fuzzer");
    return 0;
}
