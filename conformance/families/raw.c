/* raw.c: the RAW family needs neither the GIL nor a thread
 * state, nor even an initialised interpreter.
 * Source: Doc/c-api/memory.rst, "Raw Memory Interface"; Doc/c-api/init.rst,
 * "Before Python Initialization". */
#include "boot.h"
#include "cts.h"
#include "gil_holder.h"

#include <pthread.h>
#include <string.h>
#include <wchar.h>

static const char raw_rule[] = "These functions are thread-safe, the GIL does not need to be held.";

/* Allocates, grows, fills and frees; returns a description of the first
 * failure, or NULL. */
static const char *raw_workout(void)
{
    for (int i = 0; i < 2000; i++) {
        size_t n = (size_t)(i % 700) + 1;
        unsigned char *p = PyMem_RawMalloc(n);
        if (!p)
            return "PyMem_RawMalloc returned NULL";
        memset(p, 0x3C, n);
        unsigned char *q = PyMem_RawRealloc(p, n * 2);
        if (!q)
            return "PyMem_RawRealloc returned NULL";
        if (q[n - 1] != 0x3C)
            return "PyMem_RawRealloc lost the block's contents";
        PyMem_RawFree(q);
        void *z = PyMem_RawCalloc(n, 2);
        if (!z)
            return "PyMem_RawCalloc returned NULL";
        PyMem_RawFree(z);
    }
    return NULL;
}

static void *thread_main(void *arg)
{
    *(const char **)arg = raw_workout();
    return NULL;
}

#define RAW_SOURCE                                                                                 \
    {                                                                                              \
        .quote =                                                                                   \
            "These functions are thread-safe, so a thread state does not need to be attached.",    \
        .page = "c-api/memory.html#raw-memory-interface", .python = "3.15"                         \
    }

CTS_CASE(threads_without_thread_state, .id = "families.raw.threads_without_thread_state",
         .doc = raw_rule, .source = RAW_SOURCE)
{
    enum { N = 4 };
    pthread_t threads[N];
    const char *why[N] = {0};
    PyThreadState *ts = PyEval_SaveThread(); /* nobody holds the GIL */
    for (int i = 0; i < N; i++)
        CTS_THREAD(&threads[i], thread_main, &why[i]);
    for (int i = 0; i < N; i++)
        pthread_join(threads[i], NULL);
    PyEval_RestoreThread(ts);
    for (int i = 0; i < N; i++)
        CTS_EXPECT(why[i] == NULL, "thread %d with no thread state: %s", i, why[i]);
}

CTS_CASE(before_initialize, .id = "families.raw.before_initialize",
         .doc = "The following functions can be safely called before Python is initialized: "
                "... PyMem_RawMalloc(), PyMem_RawRealloc(), PyMem_RawCalloc(), PyMem_RawFree()",
         .source =
             {.quote = "The following functions can be safely called before Python is initialized:",
              .page = "c-api/interp-lifecycle.html#before-python-initialization",
              .python = "3.15"},
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)
{
    CTS_REQUIRE(!Py_IsInitialized(), "Python is already initialised");
    const char *why = raw_workout();
    CTS_EXPECT(why == NULL, "before Py_Initialize: %s", why);
    /* No block may outlive start-up: PYTHONMALLOC=debug installs the debug
     * hooks at initialisation, and they abort on freeing a block allocated
     * before ("bad ID"). The docs promise nothing across that switch. */
    const char *err = cts_boot();
    CTS_EXPECT(err == NULL, "Py_Initialize after RAW use failed: %s", err);
}

CTS_CASE(
    after_finalize, .id = "families.raw.after_finalize",
    .doc = "PyMem_RawMalloc() ... (the RAW domain is the C library's allocator and does "
           "not depend on the interpreter: it keeps working after Py_FinalizeEx())",
    .source =
        {.quote = "Raw domain: intended for allocating memory for general-purpose memory buffers "
                  "where the allocation must go to the system allocator or where the allocator can "
                  "operate without an attached thread state. ... [@3.13] Raw domain: intended for "
                  "allocating memory for general-purpose memory buffers where the allocation must "
                  "go to the system allocator or where the allocator can operate without the GIL.",
         .page = "c-api/memory.html#allocator-domains",
         .python = "3.15",
         .note = "that it keeps working after Py_FinalizeEx() is CPython's behaviour, "
                 "measured on 3.6 to 3.15"},
    .isolation = CTS_FRESH)
{
    CTS_REQUIRE(Py_FinalizeEx() == 0, "Py_FinalizeEx() failed");
    const char *why = raw_workout();
    CTS_EXPECT(why == NULL, "after Py_FinalizeEx: %s", why);
}

/* A RAW call must not wait for the GIL, also when the thread that holds it
 * waits for the caller (an embedder's main thread joining a worker). */

CTS_CASE(while_gil_holder_waits, .id = "families.raw.while_gil_holder_waits", .timeout = 10,
         .doc = "These functions are thread-safe, the GIL does not need to be held. (also while "
                "the thread that holds it waits for the caller)",
         .source = RAW_SOURCE)
{
    int got = 0;
    int finished = gil_holder_waits_for(gil_holder_raw_malloc, &got, 2000);
    CTS_EXPECT(finished == 1,
               "PyMem_RawMalloc(64) from a thread with no thread state blocked while this "
               "thread held the GIL and waited for it: it waits for the GIL");
    CTS_EXPECT(got, "PyMem_RawMalloc(64) returned NULL");
}

/* The embedding example of the 3.8 to 3.10 docs decodes argv[0] before
 * Py_Initialize() and frees it with PyMem_RawFree() after Py_FinalizeEx(): a
 * RAW block that outlives the interpreter, under every allocator mode. No
 * sentence of the docs quoted here promises that across an allocator change,
 * so the case is of the reference tier. */
CTS_CASE(decode_locale_across_lifecycle, .id = "families.raw.decode_locale_across_lifecycle",
         .doc = "Py_DecodeLocale: ... Use PyMem_RawFree() to free the memory. (the embedding "
                "example: Py_DecodeLocale() before Py_Initialize(), PyMem_RawFree() after "
                "Py_FinalizeEx())",
         .source = {.quote = "Return a pointer to a newly allocated wide character string, use "
                             "PyMem_RawFree() to free the memory.",
                    .page = "c-api/sys.html#c.Py_DecodeLocale",
                    .python = "3.15",
                    .note = "the 3.15 sentence does not say the block may be freed after a "
                            "Py_Initialize() that changed the RAW allocator (PYTHONMALLOC); the "
                            "3.8 to 3.10 docs' embedding example did so, the 3.11+ example "
                            "uses PyConfig: the free across the life is CPython's behaviour "
                            "under the modes that keep the RAW allocator, measured on 3.6 to "
                            "3.15"},
         .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)
{
    CTS_REQUIRE(!Py_IsInitialized(), "Python is already initialised");
    wchar_t *program = Py_DecodeLocale("pymem-cts-embedder", NULL);
    CTS_REQUIRE(program != NULL, "Py_DecodeLocale before Py_Initialize returned NULL");
    const char *err = cts_boot();
    CTS_REQUIRE(err == NULL, "Py_Initialize failed: %s", err);
    CTS_EXPECT(PyRun_SimpleString("x = [str(i) for i in range(1000)]") == 0,
               "running Python code failed");
    CTS_REQUIRE(Py_FinalizeEx() == 0, "Py_FinalizeEx() failed");
    CTS_EXPECT(wcscmp(program, L"pymem-cts-embedder") == 0,
               "the block from Py_DecodeLocale changed across the interpreter's life");
    PyMem_RawFree(program); /* must not abort: the 3.8-3.10 docs' example does this */
}
