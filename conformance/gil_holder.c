/* gil_holder.c: a thread with no thread state runs while the caller holds
 * the GIL and waits for it (see gil_holder.h). The wait ends early when the
 * thread has slept without a break for 100 ms: it is blocked (on the GIL
 * the caller holds), not busy, so a blocked call costs 0.1 s, not the whole
 * wait. */
#include "gil_holder.h"

#include "cts.h"
#include "progress.h"

#include <pthread.h>
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

int gil_holder_waits_for(void *(*fn)(void *), void *arg, int ms)
{
    job j = {fn, arg, 0, 0};
    pthread_t t;
    CTS_THREAD(&t, run_job, &j);
    int asleep_for = 0;
    for (int waited = 0; waited < ms && asleep_for < BLOCKED_MS; waited++) {
        if (__atomic_load_n(&j.done, __ATOMIC_ACQUIRE))
            break;
        usleep(1000); /* a plain sleep: this thread keeps the GIL */
        asleep_for = j.tid && cts_thread_asleep(getpid(), j.tid) ? asleep_for + 1 : 0;
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
