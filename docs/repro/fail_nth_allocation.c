/* fail_nth_allocation.c: one C-API call, run once per trial, each trial
 * with the nth allocation of one domain failing, through an allocator
 * installed with PyMem_SetAllocator() (Doc/c-api/memory.rst, "Customize
 * Memory Allocators"). What the docs promise for each call:
 *   run_string       PyRun_String: "Returns the result of executing the code
 *                    as a Python object, or NULL if an exception was raised."
 *   import           PyImport_ImportModule: "The return value is a new
 *                    reference to the imported module or top-level package,
 *                    or NULL with an exception set on failure."
 *   new_interpreter  Py_NewInterpreter (3.11 text): "If creation of the new
 *                    interpreter is unsuccessful, NULL is returned; no
 *                    exception is set". From 3.12 the docs call it a wrapper
 *                    of Py_NewInterpreterFromConfig(), and it exits the
 *                    process on a failed status by design (gh-112729): for
 *                    the crash inside creation see
 *                    new_interpreter_from_config_oom.c.
 * Any exception keeps "an exception set"; none is asserted by type.
 * Each TRIAL is DOMAIN:N or DOMAIN:A-B (one trial for each n from A to B),
 * run in order in one process, as the suite's sweep runs them. Trial numbers
 * differ between builds: give a range. A build that keeps the promise prints
 * nothing but the summary and exits 0; a broken one prints each trial that
 * broke it, or crashes, aborts or hangs there. Exit 2: bad arguments, or the
 * call fails with no allocation failing (nothing tested).
 * Build (3.6, 3.7: drop --embed):
 *   cc fail_nth_allocation.c -o fail_nth $(python3.13-config --cflags --ldflags --embed)
 * Measured (2026-12-07 review and re-runs):
 *   ./fail_nth run_string mem:1-10 raw:1-20   3.9 to 3.13.0: NULL, no exception set
 *                                             (RAW 2, MEM 3); not 3.13.15t, 3.13.18
 *   ./fail_nth run_string obj:74              3.13.0: SIGSEGV
 *   ./fail_nth run_string raw:1-17 mem:1-134 obj:1-105   3.11.7, 3.13.18: SIGSEGV
 *   ./fail_nth new_interpreter raw:3          3.11.7: SIGSEGV
 *   ./fail_nth new_interpreter mem:1          3.8, 3.10, 3.11: deadlock in the error
 *                                             report; 3.13.0: fatal error;
 *                                             3.13.18 to 3.15.2: SIGSEGV */
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
        if (m && PyDict_DelItemString(PyImport_GetModuleDict(), "colorsys") < 0)
            PyErr_Clear(); /* so that the next trial imports it again */
        return m ? 0 : -1;
    }
    PyThreadState *main_tstate = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    if (sub)
        Py_EndInterpreter(sub);
    PyThreadState_Swap(main_tstate);
    return sub ? 0 : -1;
}

/* One trial; returns 1 when it broke the promise. */
static int trial(const char *name, PyObject *globals, PyMemAllocatorDomain domain, long n)
{
    PyMem_GetAllocator(domain, &wrapped);
    PyMemAllocatorEx mine = {NULL, my_malloc, my_calloc, my_realloc, my_free};
    fail_at = n;
    allocations = 0;
    PyMem_SetAllocator(domain, &mine);
    int rc = call(name, globals);
    PyMem_SetAllocator(domain, &wrapped);
    PyObject *type = PyErr_Occurred();
    const char *exception = type ? ((PyTypeObject *)type)->tp_name : NULL;
    int new_interpreter = strcmp(name, "new_interpreter") == 0;
    int ok = rc == 0 || allocations < n ? !exception && rc == 0
                                        : (new_interpreter ? !exception : exception != NULL);
    if (!ok)
        printf("%s with allocation %ld of %s failing: %s, exception %s; documented: %s\n", name, n,
               domain == PYMEM_DOMAIN_RAW   ? "RAW"
               : domain == PYMEM_DOMAIN_MEM ? "MEM"
                                            : "OBJ",
               rc ? "failed" : "succeeded", exception ? exception : "none",
               new_interpreter ? "NULL and no exception set" : "NULL with an exception set");
    PyErr_Clear();
    return !ok;
}

int main(int argc, char **argv)
{
    const char *calls[] = {"run_string", "import", "new_interpreter"};
    int known = 0;
    for (int i = 0; argc >= 3 && i < 3; i++)
        known |= strcmp(argv[1], calls[i]) == 0;
    if (!known) {
        fprintf(stderr, "usage: %s run_string|import|new_interpreter raw|mem|obj:N[-M]...\n",
                argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* each line out before a crash */
    Py_Initialize();
    PyObject *globals = PyDict_New();
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    if (call(argv[1], globals) != 0) { /* set-up: with nothing failing it must work */
        printf("set-up: %s fails with no allocation failing: nothing was tested\n", argv[1]);
        return 2;
    }
    long trials = 0, broken = 0;
    for (int a = 2; a < argc; a++) {
        const char *domains[] = {"raw:", "mem:", "obj:"};
        int d = 0;
        while (d < 3 && strncmp(argv[a], domains[d], 4) != 0)
            d++;
        char *end;
        long from = d < 3 ? strtol(argv[a] + 4, &end, 10) : 0, to = from;
        if (d < 3 && *end == '-')
            to = strtol(end + 1, &end, 10);
        if (d == 3 || *end || from < 1 || to < from) {
            fprintf(stderr, "%s: bad trial '%s' (raw|mem|obj:N or :A-B)\n", argv[0], argv[a]);
            return 2;
        }
        for (long n = from; n <= to; n++, trials++)
            broken += trial(argv[1], globals, (PyMemAllocatorDomain)d, n);
    }
    printf("%s: %ld of %ld trials broke the documented promise\n", argv[1], broken, trials);
    return broken ? 1 : 0;
}
