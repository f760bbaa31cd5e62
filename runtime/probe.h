/* probe.h: what the running build under test is (caps.h) and the allocator
 * names and sizes that follow from its version and its modes. */
#ifndef CTS_PROBE_H
#define CTS_PROBE_H

#include "caps.h"

#include <stddef.h>

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

/* The build's own answer, read now: _PyMem_GetCurrentAllocatorName() (3.8+)
 * or _PyMem_GetAllocatorsName() (3.7); NULL on 3.6, or when a custom
 * allocator is installed. */
const char *cts_runtime_allocator_name(void);
/* What the docs' table of default allocators gives for this build: pymalloc
 * (release), pymalloc_debug (debug build), malloc without pymalloc, mimalloc
 * (free-threaded). */
const char *cts_default_allocator_name(void);

#endif
