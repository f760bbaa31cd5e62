/* watchdog.c: see watchdog.h. */
#include "watchdog.h"

#include "fuzz_check.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* generation is odd while an input runs; started is when it began. The
 * watchdog sleeps until the running input's deadline and is woken only when
 * an input starts while it waits for one. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    unsigned long generation;
    struct timespec started;
    int idle, seconds;
    void (*report)(int seconds);
} wd = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void *watchdog(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&wd.lock);
    for (;;) {
        if (!(wd.generation & 1)) {
            wd.idle = 1;
            pthread_cond_wait(&wd.cond, &wd.lock);
            wd.idle = 0;
            continue;
        }
        unsigned long generation = wd.generation;
        struct timespec deadline = wd.started;
        deadline.tv_sec += wd.seconds;
        int rc = 0;
        while (wd.generation == generation && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&wd.cond, &wd.lock, &deadline);
        if (wd.generation == generation)
            wd.report(wd.seconds);
    }
    return NULL;
}

void watchdog_input(int starts)
{
    pthread_mutex_lock(&wd.lock);
    wd.generation++;
    if (starts) {
        clock_gettime(CLOCK_MONOTONIC, &wd.started);
        if (wd.idle)
            pthread_cond_signal(&wd.cond);
    }
    pthread_mutex_unlock(&wd.lock);
}

void watchdog_start(void (*report)(int seconds))
{
    wd.report = report;
    const char *s = getenv("PYMEM_CTS_FUZZ_WATCHDOG");
    wd.seconds = s && atoi(s) > 0 ? atoi(s) : 10;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&wd.cond, &attr);
    pthread_condattr_destroy(&attr);
    pthread_t t;
    FUZZ_CHECK(pthread_create(&t, NULL, watchdog, NULL) == 0, "cannot start the watchdog");
    pthread_detach(t);
}
