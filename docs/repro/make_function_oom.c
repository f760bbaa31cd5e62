/* make_function_oom.c: a `def` statement run with one object allocation
 * failing, through an allocator installed with PyMem_SetAllocator()
 * (Doc/c-api/memory.rst, "Customize Memory Allocators"), then the same code
 * object run again with nothing failing, as the suite's faults.imports.* and
 * faults.workloads.* cases do. What a trial must do: the failing run fails
 * with an exception set (PyEval_EvalCode: "NULL if an exception was raised")
 * or completes; the second run completes; Py_FinalizeEx() returns 0; no
 * crash or abort. Each trial is a child forked from an initialized
 * interpreter, with the Nth PYMEM_DOMAIN_OBJ allocation of the first run
 * failing, for N = 1 to 40.
 * Where it breaks: 3.13's MAKE_FUNCTION drops its reference to the code
 * object and then, when PyFunction_New() fails, unwinds a stack that still
 * holds it, so the code object loses a reference it never had: it is freed
 * while the module's constants still point at it, and the second run's
 * LOAD_CONST reads freed memory (gh-122752; the 3.14 interpreter pops it
 * first). A release build may run on without a sign; a debug build aborts
 * with "object has negative ref count"; a build with ASan in libpython
 * (ci/build-cpython.sh 3.13 fuzz) reports a heap-use-after-free.
 * Build:
 *   cc make_function_oom.c -o make_function_oom $(python3.13-config --cflags --ldflags --embed)
 * Measured (2026-12-07; docs/findings.md), trial 2 of 2 each time:
 *   3.13.0: SIGSEGV; Debian's 3.13.18d: "the promise broken"; 3.13.15 built
 *   for fuzzing (ASan in libpython): ASan's heap-use-after-free in LOAD_CONST
 *   (exit status 1); 3.11.7, 3.12.1, 3.13.18, 3.14.10(d), 3.15.2(d): exit 0
 * Exit 0: every trial kept the promise; 1: a trial broke it (printed); 2: no
 * trial reached its allocation. */
#include <Python.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static PyMemAllocatorEx inner;
static long countdown = -1; /* allocations left before the failing one; -1: none fails */
static int failed;

static int this_one_fails(void)
{
    if (countdown < 0)
        return 0;
    if (countdown-- > 0)
        return 0;
    failed = 1;
    return 1;
}

static void *failing_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return this_one_fails() ? NULL : inner.malloc(inner.ctx, size);
}

static void *failing_calloc(void *ctx, size_t n, size_t size)
{
    (void)ctx;
    return this_one_fails() ? NULL : inner.calloc(inner.ctx, n, size);
}

static void *failing_realloc(void *ctx, void *p, size_t size)
{
    (void)ctx;
    return this_one_fails() ? NULL : inner.realloc(inner.ctx, p, size);
}

static void passing_free(void *ctx, void *p)
{
    (void)ctx;
    inner.free(inner.ctx, p);
}

/* One trial, in the child: returns its exit status. */
static int trial(PyObject *code, long n)
{
    PyObject *globals = PyDict_New();
    if (globals == NULL || PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0)
        return 2;
    countdown = n - 1;
    PyObject *result = PyEval_EvalCode(code, globals, globals);
    countdown = -1;
    if (!failed)
        return 3; /* the run needed fewer than n allocations */
    if (result == NULL && !PyErr_Occurred()) {
        fprintf(stderr, "trial %ld: NULL without an exception\n", n);
        return 1;
    }
    Py_XDECREF(result);
    PyErr_Clear();
    result = PyEval_EvalCode(code, globals, globals); /* nothing fails now */
    if (result == NULL) {
        PyErr_Print();
        fprintf(stderr, "trial %ld: the second run failed\n", n);
        return 1;
    }
    Py_DECREF(result);
    Py_DECREF(globals);
    Py_DECREF(code);
    if (Py_FinalizeEx() != 0) {
        fprintf(stderr, "trial %ld: Py_FinalizeEx() failed\n", n);
        return 1;
    }
    return 0;
}

int main(void)
{
    Py_Initialize();
    PyObject *code = Py_CompileString("def f():\n    return 1\nf()\n", "<def>", Py_file_input);
    if (code == NULL) {
        PyErr_Print();
        return 2;
    }
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &inner);
    PyMemAllocatorEx failing = {NULL, failing_malloc, failing_calloc, failing_realloc,
                                passing_free};
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &failing);
    int broken = 0, reached = 0;
    for (long n = 1; n <= 40; n++) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0)
            _exit(trial(code, n));
        int status;
        if (pid < 0 || waitpid(pid, &status, 0) != pid)
            return 2;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
            break; /* n is past the run's allocations */
        reached++;
        if (WIFSIGNALED(status)) {
            printf("trial %ld: killed by signal %d\n", n, WTERMSIG(status));
            broken = 1;
        } else if (WEXITSTATUS(status) != 0) {
            printf("trial %ld: exit status %d\n", n, WEXITSTATUS(status));
            broken = 1;
        }
    }
    printf("%d trials, %s\n", reached,
           broken ? "the promise broken" : "every one kept the promise");
    return reached == 0 ? 2 : broken;
}
