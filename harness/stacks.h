/* stacks.h: the threads' stacks of a hung child, for a TIMEOUT report. */
#ifndef CTS_STACKS_H
#define CTS_STACKS_H

#include "buffer.h"

#include <sys/types.h>

/* Appends every thread's backtrace of the running process pid to out, with
 * eu-stack or else gdb; says so in out when neither is installed. Waits at
 * most ten seconds. */
void cts_capture_stacks(pid_t pid, cts_buffer *out);

#endif
