/* datetime_exec_oom.c: the _datetime module created and executed with one
 * allocation failing (spec.loader.create_module() and exec_module(), the
 * steps of `import _datetime`), through an allocator installed with
 * PyMem_SetAllocator() (Doc/c-api/memory.rst, "Customize Memory
 * Allocators"); then `import _datetime` with nothing failing and its types
 * used; then Py_FinalizeEx(), as the suite's faults.workloads.* cases do
 * (there: conformance/faults/workloads/dates_times.py). What a trial must
 * do: the failing run fails with an exception set (PyEval_EvalCode: "NULL if
 * an exception was raised") or completes; the second import works and its
 * types have their attributes; Py_FinalizeEx() returns 0; no crash or abort.
 * Each trial is a child forked from an interpreter that has not imported
 * _datetime, with the Nth allocation of one domain (RAW, MEM, OBJ) failing,
 * for every N the run reaches.
 * Where it breaks (3.13; lines of Modules/_datetimemodule.c at 3.13.18):
 * _datetime_exec() readies the module's static types (init_static_types(),
 * :7154) and puts timezone.utc, date.min and the other values in their
 * dicts only when get_current_module() (:7147) finds no mark in the
 * interpreter's dict, and it marks the module loaded only at its very end
 * (set_current_module(), :7273). When an allocation fails in between, the
 * half-made module is freed, and module_clear() -> clear_current_module()
 * (:7310 -> :224) stores None under the key, the mark of "loaded before"
 * (it compares the module only when a weakref is stored). The next exec sees
 * the mark (get_current_module(), :128: reloading = 1) and skips both. A
 * type the failed exec never readied has no type of its own (ob_type NULL):
 * `_datetime.timezone.utc` dies of SIGSEGV in PyObject_GetAttr()
 * (Objects/object.c:1260); when all were readied, the values were never
 * added: AttributeError: type object 'datetime.timezone' has no attribute
 * 'utc'. The failing allocation can be any in the exec, such as
 * new_keys_object() <- dictresize() <- insertion_resize() <-
 * dict_setdefault_ref_lock_held() <- type_add_method() <- type_ready().
 * A debug build also aborts: when the exec fails after init_state() made
 * its IsoCalendarDate type, that type and the module keep each other alive,
 * the module is not freed before the second import, whose exec readies the
 * types again (typeobject.c:254: managed_static_type_state_init: Assertion
 * `state->type == NULL'); or typeobject.c:132, managed_static_type_index_get.
 * Build:
 *   cc datetime_exec_oom.c -o datetime_exec_oom $(python3.13-config --cflags --ldflags --embed)
 * Measured (2026-12-08; docs/findings.md, "The workload files", dict resize):
 *   3.13.18: 370 of 441 trials: raw:2-7, mem:2-20, obj:7-337 SIGSEGV;
 *            raw:8, mem:21-24, obj:338-346 the AttributeError; exit 1
 *   3.13.18d: 433 of 441: the same, and SIGABRT at mem:18-20, mem:25,
 *            obj:305-337, obj:347-408 (the assertions above); exit 1
 *   3.13.0: 369 of 442, the same ranges within one or two; exit 1
 *   3.12.1: 179 of 455 (SIGSEGV; "TypeError: Cannot extend an incomplete
 *            type 'datetime.tzinfo'"): 3.12 has no such mark (its
 *            PyInit__datetime runs whole again); the TypeError points at
 *            static types a failed PyType_Ready() left incomplete: another
 *            path, not triaged; exit 1
 *   3.14.10, 3.14.10d, 3.15.2, 3.15.2d: 0 of 47 (48); exit 0: the static
 *            types are readied at interpreter start-up (_PyDateTime_InitTypes(),
 *            gh-136421, PR gh-136583), not by the exec
 * Exit 0: every trial kept the promise; 1: a trial broke it (printed, one
 * line for each run of trials alike, the first failed second import's
 * exception in full); 2: no trial reached its allocation, or the set-up
 * failed. */
#include <Python.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static PyObject *globals, *create_and_exec, *use;

/* One trial, in the child: returns its exit status (3: the run needed
 * fewer than n allocations of the domain). */
static int trial(PyMemAllocatorDomain domain, long n, int tell)
{
    PyMem_GetAllocator(domain, &inner);
    PyMemAllocatorEx failing = {NULL, failing_malloc, failing_calloc, failing_realloc,
                                passing_free};
    PyMem_SetAllocator(domain, &failing);
    countdown = n - 1;
    PyObject *result = PyEval_EvalCode(create_and_exec, globals, globals);
    countdown = -1;
    PyMem_SetAllocator(domain, &inner);
    if (!failed)
        return 3;
    if (result == NULL && !PyErr_Occurred()) {
        printf("  NULL without an exception\n");
        return 1;
    }
    Py_XDECREF(result);
    PyErr_Clear();
    if (PyDict_DelItemString(globals, "m") < 0) /* drop the failed module */
        PyErr_Clear();
    result = PyEval_EvalCode(use, globals, globals);
    if (result == NULL) {
        if (tell) {
            printf("  trial %ld: the second run failed:\n", n);
            PyErr_Print();
        }
        PyErr_Clear();
        return 1;
    }
    Py_DECREF(result);
    if (Py_FinalizeEx() != 0) {
        printf("  Py_FinalizeEx() failed\n");
        return 1;
    }
    return 0;
}

/* What the child's status says, or NULL when the trial kept the promise. */
static const char *outcome(int status, char *buf, size_t size)
{
    if (WIFSIGNALED(status))
        snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else if (WEXITSTATUS(status) != 0)
        snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
    else
        return NULL;
    return buf;
}

int main(void)
{
    Py_Initialize();
    if (PyDict_GetItemString(PyImport_GetModuleDict(), "_datetime") != NULL) {
        printf("_datetime already imported: nothing to test\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* The spec is found and the code compiled with nothing failing, so that
     * a failure is in creating the module or in its exec. */
    globals = PyDict_New();
    PyObject *found = globals && PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) == 0
        ? PyRun_String("import importlib.util\n"
                       "spec = importlib.util.find_spec('_datetime')\n"
                       "assert spec and not spec.parent, spec\n",
                       Py_file_input, globals, globals) : NULL;
    create_and_exec = Py_CompileString("m = spec.loader.create_module(spec)\n"
                                       "spec.loader.exec_module(m)\n", "<failing>", Py_file_input);
    use = Py_CompileString("import _datetime as d\n"
                           "assert d.timezone.utc is d.UTC and d.date.min.year == 1\n"
                           "assert d.timedelta.max.days == 999999999\n", "<again>", Py_file_input);
    if (!found || !create_and_exec || !use) {
        PyErr_Print();
        return 2;
    }
    Py_DECREF(found);
    int tell = 1; /* print the first failed second run's exception */
    const char *names[] = {"raw", "mem", "obj"};
    long reached = 0, broken = 0;
    for (int d = 0; d < 3; d++) {
        char now[64], shown[64] = ""; /* consecutive trials alike: one line */
        long from = 0;
        for (long n = 1;; n++) {
            fflush(NULL);
            pid_t pid = fork();
            if (pid == 0)
                _exit(trial((PyMemAllocatorDomain)d, n, tell));
            int status;
            if (pid < 0 || waitpid(pid, &status, 0) != pid)
                return 2;
            int done = WIFEXITED(status) && WEXITSTATUS(status) == 3;
            const char *what = done ? NULL : outcome(status, now, sizeof now);
            reached += !done, broken += what != NULL;
            if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
                tell = 0;
            if (*shown && (!what || strcmp(what, shown) != 0)) {
                printf("%s:%ld-%ld: %s\n", names[d], from, n - 1, shown);
                *shown = '\0';
            }
            if (what && !*shown)
                snprintf(shown, sizeof shown, "%s", what), from = n;
            if (done)
                break;
        }
    }
    printf("%ld of %ld trials broke the promise\n", broken, reached);
    return reached == 0 ? 2 : broken > 0;
}
