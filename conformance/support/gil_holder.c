/* gil_holder.c: a thread with no thread state runs while the caller holds
 * the GIL and waits for it (see gil_holder.h). The wait ends early when the
 * thread is blocked (on the GIL the caller holds), not busy or waiting for a
 * CPU, so that a blocked call costs about 0.1 s, not the whole wait: when it
 * slept through 100 looks a millisecond apart, or over those 100 looks used
 * under 10 ms of CPU and waited under 50 ms for one (a wait that wakes now
 * and then to look again, as free-threaded 3.13 waits, is caught running at
 * some looks). */
#include "gil_holder.h"

#include "cts.h"
#include "progress.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { LOOKS = 100 };
#define QUIET_CPU_NS 10000000ull  /* used in LOOKS looks by a blocked thread, at most */
#define QUIET_WAIT_NS 50000000ull /* spent waiting for a CPU in them, at most */

/* The state of one window of LOOKS looks at the thread. */
typedef struct window {
    int looks, asleep;
    unsigned long long on_cpu, waiting; /* at the window's start */
} window;

/* Looks at thread tid once more; 1 when the window just ended shows it
 * blocked. A window that does not is followed by a new one. */
static int looks_blocked(window *w, pid_t tid)
{
    unsigned long long on_cpu = 0, waiting = 0;
    int alive = cts_thread_cpu_times(getpid(), tid, &on_cpu, &waiting);
    if (w->looks == 0)
        w->on_cpu = on_cpu, w->waiting = waiting;
    w->asleep += cts_thread_asleep(getpid(), tid);
    if (++w->looks < LOOKS)
        return 0;
    int blocked = alive && (w->asleep == LOOKS || (on_cpu - w->on_cpu < QUIET_CPU_NS &&
                                                   waiting - w->waiting < QUIET_WAIT_NS));
    w->looks = w->asleep = 0;
    return blocked;
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
    window w = {0, 0, 0, 0};
    for (int waited = 0; waited < ms; waited++) {
        if (__atomic_load_n(&j.done, __ATOMIC_ACQUIRE))
            break;
        usleep(1000); /* a plain sleep: this thread keeps the GIL */
        if (j.tid && looks_blocked(&w, j.tid))
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
