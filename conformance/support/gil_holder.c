/* gil_holder.c: a thread with no thread state runs while the caller holds
 * the GIL and waits for it (see gil_holder.h). The wait is for a state, not
 * for a time or a count of looks, so that a busy machine, which slows the
 * thread, never makes it look blocked nor makes the wait outlast the case's
 * deadline. It ends when the thread returned, or when it is blocked (on the
 * GIL the caller holds, the one thing it could wait for that nobody will
 * release): seen asleep in futex() at BLOCKED_LOOKS looks while it had not
 * returned (a wait that wakes now and then to look again, as the GIL's 5 ms
 * waits or free-threaded 3.13's, is caught asleep at most looks; a thread
 * waiting for a CPU is runnable, never in futex), or asleep at every one of
 * WINDOW looks in a row (a wait in another call), or when it used its CPU
 * budget without returning (a wait that spins). */
#include "gil_holder.h"

#include "cts.h"
#include "progress.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { BLOCKED_LOOKS = 20, WINDOW = 100 };

/* What the looks at the thread found so far. */
typedef struct looks {
    int in_futex; /* looks that found it asleep in futex() */
    int asleep;   /* looks in a row that found it asleep */
} looks;

/* Looks at thread tid once more; 1 when it is blocked, or has used more
 * than budget_ns of CPU. */
static int looks_blocked(looks *l, pid_t tid, unsigned long long budget_ns)
{
    unsigned long long on_cpu = 0, waiting = 0;
    if (!cts_thread_cpu_times(getpid(), tid, &on_cpu, &waiting))
        return 0; /* gone: it returned */
    l->in_futex += cts_thread_in_futex(getpid(), tid);
    l->asleep = cts_thread_asleep(getpid(), tid) ? l->asleep + 1 : 0;
    return l->in_futex >= BLOCKED_LOOKS || l->asleep >= WINDOW || on_cpu > budget_ns;
}

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
    looks l = {0, 0};
    while (!__atomic_load_n(&j.done, __ATOMIC_ACQUIRE)) {
        usleep(1000); /* a plain sleep: this thread keeps the GIL */
        if (j.tid && looks_blocked(&l, j.tid, (unsigned long long)ms * 1000000ull))
            break;
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
