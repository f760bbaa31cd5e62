/* progress.c: reads /proc/PID/task/TID/{stat,syscall,schedstat} for each
 * thread of a child. A thread that runs, or is in a system call other than
 * futex, can make progress (I/O, waitpid, a short sleep); one in futex()
 * waits for another thread; one in nanosleep() or clock_nanosleep() whose
 * request (read from /proc/PID/mem) is longer than the whole timeout, or
 * wakes after the deadline, will not be back in time, nor will one in
 * pause(), as in PyThread_hang_thread(). A timed futex wait, as the GIL's
 * 5 ms waits, still counts as waiting on another thread; the CPU time the
 * threads use (schedstat) lets the caller tell such waits from work, and
 * the time they waited for a CPU (schedstat's run-delay, over the case's
 * process and its descendants) is what a deadline does not charge. */
#include "progress.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum thread_state { RUNS, WAITS_ON_FUTEX, SLEEPS_PAST_DEADLINE };

static int read_text(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return 0;
}

/* Whether a sleeping thread will still sleep at the deadline: an absolute
 * wake-up time after it, or a relative request longer than the whole
 * timeout (when it began is not known, but not before the case did). */
static int sleeps_past(pid_t pid, long nr, const unsigned long *arg, double left, double timeout)
{
    uintptr_t at = nr == SYS_nanosleep ? arg[0] : arg[2];
    int absolute = nr == SYS_clock_nanosleep && (arg[1] & TIMER_ABSTIME);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct timespec req; /* read from the sleeping thread's memory */
    ssize_t n = pread(fd, &req, sizeof req, (off_t)at);
    close(fd);
    if (n != (ssize_t)sizeof req)
        return 0;
    double s = (double)req.tv_sec + (double)req.tv_nsec / 1e9;
    if (!absolute)
        return s > timeout;
    struct timespec now;
    clock_gettime((clockid_t)arg[0], &now);
    return s - ((double)now.tv_sec + (double)now.tv_nsec / 1e9) > left;
}

int cts_thread_asleep(pid_t pid, pid_t tid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
    if (read_text(path, buf, sizeof buf) != 0)
        return 0; /* gone: it ended */
    const char *paren = strrchr(buf, ')');
    return paren && paren[1] == ' ' && (paren[2] == 'S' || paren[2] == 'D');
}

int cts_thread_cpu_times(pid_t pid, pid_t tid, unsigned long long *on_cpu,
                         unsigned long long *waiting)
{
    char path[64], buf[128];
    snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)pid, (int)tid);
    return read_text(path, buf, sizeof buf) == 0 && sscanf(buf, "%llu %llu", on_cpu, waiting) == 2;
}

/* Adds thread tid's time on a CPU so far to *cpu_ns. */
static void add_cpu_time(pid_t pid, pid_t tid, unsigned long long *cpu_ns)
{
    unsigned long long ns, waiting;
    if (cts_thread_cpu_times(pid, tid, &ns, &waiting))
        *cpu_ns += ns;
}

static enum thread_state thread_state(pid_t pid, pid_t tid, double left, double timeout)
{
    char path[64], buf[512];
    if (!cts_thread_asleep(pid, tid))
        return RUNS;
    snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
    if (read_text(path, buf, sizeof buf) != 0)
        return RUNS;
    unsigned long arg[6] = {0};
    long nr = -1;
    if (sscanf(buf, "%ld %lx %lx %lx %lx %lx %lx", &nr, &arg[0], &arg[1], &arg[2], &arg[3], &arg[4],
               &arg[5]) < 1)
        return RUNS;
    if (nr == SYS_futex)
        return WAITS_ON_FUTEX;
#ifdef SYS_pause
    if (nr == SYS_pause) /* only a signal wakes it; no case sets an alarm */
        return SLEEPS_PAST_DEADLINE;
#endif
    if ((nr == SYS_nanosleep || nr == SYS_clock_nanosleep) &&
        sleeps_past(pid, nr, arg, left, timeout))
        return SLEEPS_PAST_DEADLINE;
    return RUNS;
}

int cts_thread_in_futex(pid_t pid, pid_t tid)
{
    return thread_state(pid, tid, 0, 0) == WAITS_ON_FUTEX;
}

const char *cts_blocked_reason(pid_t pid, double left, double timeout, unsigned long long *cpu_ns)
{
    *cpu_ns = 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return NULL;
    int threads = 0, runs = 0, past = 0;
    struct dirent *e;
    while (!runs && (e = readdir(d))) {
        pid_t tid = (pid_t)strtol(e->d_name, NULL, 10);
        if (tid <= 0)
            continue;
        enum thread_state s = thread_state(pid, tid, left, timeout);
        add_cpu_time(pid, tid, cpu_ns);
        threads++;
        runs += s == RUNS;
        past += s == SLEEPS_PAST_DEADLINE;
    }
    closedir(d);
    if (runs || threads == 0)
        return NULL;
    return past ? "a thread sleeps past the deadline or in pause(), any other waits on a futex"
                : "every thread waits on a futex, for a lock or condition no thread will release";
}

/* The run-delay thread tid gained since w last saw it (all of it when w
 * never did, or when tid is another, newer thread of the same number); sets
 * *idle when its time on a CPU did not grow since then. */
static unsigned long long wait_gained(cts_cpu_wait *w, pid_t tid, unsigned long long on_cpu,
                                      unsigned long long waited, int *idle)
{
    *idle = 0;
    for (int i = 0; i < w->n; i++) {
        if (w->seen[i].tid != tid)
            continue;
        unsigned long long before = w->seen[i].waited;
        *idle = on_cpu == w->seen[i].on_cpu;
        w->seen[i].on_cpu = on_cpu;
        w->seen[i].waited = waited;
        return waited >= before ? waited - before : waited;
    }
    if (w->n == CTS_CPU_WAIT_THREADS)
        return 0;
    w->seen[w->n].tid = tid;
    w->seen[w->n].on_cpu = on_cpu;
    w->seen[w->n++].waited = waited;
    return waited;
}

/* Whether thread tid of process pid is runnable or running (state R). */
static int thread_runnable(pid_t pid, pid_t tid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
    if (read_text(path, buf, sizeof buf) != 0)
        return 0;
    const char *paren = strrchr(buf, ')');
    return paren && paren[1] == ' ' && paren[2] == 'R';
}

enum { TREE_DEPTH = 8 };

static void add_cpu_wait(cts_cpu_wait *w, pid_t pid, int depth, unsigned long long *sum,
                         int *waiting_now)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    unsigned long long most = 0; /* of this process's threads: they wait at once */
    while ((e = readdir(d))) {
        pid_t tid = (pid_t)strtol(e->d_name, NULL, 10);
        unsigned long long on_cpu, waited;
        int idle;
        if (tid <= 0)
            continue;
        if (cts_thread_cpu_times(pid, tid, &on_cpu, &waited)) {
            unsigned long long gained = wait_gained(w, tid, on_cpu, waited, &idle);
            most = gained > most ? gained : most;
            *waiting_now |= idle && thread_runnable(pid, tid);
        }
        snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)tid);
        if (depth >= TREE_DEPTH || read_text(path, buf, sizeof buf) != 0)
            continue;
        char *p = buf, *end;
        for (long child; (child = strtol(p, &end, 10)) > 0; p = end)
            add_cpu_wait(w, (pid_t)child, depth + 1, sum, waiting_now);
    }
    closedir(d);
    *sum += most;
}

unsigned long long cts_cpu_wait_since(cts_cpu_wait *w, pid_t pid, int descendants, int *waiting_now)
{
    unsigned long long sum = 0;
    *waiting_now = 0;
    add_cpu_wait(w, pid, descendants ? 0 : TREE_DEPTH, &sum, waiting_now);
    return sum;
}
