/* caps.h: what the build under test is and what this run's allocator mode
 * gives; probed once per worker after the interpreter is up. */
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

/* Fills caps; needs a running interpreter. */
void cts_probe(cts_caps *caps, const char *requested_allocator);

/* The allocator the running interpreter uses, e.g. "pymalloc_debug": the
 * build's own answer, or on 3.6 what PYTHONMALLOC selects. */
void cts_current_allocator(char *out, size_t size);

/* The allocator name a PYTHONMALLOC value selects on this build, in out:
 * NULL, "" and "default" the build's default, "debug" the default with
 * "_debug" ("pymalloc_debug"), any other value itself. */
void cts_allocator_of_mode(const char *mode, char *out, size_t size);

/* The size of pymalloc's arenas on a build of version (PY_VERSION_HEX):
 * 256 KiB up to 3.9, and on 32-bit platforms; 1 MiB on 64-bit platforms
 * from 3.10 on (ARENA_BITS 20, with the radix tree). */
size_t cts_arena_size(unsigned long version);

/* The allocator modes this build accepts, NULL-terminated: the values of
 * --allocator all. */
const char *const *cts_allocator_modes(void);

#endif
