/* new_interpreter_from_config_oom.c: Py_NewInterpreterFromConfig() with the
 * Nth PYMEM_DOMAIN_MEM allocation failing. The docs: "If creation of the new
 * interpreter is unsuccessful, tstate_p is set to NULL; no exception is set
 * since the exception state is stored in the attached thread state, which
 * might not exist." and it returns a PyStatus. 3.12.1 and 3.13.0 return an
 * error status with tstate NULL; Debian's 3.13.18, 3.14.10(d), 3.15.2(d) and
 * a 3.13.15 free-threaded build die of SIGSEGV for N = 1, 2, 3, 5, 10, 20:
 * new_interpreter()'s error path calls Py_EndInterpreter() on the half-made
 * interpreter, whose pre-finalisation calls report "unable to get
 * sys.modules" through a struct sequence type never initialised there.
 * Upstream: none found (nearest: gh-112729, fixed in 3.13.8; gh-143232).
 * 3.12+.
 * Build and run (argument: N, default 1):
 *   cc new_interpreter_from_config_oom.c -o newoom \
 *       $(python3.15-config --cflags --ldflags --embed)
 *   for n in 1 2 3 5 10 20; do ./newoom $n; done
 * Kept: "error status, tstate (nil)" (exit 0). Broken: SIGSEGV.
 * Exit 2: the failing allocation never came (nothing was tested). */
#include <Python.h>

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
    setvbuf(stdout, NULL, _IONBF, 0);
    Py_Initialize();
    PyThreadState *main_ts = PyThreadState_Get();
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &orig);
    PyMemAllocatorEx mine = {NULL, m, cl, r, f};
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &mine);
    PyInterpreterConfig config = _PyInterpreterConfig_LEGACY_INIT;
    PyThreadState *sub = NULL;
    PyStatus st = Py_NewInterpreterFromConfig(&sub, &config); /* SIGSEGV here */
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &orig);
    if (calls < fail_at) {
        printf("set-up: only %ld MEM allocations, none failed: nothing was tested\n", calls);
        return 2;
    }
    printf("Py_NewInterpreterFromConfig with MEM allocation %ld failing: %s, tstate %p\n", fail_at,
           PyStatus_Exception(st) ? "error status" : "ok", (void *)sub);
    if (sub)
        Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    PyErr_Clear();
    Py_FinalizeEx();
    return 0;
}
