/* fail_nth_allocation.c: one C-API call with the nth allocation of one
 * domain failing, through an allocator installed with PyMem_SetAllocator()
 * (Doc/c-api/memory.rst, "Customize Memory Allocators"). What the docs
 * promise for each call:
 *   run_string       PyRun_String: "Returns the result of executing the code
 *                    as a Python object, or NULL if an exception was raised."
 *   import           PyImport_ImportModule: "Return a new reference to the
 *                    imported module, or NULL with an exception set on failure."
 *   new_interpreter  Py_NewInterpreter: "If creation of the new interpreter is
 *                    unsuccessful, NULL is returned; no exception is set".
 * A build that keeps the promise prints "ok" and exits 0; a broken one
 * prints what it did instead, or crashes, aborts or hangs there.
 *   cc fail_nth_allocation.c $(python3-config --cflags --embed --ldflags) -o fail_nth
 *   ./fail_nth run_string obj 74        # 3.13.0: SIGSEGV; 3.10+: NULL, no exception
 *   ./fail_nth import raw 1             # RuntimeError, not MemoryError
 *   ./fail_nth new_interpreter mem 1    # 3.10, 3.11: hangs; 3.8, 3.13: fatal error */
#include <Python.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PyMemAllocatorEx wrapped;
static long fail_at, allocations;

static void *fail_nth(void)
{
    return ++allocations == fail_at ? (void *)1 : NULL;
}

static void *my_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return fail_nth() ? NULL : wrapped.malloc(wrapped.ctx, size);
}

static void *my_calloc(void *ctx, size_t nelem, size_t elsize)
{
    (void)ctx;
    return fail_nth() ? NULL : wrapped.calloc(wrapped.ctx, nelem, elsize);
}

static void *my_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return fail_nth() ? NULL : wrapped.realloc(wrapped.ctx, ptr, size);
}

static void my_free(void *ctx, void *ptr)
{
    (void)ctx;
    wrapped.free(wrapped.ctx, ptr);
}

/* 0: success; -1: failure. */
static int call(const char *name, PyObject *globals)
{
    if (strcmp(name, "run_string") == 0) {
        PyObject *r = PyRun_String("squares = [i * i for i in range(40)]\n"
                                   "text = ','.join(map(str, squares))\n",
                                   Py_file_input, globals, globals);
        Py_XDECREF(r);
        return r ? 0 : -1;
    }
    if (strcmp(name, "import") == 0) {
        PyObject *m = PyImport_ImportModule("colorsys");
        Py_XDECREF(m);
        return m ? 0 : -1;
    }
    PyThreadState *main_tstate = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    if (sub)
        Py_EndInterpreter(sub);
    PyThreadState_Swap(main_tstate);
    return sub ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *domains[] = {"raw", "mem", "obj"};
    int d = 0;
    while (argc == 4 && d < 3 && strcmp(argv[2], domains[d]) != 0)
        d++;
    if (argc != 4 || d == 3 ||
        (strcmp(argv[1], "run_string") && strcmp(argv[1], "import") &&
         strcmp(argv[1], "new_interpreter"))) {
        fprintf(stderr, "usage: %s run_string|import|new_interpreter raw|mem|obj N\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    PyObject *globals = PyDict_New();
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    PyMemAllocatorDomain domain = (PyMemAllocatorDomain)d;
    PyMem_GetAllocator(domain, &wrapped);
    PyMemAllocatorEx mine = {NULL, my_malloc, my_calloc, my_realloc, my_free};
    fail_at = atol(argv[3]);
    PyMem_SetAllocator(domain, &mine);
    int rc = call(argv[1], globals);
    PyMem_SetAllocator(domain, &wrapped);
    PyObject *type = PyErr_Occurred();
    const char *exception = type ? ((PyTypeObject *)type)->tp_name : NULL;
    printf("%s with allocation %ld of %s failing (%ld allocations): %s, exception %s\n", argv[1],
           fail_at, argv[2], allocations, rc ? "failed" : "succeeded",
           exception ? exception : "none");
    int new_interpreter = strcmp(argv[1], "new_interpreter") == 0;
    int ok = rc == 0 ? !exception
                     : (new_interpreter ? !exception
                                        : exception && strcmp(exception, "MemoryError") == 0);
    puts(ok                ? "ok"
         : new_interpreter ? "documented: NULL and no exception set"
                           : "documented: NULL with the exception set (MemoryError)");
    return ok ? 0 : 1;
}
