/* track_size_overflow.c: PyTraceMalloc_Track() of a size past
 * PY_SSIZE_T_MAX. The docs: "Return 0 on success, return -1 on error (failed
 * to allocate memory to store the trace)", nothing on the size. Every
 * version measured (3.7 to 3.15.2) accepts it (0) and adds it to the traced
 * total, a size_t, that tracemalloc.get_traced_memory() returns as a
 * Py_ssize_t: after PyTraceMalloc_Track(d, p, PY_SSIZE_T_MAX) it reports a
 * negative number (SIZE_MAX wraps the total around to one byte less, which
 * this program prints but does not judge: its own calls move the total). The docs say
 * nothing of how a tracked size counts, so this is CPython behaviour (the
 * suite's reference rule: the traced memory holds exactly what was accepted).
 * 3.7+ (3.6 has no public PyTraceMalloc_Track). Upstream: none found.
 *   cc track_size_overflow.c -o trackover $(python3.13-config --cflags --ldflags --embed)
 *   ./trackover   # exit 1: the traced memory does not hold what was accepted */
#include <Python.h>

static long long traced(void)
{
    PyObject *m = PyImport_ImportModule("tracemalloc");
    PyObject *r = m ? PyObject_CallMethod(m, "get_traced_memory", NULL) : NULL;
    long long v = r ? PyLong_AsLongLong(PyTuple_GetItem(r, 0)) : -1;
    Py_XDECREF(r);
    Py_XDECREF(m);
    return v;
}

int main(void)
{
    Py_Initialize();
    if (PyRun_SimpleString("import tracemalloc; tracemalloc.start()") != 0)
        return 2;
    int broken = 0;
    size_t sizes[] = {(size_t)PY_SSIZE_T_MAX, SIZE_MAX};
    for (int i = 0; i < 2; i++) {
        long long before = traced();
        int rc = PyTraceMalloc_Track(7, (uintptr_t)0x7ace5000, sizes[i]);
        long long during = traced();
        PyTraceMalloc_Untrack(7, (uintptr_t)0x7ace5000);
        printf("PyTraceMalloc_Track(size %zu) returned %d; get_traced_memory() went from %lld to "
               "%lld\n",
               sizes[i], rc, before, during);
        if (sizes[i] == (size_t)PY_SSIZE_T_MAX)
            broken |= rc == 0 && during < 0; /* accepted, and the total went negative */
    }
    Py_Finalize();
    return broken;
}
