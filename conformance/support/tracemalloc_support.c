/* tracemalloc_support.c: see tracemalloc_support.h. */
#include "tracemalloc_support.h"

#include "call_cached.h"

#include <limits.h>
#include <stdio.h>

int tm_run(const char *code)
{
    return PyRun_SimpleString(code);
}

int tm_start(void)
{
    return tm_run("import tracemalloc; tracemalloc.start()");
}

int tm_stop(void)
{
    return tm_run("import tracemalloc; tracemalloc.stop()");
}

long long tm_main_value(const char *name)
{
    PyObject *main = PyImport_AddModule("__main__"); /* borrowed */
    PyObject *v = main ? PyObject_GetAttrString(main, name) : NULL;
    long long r = v ? PyLong_AsLongLong(v) : -1;
    Py_XDECREF(v);
    if (PyErr_Occurred()) {
        PyErr_Clear();
        return -1;
    }
    return r;
}

int tm_domain_traces(unsigned int domain, long *count, long long *size)
{
    char code[512];
    snprintf(code, sizeof code,
             "import tracemalloc\n"
             "_cts_s = tracemalloc.take_snapshot().filter_traces("
             "[tracemalloc.DomainFilter(True, %u)])\n"
             "_cts_n = len(_cts_s.traces)\n"
             "_cts_z = sum(t.size for t in _cts_s.traces)\n"
             "del _cts_s\n",
             domain);
    if (tm_run(code) != 0)
        return -1;
    *count = (long)tm_main_value("_cts_n");
    *size = tm_main_value("_cts_z");
    return *count < 0 || *size < 0 ? -1 : 0;
}

int tm_traced_exact(unsigned long long *magnitude, int *negative)
{
    static PyObject *fn; /* cached, so that reading allocates as little as possible */
    PyObject *r = call_cached(&fn, "_tracemalloc", "get_traced_memory");
    PyObject *v = r ? PyTuple_GET_ITEM(r, 0) : NULL;
    long long value = v ? PyLong_AsLongLong(v) : -1;
    *negative = v && !PyErr_Occurred() && value < 0;
    *magnitude = *negative ? 0ULL - (unsigned long long)value : (unsigned long long)value;
    if (v && PyErr_Occurred()) { /* over LLONG_MAX */
        PyErr_Clear();
        *magnitude = PyLong_AsUnsignedLongLong(v);
    }
    Py_XDECREF(r);
    if (!r || PyErr_Occurred()) {
        PyErr_Clear();
        return -1;
    }
    return 0;
}

long long tm_traced(void)
{
    unsigned long long current;
    int negative;
    if (tm_traced_exact(&current, &negative) != 0 || negative || current > LLONG_MAX)
        return -1;
    return (long long)current;
}
