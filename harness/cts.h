/* cts.h: what a conformance case file includes.
 *
 * A case is a plain function registered with its metadata:
 *
 *   CTS_CASE(raw_malloc_before_init,
 *            .id = "families.raw.malloc_before_init",
 *            .doc = "PyMem_RawMalloc() ... can be called before Python initialization",
 *            .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)
 *   {
 *       void *p = PyMem_RawMalloc(8);
 *       CTS_REQUIRE(p != NULL, "PyMem_RawMalloc(8) before Py_Initialize returned NULL");
 *       PyMem_RawFree(p);
 *   }
 *
 * The runner executes every case in a child process (see runner.c), so a case
 * may crash, abort or hang: that becomes a result, not a crash of the suite.
 * CTS_EXPECT records a failure and goes on; CTS_REQUIRE records it and leaves
 * the case; CTS_UNSUPPORTED leaves the case with a reason. */
#ifndef CTS_H
#define CTS_H

#include "compat.h"

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

/* Capabilities a case can require; the runner reports UNSUPPORTED with the
 * reason when the build or the run's allocator mode lacks one. */
enum {
    CTS_NEED_PYMALLOC = 1u << 0,          /* pymalloc serves MEM/OBJ in this run */
    CTS_NEED_DEBUG_HOOKS = 1u << 1,       /* the debug hooks are installed */
    CTS_NEED_NO_DEBUG_HOOKS = 1u << 2,    /* the debug hooks are not installed */
    CTS_NEED_TRACEMALLOC = 1u << 3,       /* the _tracemalloc module exists */
    CTS_NEED_MIMALLOC = 1u << 4,          /* mimalloc serves MEM/OBJ in this run */
    CTS_NEED_GIL = 1u << 5,               /* not a free-threaded build */
    CTS_NEED_NO_ASAN = 1u << 6,           /* the suite is not built with ASan */
    CTS_NEED_PYMALLOC_BUILT = 1u << 7,    /* pymalloc is compiled in (WITH_PYMALLOC) */
    CTS_NEED_MIMALLOC_BUILT = 1u << 8,    /* mimalloc is compiled in (WITH_MIMALLOC) */
    CTS_NEED_NO_MIMALLOC_BUILT = 1u << 9, /* mimalloc is not compiled in */
    CTS_NEED_FREE_THREADED = 1u << 10,    /* a free-threaded build (Py_GIL_DISABLED) */
};

enum { CTS_FORK = 0, CTS_FRESH = 1 };   /* isolation */
enum { CTS_BOOT = 0, CTS_NO_BOOT = 1 }; /* CTS_NO_BOOT: the case boots (fresh only) */

typedef struct cts_ctx cts_ctx;

/* Where a case's rule comes from: the documentation's sentence, verbatim,
 * with its page and section and the Python version of that text; and/or
 * the CPython source file the rule is read from; or a note on the
 * reference behaviour measured. A rule with an implementation file or a
 * note is of the "reference" tier (CPython's behaviour), one resting on the
 * documentation alone of the "documented" tier. In a family case "%s" in
 * the quote and page stands for the family's prefix ("PyMem_Raw", ...). */
typedef struct cts_source {
    const char *quote;  /* verbatim; " ... " joins passages of the page */
    const char *page;   /* page#anchor, e.g. "c-api/memory.html#c.PyMem_RawMalloc" */
    const char *python; /* the version whose text is quoted, e.g. "3.15" */
    const char *impl;   /* the CPython source file, e.g. "Objects/obmalloc.c" */
    const char *note;   /* the reference behaviour measured, and on what */
} cts_source;

typedef struct cts_case {
    const char *id;           /* stable dotted id: "<area>.<group>.<name>" */
    const char *doc;          /* the rule the case asserts, in the suite's words */
    cts_source source;        /* where the rule comes from */
    unsigned long since;      /* first PY_VERSION_HEX the rule applies to; 0: any */
    unsigned long until;      /* first PY_VERSION_HEX it no longer applies to; 0: none */
    const char *why_version;  /* reason shown when outside [since, until) */
    unsigned needs;           /* CTS_NEED_* */
    int isolation;            /* CTS_FORK (default) or CTS_FRESH */
    int boot;                 /* CTS_BOOT (default) or CTS_NO_BOOT */
    const char *allocator;    /* fresh cases: PYTHONMALLOC to use, NULL: the run's */
    int death_signal;         /* death test: the signal the case must die of */
    int death_signal_alt;     /* death test: a second acceptable signal, or 0 */
    const char *death_stderr; /* death test: ERE its stderr must match */
    double timeout;           /* seconds, when shorter than --timeout (a case that may hang) */
    void (*run)(cts_ctx *cts);
    const void *param; /* for parametrised cases (see CTS_FAMILY_CASE) */
} cts_case;

/* The three allocator families, for cases that assert one rule of all three. */
typedef struct cts_family {
    const char *name;   /* "raw", "mem", "obj" */
    const char *prefix; /* "PyMem_Raw", "PyMem_", "PyObject_": for messages */
    int domain;         /* PYMEM_DOMAIN_* */
    void *(*malloc)(size_t size);
    void *(*calloc)(size_t nelem, size_t elsize);
    void *(*realloc)(void *ptr, size_t size);
    void (*free)(void *ptr);
} cts_family;

extern const cts_family cts_families[3];

/* What a case can ask of its context. */
const void *cts_param(const cts_ctx *cts);
unsigned long cts_python_version(const cts_ctx *cts); /* runtime PY_VERSION_HEX */
const char *cts_allocator_name(const cts_ctx *cts);   /* e.g. "pymalloc_debug" */
/* The build's own answer, read now: _PyMem_GetCurrentAllocatorName() (3.8+)
 * or _PyMem_GetAllocatorsName() (3.7); NULL on 3.6, or when a custom
 * allocator is installed. */
const char *cts_runtime_allocator_name(void);
/* What the docs' table of default allocators gives for this build: pymalloc
 * (release), pymalloc_debug (debug build), malloc without pymalloc, mimalloc
 * (free-threaded). */
const char *cts_default_allocator_name(void);

int cts_check_(cts_ctx *cts, int ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void cts_unsupported_(cts_ctx *cts, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cts_register(const cts_case *c);

#define CTS_EXPECT(cond, ...) ((void)cts_check_(cts, !!(cond), __FILE__, __LINE__, __VA_ARGS__))
#define CTS_REQUIRE(cond, ...)                                                                     \
    do {                                                                                           \
        if (!cts_check_(cts, !!(cond), __FILE__, __LINE__, __VA_ARGS__))                           \
            return;                                                                                \
    } while (0)
#define CTS_UNSUPPORTED(...)                                                                       \
    do {                                                                                           \
        cts_unsupported_(cts, __VA_ARGS__);                                                        \
        return;                                                                                    \
    } while (0)

/* The case's own system calls, checked (checked.c): on failure each ends
 * the case as ERROR naming the call, file:line and errno, since the fault
 * is the suite's, not the Python's. CTS_FORK's child dies with its parent
 * (io.h); CTS_PIPE's ends are close-on-exec; CTS_SCRATCH_FILE is a file in
 * memory (memfd), not in a /tmp that may be read-only or full. */
#define CTS_THREAD(thread, fn, arg) cts_thread_(thread, fn, arg, __FILE__, __LINE__)
#define CTS_FORK() cts_fork_(__FILE__, __LINE__)
#define CTS_PIPE(fds) cts_pipe_(fds, __FILE__, __LINE__)
#define CTS_SCRATCH_FILE(name) cts_scratch_file_(name, __FILE__, __LINE__)
void cts_thread_(pthread_t *thread, void *(*fn)(void *), void *arg, const char *file, int line);
pid_t cts_fork_(const char *file, int line);
void cts_pipe_(int fds[2], const char *file, int line);
int cts_scratch_file_(const char *name, const char *file, int line);

#define CTS_REGISTER_(name, ...)                                                                   \
    static const cts_case name##_case = {__VA_ARGS__};                                             \
    __attribute__((constructor)) static void name##_register(void)                                 \
    {                                                                                              \
        cts_register(&name##_case);                                                                \
    }

/* Defines and registers one case; the body follows the macro. */
#define CTS_CASE(fn, ...)                                                                          \
    static void fn(cts_ctx *cts __attribute__((unused)));                                          \
    CTS_REGISTER_(fn, .run = fn, __VA_ARGS__)                                                      \
    static void fn(cts_ctx *cts __attribute__((unused)))

/* Defines one case body run once per family, with ids "<prefix>.raw.<name>",
 * "<prefix>.mem.<name>" and "<prefix>.obj.<name>". */
#define CTS_FAMILIES_CASE(fn, prefix, name, ...)                                                   \
    static void fn(cts_ctx *cts __attribute__((unused)), const cts_family *fam);                   \
    static void fn##_thunk(cts_ctx *cts)                                                           \
    {                                                                                              \
        fn(cts, (const cts_family *)cts_param(cts));                                               \
    }                                                                                              \
    CTS_REGISTER_(fn##_raw, .id = prefix ".raw." name, .param = &cts_families[0],                  \
                  .run = fn##_thunk, __VA_ARGS__)                                                  \
    CTS_REGISTER_(fn##_mem, .id = prefix ".mem." name, .param = &cts_families[1],                  \
                  .run = fn##_thunk, __VA_ARGS__)                                                  \
    CTS_REGISTER_(fn##_obj, .id = prefix ".obj." name, .param = &cts_families[2],                  \
                  .run = fn##_thunk, __VA_ARGS__)                                                  \
    static void fn(cts_ctx *cts __attribute__((unused)), const cts_family *fam)

/* The same, in the "families" area: ids "families.<raw|mem|obj>.<name>". */
#define CTS_FAMILY_CASE(fn, name, ...) CTS_FAMILIES_CASE(fn, "families", name, __VA_ARGS__)

#endif
