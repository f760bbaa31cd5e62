/* fail_nth_in_workload.c: a small Python workload run with the nth
 * allocation of one domain failing, through an allocator installed with
 * PyMem_SetAllocator() (Doc/c-api/memory.rst, "Customize Memory
 * Allocators"), then run again with nothing failing, then Py_FinalizeEx(),
 * as the suite's faults.workloads.* cases do. Each trial is a child forked
 * from an initialized interpreter. What a trial must do: the failing run
 * completes, or fails with an exception set (PyEval_EvalCode: "NULL if an
 * exception was raised"; any type, none asserted; SystemError is CPython's
 * own report of a C function that broke the convention); the rerun
 * completes; Py_FinalizeEx() returns 0; no crash, abort or hang. The
 * workloads are the suite's (conformance/faults/workloads/NAME.py and
 * conformance/faults/workloads.c); by name:
 *   classes_gc   classes with __slots__ and __del__ in cycles, gc.collect()
 *   import_pure  re-imports colorsys and textwrap
 *   exceptions   chained exceptions and traceback.format_exception()
 *   strings      f-strings, %-formatting, joins and encodings
 *   tracemalloc  tracemalloc.start(2), a snapshot, its statistics, stop()
 *   subinterpreter  Py_NewInterpreter(), code and an import in it,
 *                Py_EndInterpreter() (3.12+ docs: Py_NewInterpreter()
 *                exits the process on a failed status, by design)
 *   FILE.py      the Python file as the workload, such as the suite's workload
 *                files, conformance/faults/workloads/NAME.py (the case
 *                faults.workloads.NAME), whose imports happen in each
 *                trial, as in the suite
 * -S first: start Python as the suite does, with no site import and no
 * signal handlers (what a failing faults.workloads.* case prints to replay
 * its site: the modules the workload imports are then imported in each
 * trial, as in the suite, and N is near the suite's N). Without it, a plain
 * Py_Initialize(), as the measurements below were taken.
 * Each TRIAL is raw|mem|obj:N or :A-B (one trial for each n from A to B).
 * Trial numbers differ between builds and allocator modes: give a range.
 * A build that keeps the promise prints only the summary and exits 0; a
 * broken one prints each trial that broke it (the signal, the exit status,
 * or what went wrong) and exits 1. Exit 2: bad arguments, or the workload
 * fails with no allocation failing, or no trial reached its allocation.
 * Build (3.7+; 3.7: drop --embed):
 *   cc fail_nth_in_workload.c -o fail_wl $(python3.15-config --cflags --ldflags --embed)
 * Measured (2026-12-07; docs/findings.md, "Fault injection over whole workloads"):
 *   ./fail_wl classes_gc raw:2     3.14.10(d), 3.15.2(d): SIGSEGV (class creation,
 *                                  gh-153182); 3.13.0, 3.13.18, 3.11.7: exit 0
 *   ./fail_wl strings mem:2        3.14.10d, 3.15.2d: abort, _Py_Dealloc's assertion
 *                                  (gh-151119); the release builds: exit 0
 *   ./fail_wl subinterpreter raw:1   3.13.18 to 3.15.2: abort in the error path
 *   ./fail_wl subinterpreter raw:101 3.15.2: SIGSEGV in PyDict_Unwatch
 *   ./fail_wl -S conformance/faults/workloads/dates_times.py mem:1-685
 *                                  3.11.7: mem:126-128 fail with SystemError,
 *                                  _operator's exec (gh-151126); as the suite
 *                                  reports it, at MEM 126
 *   PYTHONMALLOC=malloc ./fail_wl -S conformance/faults/workloads/threads.py raw:76
 *                                  3.11.7: SIGALRM after 60 s: worker-1 died in
 *                                  _bootstrap_inner() ("Exception ignored in
 *                                  thread started by"), Thread.start() waits for
 *                                  ever (gh-140746)
 *   ./fail_wl tracemalloc raw:1-60   every version: SIGABRT, tracemalloc_realloc()'s
 *                                  deliberate fatal error: exit 1 here, but not a
 *                                  bug (the suite does not count it) */
#include <Python.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct {
    const char *name, *source;
} workloads[] = {
    {"classes_gc", "import gc\n"
                   "dead = []\n"
                   "class Node:\n"
                   "    __slots__ = ('other', 'data', '__weakref__', '__dict__')\n"
                   "    def __init__(self, n):\n"
                   "        self.data = [n] * 4; self.other = None\n"
                   "    def __del__(self):\n"
                   "        dead.append(len(self.data))\n"
                   "class Sub(Node):\n"
                   "    def __repr__(self): return 'Sub(%r)' % (self.data,)\n"
                   "for i in range(100):\n"
                   "    a, b = Node(i), Sub(i)\n"
                   "    a.other, b.other = b, a\n"
                   "    repr(b)\n"
                   "del a, b\n"
                   "gc.collect()\n"
                   "assert len(dead) > 0\n"},
    {"import_pure", "import sys\n"
                    "for name in ('colorsys', 'textwrap'):\n"
                    "    sys.modules.pop(name, None)\n"
                    "import colorsys, textwrap\n"
                    "assert colorsys.rgb_to_hsv(0.2, 0.4, 0.4)\n"
                    "assert textwrap.fill('word ' * 40, 30)\n"},
    {"exceptions", "import traceback\n"
                   "def f(n):\n"
                   "    if n == 0:\n"
                   "        raise ValueError('bottom %d' % n)\n"
                   "    try:\n"
                   "        f(n - 1)\n"
                   "    except ValueError as e:\n"
                   "        raise KeyError(n) from e\n"
                   "out = []\n"
                   "for i in range(6):\n"
                   "    try:\n"
                   "        f(i % 4 + 1)\n"
                   "    except KeyError as e:\n"
                   "        out.append(''.join(traceback.format_exception(type(e), e, "
                   "e.__traceback__)))\n"
                   "    finally:\n"
                   "        out.append(i)\n"
                   "assert 'bottom' in out[0]\n"},
    {"strings",
     "parts = []\n"
     "for i in range(200):\n"
     "    parts.append(f'{i:>8x}|{i / 7:.3f}|{str(i) * 3!r}|' + '%s-%d' % ('\\xe9' * i, i))\n"
     "text = '\\n'.join(parts) + '\\u20ac\\U0001f600'\n"
     "for enc in ('utf-8', 'utf-16', 'latin-1', 'ascii'):\n"
     "    b = text.encode(enc, errors='replace')\n"
     "    assert b.decode(enc, errors='replace')\n"
     "w = text.split('|'); u = text.upper().replace('A', 'bb').strip()\n"
     "assert '{0}:{x}'.format(1, x=2) == '1:2' and len(w) > 100\n"},
    {"tracemalloc", "import tracemalloc\n"
                    "tracemalloc.start(2)\n"
                    "try:\n"
                    "    keep = [str(i) * 3 for i in range(100)]\n"
                    "    snap = tracemalloc.take_snapshot()\n"
                    "    stats = snap.statistics('lineno')\n"
                    "    cur, peak = tracemalloc.get_traced_memory()\n"
                    "    assert peak >= cur > 0\n"
                    "finally:\n"
                    "    tracemalloc.stop()\n"},
    {"subinterpreter", NULL},
};

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

/* The sub-interpreter workload: 0, or -1 (what it reported is printed). */
static int run_subinterpreter(void)
{
    PyThreadState *main_tstate = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    if (!sub) {
        PyThreadState_Swap(main_tstate);
        return -1;
    }
    PyObject *d = PyModule_GetDict(PyImport_AddModule("__main__"));
    PyObject *r = PyRun_String("x = {i: str(i) for i in range(200)}\n"
                               "import colorsys\n"
                               "y = sorted(x.values(), key=len)\n",
                               Py_file_input, d, d);
    PyErr_Clear(); /* the sub-interpreter's own exception, not the caller's */
    Py_XDECREF(r);
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_tstate);
    return r ? 0 : -1;
}

/* One run: 0, or -1. */
static int run(PyObject *code)
{
    if (!code)
        return run_subinterpreter();
    PyObject *globals = PyDict_New();
    if (!globals || PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0)
        return -1;
    PyObject *r = PyEval_EvalCode(code, globals, globals);
    PyDict_Clear(globals);
    Py_DECREF(globals);
    Py_XDECREF(r);
    return r ? 0 : -1;
}

/* The exception set, cleared: 1 if one was set (0 for a SystemError, the
 * convention broken); its type's name in *name. */
static int exception_set(const char **name)
{
    PyObject *type = PyErr_Occurred();
    *name = type ? ((PyTypeObject *)type)->tp_name : "none";
    if (!type)
        return 0;
    int system_error = PyErr_ExceptionMatches(PyExc_SystemError);
    PyErr_Clear();
    return !system_error;
}

/* A trial still running after this long is hung (a deadlock, such as
 * Thread.start() waiting for a thread that died starting): it is killed
 * by SIGALRM and counted as broken. */
#define TRIAL_SECONDS 60

/* In the child: exit 0 when the trial kept the promise, 1 when not, 3 when the
 * allocation was not reached. */
static void trial_child(PyObject *code, PyMemAllocatorDomain domain, long n)
{
    PyMem_GetAllocator(domain, &wrapped);
    PyMemAllocatorEx mine = {NULL, my_malloc, my_calloc, my_realloc, my_free};
    fail_at = n, allocations = 0;
    PyMem_SetAllocator(domain, &mine);
    int rc = run(code);
    PyMem_SetAllocator(domain, &wrapped);
    const char *name;
    int exception = exception_set(&name);
    if (allocations < n)
        _exit(3);
    if (rc != 0 && code && !exception) {
        printf("  the failing run failed, exception %s\n", name);
        _exit(1);
    }
    if (run(code) != 0) {
        exception_set(&name);
        printf("  the rerun with nothing failing failed, exception %s\n", name);
        _exit(1);
    }
    int fin = Py_FinalizeEx();
    if (fin != 0)
        printf("  Py_FinalizeEx() returned %d\n", fin);
    _exit(fin != 0);
}

/* One trial in a forked child: 1 when it broke the promise, 0 when not, -1
 * when the allocation was not reached. */
static int trial(PyObject *code, const char *domain_name, PyMemAllocatorDomain domain, long n)
{
    int status;
    fflush(NULL);
    PyOS_BeforeFork();
    pid_t pid = fork();
    if (pid == 0) {
        PyOS_AfterFork_Child();
        alarm(TRIAL_SECONDS); /* a hang ends as SIGALRM */
        trial_child(code, domain, n);
    }
    PyOS_AfterFork_Parent();
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        perror("fork/waitpid");
        exit(2);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
        return -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFSIGNALED(status))
        printf("%.3s:%ld: killed by signal %d (%s)\n", domain_name, n, WTERMSIG(status),
               strsignal(WTERMSIG(status)));
    else
        printf("%.3s:%ld: exit status %d\n", domain_name, n, WEXITSTATUS(status));
    return 1;
}

static int workload_index(const char *name)
{
    for (size_t i = 0; i < sizeof workloads / sizeof *workloads; i++)
        if (strcmp(name, workloads[i].name) == 0)
            return (int)i;
    return -1;
}

/* The text of the file at path, NUL-terminated, or NULL when it cannot be read. */
static char *file_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size >= 0 && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1)) &&
        fread(text, 1, (size_t)size, f) == (size_t)size)
        text[size] = '\0';
    else
        free(text), text = NULL;
    if (f)
        fclose(f);
    return text;
}

/* The source of the workload named name, or of the file name.py; -1 in
 * *index for a file (and its source NULL when it cannot be read). */
static const char *workload_source(const char *name, int *index)
{
    size_t len = strlen(name);
    if (len > 3 && strcmp(name + len - 3, ".py") == 0) {
        *index = -1;
        return file_text(name);
    }
    *index = workload_index(name);
    return *index >= 0 ? workloads[*index].source : NULL;
}

/* Python started as the suite starts it (-S): no site import and no
 * signal handlers, so the modules a workload imports are imported in its
 * trials as in the suite's, and the allocation counts are near the suite's. */
static void initialize_as_the_suite(void)
{
#if PY_VERSION_HEX >= 0x03080000
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.site_import = 0;
    config.install_signal_handlers = 0;
    config.parse_argv = 0;
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        Py_ExitStatusException(status);
#else
    Py_NoSiteFlag = 1;
    Py_InitializeEx(0);
#endif
}

int main(int argc, char **argv)
{
    int w = -1, as_the_suite = argc >= 2 && strcmp(argv[1], "-S") == 0;
    int first = 1 + as_the_suite; /* the workload's argument */
    const char *source = argc >= first + 2 ? workload_source(argv[first], &w) : NULL;
    if (!source && w < 0) {
        fprintf(stderr,
                "usage: %s [-S] classes_gc|import_pure|exceptions|strings|tracemalloc|"
                "subinterpreter|FILE.py raw|mem|obj:N[-M]... (%s)\n",
                argv[0],
                argc >= first + 2 ? "no such workload, or a file that cannot be read" : "");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* each line out before a crash */
    if (as_the_suite)
        initialize_as_the_suite();
    else
        Py_Initialize();
    PyObject *code = NULL;
    if (source && !(code = Py_CompileString(source, "<workload>", Py_file_input))) {
        PyErr_Print();
        return 2;
    }
    /* set-up: with nothing failing it must work. A file's run is checked in
     * a child, as the suite does, so that the modules it imports are
     * imported in each trial, not once here. */
    if (w < 0 ? trial(code, "set-up", PYMEM_DOMAIN_RAW, 0) != 0 : run(code) != 0) {
        PyErr_Print();
        printf("set-up: %s fails with no allocation failing: nothing was tested\n", argv[first]);
        return 2;
    }
    long reached = 0, broken = 0;
    for (int a = first + 1; a < argc; a++) {
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
        for (long n = from; n <= to; n++) {
            int r = trial(code, domains[d], (PyMemAllocatorDomain)d, n);
            reached += r >= 0, broken += r > 0;
        }
    }
    printf("%s: %ld of %ld trials reached broke the promise\n", argv[first], broken, reached);
    if (!reached)
        printf("set-up: no trial reached its allocation: nothing was tested\n");
    return !reached ? 2 : broken ? 1 : 0;
}
