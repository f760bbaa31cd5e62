/* default_raw.c: the default raw memory allocator calls the C library's
 * malloc(), calloc(), realloc() and free(), and asks for one byte when
 * requested zero. What it asks of the C library is seen by rewriting
 * libpython's slots for those functions (support/libc_spy.c), in the case's
 * forked child. Runs where RAW is that allocator: every mode without the
 * debug hooks (PYTHONMALLOC=malloc, pymalloc and mimalloc all keep it).
 * Source: Doc/c-api/memory.rst, "Raw Memory Interface". */
#include "cts.h"
#include "libc_spy.h"

#define RAW_RULE                                                                                   \
    "The default raw memory allocator uses the following functions: malloc(), calloc(), "          \
    "realloc() and free(); call malloc(1) (or calloc(1, 1)) when requesting zero bytes."

/* Starts watching, or ends the case UNSUPPORTED saying why it cannot. */
#define WATCH_LIBC()                                                                               \
    do {                                                                                           \
        const char *why_not = libc_spy_install();                                                  \
        if (why_not)                                                                               \
            CTS_UNSUPPORTED("libpython's calls to the C library cannot be watched: %s", why_not);  \
    } while (0)

/* The calls seen since the last look, and a clean slate for the next. */
static libc_calls calls_since(void)
{
    libc_calls seen = libc_seen;
    libc_spy_clear();
    return seen;
}

static long calls_in_all(const libc_calls *c)
{
    return c->mallocs + c->callocs + c->reallocs + c->frees;
}

/* The calls c saw were one malloc(size), and nothing else, for `call`. */
#define EXPECT_ONE_MALLOC(c, call, size)                                                           \
    CTS_EXPECT((c).mallocs == 1 && (c).malloc_size == (size) && calls_in_all(&(c)) == 1,           \
               call ": %ld malloc() calls (the last of %zu bytes), %ld in all", (c).mallocs,       \
               (c).malloc_size, calls_in_all(&(c)))

/* The calls c saw were one calloc(nelem, elsize), and nothing else, for `call`. */
#define EXPECT_ONE_CALLOC(c, call, nelem, elsize)                                                  \
    CTS_EXPECT((c).callocs == 1 && (c).calloc_nelem == (nelem) && (c).calloc_elsize == (elsize) && \
                   calls_in_all(&(c)) == 1,                                                        \
               call ": %ld calloc() calls (the last of %zu, %zu), %ld in all", (c).callocs,        \
               (c).calloc_nelem, (c).calloc_elsize, calls_in_all(&(c)))

CTS_CASE(calls_the_c_library, .id = "families.default_raw.calls_the_c_library",
         .needs = CTS_NEED_NO_DEBUG_HOOKS,
         .doc = "The default raw memory allocator uses the following functions: malloc(), "
                "calloc(), realloc() and free() (each PyMem_Raw call is one call of the C "
                "function, with the same arguments)",
         .source = {.quote = RAW_RULE
                    " ... The following function sets are wrappers to the system "
                    "allocator. ... [c-api/memory.html#allocator-domains] The memory is "
                    "requested directly from the system. ... "
                    "[c-api/memory.html#allocator-domains@3.11] The memory is requested "
                    "directly to the system.",
                    .page = "c-api/memory.html#raw-memory-interface",
                    .python = "3.15"})
{
    WATCH_LIBC();
    void *p = PyMem_RawMalloc(40);
    libc_calls m = calls_since();
    void *q = p ? PyMem_RawRealloc(p, 400) : NULL;
    libc_calls r = calls_since();
    void *c = PyMem_RawCalloc(3, 24);
    libc_calls k = calls_since();
    PyMem_RawFree(q ? q : p);
    libc_calls f = calls_since();
    PyMem_RawFree(c);
    libc_spy_remove();
    CTS_REQUIRE(p && q && c, "PyMem_RawMalloc(40), Realloc(p, 400), Calloc(3, 24): %p, %p, %p", p,
                q, c);
    EXPECT_ONE_MALLOC(m, "PyMem_RawMalloc(40)", 40);
    CTS_EXPECT(r.reallocs == 1 && r.realloc_ptr == p && r.realloc_size == 400 &&
                   calls_in_all(&r) == 1,
               "PyMem_RawRealloc(p, 400): %ld realloc() calls (the last of %p, %zu), %ld in all",
               r.reallocs, r.realloc_ptr, r.realloc_size, calls_in_all(&r));
    EXPECT_ONE_CALLOC(k, "PyMem_RawCalloc(3, 24)", 3, 24);
    CTS_EXPECT(f.frees == 1 && f.free_ptr == q && calls_in_all(&f) == 1,
               "PyMem_RawFree(q): %ld free() calls (the last of %p, q is %p), %ld in all", f.frees,
               f.free_ptr, q, calls_in_all(&f));
}

CTS_CASE(zero_calls_malloc_one, .id = "families.default_raw.zero_calls_malloc_one",
         .needs = CTS_NEED_NO_DEBUG_HOOKS,
         .doc = "The default raw memory allocator ... call malloc(1) (or calloc(1, 1)) when "
                "requesting zero bytes (PyMem_RawMalloc(0), PyMem_RawCalloc(0, 8) and "
                "PyMem_RawCalloc(8, 0))",
         .source = {
             .quote = RAW_RULE, .page = "c-api/memory.html#raw-memory-interface", .python = "3.15"})
{
    WATCH_LIBC();
    void *p = PyMem_RawMalloc(0);
    libc_calls m = calls_since();
    void *c = PyMem_RawCalloc(0, 8);
    libc_calls k = calls_since();
    void *e = PyMem_RawCalloc(8, 0);
    libc_calls l = calls_since();
    PyMem_RawFree(p);
    PyMem_RawFree(c);
    PyMem_RawFree(e);
    libc_spy_remove();
    EXPECT_ONE_MALLOC(m, "PyMem_RawMalloc(0)", 1);
    EXPECT_ONE_CALLOC(k, "PyMem_RawCalloc(0, 8)", 1, 1);
    EXPECT_ONE_CALLOC(l, "PyMem_RawCalloc(8, 0)", 1, 1);
}
