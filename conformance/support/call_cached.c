/* call_cached.c: see call_cached.h. */
#include "call_cached.h"

PyObject *call_cached(PyObject **cache, const char *module, const char *name)
{
    if (!*cache) {
        PyObject *m = PyImport_ImportModule(module);
        *cache = m ? PyObject_GetAttrString(m, name) : NULL;
        Py_XDECREF(m);
    }
    PyObject *r = *cache ? PyObject_CallObject(*cache, NULL) : NULL;
    if (!r)
        PyErr_Clear();
    return r;
}

Py_ssize_t allocated_blocks(void)
{
    static PyObject *fn;
    PyObject *r = call_cached(&fn, "sys", "getallocatedblocks");
    Py_ssize_t n = r ? PyLong_AsSsize_t(r) : -1;
    Py_XDECREF(r);
    if (PyErr_Occurred()) {
        PyErr_Clear();
        return -1;
    }
    return n;
}
