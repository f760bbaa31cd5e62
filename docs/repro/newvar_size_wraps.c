/* newvar_size_wraps.c: PyObject_NewVar() and PyObject_GC_NewVar() with a
 * size whose bytes overflow. The docs (3.14, 3.15): "It allocates enough
 * memory for the TYPE structure plus size (Py_ssize_t) fields of the size
 * given by the tp_itemsize field of typeobj" (3.11, 3.13: "The allocated
 * memory allows for ..."). With PY_SSIZE_T_MAX items of 8 bytes no block can
 * hold that, so the call must fail (NULL, MemoryError). Every version measured
 * (3.6.15 to 3.15.2) computes tp_basicsize + size * tp_itemsize without an
 * overflow check (_PyObject_VAR_SIZE) and asks the object allocator for 16
 * bytes (PyObject_GC_NewVar: 32, with the GC header): a block too small for
 * the object header it then writes (ob_size lands past its end). Here an
 * object allocator that records the request and refuses it stands over the
 * real one, so nothing is corrupted: the call fails with MemoryError and the
 * recorded size shows the wrap-around. Also -1 items (PyObject_NewVar;
 * PyObject_GC_NewVar refuses a negative size with SystemError). The suite's
 * families.sizes.*newvar* cases show the GC form the same way.
 * Upstream: none found.
 *   cc newvar_size_wraps.c -o newvar $(python3.13-config --cflags --ldflags --embed)
 *   ./newvar      # exit 1: a request smaller than the size needs reached the allocator */
#include <Python.h>

static PyMemAllocatorEx obj;
static size_t asked;
static int refusing;

static void *refuse_malloc(void *ctx, size_t n)
{
    if (refusing)
        return asked = n, NULL;
    return obj.malloc(obj.ctx, n);
}
static void *refuse_calloc(void *ctx, size_t a, size_t b)
{
    return refusing ? (asked = a * b, NULL) : obj.calloc(obj.ctx, a, b);
}
static void *pass_realloc(void *ctx, void *p, size_t n)
{
    return obj.realloc(obj.ctx, p, n);
}
static void pass_free(void *ctx, void *p)
{
    obj.free(obj.ctx, p);
}

static PyTypeObject var_type = {PyVarObject_HEAD_INIT(NULL, 0).tp_name = "repro.var",
                                .tp_basicsize = sizeof(PyVarObject), .tp_itemsize = 8,
                                .tp_flags = Py_TPFLAGS_DEFAULT};

/* The bytes the object allocator was asked for by one NewVar call, or 0. */
static size_t asked_by_newvar(Py_ssize_t n)
{
    PyMemAllocatorEx spy = {NULL, refuse_malloc, refuse_calloc, pass_realloc, pass_free};
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &obj);
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &spy);
    asked = 0;
    refusing = 1;
    PyVarObject *o = PyObject_NewVar(PyVarObject, &var_type, n);
    refusing = 0;
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &obj);
    int memory_error = PyErr_ExceptionMatches(PyExc_MemoryError);
    PyErr_Clear();
    printf("PyObject_NewVar(8-byte items, %zd): %s, MemoryError %s, the allocator was asked for "
           "%zu bytes\n",
           n, o ? "an object" : "NULL", memory_error ? "set" : "not set", asked);
    return asked;
}

int main(void)
{
    Py_Initialize();
    if (PyType_Ready(&var_type) != 0)
        return 2;
    size_t at_max = asked_by_newvar(PY_SSIZE_T_MAX);
    size_t at_minus_one = asked_by_newvar(-1);
    /* any request that reached the allocator is short: no size_t holds the need */
    int broken = (at_max != 0 && at_max < (size_t)PY_SSIZE_T_MAX) ||
                 (at_minus_one != 0 && at_minus_one < (size_t)PY_SSIZE_T_MAX);
    Py_Finalize();
    return broken;
}
