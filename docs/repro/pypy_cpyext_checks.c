/* pypy_cpyext_checks.c: the three PyPy (cpyext) deviations, as one
 * extension module, checked the same way on CPython:
 *   track()  PyTraceMalloc_Track/Untrack with nothing tracing: the docs say
 *            -2 ("Return -2 if tracemalloc is disabled"); PyPy 7.3.11
 *            returns (0, 0): its pymem.h makes Track add memory pressure and
 *            Untrack an empty stub.
 *   over()   PyObject_Malloc/PyMem_Malloc of PY_SSIZE_T_MAX + 1: NULL; PyPy
 *            sets MemoryError for PyObject_Malloc, CPython sets none. The
 *            docs name no exception either way: no promise is broken.
 *   rz()     PyObject_Realloc(p, 0): the docs say "the memory block is
 *            resized but is not freed, and the returned pointer is
 *            non-NULL"; PyPy returns NULL (C realloc).
 * Upstream: none found (PyPy's tracker was not searched beyond its GitHub
 * mirror). Build as a module and import it (PyPy: pypy3 -c ...):
 *   cc -shared -fPIC pypy_cpyext_checks.c -o ppcheck$(python3 -c \
 *       'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))') \
 *       $(python3 -c 'import sysconfig; print("-I" + sysconfig.get_paths()["include"])')
 *   python3 -c 'import ppcheck; print(ppcheck.track(), ppcheck.over(), ppcheck.rz())'
 * CPython 3.11.7: (-2, -2) (1, 0, 1, 0) (1,); PyPy 7.3.11: (0, 0) (1, 1, 1, 0) (0,). */
#include <Python.h>

#include <stdint.h>

static PyObject *track(PyObject *s, PyObject *a)
{
    (void)s, (void)a;
    int t = PyTraceMalloc_Track(5, (uintptr_t)0x4000, 16);
    int u = PyTraceMalloc_Untrack(5, (uintptr_t)0x4000);
    return Py_BuildValue("(ii)", t, u);
}

static PyObject *over(PyObject *s, PyObject *a)
{
    (void)s, (void)a;
    void *p = PyObject_Malloc((size_t)PY_SSIZE_T_MAX + 1);
    int exc = PyErr_Occurred() != NULL;
    PyErr_Clear();
    void *q = PyMem_Malloc((size_t)PY_SSIZE_T_MAX + 1);
    int exc2 = PyErr_Occurred() != NULL;
    PyErr_Clear();
    return Py_BuildValue("(iiii)", p == NULL, exc, q == NULL, exc2);
}

static PyObject *rz(PyObject *s, PyObject *a)
{
    (void)s, (void)a;
    void *p = PyObject_Malloc(32);
    if (!p)
        return PyErr_NoMemory(); /* set-up */
    void *r = PyObject_Realloc(p, 0);
    if (r)
        PyObject_Free(r); /* a NULL result freed p (C realloc) or kept it: not freed again */
    return Py_BuildValue("(i)", r != NULL);
}

static PyMethodDef methods[] = {{"track", track, METH_NOARGS, NULL},
                                {"over", over, METH_NOARGS, NULL},
                                {"rz", rz, METH_NOARGS, NULL},
                                {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "ppcheck", NULL, -1, methods};

PyMODINIT_FUNC PyInit_ppcheck(void)
{
    return PyModule_Create(&module);
}
