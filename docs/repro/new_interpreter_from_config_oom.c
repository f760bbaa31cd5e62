/* new_interpreter_from_config_oom.c: Py_NewInterpreterFromConfig() with the
 * Nth PYMEM_DOMAIN_MEM (or RAW) allocation failing. The docs: "If creation of the new
 * interpreter is unsuccessful, tstate_p is set to NULL; no exception is set
 * since the exception state is stored in the attached thread state, which
 * might not exist." and it returns a PyStatus. 3.12.1 and 3.13.0 return an
 * error status with tstate NULL; Debian's 3.13.18, 3.14.10(d), 3.15.2(d) and
 * a 3.13.15 free-threaded build die of SIGSEGV for N = 1, 2, 3, 5, 10, 20:
 * new_interpreter()'s error path calls Py_EndInterpreter() on the half-made
 * interpreter, whose pre-finalisation calls report "unable to get
 * sys.modules" through a struct sequence type never initialised there.
 * The same error path (Python/pylifecycle.c, new_interpreter()) also dies
 * of SIGSEGV in PyDict_Unwatch() under finalize_modules() (RAW allocation
 * 101), and when the very first RAW allocation (the interpreter state,
 * alloc_interpreter()) fails, 3.13.18 to 3.15.2 abort with "Fatal Python
 * error: _PyThreadState_Attach: non-NULL old thread state": the error path
 * attaches the caller's thread state, which was never detached (3.13.0
 * exits 1 there, "_PyInterpreterState_New: memory allocation failed": no
 * status either). Measured on 3.13.18, 3.14.10(d), 3.15.2(d) (2026-12-07).
 * Upstream: none found (nearest: gh-112729, fixed in 3.13.8; gh-143232).
 * 3.12+.
 * Build and run (arguments: N, default 1, and the domain, mem by default):
 *   cc new_interpreter_from_config_oom.c -o newoom \
 *       $(python3.15-config --cflags --ldflags --embed)
 *   for n in 1 2 3 5 10 20; do ./newoom $n; done; ./newoom 1 raw; ./newoom 101 raw
 * Kept: "error status, tstate (nil)" (exit 0). Broken: SIGSEGV or SIGABRT.
 * Exit 2: the failing allocation never came (nothing was tested). */
#include <Python.h>

#include <string.h>

static PyMemAllocatorEx orig;
static long calls, fail_at = 1;

static int fails(void)
{
    return ++calls == fail_at;
}

static void *m(void *c, size_t n)
{
    (void)c;
    return fails() ? NULL : orig.malloc(orig.ctx, n);
}

static void *cl(void *c, size_t a, size_t b)
{
    (void)c;
    return fails() ? NULL : orig.calloc(orig.ctx, a, b);
}

static void *r(void *c, void *p, size_t n)
{
    (void)c;
    return fails() ? NULL : orig.realloc(orig.ctx, p, n);
}

static void f(void *c, void *p)
{
    (void)c;
    orig.free(orig.ctx, p);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        fail_at = atol(argv[1]);
    int raw = argc > 2 && strcmp(argv[2], "raw") == 0;
    if (fail_at < 1 || (argc > 2 && !raw && strcmp(argv[2], "mem") != 0)) {
        fprintf(stderr, "usage: %s [N [raw|mem]]\n", argv[0]);
        return 2;
    }
    PyMemAllocatorDomain domain = raw ? PYMEM_DOMAIN_RAW : PYMEM_DOMAIN_MEM;
    setvbuf(stdout, NULL, _IONBF, 0);
    Py_Initialize();
    PyThreadState *main_ts = PyThreadState_Get();
    PyMem_GetAllocator(domain, &orig);
    PyMemAllocatorEx mine = {NULL, m, cl, r, f};
    PyMem_SetAllocator(domain, &mine);
    PyInterpreterConfig config = _PyInterpreterConfig_LEGACY_INIT;
    PyThreadState *sub = NULL;
    PyStatus st = Py_NewInterpreterFromConfig(&sub, &config); /* SIGSEGV here */
    PyMem_SetAllocator(domain, &orig);
    const char *name = raw ? "RAW" : "MEM";
    if (calls < fail_at) {
        printf("set-up: only %ld %s allocations, none failed: nothing was tested\n", calls, name);
        return 2;
    }
    printf("Py_NewInterpreterFromConfig with %s allocation %ld failing: %s, tstate %p\n", name,
           fail_at, PyStatus_Exception(st) ? "error status" : "ok", (void *)sub);
    if (sub)
        Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    PyErr_Clear();
    Py_FinalizeEx();
    return 0;
}
