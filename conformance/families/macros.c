/* macros.c: the type-oriented macros PyMem_New, PyMem_Resize and
 * PyMem_Del, and PyObject_New/PyObject_NewVar's failure.
 * Source: Doc/c-api/memory.rst, "Memory Interface"; Doc/c-api/allocation.rst. */
#include "hook_spy.h"

#include <stdint.h>

#define TOO_MANY_INTS ((size_t)PY_SSIZE_T_MAX / sizeof(int) + 1)

CTS_CASE(pymem_new_overflow, .id = "families.macros.pymem_new_overflow",
         .doc = "PyMem_New: Same as PyMem_Malloc(), but allocates (n * sizeof(TYPE)) bytes of "
                "memory. (a product over PY_SSIZE_T_MAX is NULL, without calling the allocator)",
         .source = {
             .quote = "Same as PyMem_Malloc(), but allocates (n * sizeof(TYPE)) bytes of memory.",
             .page = "c-api/memory.html#c.PyMem_New",
             .python = "3.15",
             .impl = "Include/pymem.h"})
{
    hook_spy spy;
    hook_spy_install(&spy, PYMEM_DOMAIN_MEM);
    spy.failing = 1;
    int *a = PyMem_New(int, TOO_MANY_INTS);
    int *b = PyMem_New(int, SIZE_MAX);
    long over = spy.mallocs;
    int *c = PyMem_New(int, TOO_MANY_INTS - 1);
    hook_spy_remove(&spy);
    CTS_EXPECT(a == NULL && b == NULL,
               "PyMem_New(int, n) with n*sizeof(int) over "
               "PY_SSIZE_T_MAX returned %p, %p",
               (void *)a, (void *)b);
    CTS_EXPECT(over == 0, "PyMem_New over the limit called the allocator %ld times", over);
    CTS_EXPECT(c == NULL && spy.mallocs == 1,
               "PyMem_New(int, PY_SSIZE_T_MAX / sizeof(int)) reached the allocator %ld times "
               "(expected 1: the check is '>')",
               spy.mallocs - over);
    int *zero = PyMem_New(int, 0);
    CTS_EXPECT(zero != NULL, "PyMem_New(int, 0) returned NULL");
    PyMem_Free(zero);
}

static const char resize_rule[] =
    "PyMem_Resize: This is a C preprocessor macro; p is always reassigned. Save the original "
    "value of p to avoid losing memory when handling errors.";

CTS_CASE(
    pymem_resize_clobbers_p, .id = "families.macros.pymem_resize_clobbers_p", .doc = resize_rule,
    .source = {
        .quote =
            "This is a C preprocessor macro; p is always reassigned. ... Save the original value "
            "of p to avoid losing memory when handling errors. ... Same as PyMem_Realloc(), but "
            "the memory block is resized to (n * sizeof(TYPE)) bytes. ... On return, p will be a "
            "pointer to the new memory area, or NULL in the event of failure.",
        .page = "c-api/memory.html#c.PyMem_Resize",
        .python = "3.15"})
{
    int *p = PyMem_New(int, 4);
    CTS_REQUIRE(p != NULL, "PyMem_New(int, 4) returned NULL");
    p[0] = 42;
    p[3] = 43;
    int *orig = p;
    PyMem_Resize(p, int, TOO_MANY_INTS);
    CTS_EXPECT(p == NULL, "PyMem_Resize over the limit left p = %p", (void *)p);
    CTS_EXPECT(orig[0] == 42 && orig[3] == 43, "PyMem_Resize failure changed the old block");
    p = orig;
    hook_spy spy;
    hook_spy_install(&spy, PYMEM_DOMAIN_MEM);
    spy.failing = 1;
    PyMem_Resize(p, int, 100); /* fails in the allocator this time */
    hook_spy_remove(&spy);
    CTS_EXPECT(p == NULL, "PyMem_Resize with a failing allocator left p = %p", (void *)p);
    CTS_EXPECT(orig[0] == 42, "a failed PyMem_Resize changed the old block");
    PyMem_Resize(orig, int, 64); /* and a success keeps the contents */
    CTS_REQUIRE(orig != NULL, "PyMem_Resize(p, int, 64) returned NULL");
    CTS_EXPECT(orig[0] == 42 && orig[3] == 43, "PyMem_Resize lost the contents");
    PyMem_Free(orig);
}

CTS_CASE(pymem_del_is_free, .id = "families.macros.pymem_del_is_free",
         .doc = "PyMem_Del: Same as PyMem_Free().",
         .source = {.quote = "Same as PyMem_Free().",
                    .page = "c-api/memory.html#c.PyMem_Del",
                    .python = "3.15"})
{
    void *p = PyMem_Malloc(24);
    CTS_REQUIRE(p != NULL, "PyMem_Malloc(24) returned NULL");
    hook_spy spy;
    hook_spy_install(&spy, PYMEM_DOMAIN_MEM);
    PyMem_Del(p);
    hook_spy_remove(&spy);
    CTS_EXPECT(spy.frees == 1 && spy.last_ptr == p,
               "PyMem_Del(p) reached the MEM domain's free %ld times (ptr %p, expected %p)",
               spy.frees, spy.last_ptr, p);
}

static const char new_rule[] =
    "PyObject_New: Allocate a new Python object using the C structure type TYPE and the Python "
    "type object typeobj. (on failure it returns NULL with MemoryError set, unlike "
    "PyObject_Malloc)";

CTS_CASE(pyobject_new_sets_memoryerror, .id = "families.macros.pyobject_new_sets_memoryerror",
         .doc = new_rule,
         .source = {.quote = "Allocate a new Python object using the C structure type TYPE and the "
                             "Python type object type.",
                    .page = "c-api/allocation.html#c.PyObject_New",
                    .python = "3.11",
                    .impl = "Objects/object.c"})
{
    hook_spy spy;
    hook_spy_install(&spy, PYMEM_DOMAIN_OBJ);
    spy.failing = 1;
    PyObject *o = PyObject_New(PyObject, &PyBaseObject_Type);
    PyVarObject *v = o ? NULL : PyObject_NewVar(PyVarObject, &PyBytes_Type, 10);
    spy.failing = 0;
    hook_spy_remove(&spy);
    CTS_EXPECT(o == NULL && v == NULL, "PyObject_New/NewVar with a failing allocator: %p, %p",
               (void *)o, (void *)v);
    CTS_EXPECT(PyErr_ExceptionMatches(PyExc_MemoryError),
               "PyObject_NewVar failure did not set MemoryError");
    PyErr_Clear();
    hook_spy_install(&spy, PYMEM_DOMAIN_OBJ);
    spy.failing = 1;
    o = PyObject_New(PyObject, &PyBaseObject_Type);
    int raised = PyErr_ExceptionMatches(PyExc_MemoryError);
    spy.failing = 0;
    hook_spy_remove(&spy);
    CTS_EXPECT(o == NULL && raised, "PyObject_New failure: %p, MemoryError set: %d", (void *)o,
               raised);
    PyErr_Clear();
}
