/* own_obmalloc_arenas.c: a sub-interpreter with its own obmalloc state
 * (PyInterpreterConfig.use_main_obmalloc = 0) takes arenas through the
 * arena allocator (PyObject_SetArenaAllocator). On 3.12 and 3.13
 * Py_EndInterpreter() keeps the arenas that still hold blocks: the live
 * count grows by the same amount per interpreter (deliberate: gh-113055, PR
 * gh-113412 frees them only when no block is in use; the docs promise
 * nothing about when arenas come back). On 3.14 and 3.15 it gives them back,
 * but also calls the arena free() with NULL, which is no arena, about 127
 * times per interpreter (gh-121460: PR gh-121491 made the default arena
 * free() ignore NULL; the docs do not say free() may get NULL). 3.12+.
 * Build and run:
 *   cc own_obmalloc_arenas.c -o arenas $(python3.13-config --cflags --ldflags --embed)
 *   ./arenas  # 3.12, 3.13: "live arenas: 3 6 9 12 15 18"; 3.14+: "... NULL frees: 762" (exit 1)
 * Exit 2: no arena went through the allocator (pymalloc is not in use, e.g.
 * PYTHONMALLOC=malloc or mimalloc), or an interpreter could not be made. */
#include <Python.h>

static PyObjectArenaAllocator below;
static long live, null_frees;

static void *count_alloc(void *ctx, size_t size)
{
    void *p = below.alloc(ctx, size);
    live += p != NULL;
    return p;
}

static void count_free(void *ctx, void *ptr, size_t size)
{
    if (!ptr)
        null_frees++;
    else
        live--;
    below.free(ctx, ptr, size);
}

int main(void)
{
    Py_Initialize();
    PyObject_GetArenaAllocator(&below);
    PyObjectArenaAllocator counter = {below.ctx, count_alloc, count_free};
    PyObject_SetArenaAllocator(&counter);
    PyThreadState *main_ts = PyThreadState_Get();
    long first = 0;
    printf("live arenas:");
    for (int i = 0; i < 6; i++) {
        PyInterpreterConfig config = {.use_main_obmalloc = 0,
                                      .check_multi_interp_extensions = 1,
                                      .gil = PyInterpreterConfig_OWN_GIL};
        PyThreadState *sub = NULL;
        if (PyStatus_Exception(Py_NewInterpreterFromConfig(&sub, &config)))
            return 2;
        PyRun_SimpleString("x = [bytearray(i % 500 + 1) for i in range(200000)]; del x\n"
                           "import json, collections");
        Py_EndInterpreter(sub);
        PyThreadState_Swap(main_ts);
        printf(" %ld", live);
        if (i == 0)
            first = live;
    }
    printf("; NULL frees: %ld\n", null_frees);
    if (first == 0 && live == 0 && null_frees == 0) {
        printf("set-up: no arena went through the arena allocator: pymalloc is not in use\n");
        return 2;
    }
    Py_FinalizeEx();
    return live - first > 5 || null_frees ? 1 : 0;
}
