/* io.c: see io.h. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

int cts_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int cts_pipes(int first[2], int second[2])
{
    if (pipe2(first, O_CLOEXEC) != 0)
        return -1;
    if (pipe2(second, O_CLOEXEC) != 0) {
        close(first[0]);
        close(first[1]);
        return -1;
    }
    return 0;
}

void cts_keep_fd_as(int fd, int target)
{
    if (fd == target)
        fcntl(target, F_SETFD, 0);
    else
        dup2(fd, target); /* the copy does not inherit close-on-exec */
}

void cts_die_with_parent(pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127); /* it died before the line above */
}
