/* io.c: see io.h. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
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

char *cts_read_whole_file(const char *path, size_t *len, char *err, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, size, "%s", strerror(errno));
        return NULL;
    }
    size_t cap = 8192, n = 0, got;
    char *text = malloc(cap);
    while (text && (got = fread(text + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *grown = realloc(text, cap *= 2);
            if (!grown)
                free(text);
            text = grown;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (!text || failed) {
        snprintf(err, size, "%s", text ? "read error" : "out of memory");
        free(text);
        return NULL;
    }
    text[n] = '\0';
    *len = n;
    return text;
}

double cts_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *cts_signal_name(int sig)
{
    static char other[24];
    switch (sig) {
    case SIGABRT: return "SIGABRT";
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGTRAP: return "SIGTRAP";
    default: snprintf(other, sizeof other, "signal %d", sig); return other;
    }
}
