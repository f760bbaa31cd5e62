/* fault_trial.c: see fault_trial.h. */
#include "fault_trial.h"

#include "case.h" /* cts_families */
#include "fault_alloc.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* What runs now, for a crash report written from a signal handler. */
static char running[256];
static size_t running_len;

static const int crash_signals[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
static struct sigaction previous[sizeof crash_signals / sizeof *crash_signals];

/* Says which trial died, then hands the signal to the handler it replaced
 * (ASan's and libFuzzer's, which report and save the input), or to the
 * default action. */
static void report_crash(int sig)
{
    if (running_len && write(2, running, running_len) < 0)
        running_len = 0;
    for (size_t i = 0; i < sizeof crash_signals / sizeof *crash_signals; i++)
        if (crash_signals[i] == sig)
            sigaction(sig, &previous[i], NULL);
    raise(sig); /* blocked until this handler returns */
}

static void announce_crashes(void)
{
    static int installed;
    if (installed++)
        return;
    struct sigaction mine;
    memset(&mine, 0, sizeof mine);
    mine.sa_handler = report_crash;
    sigemptyset(&mine.sa_mask);
    for (size_t i = 0; i < sizeof crash_signals / sizeof *crash_signals; i++)
        sigaction(crash_signals[i], &mine, &previous[i]);
}

static void set_running(int call, int domain, long fail_at)
{
    int n =
        snprintf(running, sizeof running,
                 "\nfault injection: died in %s with allocation %ld of %s failing "
                 "(call %s)\n",
                 fault_call_apis[call], fail_at, fault_domain_name(domain), fault_calls[call].name);
    running_len = n > 0 && (size_t)n < sizeof running ? (size_t)n : 0;
}

void fault_trial_run(int call, int domain, long fail_at, fault_trial *t)
{
    const fault_call *c = &fault_calls[call];
    announce_crashes();
    memset(t, 0, sizeof *t);
    t->fail_at = fail_at;
    PyObject *arg = c->setup ? c->setup() : NULL;
    if (!arg && PyErr_Occurred()) { /* no allocation failing yet: not the call's fault */
        t->setup_failed = ((PyTypeObject *)PyErr_Occurred())->tp_name;
        PyErr_Clear();
        return;
    }
    set_running(call, domain, fail_at);
    fault_alloc f;
    fault_alloc_install(&f, domain, fail_at);
    t->failed = c->call(arg) < 0;
    fault_alloc_remove(&f);
    running_len = 0;
    t->allocations = f.allocations;
    t->fired = f.fired;
    PyObject *type = PyErr_Occurred(); /* borrowed */
    t->exception = type ? ((PyTypeObject *)type)->tp_name : NULL;
    PyErr_Clear();
    Py_XDECREF(arg);
}

const char *fault_trial_verdict(int call, int domain, const fault_trial *t, char *buf, size_t size)
{
    const char *api = fault_call_apis[call];
    const char *domain_name = fault_domain_name(domain);
    if (t->setup_failed)
        snprintf(buf, size,
                 "the objects %s works on could not be made, with no allocation "
                 "failing (exception %s)",
                 api, t->setup_failed);
    else if (t->failed && !t->fired)
        snprintf(buf, size, "%s failed (exception %s) though no allocation failed", api,
                 t->exception ? t->exception : "none");
    else if (t->failed && fault_calls[call].sets_no_exception && t->exception)
        snprintf(buf, size,
                 "%s failed with allocation %ld of %s failing and set %s: it is "
                 "documented to set no exception",
                 api, t->fail_at, domain_name, t->exception);
    else if (t->failed && !fault_calls[call].sets_no_exception && !t->exception)
        snprintf(buf, size,
                 "%s reported failure with allocation %ld of %s failing but set no "
                 "exception",
                 api, t->fail_at, domain_name);
    /* Which exception a failure sets is not asserted: no quoted sentence
     * names MemoryError ("NULL with an exception set", "NULL if an exception
     * was raised"); a SyntaxError or RuntimeError keeps that promise. */
    else if (!t->failed && t->exception)
        snprintf(buf, size, "%s succeeded with allocation %ld of %s failing but left %s set", api,
                 t->fail_at, domain_name, t->exception);
    else
        return NULL;
    return buf;
}

/* Guards: GUARDS blocks per family, of assorted sizes. */
#define GUARDS 8
static unsigned char *guards[3][GUARDS];

static size_t guard_size(int i)
{
    return (size_t)(8 << i) + (size_t)i; /* 8 to 1031 bytes, odd sizes included */
}

static unsigned char guard_byte(int family, int i, size_t k)
{
    return (unsigned char)(0x5A ^ (family * 31 + i * 7 + (int)k));
}

void fault_guards_fill(void)
{
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < GUARDS; i++) {
            guards[f][i] = cts_families[f].malloc(guard_size(i));
            for (size_t k = 0; guards[f][i] && k < guard_size(i); k++)
                guards[f][i][k] = guard_byte(f, i, k);
        }
}

static const char *guard_verdict(char *buf, size_t size)
{
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < GUARDS; i++) {
            if (!guards[f][i]) {
                snprintf(buf, size, "%sMalloc(%zu) for a guard block returned NULL",
                         cts_families[f].prefix, guard_size(i));
                return buf;
            }
            for (size_t k = 0; k < guard_size(i); k++)
                if (guards[f][i][k] != guard_byte(f, i, k)) {
                    snprintf(buf, size,
                             "a %sMalloc(%zu) block of ours changed at byte %zu "
                             "(0x%02x, expected 0x%02x): the heap was corrupted",
                             cts_families[f].prefix, guard_size(i), k, guards[f][i][k],
                             guard_byte(f, i, k));
                    return buf;
                }
        }
    return NULL;
}

/* Fresh blocks from the domain's family must be distinct: a block freed
 * twice comes back twice. */
static const char *fresh_blocks_verdict(int domain, char *buf, size_t size)
{
    enum { FRESH = 128 };
    const cts_family *fam = &cts_families[domain == PYMEM_DOMAIN_RAW   ? 0
                                          : domain == PYMEM_DOMAIN_MEM ? 1
                                                                       : 2];
    void *fresh[FRESH];
    const char *verdict = NULL;
    for (int i = 0; i < FRESH; i++) {
        size_t n = (size_t)(16 + 8 * (i % 16));
        fresh[i] = fam->malloc(n);
        if (fresh[i])
            memset(fresh[i], 0xA5, n);
        for (int k = 0; k < i && fresh[i] && !verdict; k++)
            if (fresh[k] == fresh[i]) {
                snprintf(buf, size,
                         "%sMalloc returned the live block %p twice (calls %d and "
                         "%d): a block was freed twice",
                         fam->prefix, fresh[i], k, i);
                verdict = buf;
            }
    }
    for (int i = 0; i < FRESH && !verdict; i++) /* a corrupt heap is left to the exit */
        fam->free(fresh[i]);
    return verdict;
}

const char *fault_guards_verdict(int domain, char *buf, size_t size)
{
    const char *verdict = guard_verdict(buf, size);
    return verdict ? verdict : fresh_blocks_verdict(domain, buf, size);
}

void fault_guards_release(void)
{
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < GUARDS; i++) {
            cts_families[f].free(guards[f][i]);
            guards[f][i] = NULL;
        }
}
