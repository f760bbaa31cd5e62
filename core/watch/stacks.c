/* stacks.c: takes every thread's stack of a child that hung, with
 * elfutils' eu-stack (about 10 ms) or else gdb in batch mode (about 0.55 s,
 * measured on a GIL deadlock), or else, with neither installed, what /proc
 * says of each thread, and keeps what it prints, so that a deadlock is
 * reported with the stacks instead of only "killed". */
#include "stacks.h"

#include "io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char note[] = "\n--- stacks of the hung process ---\n";

/* Without eu-stack or gdb: what the kernel tells of each thread, its state,
 * the kernel function it waits in and its system call. */
static void print_threads_from_proc(pid_t pid)
{
    char path[320], wchan[128], syscall[256];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    struct dirent *e;
    printf("(neither eu-stack (elfutils) nor gdb is installed: the threads as /proc shows them)\n");
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "/proc/%d/task/%s/wchan", (int)pid, e->d_name);
        FILE *f = fopen(path, "r");
        wchan[0] = syscall[0] = '\0';
        if (f && !fgets(wchan, sizeof wchan, f))
            wchan[0] = '\0';
        if (f)
            fclose(f);
        snprintf(path, sizeof path, "/proc/%d/task/%s/syscall", (int)pid, e->d_name);
        f = fopen(path, "r");
        if (f && !fgets(syscall, sizeof syscall, f))
            syscall[0] = '\0';
        if (f)
            fclose(f);
        syscall[strcspn(syscall, "\n")] = '\0';
        printf("thread %s: waits in %s, system call %s\n", e->d_name, wchan[0] ? wchan : "?",
               syscall[0] ? syscall : "?");
    }
    if (d)
        closedir(d);
}

void cts_capture_stacks(pid_t pid, cts_buffer *out)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return;
    char target[32];
    snprintf(target, sizeof target, "%d", (int)pid);
    pid_t worker = getpid(), gdb = fork();
    if (gdb == 0) {
        cts_die_with_parent(worker);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        /* gdb embeds a Python of its own: the build under test's settings
         * would break it */
        unsetenv("PYTHONHOME");
        unsetenv("PYTHONPATH");
        unsetenv("PYTHONMALLOC");
        char *eu_stack[] = {"eu-stack", "-p", target, NULL};
        char *gdb_argv[] = {"gdb", "-nx", "-batch", "-p", target, "-ex", "thread apply all bt 30",
                            NULL};
        execvp("eu-stack", eu_stack);
        execvp("gdb", gdb_argv);
        print_threads_from_proc(pid);
        fflush(stdout);
        _exit(127);
    }
    close(fds[1]);
    if (gdb < 0) {
        close(fds[0]);
        return;
    }
    cts_buffer_append(out, note, sizeof note - 1);
    time_t deadline = time(NULL) + 10;
    char chunk[4096];
    for (;;) {
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        if (time(NULL) > deadline) {
            kill(gdb, SIGKILL);
            break;
        }
        if (poll(&p, 1, 200) <= 0)
            continue;
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        cts_buffer_append(out, chunk, (size_t)n);
    }
    close(fds[0]);
    while (waitpid(gdb, NULL, 0) < 0 && errno == EINTR)
        ;
}
