/* io.h: small file-descriptor helpers shared by the runner's processes. */
#ifndef CTS_IO_H
#define CTS_IO_H

#include <stddef.h>

/* Writes all len bytes, retrying on EINTR and short writes. 0, or -1 with
 * errno set. */
int cts_write_all(int fd, const void *buf, size_t len);

/* Two close-on-exec pipes; 0, or -1 with nothing left open. */
int cts_pipes(int first[2], int second[2]);

/* In a child about to exec: makes fd available as number target, open
 * across exec (also when it already is target). */
void cts_keep_fd_as(int fd, int target);

#endif
