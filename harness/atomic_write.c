/* atomic_write.c: write a whole file or nothing: a temporary file in the
 * same directory, fsync'd, then renamed over the target. */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cts_write_atomically(const char *path, const char *data, size_t len, char *err, size_t size)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp) {
        snprintf(err, size, "report path too long: %s", path);
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, size, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        p += n;
        left -= (size_t)n;
    }
    int saved = errno;
    if (left > 0 || fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        snprintf(err, size, "cannot write %s: %s", path, strerror(left ? saved : errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}
