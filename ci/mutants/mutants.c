/* mutants.c: every mutant, one per MUTANT_<name> define (see mutants.txt for
 * the rule each breaks). Built as mutant-<name>.so by run.sh. */
#include "mutant.h"

#include <Python.h>

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);
typedef int (*track_fn)(unsigned int, uintptr_t, size_t);
typedef int (*untrack_fn)(unsigned int, uintptr_t);
typedef void (*get_set_fn)(PyMemAllocatorDomain, PyMemAllocatorEx *);
typedef void (*arena_fn)(PyObjectArenaAllocator *);

/* --- the allocator families ---------------------------------------------- */

#define MALLOC_ZERO_NULL(name)                                                                     \
    void *name(size_t n)                                                                           \
    {                                                                                              \
        REAL(malloc_fn, name);                                                                     \
        if (n == 0 && FROM_PROGRAM())                                                              \
            return NULL;                                                                           \
        return real_##name(n);                                                                     \
    }

#ifdef MUTANT_raw_malloc0_null
MALLOC_ZERO_NULL(PyMem_RawMalloc)
#endif
#ifdef MUTANT_mem_malloc0_null
MALLOC_ZERO_NULL(PyMem_Malloc)
#endif
#ifdef MUTANT_obj_malloc0_null
MALLOC_ZERO_NULL(PyObject_Malloc)
#endif

#ifdef MUTANT_mem_calloc_dirty_tail /* large calloc blocks: the last byte is not zero */
void *PyMem_Calloc(size_t nelem, size_t elsize)
{
    REAL(calloc_fn, PyMem_Calloc);
    unsigned char *p = real_PyMem_Calloc(nelem, elsize);
    if (p && FROM_PROGRAM() && nelem * elsize > 256)
        p[nelem * elsize - 1] = 0xAB;
    return p;
}
#endif

#ifdef MUTANT_raw_calloc_overflow /* nelem * elsize overflow is not checked */
void *PyMem_RawCalloc(size_t nelem, size_t elsize)
{
    REAL(calloc_fn, PyMem_RawCalloc);
    if (FROM_PROGRAM() && elsize && nelem > SIZE_MAX / elsize)
        return real_PyMem_RawCalloc(1, nelem * elsize);
    return real_PyMem_RawCalloc(nelem, elsize);
}
#endif

#ifdef MUTANT_mem_realloc_keeps_16 /* a growing realloc keeps only 16 bytes */
void *PyMem_Realloc(void *p, size_t n)
{
    REAL(realloc_fn, PyMem_Realloc);
    unsigned char *q = real_PyMem_Realloc(p, n);
    if (q && p && FROM_PROGRAM() && n > 32)
        memset(q + 16, 0xCC, n - 16 < 64 ? n - 16 : 64);
    return q;
}
#endif

#ifdef MUTANT_raw_realloc_zero_frees /* Realloc(p, 0) frees p and returns NULL */
void *PyMem_RawRealloc(void *p, size_t n)
{
    REAL(realloc_fn, PyMem_RawRealloc);
    REAL(free_fn, PyMem_RawFree);
    if (n == 0 && p && FROM_PROGRAM()) {
        real_PyMem_RawFree(p);
        return NULL;
    }
    return real_PyMem_RawRealloc(p, n);
}
#endif

#ifdef MUTANT_obj_realloc_null_fails /* Realloc(NULL, n) is not Malloc(n) */
void *PyObject_Realloc(void *p, size_t n)
{
    REAL(realloc_fn, PyObject_Realloc);
    if (!p && FROM_PROGRAM())
        return NULL;
    return real_PyObject_Realloc(p, n);
}
#endif

#ifdef MUTANT_obj_realloc_shrink_loses_byte /* a shrinking realloc damages the kept bytes */
void *PyObject_Realloc(void *p, size_t n)
{
    REAL(realloc_fn, PyObject_Realloc);
    unsigned char *q = real_PyObject_Realloc(p, n);
    if (q && p && n > 0 && FROM_PROGRAM())
        q[n - 1] ^= 0x5A;
    return q;
}
#endif

#ifdef MUTANT_mem_free_null_aborts /* Free(NULL) is not a no-op */
void PyMem_Free(void *p)
{
    REAL(free_fn, PyMem_Free);
    if (!p && FROM_PROGRAM()) {
        fprintf(stderr, "mutant: PyMem_Free(NULL)\n");
        abort();
    }
    real_PyMem_Free(p);
}
#endif

#ifdef MUTANT_obj_misaligned /* blocks are only 8-byte aligned */
void *PyObject_Malloc(size_t n)
{
    REAL(malloc_fn, PyObject_Malloc);
    if (!FROM_PROGRAM() || n < 16)
        return real_PyObject_Malloc(n);
    unsigned char *p = real_PyObject_Malloc(n + 16);
    return p ? p + 8 : NULL; /* leaks on free by design: the cases that see it fail first */
}
#endif

#ifdef MUTANT_mem_huge_not_null /* requests over PY_SSIZE_T_MAX are forwarded and wrap */
void *PyMem_Malloc(size_t n)
{
    REAL(malloc_fn, PyMem_Malloc);
    if (n > (size_t)PY_SSIZE_T_MAX && FROM_PROGRAM())
        return real_PyMem_Malloc(n & 0xFFFF);
    return real_PyMem_Malloc(n);
}
#endif

/* --- allocator hooks ----------------------------------------------------- */

#ifdef MUTANT_set_allocator_drops_ctx /* the installed allocator is called with ctx NULL */
void PyMem_SetAllocator(PyMemAllocatorDomain d, PyMemAllocatorEx *a)
{
    REAL(get_set_fn, PyMem_SetAllocator);
    PyMemAllocatorEx copy = *a;
    if (FROM_PROGRAM())
        copy.ctx = NULL;
    real_PyMem_SetAllocator(d, &copy);
}
#endif

#ifdef MUTANT_set_allocator_ignores_obj /* setting the OBJ domain does nothing */
void PyMem_SetAllocator(PyMemAllocatorDomain d, PyMemAllocatorEx *a)
{
    REAL(get_set_fn, PyMem_SetAllocator);
    if (d == PYMEM_DOMAIN_OBJ && FROM_PROGRAM())
        return;
    real_PyMem_SetAllocator(d, a);
}
#endif

#ifdef MUTANT_get_allocator_wrong_domain /* GetAllocator(MEM) answers for RAW */
void PyMem_GetAllocator(PyMemAllocatorDomain d, PyMemAllocatorEx *a)
{
    REAL(get_set_fn, PyMem_GetAllocator);
    real_PyMem_GetAllocator(d == PYMEM_DOMAIN_MEM && FROM_PROGRAM() ? PYMEM_DOMAIN_RAW : d, a);
}
#endif

/* --- arena allocator ----------------------------------------------------- */

#ifdef MUTANT_arena_wrong_size /* the arena allocator is asked for 4 KiB more than an arena */
static PyObjectArenaAllocator user;
static void *grown_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return user.alloc(user.ctx, size + 4096);
}
static void grown_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    user.free(user.ctx, p, size + 4096);
}
void PyObject_SetArenaAllocator(PyObjectArenaAllocator *a)
{
    REAL(arena_fn, PyObject_SetArenaAllocator);
    if (!FROM_PROGRAM()) {
        real_PyObject_SetArenaAllocator(a);
        return;
    }
    user = *a;
    PyObjectArenaAllocator wrapped = {a->ctx, grown_alloc, grown_free};
    real_PyObject_SetArenaAllocator(&wrapped);
}
#endif

#ifdef MUTANT_arena_get_stale /* GetArenaAllocator never reflects a Set */
void PyObject_GetArenaAllocator(PyObjectArenaAllocator *a)
{
    REAL(arena_fn, PyObject_GetArenaAllocator);
    static PyObjectArenaAllocator first;
    static int have;
    if (!have) {
        real_PyObject_GetArenaAllocator(&first);
        have = 1;
    }
    if (FROM_PROGRAM())
        *a = first;
    else
        real_PyObject_GetArenaAllocator(a);
}
#endif

/* --- tracemalloc --------------------------------------------------------- */

#ifdef MUTANT_track_0_when_disabled /* Track returns 0 when tracing is off */
int PyTraceMalloc_Track(unsigned int domain, uintptr_t ptr, size_t size)
{
    REAL(track_fn, PyTraceMalloc_Track);
    int rc = real_PyTraceMalloc_Track(domain, ptr, size);
    return rc == -2 && FROM_PROGRAM() ? 0 : rc;
}
#endif

#ifdef MUTANT_track_always_disabled /* Track returns -2 even while tracing */
int PyTraceMalloc_Track(unsigned int domain, uintptr_t ptr, size_t size)
{
    REAL(track_fn, PyTraceMalloc_Track);
    if (FROM_PROGRAM())
        return -2;
    return real_PyTraceMalloc_Track(domain, ptr, size);
}
#endif

#ifdef MUTANT_retrack_adds /* tracking a tracked block adds a second trace */
#define KEYS 256
static struct {
    unsigned int domain;
    uintptr_t ptr;
} seen[KEYS];
static int n_seen;
int PyTraceMalloc_Track(unsigned int domain, uintptr_t ptr, size_t size)
{
    REAL(track_fn, PyTraceMalloc_Track);
    if (FROM_PROGRAM()) {
        for (int i = 0; i < n_seen; i++)
            if (seen[i].domain == domain && seen[i].ptr == ptr)
                return real_PyTraceMalloc_Track(domain, ptr + 1, size);
        if (n_seen < KEYS) {
            seen[n_seen].domain = domain;
            seen[n_seen++].ptr = ptr;
        }
    }
    return real_PyTraceMalloc_Track(domain, ptr, size);
}
#endif

#ifdef MUTANT_untrack_minus1 /* Untrack returns -1 where it should return 0 */
int PyTraceMalloc_Untrack(unsigned int domain, uintptr_t ptr)
{
    REAL(untrack_fn, PyTraceMalloc_Untrack);
    int rc = real_PyTraceMalloc_Untrack(domain, ptr);
    return rc == 0 && FROM_PROGRAM() ? -1 : rc;
}
#endif

#ifdef MUTANT_untrack_noop /* Untrack forgets nothing */
int PyTraceMalloc_Untrack(unsigned int domain, uintptr_t ptr)
{
    REAL(untrack_fn, PyTraceMalloc_Untrack);
    if (FROM_PROGRAM()) {
        int rc = real_PyTraceMalloc_Untrack(domain, ptr + 1); /* the code, not the effect */
        return rc;
    }
    return real_PyTraceMalloc_Untrack(domain, ptr);
}
#endif

/* --- debug hooks --------------------------------------------------------- */

#ifdef MUTANT_debug_setup_noop /* PyMem_SetupDebugHooks installs nothing */
void PyMem_SetupDebugHooks(void)
{
    typedef void (*setup_fn)(void);
    REAL(setup_fn, PyMem_SetupDebugHooks);
    if (!FROM_PROGRAM())
        real_PyMem_SetupDebugHooks();
}
#endif

#ifdef MUTANT_debug_no_cleanbyte /* fresh blocks are zeroed, not filled with PYMEM_CLEANBYTE */
void *PyMem_Malloc(size_t n)
{
    REAL(malloc_fn, PyMem_Malloc);
    void *p = real_PyMem_Malloc(n);
    if (p && FROM_PROGRAM())
        memset(p, 0, n);
    return p;
}
#endif

#ifdef MUTANT_debug_misses_overflow /* writes past a block are repaired before the check */
void PyObject_Free(void *p)
{
    REAL(free_fn, PyObject_Free);
    /* Under the debug hooks a block is [size][api id + 7 FORBIDDENBYTE][data]
     * [8 FORBIDDENBYTE]: this mutant rewrites the trailing pad from the size
     * in the header before the real check can see a write past the end. */
    const unsigned char *b = p;
    if (p && FROM_PROGRAM() && b[-1] == 0xFD && b[-2] == 0xFD && b[-3] == 0xFD) {
        size_t n = 0; /* "a size_t, big-endian (easier to read in a memory dump)" */
        for (size_t i = 0; i < sizeof(size_t); i++)
            n = n << 8 | b[i - 2 * sizeof(size_t)];
        if (n < (1u << 20)) {
            unsigned char *tail = (unsigned char *)p + n;
            for (size_t i = 0; i < sizeof(size_t); i++)
                tail[i] = 0xFD;
        }
    }
    real_PyObject_Free(p);
}
#endif
