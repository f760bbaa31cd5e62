/* io.h: small file-descriptor helpers shared by the runner's processes. */
#ifndef CTS_IO_H
#define CTS_IO_H

#include <stddef.h>

/* Writes all len bytes, retrying on EINTR and short writes. 0, or -1 with
 * errno set. */
int cts_write_all(int fd, const void *buf, size_t len);

#endif
