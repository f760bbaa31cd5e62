/* hooks_fuzzer.c: stacks of PyMem_SetAllocator wrappers chosen by the input,
 * with allocations through the domain's API on top.
 *
 * Input: a domain byte (RAW, MEM or OBJ), a depth byte (1..4 layers), a kind
 * byte per layer (counting; failing: fails its Nth allocation call, once or
 * every Nth; reentrant: calls the domain's own API from inside the hook),
 * then operations: an op byte, a slot byte and the operands.
 * Invariants, checked after every operation:
 *   - every layer is called with its own ctx, by the layer above it (or the
 *     API, for the top one), never skipped;
 *   - the calls each layer saw equal a model of the chain that replays the
 *     same calls: the count of calls per kind, and which call fails;
 *   - a failed allocation returns NULL; a failed Realloc keeps the block;
 *     requests over PY_SSIZE_T_MAX reach no layer;
 *   - a Python allocation made to fail raises MemoryError, and the same call
 *     succeeds once the failing layer is gone;
 *   - blocks keep their bytes (shadow heap); after the input frees its
 *     blocks, every layer has seen as many frees as allocations, and
 *     PyMem_GetAllocator gives back the allocator found at the start.
 * On free-threaded builds the Python allocation skips the MEM domain: there
 * a failing PyList_New frees a stale item array twice and corrupts the heap
 * (this target found it; the case hooks.mem.list_new_failure_keeps_heap
 * asserts it).
 * Planted bug (PYMEM_CTS_FUZZ_PLANT=1): a failing layer frees the block of a
 * Realloc it fails, so "p remains a valid pointer" is broken. */
#include "runtime.h"

#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "no_coverage.h"
#include "shadow.h"

#include <string.h>

#define MAX_LAYERS 4
#define LAYER_MAGIC 0x6c617972u

enum { CALL_MALLOC, CALL_CALLOC, CALL_REALLOC, CALL_FREE, CALL_FAILED, N_CALLS };
enum { KIND_COUNTING, KIND_FAILING, KIND_REENTRANT, N_KINDS };
enum { OP_MALLOC, OP_CALLOC, OP_REALLOC, OP_FREE, OP_HUGE, OP_PYTHON, N_OPS };

static const char *const call_names[N_CALLS] = {"malloc", "calloc", "realloc", "free", "failed"};

/* The failing layer's rule: fail the Nth allocation call, then again every
 * Nth one when `repeat` is set. The model keeps its own copy. */
typedef struct countdown {
    int every, left, repeat;
} countdown;

typedef struct layer {
    unsigned magic;
    int index, kind;
    countdown fail;
    long calls[N_CALLS];
    long live; /* blocks this layer returned and has not seen freed */
    PyMemAllocatorEx below;
} layer;

typedef struct layer_model {
    countdown fail;
    long calls[N_CALLS];
} layer_model;

static struct {
    PyMemAllocatorDomain domain;
    const cts_family *fam;
    int depth;
    layer layer[MAX_LAYERS];
    layer_model model[MAX_LAYERS];
    PyMemAllocatorEx original;
    int expected_caller; /* the layer index the next hook call must reach */
    int reentering, model_reentering;
    shadow_heap heap;
} st;

static int countdown_fires(countdown *c)
{
    if (c->left == 0 || --c->left > 0)
        return 0;
    c->left = c->repeat ? c->every : 0;
    return 1;
}

/* --- the layers ---------------------------------------------------------- */

/* Only confirms the chain: kept out of the fuzzer's coverage (no_coverage.h). */
CTS_NO_COVERAGE static layer *enter(void *ctx, int call)
{
    layer *self = ctx;
    FUZZ_CHECK(self >= st.layer && self < st.layer + st.depth && self->magic == LAYER_MAGIC,
               "a hook of domain %d was called with ctx %p, which is no installed layer's",
               (int)st.domain, ctx);
    FUZZ_CHECK(self->index == st.expected_caller,
               "%s reached layer %d, but layer %d was next in the chain", call_names[call],
               self->index, st.expected_caller);
    self->calls[call]++;
    return self;
}

static void reenter_api(layer *self)
{
    if (self->kind != KIND_REENTRANT || st.reentering)
        return;
    int saved = st.expected_caller;
    st.reentering = 1;
    st.expected_caller = st.depth - 1;
    void *q = st.fam->malloc(32);
    st.expected_caller = st.depth - 1;
    st.fam->free(q);
    st.reentering = 0;
    st.expected_caller = saved;
}

/* Runs before forwarding an allocation call: the failing layer may fail it,
 * the reentrant one calls the API again. Non-zero: fail the call. */
static int before_forward(layer *self)
{
    if (self->kind == KIND_FAILING && countdown_fires(&self->fail)) {
        self->calls[CALL_FAILED]++;
        return 1;
    }
    reenter_api(self);
    st.expected_caller = self->index - 1;
    return 0;
}

static void *after_forward(layer *self, void *p, int counts_as_new)
{
    st.expected_caller = self->index;
    if (p && counts_as_new)
        self->live++;
    return p;
}

static void *layer_malloc(void *ctx, size_t size)
{
    layer *self = enter(ctx, CALL_MALLOC);
    if (before_forward(self))
        return NULL;
    return after_forward(self, self->below.malloc(self->below.ctx, size), 1);
}

static void *layer_calloc(void *ctx, size_t nelem, size_t elsize)
{
    layer *self = enter(ctx, CALL_CALLOC);
    if (before_forward(self))
        return NULL;
    return after_forward(self, self->below.calloc(self->below.ctx, nelem, elsize), 1);
}

static void *layer_realloc(void *ctx, void *ptr, size_t size)
{
    layer *self = enter(ctx, CALL_REALLOC);
    if (before_forward(self)) {
        if (fuzz_planted() && ptr) { /* the planted bug: the block is lost */
            st.expected_caller = self->index - 1;
            self->below.free(self->below.ctx, ptr);
            st.expected_caller = self->index;
            self->live--;
        }
        return NULL;
    }
    return after_forward(self, self->below.realloc(self->below.ctx, ptr, size), ptr == NULL);
}

static void layer_free(void *ctx, void *ptr)
{
    layer *self = enter(ctx, CALL_FREE);
    st.expected_caller = self->index - 1;
    self->below.free(self->below.ctx, ptr);
    st.expected_caller = self->index;
    if (ptr)
        self->live--;
}

/* --- the model: the same chain, replayed on counters --------------------- */

static void model_free(void)
{
    for (int i = st.depth - 1; i >= 0; i--)
        st.model[i].calls[CALL_FREE]++;
}

/* The calls an allocation call makes down the chain; 0 if a layer fails it. */
static int model_alloc(int call)
{
    for (int i = st.depth - 1; i >= 0; i--) {
        layer_model *m = &st.model[i];
        m->calls[call]++;
        if (st.layer[i].kind == KIND_FAILING && countdown_fires(&m->fail)) {
            m->calls[CALL_FAILED]++;
            return 0;
        }
        if (st.layer[i].kind == KIND_REENTRANT && !st.model_reentering) {
            st.model_reentering = 1;
            model_alloc(CALL_MALLOC);
            model_free(); /* Free(NULL) reaches every layer too */
            st.model_reentering = 0;
        }
    }
    return 1;
}

/* One memcmp per layer; the loop that names the count runs only when one
 * differs. Kept out of the fuzzer's coverage: it only confirms the model. */
CTS_NO_COVERAGE static void expect_model(const char *op)
{
    for (int i = 0; i < st.depth; i++) {
        if (memcmp(st.layer[i].calls, st.model[i].calls, sizeof st.model[i].calls) == 0)
            continue;
        for (int c = 0; c < N_CALLS; c++)
            FUZZ_CHECK(st.layer[i].calls[c] == st.model[i].calls[c],
                       "after %s on %s: layer %d (kind %d of %d) saw %ld %s calls, the chain "
                       "model %ld",
                       op, st.fam->prefix, i, st.layer[i].kind, st.depth, st.layer[i].calls[c],
                       call_names[c], st.model[i].calls[c]);
    }
}

static void resync_model(void)
{
    for (int i = 0; i < st.depth; i++) {
        memcpy(st.model[i].calls, st.layer[i].calls, sizeof st.model[i].calls);
        st.model[i].fail = st.layer[i].fail;
    }
}

/* --- setting up and tearing down a stack --------------------------------- */

static void install_layers(fuzz_input *in)
{
    PyMem_GetAllocator(st.domain, &st.original);
    for (int i = 0; i < st.depth; i++) {
        layer *l = &st.layer[i];
        uint8_t k = fuzz_byte(in);
        *l = (layer){.magic = LAYER_MAGIC, .index = i, .kind = k % N_KINDS};
        if (l->kind == KIND_FAILING)
            l->fail = (countdown){1 + (k >> 2) % 8, 1 + (k >> 2) % 8, (k >> 5) & 1};
        st.model[i] = (layer_model){.fail = l->fail};
        PyMem_GetAllocator(st.domain, &l->below);
        PyMemAllocatorEx self = {l, layer_malloc, layer_calloc, layer_realloc, layer_free};
        PyMem_SetAllocator(st.domain, &self);
    }
    st.expected_caller = st.depth - 1;
}

static void remove_layers(int python_ran)
{
    for (int i = 0; i < st.depth && !python_ran; i++)
        FUZZ_CHECK(st.layer[i].live == 0,
                   "layer %d of %s saw %ld more allocations than frees once every block was freed",
                   i, st.fam->prefix, st.layer[i].live);
    PyMem_SetAllocator(st.domain, &st.original);
    PyMemAllocatorEx now;
    PyMem_GetAllocator(st.domain, &now);
    FUZZ_CHECK(memcmp(&now, &st.original, sizeof now) == 0,
               "PyMem_GetAllocator(%d) does not return the allocator just set back",
               (int)st.domain);
}

/* --- operations ---------------------------------------------------------- */

static void release(shadow_block *b)
{
    shadow_expect_intact(b, b->size, "the block's last operation");
    st.fam->free(b->ptr);
    b->ptr = NULL;
    model_free();
}

static void store(shadow_block *b, void *p, size_t size, const char *call, fuzz_input *in)
{
    shadow_expect_fresh(&st.heap, p, size, -1, call);
    *b = (shadow_block){p, size, (uint8_t)(st.fam - cts_families), 0};
    shadow_fill(b, fuzz_byte(in));
}

static void do_alloc(shadow_block *b, int op, fuzz_input *in)
{
    size_t size = fuzz_size(in), nelem = op == OP_CALLOC ? fuzz_range(in, 1, 8) : 1;
    if (b->ptr)
        release(b);
    void *p = op == OP_CALLOC ? st.fam->calloc(nelem, size / nelem) : st.fam->malloc(size);
    int ok = model_alloc(op == OP_CALLOC ? CALL_CALLOC : CALL_MALLOC);
    FUZZ_CHECK(ok == (p != NULL), "%s%s(%zu) returned %p, but the chain model says it %s",
               st.fam->prefix, op == OP_CALLOC ? "Calloc" : "Malloc", size, p,
               ok ? "succeeds" : "fails");
    if (p && op == OP_CALLOC)
        shadow_expect_zero(p, nelem * (size / nelem), "Calloc through the layers");
    if (p)
        store(b, p, nelem * (size / nelem), "an allocation through the layers", in);
}

static void do_realloc(shadow_block *b, fuzz_input *in)
{
    size_t size = fuzz_size(in);
    void *p = st.fam->realloc(b->ptr, size);
    int ok = model_alloc(CALL_REALLOC);
    FUZZ_CHECK(ok == (p != NULL), "%sRealloc(%p, %zu) returned %p, but the chain model says it %s",
               st.fam->prefix, b->ptr, size, p, ok ? "succeeds" : "fails");
    if (!p && b->ptr) { /* "If the request fails, ... p remains a valid pointer" */
        expect_model("a failed Realloc");
        shadow_expect_intact(b, b->size, "a failed Realloc");
        return;
    }
    if (!p)
        return;
    if (!b->ptr) {
        store(b, p, size, "Realloc(NULL, n) through the layers", in);
        return;
    }
    shadow_expect_resized(&st.heap, b, p, size, fuzz_byte(in), "Realloc through the layers");
}

static void do_huge(void)
{
    void *p = st.fam->malloc((size_t)PY_SSIZE_T_MAX + 1);
    FUZZ_CHECK(p == NULL, "%sMalloc(PY_SSIZE_T_MAX + 1) returned %p", st.fam->prefix, p);
}

/* A Python allocation with a one-shot failing layer on top: MemoryError,
 * then the same call without it succeeds. MEM: a list's items; OBJ: bytes. */
static PyObject *python_alloc(Py_ssize_t n)
{
    if (st.domain == PYMEM_DOMAIN_MEM)
        return PyList_New(n);
    return PyBytes_FromStringAndSize(NULL, n);
}

static void do_python(fuzz_input *in)
{
    Py_ssize_t n = 2 + (Py_ssize_t)fuzz_range(in, 0, 4000);
    if (st.domain == PYMEM_DOMAIN_RAW)
        return; /* no Python object is allocated through RAW in every mode */
    if (st.domain == PYMEM_DOMAIN_MEM && CTS_FREE_THREADED)
        return; /* a known bug there, see LLVMFuzzerInitialize */
    int saved = st.depth;
    layer *top = &st.layer[saved - 1];
    countdown was = top->fail;
    int kind = top->kind;
    top->kind = KIND_FAILING; /* the top layer fails everything for a moment */
    top->fail = (countdown){1, 1, 1};
    PyObject *o = python_alloc(n);
    FUZZ_CHECK(o == NULL && PyErr_ExceptionMatches(PyExc_MemoryError),
               "with every %s allocation failing, a Python allocation of %zd gave %p and %s",
               st.fam->prefix, n, (void *)o, PyErr_Occurred() ? "another error" : "no error");
    PyErr_Clear();
    top->kind = kind;
    top->fail = was;
    int can_fail = 0;
    for (int i = 0; i < saved; i++)
        can_fail |= st.layer[i].kind == KIND_FAILING;
    o = python_alloc(n);
    FUZZ_CHECK(o || can_fail, "with no layer failing, a Python allocation of %zd through %s failed",
               n, st.fam->prefix);
    PyErr_Clear();
    Py_XDECREF(o);
}

static void run_op(fuzz_input *in, int *python_ran)
{
    uint8_t code = fuzz_byte(in);
    int slot = fuzz_byte(in) % SHADOW_SLOTS;
    shadow_block *b = &st.heap.slot[slot];
    const char *names[N_OPS] = {"Malloc", "Calloc", "Realloc", "Free", "Malloc(huge)", "Python"};
    int op = code % N_OPS;
    FUZZ_TRACE("%s%s slot %d", st.fam->prefix, names[op], slot);
    switch (op) {
    case OP_MALLOC:
    case OP_CALLOC: do_alloc(b, op, in); break;
    case OP_REALLOC: do_realloc(b, in); break;
    case OP_FREE:
        if (b->ptr)
            release(b);
        break;
    case OP_HUGE: do_huge(); break;
    case OP_PYTHON:
        do_python(in);
        *python_ran = 1;
        resync_model();
        break;
    }
    expect_model(names[op]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_boot("hooks_fuzzer");
    if (CTS_FREE_THREADED)
        fprintf(stderr, "hooks_fuzzer: the Python op skips the MEM domain on free-threaded builds: "
                        "a failing PyList_New frees a stale item array twice there "
                        "(hooks.mem.list_new_failure_keeps_heap, docs/findings.md)\n");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_input_of(data, size);
    int d = fuzz_byte(&in) % 3, python_ran = 0;
    st.domain = cts_families[d].domain;
    st.fam = &cts_families[d];
    st.depth = 1 + fuzz_byte(&in) % MAX_LAYERS;
    install_layers(&in);
    while (!fuzz_input_done(&in))
        run_op(&in, &python_ran);
    for (int i = 0; i < SHADOW_SLOTS; i++)
        if (st.heap.slot[i].ptr)
            release(&st.heap.slot[i]);
    expect_model("freeing the input's blocks");
    remove_layers(python_ran);
    fuzz_expect_no_exception("hooks_fuzzer");
    return 0;
}
