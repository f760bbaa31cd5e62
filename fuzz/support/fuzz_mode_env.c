/* fuzz_mode_env.c: the allocator mode of a fuzz binary that takes it from
 * PYTHONMALLOC: none of its own. A binary built for one mode links
 * fuzz/mode.c instead, whose definition keeps this file out of the link. */
#include <stddef.h>

const char *const cts_fuzz_mode = NULL;
