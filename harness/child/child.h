/* child.h: running one case inside the child process that isolates it. */
#ifndef CTS_CHILD_H
#define CTS_CHILD_H

#include "caps.h"
#include "cts.h"

/* Runs c and reports on msg_fd, one line per event: "E <text>" when the
 * harness could not run it (the child's boot of Python failed, or one of
 * the case's checked calls, checked.c; classify.c reads it first), "F <text>"
 * for a failed check, "U <text>" for unsupported, and "D" when the case
 * returned. caps may be NULL (a case that boots the interpreter itself). */
void cts_child_run(const cts_case *c, const cts_caps *caps, int msg_fd);

/* Ends the running case, from any of its threads, as UNSUPPORTED with the
 * reason text. */
__attribute__((noreturn)) void cts_child_leave_unsupported(const char *text);

/* Ends the running case, from any of its threads, as ERROR with text: the
 * harness could not run it (checked.c). */
__attribute__((noreturn)) void cts_child_leave_error(const char *text);

/* main() of a fresh child process: pymem-cts --child ID --msg-fd N. */
int cts_child_main(const char *id, int msg_fd);

#endif
