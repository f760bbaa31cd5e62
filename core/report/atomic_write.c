/* atomic_write.c: write a whole file or nothing: a temporary file in the
 * same directory, fsync'd, then renamed over the target. The new file keeps
 * the mode of the one it replaces, or gets 0666 less the umask, as a file
 * the shell creates would. The target has been checked to be a regular
 * file or absent (outputs.c). */
#include "report.h"

#include "io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The mode the report file should have. */
static mode_t mode_for(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return st.st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

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
    fchmod(fd, mode_for(path));
    int written = cts_write_all(fd, data, len) == 0 && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 || !written || rename(tmp, path) != 0) {
        snprintf(err, size, "cannot write %s: %s", path, strerror(written ? errno : saved));
        unlink(tmp);
        return -1;
    }
    return 0;
}
