/* stacks.h: the threads' stacks of a hung child, for a TIMEOUT report. */
#ifndef CTS_STACKS_H
#define CTS_STACKS_H

#include "buffer.h"

#include <sys/types.h>

/* Appends every thread's backtrace of the running process pid to out, with
 * eu-stack or else gdb; with neither installed, each thread's kernel wait
 * and system call from /proc. Waits at most ten seconds. */
void cts_capture_stacks(pid_t pid, cts_buffer *out);

#endif
