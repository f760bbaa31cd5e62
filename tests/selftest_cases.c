/* selftest_cases.c: cases that misbehave on purpose, to test the runner's
 * classification. Each id names the result the runner must give it:
 * selftest.expect_<result>.<what>; check_report verifies them. Built only
 * into pymem-cts-selftest, never into the suite. */
#include "cts.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static const char doc[] = "selftest: exercises the runner, not the API";
/* The selftest cases plant behaviours; they assert no rule of the API. */
#define SELFTEST_SOURCE                                                                            \
    {                                                                                              \
        .note = "a planted behaviour of the selftest"                                              \
    }

CTS_CASE(returns, .id = "selftest.expect_pass.returns", .doc = doc, .source = SELFTEST_SOURCE)
{
    CTS_EXPECT(Py_IsInitialized(), "a forked case should see the worker's interpreter");
}

CTS_CASE(check_fails, .id = "selftest.expect_fail.check_fails", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    CTS_EXPECT(1 + 1 == 3, "arithmetic: expected %d, got %d", 3, 1 + 1);
}

CTS_CASE(exits_early, .id = "selftest.expect_fail.exits_early", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    _exit(3);
}

CTS_CASE(segfault, .id = "selftest.expect_crash.segfault", .doc = doc, .source = SELFTEST_SOURCE)
{
    raise(SIGSEGV);
}

CTS_CASE(aborts, .id = "selftest.expect_crash.aborts", .doc = doc, .source = SELFTEST_SOURCE)
{
    abort();
}

/* Busy for ever: it runs, so only the deadline ends it. */
static volatile unsigned long spins;

CTS_CASE(hangs, .id = "selftest.expect_timeout.hangs", .doc = doc, .source = SELFTEST_SOURCE)
{
    for (;;)
        spins++;
}

CTS_CASE(hangs_in_fresh_process, .id = "selftest.expect_timeout.hangs_in_fresh_process", .doc = doc,
         .source = SELFTEST_SOURCE, .isolation = CTS_FRESH)
{
    for (;;)
        pause();
}

/* Asleep for ever in a fresh process, a second at a time: each sleep ends
 * before the deadline, so no deadlock, only the deadline ends it (and it
 * takes no CPU time from the cases beside it). */
CTS_CASE(naps_in_fresh_process, .id = "selftest.expect_timeout.naps_in_fresh_process", .doc = doc,
         .source = SELFTEST_SOURCE, .isolation = CTS_FRESH)
{
    for (;;)
        sleep(1);
}

/* The case's own system calls failing (checked.c): ERROR naming the call.
 * RLIMIT_NPROC 0 stops fork and thread creation for a user that is not
 * root, so root first becomes nobody; RLIMIT_NOFILE 0 stops a new fd. */
static void limit(int resource)
{
    struct rlimit none = {0, 0};
    if (getuid() == 0 && setuid(65534) != 0)
        perror("setuid");
    setrlimit(resource, &none);
}

static void *thread_returns(void *arg)
{
    return arg;
}

CTS_CASE(own_fork_fails, .id = "selftest.expect_error.own_fork_fails", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    limit(RLIMIT_NPROC);
    if (CTS_FORK() == 0)
        _exit(0);
    CTS_EXPECT(0, "fork succeeded under RLIMIT_NPROC 0");
}

CTS_CASE(own_thread_fails, .id = "selftest.expect_error.own_thread_fails", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    pthread_t t;
    limit(RLIMIT_NPROC);
    CTS_THREAD(&t, thread_returns, NULL);
    pthread_join(t, NULL);
    CTS_EXPECT(0, "pthread_create succeeded under RLIMIT_NPROC 0");
}

CTS_CASE(own_scratch_file_fails, .id = "selftest.expect_error.own_scratch_file_fails", .doc = doc,
         .source = SELFTEST_SOURCE, .death_signal = SIGABRT)
{
    limit(RLIMIT_NOFILE);
    CTS_SCRATCH_FILE("selftest");
    CTS_EXPECT(0, "memfd_create succeeded under RLIMIT_NOFILE 0");
}

CTS_CASE(says_why, .id = "selftest.expect_unsupported.says_why", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    CTS_UNSUPPORTED("the selftest says so");
}

CTS_CASE(version_gate, .id = "selftest.expect_unsupported.version_gate", .doc = doc,
         .source = SELFTEST_SOURCE, .since = 0x7F000000,
         .why_version = "an API new in 127.0 (no Python is that new)")
{
    CTS_EXPECT(0, "a version-gated case ran");
}

CTS_CASE(death_test, .id = "selftest.expect_pass.death_test", .doc = doc, .source = SELFTEST_SOURCE,
         .death_signal = SIGABRT, .death_stderr = "^Fatal Python error: (func: )?planted$")
{
    fputs("Fatal Python error: func: planted\n", stderr);
    abort();
}

/* Bytes no report may carry raw: invalid UTF-8 and a NUL, in the output
 * and in the message. */
CTS_CASE(invalid_utf8_and_nul, .id = "selftest.expect_fail.invalid_utf8_and_nul", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    static const char bytes[] = "bad \xff\xfe bytes, a NUL \0 and a cut \xc3\n";
    fwrite(bytes, 1, sizeof bytes - 1, stderr);
    CTS_EXPECT(0, "a message with \xff\xfe bytes and a cut \xe2\x82");
}

/* The expected text after a NUL byte: the pattern must still see it. */
CTS_CASE(death_test_after_nul, .id = "selftest.expect_pass.death_test_after_nul", .doc = doc,
         .source = SELFTEST_SOURCE, .death_signal = SIGABRT,
         .death_stderr = "^Fatal Python error: planted$")
{
    static const char nul[] = "a NUL \0 first\n";
    fwrite(nul, 1, sizeof nul - 1, stderr);
    fputs("Fatal Python error: planted\n", stderr);
    abort();
}

CTS_CASE(death_wrong_output, .id = "selftest.expect_fail.death_wrong_output", .doc = doc,
         .source = SELFTEST_SOURCE, .death_signal = SIGABRT,
         .death_stderr = "^Fatal Python error: planted$")
{
    fputs("something else\n", stderr);
    abort();
}

CTS_CASE(death_wrong_signal, .id = "selftest.expect_crash.death_wrong_signal", .doc = doc,
         .source = SELFTEST_SOURCE, .death_signal = SIGABRT, .death_stderr = ".")
{
    raise(SIGSEGV);
}

CTS_CASE(death_survives, .id = "selftest.expect_fail.death_survives", .doc = doc,
         .source = SELFTEST_SOURCE, .death_signal = SIGABRT)
{
}

CTS_CASE(fresh_process_unbooted, .id = "selftest.expect_pass.fresh_process_unbooted", .doc = doc,
         .source = SELFTEST_SOURCE, .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)
{
    CTS_EXPECT(!Py_IsInitialized(), "a CTS_NO_BOOT case found Python initialised");
}

CTS_CASE(fresh_process_allocator, .id = "selftest.expect_pass.fresh_process_allocator", .doc = doc,
         .source = SELFTEST_SOURCE, .isolation = CTS_FRESH, .allocator = "malloc")
{
    const char *mode = getenv("PYTHONMALLOC");
    CTS_EXPECT(Py_IsInitialized(), "a fresh booted case found Python not initialised");
    CTS_EXPECT(mode && strcmp(mode, "malloc") == 0, "PYTHONMALLOC is '%s', expected 'malloc'",
               mode ? mode : "(unset)");
    CTS_EXPECT(strcmp(cts_allocator_name(cts), "malloc") == 0, "allocator is '%s'",
               cts_allocator_name(cts));
}

/* A case the run's mode cannot reach: run once per run (tests/once_per_run.sh),
 * each run tallied as one line of $TMPDIR/once_per_run.tally when TMPDIR is
 * set. */
CTS_CASE(once_per_run, .id = "selftest.expect_pass.once_per_run", .doc = doc,
         .source = SELFTEST_SOURCE, .isolation = CTS_FRESH, .allocator = "malloc",
         .once_per_run = 1)
{
    const char *mode = getenv("PYTHONMALLOC"), *dir = getenv("TMPDIR");
    CTS_EXPECT(mode && strcmp(mode, "malloc") == 0, "PYTHONMALLOC is '%s', expected 'malloc'",
               mode ? mode : "(unset)");
    if (!dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/once_per_run.tally", dir);
    FILE *tally = fopen(path, "a");
    CTS_REQUIRE(tally != NULL, "cannot open %s", path);
    fputs("ran\n", tally);
    fclose(tally);
}

CTS_CASE(floods_output, .id = "selftest.expect_pass.floods_output", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    static char line[1024];
    memset(line, 'x', sizeof line - 1);
    for (int i = 0; i < 2048; i++) /* 2 MiB: far more than a pipe holds */
        puts(line);
}

CTS_CASE(leaves_grandchild, .id = "selftest.expect_pass.leaves_grandchild", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    if (fork() == 0) { /* holds the output pipe open; the runner must not wait for it */
        sleep(60);
        _exit(0);
    }
}

CTS_CASE(message_with_newline, .id = "selftest.expect_fail.message_with_newline", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    CTS_EXPECT(0, "line one\nline two \"quoted\" <xml> & more");
}

/* Slow but working: never ended early by the deadlock detection. */
CTS_CASE(busy_for_two_seconds, .id = "selftest.expect_pass.busy_for_two_seconds", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        spins++;
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while (t.tv_sec - t0.tv_sec < 2);
}

CTS_CASE(sleeps_then_finishes, .id = "selftest.expect_pass.sleeps_then_finishes", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    sleep(2);
}

/* Longer than the run's --timeout (runner_classification.sh gives 3 s)
 * and shorter than its .timeout_factor times it: it is not ended. */
CTS_CASE(sleeps_past_run_timeout, .id = "selftest.expect_pass.sleeps_past_run_timeout", .doc = doc,
         .source = SELFTEST_SOURCE, .timeout_factor = 3)
{
    sleep(4);
}

/* Deadlocked: ended as TIMEOUT within STUCK_MS of the deadlock, long
 * before the deadline. */
static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER, lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;

static void *take_b_then_a(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock_b);
    pthread_barrier_wait(&both_hold_one);
    pthread_mutex_lock(&lock_a);
    return NULL;
}

CTS_CASE(lock_order_deadlock, .id = "selftest.expect_timeout.lock_order_deadlock", .doc = doc,
         .source = SELFTEST_SOURCE)
{
    pthread_t t;
    pthread_barrier_init(&both_hold_one, NULL, 2);
    pthread_create(&t, NULL, take_b_then_a, NULL);
    pthread_mutex_lock(&lock_a);
    pthread_barrier_wait(&both_hold_one);
    pthread_mutex_lock(&lock_b);
    pthread_join(t, NULL);
}

static void *ensure_gil(void *arg)
{
    (void)arg;
    PyGILState_STATE g = PyGILState_Ensure(); /* the main thread holds the GIL */
    PyGILState_Release(g);
    return NULL;
}

CTS_CASE(gil_deadlock, .id = "selftest.expect_timeout.gil_deadlock", .doc = doc,
         .source = SELFTEST_SOURCE, .needs = CTS_NEED_GIL)
{
    pthread_t t;
    pthread_create(&t, NULL, ensure_gil, NULL);
    pthread_join(t, NULL); /* holding the GIL */
}
