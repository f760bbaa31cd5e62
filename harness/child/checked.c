/* checked.c: the system calls case code makes for itself (a thread, a
 * fork, a pipe, a scratch file), checked. Their failure is the suite's,
 * never the Python's: it ends the running case, from any of its threads,
 * as ERROR naming the call, where it was made and errno, instead of the
 * CRASH or FAIL that going on with a thread or child that does not exist
 * would give. Declared in cts.h (CTS_THREAD, CTS_FORK, CTS_PIPE,
 * CTS_SCRATCH_FILE). */
#include "cts.h"

#include "child.h"
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void call_failed(const char *call, int err, const char *file, int line)
{
    char text[512];
    const char *base = strrchr(file, '/');
    snprintf(text, sizeof text, "%s:%d: %s failed: %s (the suite's own call, not the Python's)",
             base ? base + 1 : file, line, call, strerror(err));
    cts_child_leave_error(text);
}

void cts_thread_(pthread_t *thread, void *(*fn)(void *), void *arg, const char *file, int line)
{
    int err = pthread_create(thread, NULL, fn, arg);
    if (err != 0)
        call_failed("pthread_create", err, file, line);
}

pid_t cts_fork_(const char *file, int line)
{
    pid_t parent = getpid(), pid = fork();
    if (pid < 0)
        call_failed("fork", errno, file, line);
    if (pid == 0)
        cts_die_with_parent(parent);
    return pid;
}

void cts_pipe_(int fds[2], const char *file, int line)
{
    if (pipe2(fds, O_CLOEXEC) != 0)
        call_failed("pipe", errno, file, line);
}

int cts_scratch_file_(const char *name, const char *file, int line)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0)
        call_failed("memfd_create", errno, file, line);
    return fd;
}
