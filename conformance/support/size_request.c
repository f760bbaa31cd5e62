/* size_request.c: see size_request.h: a row's count and the bytes it
 * needs, the call under the guard, and the release of what it left. */
#include "size_request.h"

#include "hook_spy.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t size_count(size_point point, size_t elsize)
{
    size_t limit = (size_t)PY_SSIZE_T_MAX / elsize;
    switch (point) {
    case AT_ZERO: return 0;
    case AT_ONE: return 1;
    case BELOW_LIMIT: return limit - 1;
    case AT_LIMIT: return limit;
    case ABOVE_LIMIT: return limit + 1;
    case AT_SSIZE_MAX: return (size_t)PY_SSIZE_T_MAX;
    case AT_SIZE_MAX: return SIZE_MAX;
    case WRAPPING: return SIZE_MAX / elsize + 2; /* times elsize: a few bytes past SIZE_MAX */
    case AT_HEADER: return sizeof(PyObject);
    }
    return 0;
}

const char *size_count_text(size_point point, size_t elsize)
{
    static char text[64];
    static const char *const fixed[] = {[AT_ZERO] = "0",
                                        [AT_ONE] = "1",
                                        [AT_SSIZE_MAX] = "PY_SSIZE_T_MAX",
                                        [AT_SIZE_MAX] = "SIZE_MAX",
                                        [AT_HEADER] = "sizeof(PyObject)"};
    static const char *const around[] = {
        [BELOW_LIMIT] = " - 1", [AT_LIMIT] = "", [ABOVE_LIMIT] = " + 1", [WRAPPING] = " + 2"};
    if ((size_t)point < sizeof fixed / sizeof *fixed && fixed[point])
        return fixed[point];
    const char *limit = point == WRAPPING ? "SIZE_MAX" : "PY_SSIZE_T_MAX";
    if (elsize == 1)
        snprintf(text, sizeof text, "%s%s", limit, around[point]);
    else
        snprintf(text, sizeof text, "%s / %zu%s", limit, elsize, around[point]);
    return text;
}

static const char *api_name(const size_row *row)
{
    static char name[32];
    static const char *const suffix[] = {
        [SIZE_MALLOC] = "Malloc", [SIZE_CALLOC] = "Calloc", [SIZE_REALLOC] = "Realloc"};
    static const char *const others[] = {
        [SIZE_MEM_NEW] = "PyMem_New",       [SIZE_MEM_RESIZE] = "PyMem_Resize",
        [SIZE_OBJECT_NEW] = "PyObject_New", [SIZE_OBJECT_NEWVAR] = "PyObject_NewVar",
        [SIZE_GC_NEW] = "PyObject_GC_New",  [SIZE_GC_NEWVAR] = "PyObject_GC_NewVar"};
    if (row->api > SIZE_REALLOC)
        return others[row->api];
    snprintf(name, sizeof name, "%s%s", row->family->prefix, suffix[row->api]);
    return name;
}

/* The call as C spells it, for messages. */
static const char *call_text(const size_row *row, const char *count)
{
    static char text[160];
    const char *name = api_name(row);
    switch (row->api) {
    case SIZE_CALLOC: snprintf(text, sizeof text, "%s(%s, %zu)", name, count, row->elsize); break;
    case SIZE_REALLOC: snprintf(text, sizeof text, "%s(p, %s)", name, count); break;
    case SIZE_MEM_NEW:
        snprintf(text, sizeof text, "%s(<%zu-byte type>, %s)", name, row->elsize, count);
        break;
    case SIZE_MEM_RESIZE:
        snprintf(text, sizeof text, "%s(p, <%zu-byte type>, %s)", name, row->elsize, count);
        break;
    case SIZE_OBJECT_NEW:
    case SIZE_GC_NEW: snprintf(text, sizeof text, "%s of a tp_basicsize of %s", name, count); break;
    case SIZE_OBJECT_NEWVAR:
    case SIZE_GC_NEWVAR:
        snprintf(text, sizeof text, "%s(..., %s) with a tp_itemsize of %zu", name, count,
                 row->elsize);
        break;
    default: snprintf(text, sizeof text, "%s(%s)", name, count);
    }
    return text;
}

/* The bytes of a Py_ssize_t count of objects: the header (the basic size)
 * plus count items; impossible when negative or overflowing. */
static int object_bytes(const size_row *row, size_t count, size_t *bytes)
{
    Py_ssize_t n = (Py_ssize_t)count;
    if (n < 0)
        return 1;
    if (row->api == SIZE_OBJECT_NEW || row->api == SIZE_GC_NEW)
        return *bytes = count, 0;
    return __builtin_mul_overflow(count, row->elsize, bytes) ||
           __builtin_add_overflow(*bytes, sizeof(PyVarObject), bytes);
}

size_need size_row_need(const size_row *row)
{
    size_need need = {.count = size_count(row->point, row->elsize)};
    int overflow;
    if (row->api >= SIZE_OBJECT_NEW)
        overflow = object_bytes(row, need.count, &need.bytes);
    else if (row->api == SIZE_MALLOC || row->api == SIZE_REALLOC)
        overflow = (need.bytes = need.count, 0);
    else
        overflow = __builtin_mul_overflow(need.count, row->elsize, &need.bytes);
    need.impossible = overflow || need.bytes > (size_t)PY_SSIZE_T_MAX;
    if (overflow)
        need.bytes = SIZE_MAX;
    need.what = call_text(row, size_count_text(row->point, row->elsize));
    return need;
}

/* Element types of the sizes PyMem_New/PyMem_Resize rows name. */
typedef struct {
    char c[3];
} three_bytes;
typedef struct {
    double d[3];
} twenty_four_bytes;

static void *mem_new(size_t elsize, size_t n)
{
    switch (elsize) {
    case 1: return PyMem_New(char, n);
    case 3: return PyMem_New(three_bytes, n);
    case 8: return PyMem_New(double, n);
    case 24: return PyMem_New(twenty_four_bytes, n);
    }
    return NULL;
}

static void *mem_resize(void *old, size_t elsize, size_t n)
{
    char *c = old;
    three_bytes *t = old;
    double *d = old;
    twenty_four_bytes *q = old;
    switch (elsize) {
    case 1: return PyMem_Resize(c, char, n);
    case 3: return PyMem_Resize(t, three_bytes, n);
    case 8: return PyMem_Resize(d, double, n);
    case 24: return PyMem_Resize(q, twenty_four_bytes, n);
    }
    return NULL;
}

static void plain_dealloc(PyObject *o)
{
    PyObject_Free(o);
}
static void gc_dealloc(PyObject *o)
{
    PyObject_GC_Del(o);
}
static int gc_traverse(PyObject *o, visitproc visit, void *arg)
{
    return (void)o, (void)visit, (void)arg, 0;
}

static PyTypeObject plain_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pymem_cts.sized",
    .tp_basicsize = sizeof(PyVarObject),
    .tp_dealloc = plain_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};
static PyTypeObject gc_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pymem_cts.sized_gc",
    .tp_basicsize = sizeof(PyVarObject),
    .tp_dealloc = gc_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = gc_traverse,
};

/* The row's type, readied, with its sizes set (in this case's process). */
static PyTypeObject *object_type(const size_row *row, size_t count)
{
    int gc = row->api == SIZE_GC_NEW || row->api == SIZE_GC_NEWVAR;
    PyTypeObject *type = gc ? &gc_type : &plain_type;
    if (!(type->tp_flags & Py_TPFLAGS_READY) && PyType_Ready(type) != 0)
        return NULL;
    int var = row->api == SIZE_OBJECT_NEWVAR || row->api == SIZE_GC_NEWVAR;
    type->tp_basicsize = var ? (Py_ssize_t)sizeof(PyVarObject) : (Py_ssize_t)count;
    type->tp_itemsize = var ? (Py_ssize_t)row->elsize : 0;
    return type;
}

static void *make_object(const size_row *row, size_t count)
{
    PyTypeObject *type = object_type(row, count);
    if (!type)
        return NULL;
    switch (row->api) {
    case SIZE_OBJECT_NEW: return PyObject_New(PyObject, type);
    case SIZE_OBJECT_NEWVAR: return PyObject_NewVar(PyVarObject, type, (Py_ssize_t)count);
    case SIZE_GC_NEW: return PyObject_GC_New(PyObject, type);
    default: return PyObject_GC_NewVar(PyVarObject, type, (Py_ssize_t)count);
    }
}

static int domain_of(const size_row *row)
{
    if (row->family)
        return row->family->domain;
    return row->api <= SIZE_MEM_RESIZE ? PYMEM_DOMAIN_MEM : PYMEM_DOMAIN_OBJ;
}

/* The block Realloc and PyMem_Resize start from, its bytes numbered. */
static void *old_block(const size_row *row)
{
    unsigned char *p =
        row->family ? row->family->malloc(SIZE_OLD_BYTES) : PyMem_Malloc(SIZE_OLD_BYTES);
    for (int i = 0; p && i < SIZE_OLD_BYTES; i++)
        p[i] = (unsigned char)(i * 7 + 1);
    return p;
}

static void *call(const size_row *row, const size_need *need, void *old)
{
    switch (row->api) {
    case SIZE_MALLOC: return row->family->malloc(need->count);
    case SIZE_CALLOC: return row->family->calloc(need->count, row->elsize);
    case SIZE_REALLOC: return row->family->realloc(old, need->count);
    case SIZE_MEM_NEW: return mem_new(row->elsize, need->count);
    case SIZE_MEM_RESIZE: return mem_resize(old, row->elsize, need->count);
    default: return make_object(row, need->count);
    }
}

int size_request_prepare(const size_row *row)
{
    return row->api >= SIZE_OBJECT_NEW && !object_type(row, sizeof(PyObject)) ? -1 : 0;
}

void size_request_make(const size_row *row, const size_need *need, size_result *out)
{
    memset(out, 0, sizeof *out);
    if (row->api == SIZE_REALLOC || row->api == SIZE_MEM_RESIZE)
        out->old = old_block(row);
    if (row->api >= SIZE_OBJECT_NEW)
        object_type(row, need->count); /* readied before the guard is set */
    hook_spy guard;
    hook_spy_install(&guard, domain_of(row));
    guard.at_least = need->bytes;
    out->block = call(row, need, out->old);
    hook_spy_remove(&guard);
    out->short_request = guard.short_request;
    out->short_size = guard.short_size;
    if (PyErr_Occurred())
        out->exception = PyErr_ExceptionMatches(PyExc_MemoryError) ? 1 : 2;
    PyErr_Clear();
    if (out->block && out->old)
        out->old = NULL; /* moved or kept: the new pointer is the block now */
}

int size_request_wrapped(const size_row *row, const size_need *need, const size_result *out)
{
    if (!out->short_request)
        return 0;
    if (row->api < SIZE_OBJECT_NEW)
        return 1;
    int var = row->api == SIZE_OBJECT_NEWVAR || row->api == SIZE_GC_NEWVAR;
    size_t wrapped = var ? sizeof(PyVarObject) + need->count * row->elsize : need->count;
    if (var)
        wrapped = (wrapped + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
    /* the GC header before the object: 2 pointers from 3.8, a union padded
     * to long double's alignment (32 bytes on x86-64) before */
    size_t before = out->short_size - wrapped;
    return out->short_size >= wrapped &&
           (before == 0 || before == 2 * sizeof(void *) || before == 32);
}

void size_request_release(const size_row *row, size_result *out)
{
    void *p = out->block ? out->block : out->old;
    out->block = out->old = NULL;
    if (!p)
        return;
    if (row->api >= SIZE_OBJECT_NEW)
        Py_DECREF((PyObject *)p);
    else if (row->family)
        row->family->free(p);
    else
        PyMem_Free(p);
}
