/* progress.h: tells a child that can no longer make progress from one that
 * is slow, by what each of its threads is blocked in (Linux /proc), so that
 * a deadlock ends at once instead of at the deadline. */
#ifndef CTS_PROGRESS_H
#define CTS_PROGRESS_H

#include <sys/types.h>

/* NULL while some thread of process pid can still make progress: it runs,
 * or waits in anything but a futex, or sleeps but may wake before the
 * deadline (left seconds away, timeout seconds after the start). Otherwise
 * a static text saying why none can: each thread waits on a futex (a lock
 * or condition) or sleeps past the deadline. One look; the caller decides
 * for how long it must hold. Sets *cpu_ns to the CPU time its threads have
 * used so far, so that the caller can see whether they did anything
 * between two looks (a timed wait that wakes and waits again uses
 * microseconds). */
const char *cts_blocked_reason(pid_t pid, double left, double timeout, unsigned long long *cpu_ns);

/* Whether thread tid of process pid sleeps (state S or D): it is blocked,
 * not running; 0 when it is gone. */
int cts_thread_asleep(pid_t pid, pid_t tid);

/* Whether thread tid of process pid sleeps in futex(): it waits for a lock
 * or condition another thread holds. */
int cts_thread_in_futex(pid_t pid, pid_t tid);

/* Thread tid's time on a CPU and waiting for one so far, in nanoseconds
 * (schedstat); 0 when it is gone, 1 otherwise. A thread that used almost
 * no CPU over a window while it hardly waited for one did not want any: it
 * is blocked, even if it wakes now and then to look again. */
int cts_thread_cpu_times(pid_t pid, pid_t tid, unsigned long long *on_cpu,
                         unsigned long long *waiting);

/* The time a case spent waiting for a CPU: what its deadline does not
 * charge. The threads seen so far, each with its time on a CPU and its
 * run-delay (schedstat) at the last look; zeroed before the first. */
#define CTS_CPU_WAIT_THREADS 128
typedef struct cts_cpu_wait {
    int n;
    struct {
        pid_t tid;
        unsigned long long on_cpu, waited; /* ns, at the last look */
    } seen[CTS_CPU_WAIT_THREADS];
} cts_cpu_wait;

/* The nanoseconds the threads of process pid and, if descendants is not 0,
 * of its descendants (found through /proc/PID/task/TID/children) spent runnable but waiting for a
 * CPU since the last call with w: the most any thread of a process gained
 * (its threads wait at once), summed over the processes (a case's
 * processes mostly wait for each other); a thread seen for the first time
 * counts from its start. A thread beyond the first
 * CTS_CPU_WAIT_THREADS counts nothing (an undercount: a deadline is never
 * extended for it). The kernel adds a wait to the run-delay only when it
 * ends, so *waiting_now is set to whether some thread is runnable but did
 * not run since the last look: it waits for a CPU now, for a time not
 * counted yet. */
unsigned long long cts_cpu_wait_since(cts_cpu_wait *w, pid_t pid, int descendants,
                                      int *waiting_now);

#endif
