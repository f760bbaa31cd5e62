/* caps.h: what the build under test is and what this run's allocator mode
 * gives; probed once per worker after the interpreter is up (runtime/probe.h),
 * and carried to the driver and the reports, which need no Python. */
#ifndef CTS_CAPS_H
#define CTS_CAPS_H

#include <stddef.h>

typedef struct cts_caps {
    unsigned long version_hex; /* runtime, parsed from Py_GetVersion() */
    char version[32];          /* e.g. "3.11.7" */
    char implementation[32];   /* sys.implementation.name */
    char allocator[32];        /* active allocator name, e.g. "pymalloc_debug" */
    char requested[32];        /* this run's PYTHONMALLOC, "default" when unset */
    int debug_build;           /* Py_DEBUG */
    int with_pymalloc;         /* compiled in */
    int with_mimalloc;         /* compiled in */
    int free_threaded;         /* Py_GIL_DISABLED */
    int pymalloc;              /* pymalloc serves MEM/OBJ in this run */
    int mimalloc;              /* mimalloc serves MEM/OBJ in this run */
    int debug_hooks;           /* the debug hooks are installed */
    int tracemalloc;           /* the _tracemalloc module imports */
    int asan;                  /* the suite itself is built with ASan */
    int extension_host;        /* the suite runs as an extension module inside a
                                  running interpreter: no case can start one */
} cts_caps;

#endif
