/* case.h: a case as the registry, the driver and the reports see it: its
 * id, rule, source, version window, needs and isolation, and nothing of
 * Python. Case files include cts.h, which adds Python.h and the check
 * macros; the driver and the report layer include only this. */
#ifndef CTS_CASE_H
#define CTS_CASE_H

#include <stddef.h>

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
    /* Allocates plain buffers, not objects, from the object domain, which
     * the free-threaded build forbids; a case with the OBJ family
     * (CTS_FAMILIES_CASE) has it without asking. */
    CTS_NEED_OBJ_BUFFERS = 1u << 11,
    CTS_NEED_NO_PYMALLOC_BUILT = 1u << 12, /* pymalloc is not compiled in */
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

typedef struct cts_case {
    const char *id;          /* stable dotted id: "<area>.<group>.<name>" */
    const char *doc;         /* the rule the case asserts, in the suite's words */
    cts_source source;       /* where the rule comes from */
    unsigned long since;     /* first PY_VERSION_HEX the rule applies to; 0: any */
    unsigned long until;     /* first PY_VERSION_HEX it no longer applies to; 0: none */
    const char *why_version; /* reason shown when outside [since, until) */
    unsigned needs;          /* CTS_NEED_* */
    int isolation;           /* CTS_FORK (default) or CTS_FRESH */
    int boot;                /* CTS_BOOT (default) or CTS_NO_BOOT */
    const char *allocator;   /* fresh cases: PYTHONMALLOC to use, NULL: the run's */
    const char *fresh_exec;  /* fresh cases: why a fork of the worker's zygote, not yet
                                booted, cannot start it (harness/worker/zygote.h), and
                                it is a new exec of the binary; NULL: a fork will do */
    int death_signal;        /* death test: the signal the case must die of */
    int death_signal_alt;    /* death test: a second acceptable signal, or 0 */
    const char
        *death_stderr; /* death test: ERE its output (stdout and stderr, one pipe) must match */
    double timeout;    /* seconds, when shorter than --timeout (a case that may hang) */
    /* A bounded sweep whose every trial must run, however slow the build
     * (an instrumented one): its deadline is this many times --timeout, from
     * 1 to CTS_MAX_TIMEOUT_FACTOR (protocol.h); 0: --timeout. Never with
     * .timeout. */
    int timeout_factor;
    void (*run)(cts_ctx *cts);
    const void *param; /* for parametrised cases (conformance/faults/), read with cts_param */
    const cts_family *family; /* a family case's family (CTS_FAMILIES_CASE), else NULL */
    /* A declared variant: the group whose file defines it, which its id's
     * group does not name (debug.forced.* in conformance/debug/detect.c). */
    const char *variant_of;
    /* The case's result cannot depend on the run's allocator mode: a fresh
     * process with its own .allocator, needing nothing of the mode. It runs
     * in the first mode of a run, and its record stands for the run's other
     * modes, naming the mode it ran in (ran_in). The registry refuses it on
     * any other case. */
    int once_per_run;
    /* Set by the macros of cts.h, never by hand: */
    const char *name; /* the id's last part, which is the case's name in its file */
    const char *file; /* the file that defines the case, from the source tree's top */
    int line;         /* the line of its definition */
} cts_case;

void cts_register(const cts_case *c);

#endif
