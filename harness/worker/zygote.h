/* zygote.h: the worker's fork server for fresh cases. Forked by the worker
 * before it boots Python (nothing of Python initialised, this binary and
 * libpython already loaded, the mode's environment), the zygote forks one
 * child per fresh case on request, as a new exec of this binary would start
 * it, and tells the worker the child's pid and, when it ends, its wait
 * status. A fork costs a fraction of an exec and a dynamic load. A case
 * that needs a new exec says why (.fresh_exec, case.h) and is exec'd;
 * PYMEM_CTS_FRESH_EXEC=1 in the environment execs every fresh case. */
#ifndef CTS_ZYGOTE_H
#define CTS_ZYGOTE_H

#include "case.h"

#include <sys/types.h>

/* Forks the zygote; the worker's private_fd (its records) is closed in it.
 * Without it (PYMEM_CTS_FRESH_EXEC=1, a Python that applies PYTHONMALLOC
 * when it is loaded, or a failed fork) every fresh case is exec'd. */
void cts_zygote_start(int private_fd);

/* Ends the zygote, once every child it started has ended, and waits for it. */
void cts_zygote_stop(void);

/* Whether the zygote is up and starts c. */
int cts_zygote_serves(const cts_case *c);

/* Starts c in a child of the zygote, its stdout and stderr to out_w, its
 * events to msg_w, in a process group of its own: its pid, or -1. */
pid_t cts_zygote_fork(const cts_case *c, int out_w, int msg_w);

/* The zygote's end for poll(): readable when it has news; -1 without one. */
int cts_zygote_fd(void);

/* Takes what the zygote has said (children that ended), without waiting. */
void cts_zygote_collect(void);

/* Like waitpid(pid, status, WNOHANG) for a child of the zygote: pid and
 * its status once it has ended, else 0. */
pid_t cts_zygote_reaped(pid_t pid, int *status);

#endif
