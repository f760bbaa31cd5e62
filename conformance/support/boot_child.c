/* boot_child.c: see boot_child.h. */
#include "boot_child.h"

#include "boot.h"
#include "cts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int report_fd = -1; /* in the child */

void boot_child_report(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    if (write(report_fd, line, (size_t)n) < 0)
        _exit(4);
}

/* The child: boot, report, leave without finalising. */
static void child(int out, int report, const char *var, const char *value,
                  const char *(*boot)(void), void (*then)(void))
{
    dup2(out, 1);
    dup2(out, 2);
    report_fd = report;
    if (value)
        setenv(var, value, 1);
    else
        unsetenv(var);
    const char *err = boot ? boot() : cts_boot();
    if (err) {
        boot_child_report("boot failed: %s", err);
        _exit(3);
    }
    const char *name = cts_runtime_allocator_name();
    boot_child_report("booted: allocator=%s", name ? name : "?");
    if (then)
        then();
    fflush(NULL);
    _exit(0);
}

static void read_into(int fd, char *buf, size_t size)
{
    size_t len = 0;
    ssize_t n;
    while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
        len += (size_t)n;
    buf[len] = '\0';
}

void boot_child_run(boot_child *r, const char *var, const char *value, const char *(*boot)(void),
                    void (*then)(void))
{
    memset(r, 0, sizeof *r);
    int report[2];
    int out = CTS_SCRATCH_FILE("boot-child-output"); /* a file: a chatty child never blocks */
    CTS_PIPE(report);
    fflush(NULL);
    pid_t pid = CTS_FORK();
    if (pid == 0) {
        close(report[0]);
        child(out, report[1], var, value, boot, then);
    }
    close(report[1]);
    int status = 0;
    waitpid(pid, &status, 0);
    read_into(report[0], r->report, sizeof r->report); /* small: never fills the pipe */
    close(report[0]);
    lseek(out, 0, SEEK_SET);
    read_into(out, r->output, sizeof r->output);
    close(out);
    r->exited = WIFEXITED(status);
    r->code = r->exited ? WEXITSTATUS(status) : -1;
    r->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    const char *line = strstr(r->report, "booted: allocator=");
    r->booted = line != NULL;
    if (line)
        sscanf(line, "booted: allocator=%63s", r->name);
}
