/* gil_holder.c: a thread with no thread state runs while the caller holds
 * the GIL and waits for it (see gil_holder.h). The wait ends early when the
 * thread has slept without a break for 100 ms: it is blocked (on the GIL
 * the caller holds), not busy, so a blocked call costs 0.1 s, not the whole
 * wait. */
#include "gil_holder.h"

#include "cts.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { BLOCKED_MS = 100 };

typedef struct job {
    void *(*fn)(void *);
    void *arg;
    volatile pid_t tid;
    volatile int done;
} job;

static void *run_job(void *p)
{
    job *j = p;
    j->tid = (pid_t)syscall(SYS_gettid);
    j->fn(j->arg);
    __atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

int thread_is_asleep(pid_t tid)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *state = strrchr(buf, ')');
    return state && state[1] == ' ' && (state[2] == 'S' || state[2] == 'D');
}

int gil_holder_waits_for(void *(*fn)(void *), void *arg, int ms)
{
    job j = {fn, arg, 0, 0};
    pthread_t t;
    if (pthread_create(&t, NULL, run_job, &j) != 0)
        return -1;
    int asleep_for = 0;
    for (int waited = 0; waited < ms && asleep_for < BLOCKED_MS; waited++) {
        if (__atomic_load_n(&j.done, __ATOMIC_ACQUIRE))
            break;
        usleep(1000); /* a plain sleep: this thread keeps the GIL */
        asleep_for = j.tid && thread_is_asleep(j.tid) ? asleep_for + 1 : 0;
    }
    int finished = __atomic_load_n(&j.done, __ATOMIC_ACQUIRE);
    PyThreadState *ts = PyEval_SaveThread(); /* a blocked call may now go on */
    pthread_join(t, NULL);
    PyEval_RestoreThread(ts);
    return finished;
}

void *gil_holder_raw_malloc(void *ok)
{
    void *p = PyMem_RawMalloc(64);
    *(int *)ok = p != NULL;
    PyMem_RawFree(p);
    return NULL;
}
