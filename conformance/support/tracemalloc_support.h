/* tracemalloc_support.h: what the tracemalloc cases need from Python: start
 * and stop tracing, and read back the traces of one domain exactly (through
 * a snapshot filtered with DomainFilter) or the traced total. */
#ifndef CTS_TRACEMALLOC_SUPPORT_H
#define CTS_TRACEMALLOC_SUPPORT_H

#include "cts.h"

/* Runs Python source in __main__; 0 on success. */
int tm_run(const char *code);
int tm_start(void);
int tm_stop(void);

/* The number and total size of the traces in one domain, from a snapshot;
 * -1 on error. */
int tm_domain_traces(unsigned int domain, long *count, long long *size);

/* An integer that code run with tm_run() left in __main__, or -1. */
long long tm_main_value(const char *name);

/* tracemalloc.get_traced_memory()[0], or -1. */
long long tm_traced(void);

/* tracemalloc.get_traced_memory()[0] as it is, whatever its sign (a
 * Py_ssize_t on some versions, a size_t on others): its magnitude and
 * whether it is negative; 0 on success, -1 with no exception set on error. */
int tm_traced_exact(unsigned long long *magnitude, int *negative);

#endif
