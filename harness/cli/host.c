/* host.c: the suite as an extension module, for an implementation that
 * cannot embed (PyPy has no Py_Initialize) and, the same way, for CPython.
 * The launcher the build writes (pymem-cts next to the module) runs
 *     <python> -c 'import pymem_cts_host; pymem_cts_host.main(argv)' ARGS
 * so the interpreter under test is up before any case runs; the driver
 * re-executes the launcher for its workers, and each case runs in a child
 * forked from a worker, as in the embedding build. */
#include "compat.h"

#include "cli.h"
#include "data_dir.h"

#include <stdlib.h>
#include <string.h>

static void free_argv(char **argv, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++)
        free(argv[i]);
    free(argv);
}

/* main(argv: list of str, expectations_dir: str = None) -> int: runs the
 * command line; argv[0] is the launcher, which the driver re-executes. The
 * default expectations are read from expectations_dir (a pip-installed
 * package carries its own), or else found as data_dir.h says. */
static PyObject *host_main(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *list;
    const char *expectations_dir = NULL;
    if (!PyArg_ParseTuple(args, "O!|z:main", &PyList_Type, &list, &expectations_dir))
        return NULL;
    Py_ssize_t n = PyList_Size(list);
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "main() needs argv with the launcher's path first");
        return NULL;
    }
    char **argv = calloc((size_t)n + 1, sizeof *argv);
    if (!argv)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        const char *arg = PyUnicode_AsUTF8(PyList_GetItem(list, i));
        if (!arg || !(argv[i] = strdup(arg))) {
            free_argv(argv, i);
            return arg ? PyErr_NoMemory() : NULL;
        }
    }
    if (!expectations_dir)
        expectations_dir = cts_default_expectations_dir(argv[0]);
    int rc = cts_main((int)n, argv, argv[0], expectations_dir);
    free_argv(argv, n);
    return PyLong_FromLong(rc);
}

static PyMethodDef host_methods[] = {
    {"main", host_main, METH_VARARGS,
     "main(argv[, expectations_dir]) -> exit status: the pymem-cts command line"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef host_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "pymem_cts_host",
    .m_doc = "pymem-cts, the memory C API conformance suite, run inside this interpreter",
    .m_size = -1,
    .m_methods = host_methods,
};

PyMODINIT_FUNC PyInit_pymem_cts_host(void)
{
    return PyModule_Create(&host_module);
}
