/* list_new_failure_ft.c: PyList_New(n > 0) whose item array cannot be had
 * (one PYMEM_DOMAIN_MEM allocation fails), on a list object the freelist
 * hands back. The docs: "Return a new list of length len on success, or
 * NULL on failure." The free-threaded 3.13 build returns NULL but first
 * releases the list object with its stale item array, which was freed
 * already: the heap then hands out the same block twice (or, under
 * PYTHONMALLOC=debug, SIGSEGV). GIL builds are fine. Known upstream:
 * gh-118331 (PR gh-130811 sets ob_item to NULL in list_dealloc, 3.14, not
 * in 3.13.15) and gh-152125 (open; PR gh-154019).
 * Build against a free-threaded build (python3.13t-config) and run:
 *   cc list_new_failure_ft.c -o listnew $(python3.13t-config --cflags --ldflags --embed)
 *   ./listnew   # kept: "0 duplicate pairs" (exit 0); 3.13.15t: 91 pairs (exit 1)
 * Exit 2: the failing allocator was never reached (nothing was tested). */
#include <Python.h>

static PyMemAllocatorEx orig;
static int fail, fired;

static void *m(void *c, size_t n)
{
    (void)c;
    if (fail) {
        fail = 0, fired = 1;
        return NULL;
    }
    return orig.malloc(orig.ctx, n);
}

static void *cl(void *c, size_t a, size_t b)
{
    (void)c;
    if (fail) {
        fail = 0, fired = 1;
        return NULL;
    }
    return orig.calloc(orig.ctx, a, b);
}

static void *r(void *c, void *p, size_t n)
{
    (void)c;
    if (fail) {
        fail = 0, fired = 1;
        return NULL;
    }
    return orig.realloc(orig.ctx, p, n);
}

static void f(void *c, void *p)
{
    (void)c;
    orig.free(orig.ctx, p);
}

int main(void)
{
    Py_Initialize();
    PyObject *l = PyList_New(3); /* an item array of 3 */
    for (int i = 0; i < 3; i++)
        PyList_SET_ITEM(l, i, PyLong_FromLong(100000 + i));
    Py_DECREF(l); /* the object goes to the freelist */
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &orig);
    PyMemAllocatorEx mine = {NULL, m, cl, r, f};
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &mine);
    fail = 1;
    PyObject *l2 = PyList_New(4); /* the freelist's object; its array allocation fails */
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &orig);
    if (!fired) {
        printf("set-up: PyList_New(4) made no MEM allocation: nothing was tested\n");
        return 2;
    }
    printf("PyList_New(4) with its array allocation failing: %p, exception %s\n", (void *)l2,
           PyErr_Occurred() ? ((PyTypeObject *)PyErr_Occurred())->tp_name : "none");
    PyErr_Clear();
    Py_XDECREF(l2);
    int dup = 0;
    void *blocks[64];
    for (int i = 0; i < 64; i++) {
        blocks[i] = PyMem_Malloc(24);
        for (int j = 0; j < i; j++)
            dup += blocks[i] == blocks[j];
    }
    printf("%d duplicate pairs among 64 PyMem_Malloc(24) blocks\n", dup);
    fflush(stdout);
    if (dup)
        _exit(1); /* a corrupt heap: do not finalise */
    for (int i = 0; i < 64; i++)
        PyMem_Free(blocks[i]);
    Py_FinalizeEx();
    return 0;
}
