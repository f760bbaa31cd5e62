/* debug_shrink_deadbyte.c: what the debug hooks do to the excess bytes of a
 * block they shrink. The docs ("Debug hooks on the Python memory
 * allocators"): "When a realloc- like function is called requesting a
 * smaller memory block, the excess old bytes are also filled with
 * PYMEM_DEADBYTE." An allocator set beneath the hooks (PyMem_SetAllocator(),
 * then PyMem_SetupDebugHooks(), as the docs allow) gets the old block back
 * in realloc() and reads it there. Since 3.7 (bpo-31626, gh-75807, PR
 * gh-4210) the hooks mark only the header, the trailer and the first and
 * last 64 bytes of the old block dead before realloc(): the excess bytes
 * between them go back unfilled. 3.6 fills the excess after realloc()
 * returned, when the block stayed in place, in memory the allocator already
 * owns again (the write-after-realloc that bpo-31626 fixed in 3.7). The
 * free-threaded build (3.13+) marks nothing before realloc().
 * Build (3.6, 3.7: drop --embed), then run without PYTHONMALLOC set:
 *   cc debug_shrink_deadbyte.c -o shrink $(python3.13-config --cflags --ldflags --embed)
 *   ./shrink
 * Shrinks a 64-byte and a 300-byte RAW block to 16 bytes; prints how many of
 * their excess bytes reached realloc() beneath the hooks not dead; exit 1
 * when any did (3.7 to 3.15: 172 of the 300-byte block's 284; 3.6 and
 * 3.13.15t: all).
 * Exit 2: the hooks were installed already (a debug build, PYTHONMALLOC set)
 * or did not go on top of the allocator. */
#include <Python.h>

#include <stdlib.h>
#include <string.h>

static PyMemAllocatorEx below;
static unsigned char *watched; /* the block whose return is checked */
static size_t from, to;        /* its bytes that must be dead then */
static long live = -1;         /* how many were not, once it came back */
static unsigned char *last;    /* the last block handed out */

static void *my_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return last = below.malloc(below.ctx, n);
}

static void *my_calloc(void *ctx, size_t nelem, size_t elsize)
{
    (void)ctx;
    return last = below.calloc(below.ctx, nelem, elsize);
}

static void *my_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    if (p && p == watched) {
        unsigned char dead = PY_VERSION_HEX >= 0x03080000 ? 0xDD : 0xDB;
        live = 0;
        for (size_t i = from; i < to; i++)
            live += watched[i] != dead;
        watched = NULL;
    }
    return last = below.realloc(below.ctx, p, n);
}

static void my_free(void *ctx, void *p)
{
    (void)ctx;
    below.free(below.ctx, p);
}

/* Shrinks a RAW block of old bytes to 16; the excess bytes not dead. */
static long shrink(size_t old)
{
    unsigned char *p = PyMem_RawMalloc(old);
    if (!p || p <= last || p - last > 64)
        return -2; /* the hooks are not on top of my allocator */
    memset(p, 0x11, old);
    watched = last;
    from = (size_t)(p - last) + 16;
    to = (size_t)(p - last) + old;
    live = -1;
    PyMem_RawFree(PyMem_RawRealloc(p, 16));
    return live;
}

int main(void)
{
#ifdef Py_DEBUG
    printf("set-up: a debug build's RAW domain has the debug hooks already: run a release build\n");
    return 2;
#endif
    if (getenv("PYTHONMALLOC")) {
        printf("set-up: PYTHONMALLOC is set: run without it, so that no hooks are installed yet\n");
        return 2;
    }
    Py_Initialize();
    PyMemAllocatorEx saved[3];
    for (int d = 0; d < 3; d++)
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &saved[d]);
    below = saved[PYMEM_DOMAIN_RAW];
    PyMemAllocatorEx mine = {NULL, my_malloc, my_calloc, my_realloc, my_free};
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &mine);
    PyMem_SetupDebugHooks();
    long small = shrink(64), large = shrink(300);
    for (int d = 0; d < 3; d++) /* no block of the hooks is freed after this */
        PyMem_SetAllocator((PyMemAllocatorDomain)d, &saved[d]);
    if (small < 0 || large < 0) {
        printf("set-up: the debug hooks did not go on top of the allocator (%ld, %ld); "
               "run a release build without PYTHONMALLOC\n",
               small, large);
        return 2;
    }
    printf("%s: excess bytes not PYMEM_DEADBYTE when the old block reached realloc(): "
           "64 -> 16: %ld of 48, 300 -> 16: %ld of 284\n",
           PY_VERSION, small, large);
    Py_FinalizeEx();
    return small || large ? 1 : 0;
}
