/* io.h: small helpers shared by the driver's, workers' and children's
 * code: file descriptors, the clock, the names of signals. */
#ifndef CTS_IO_H
#define CTS_IO_H

#include <stddef.h>
#include <sys/types.h>

/* Writes all len bytes, retrying on EINTR and short writes. 0, or -1 with
 * errno set. */
int cts_write_all(int fd, const void *buf, size_t len);

/* Two close-on-exec pipes; 0, or -1 with nothing left open. */
int cts_pipes(int first[2], int second[2]);

/* In a child about to exec: makes fd available as number target, open
 * across exec (also when it already is target). */
void cts_keep_fd_as(int fd, int target);

/* In a child just forked from parent: it is killed (SIGKILL) when parent
 * dies, however parent dies, and exits at once if parent died already.
 * Every process of the suite makes its children so: the driver's workers,
 * a worker's case children, a case's own children (cts_fork), so that none
 * outlives the driver, even one killed with SIGKILL. */
void cts_die_with_parent(pid_t parent);

/* The whole file at path (any kind that reads to its end: a pipe too),
 * NUL-terminated, its length in *len; or NULL with why in err (the
 * system's words, or "out of memory"). */
char *cts_read_whole_file(const char *path, size_t *len, char *err, size_t size);

/* Seconds on the monotonic clock: for durations, never for dates. */
double cts_now(void);

/* "SIGSEGV", or "signal 42" for one without a common name (the text of a
 * signal number that is not one of them lasts until the next such call). */
const char *cts_signal_name(int sig);

#endif
