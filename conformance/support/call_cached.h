/* call_cached.h: call a module's function from C with as few allocations
 * as a call can make: the function is looked up once and kept, so reading a
 * counter (tracemalloc's totals, sys.getallocatedblocks()) between two
 * allocations moves it by the call's own result only. */
#ifndef CTS_CALL_CACHED_H
#define CTS_CALL_CACHED_H

#include "cts.h"

/* module.name(), looked up on the first call into *cache (kept for the
 * process); its new reference, or NULL with no exception set. */
PyObject *call_cached(PyObject **cache, const char *module, const char *name);

/* sys.getallocatedblocks(), or -1 (an implementation without it). */
Py_ssize_t allocated_blocks(void);

#endif
