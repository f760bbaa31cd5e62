/* thread_module_exec_oom.c: a fresh instance of the built-in _thread module
 * whose execution fails because one allocation fails, through an allocator
 * installed with PyMem_SetAllocator() (Doc/c-api/memory.rst, "Customize
 * Memory Allocators"), then released. What a trial must do: the module's
 * execution fails with an exception set (a multi-phase init module's exec
 * slot "should return 0 on success or a negative value with an exception
 * set on failure") or succeeds; releasing the module object and collecting
 * the garbage then completes; no crash. Each trial is a child forked from an
 * initialized interpreter, with the Nth PYMEM_DOMAIN_MEM or PYMEM_DOMAIN_OBJ
 * allocation of _imp.exec_builtin() failing, for N = 1 to 400.
 * Where it breaks: thread_module_exec() (Modules/_threadmodule.c, 3.13+)
 * initializes its list of shutdown handles with llist_init() only after the
 * allocations that can fail; when one does, the module state keeps a zeroed
 * list head, and thread_module_clear() -> clear_shutdown_handles() follows
 * its NULL link: SIGSEGV at address 8. A sub-interpreter whose creation
 * fails while it imports _thread ends the same way (suite case
 * faults.workloads.subinterpreter, ASan: SEGV in llist_remove).
 * Build (3.13+):
 *   cc thread_module_exec_oom.c -o thread_module_exec_oom $(python3.13-config --cflags --ldflags
 * --embed) Measured (2026-12-07; docs/findings.md): 3.13.0: 158 of 159 trials die of SIGSEGV;
 * Debian's 3.13.18, 3.14.10 and 3.15.2, release and debug: all but one or two (ASan inside 3.13.15:
 * every crash in llist_remove); 3.11.7 and 3.12.1 (no shutdown handles): exit 0. Exit 0: every
 * trial kept the promise; 1: a trial broke it (printed); 2: the set-up failed or no trial reached
 * its allocation. */
#include <Python.h>

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static PyMemAllocatorEx inner_mem, inner_obj;
static long countdown = -1; /* allocations left before the failing one; -1: none fails */
static int failed;

static int this_one_fails(void)
{
    if (countdown < 0 || countdown-- > 0)
        return 0;
    failed = 1;
    return 1;
}

#define FAILING_ALLOCATOR(name, inner)                                                             \
    static void *name##_malloc(void *ctx, size_t size)                                             \
    {                                                                                              \
        (void)ctx;                                                                                 \
        return this_one_fails() ? NULL : inner.malloc(inner.ctx, size);                            \
    }                                                                                              \
    static void *name##_calloc(void *ctx, size_t n, size_t size)                                   \
    {                                                                                              \
        (void)ctx;                                                                                 \
        return this_one_fails() ? NULL : inner.calloc(inner.ctx, n, size);                         \
    }                                                                                              \
    static void *name##_realloc(void *ctx, void *p, size_t size)                                   \
    {                                                                                              \
        (void)ctx;                                                                                 \
        return this_one_fails() ? NULL : inner.realloc(inner.ctx, p, size);                        \
    }                                                                                              \
    static void name##_free(void *ctx, void *p)                                                    \
    {                                                                                              \
        (void)ctx;                                                                                 \
        inner.free(inner.ctx, p);                                                                  \
    }

FAILING_ALLOCATOR(mem, inner_mem)
FAILING_ALLOCATOR(obj, inner_obj)

/* One trial, in the child: returns its exit status. */
static int trial(PyObject *create, PyObject *exec, PyObject *spec, long n)
{
    PyObject *module = PyObject_CallOneArg(create, spec);
    if (module == NULL)
        return 2;
    countdown = n - 1;
    PyObject *result = PyObject_CallOneArg(exec, module);
    countdown = -1;
    if (!failed)
        return 3; /* the execution needed fewer than n allocations */
    if (result == NULL && !PyErr_Occurred()) {
        fprintf(stderr, "trial %ld: NULL without an exception\n", n);
        return 1;
    }
    Py_XDECREF(result);
    PyErr_Clear();
    Py_DECREF(module);
    PyObject *gc = PyImport_ImportModule("gc");
    PyObject *collected = gc ? PyObject_CallMethod(gc, "collect", NULL) : NULL;
    if (collected == NULL)
        return 2;
    Py_DECREF(collected);
    Py_DECREF(gc);
    return 0;
}

int main(void)
{
    Py_Initialize();
    PyObject *imp = PyImport_ImportModule("_imp");
    PyObject *machinery = PyImport_ImportModule("importlib.machinery");
    PyObject *spec =
        machinery ? PyObject_CallMethod(machinery, "ModuleSpec", "sO", "_thread", Py_None) : NULL;
    PyObject *create = imp ? PyObject_GetAttrString(imp, "create_builtin") : NULL;
    PyObject *exec = imp ? PyObject_GetAttrString(imp, "exec_builtin") : NULL;
    if (spec == NULL || create == NULL || exec == NULL) {
        PyErr_Print();
        return 2;
    }
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &inner_mem);
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &inner_obj);
    PyMemAllocatorEx mem = {NULL, mem_malloc, mem_calloc, mem_realloc, mem_free};
    PyMemAllocatorEx obj = {NULL, obj_malloc, obj_calloc, obj_realloc, obj_free};
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &mem);
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &obj);
    int broken = 0, reached = 0;
    for (long n = 1; n <= 400; n++) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0)
            _exit(trial(create, exec, spec, n));
        int status;
        if (pid < 0 || waitpid(pid, &status, 0) != pid)
            return 2;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
            break; /* n is past the execution's allocations */
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
