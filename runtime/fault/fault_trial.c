/* fault_trial.c: see fault_trial.h. */
#include "fault_trial.h"

#include "case.h" /* cts_families */
#include "fault_alloc.h"
#include "no_coverage.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* What runs now, for a crash report written from a signal handler: set
 * per trial without formatting (a trial is the fuzz target's hot path), and
 * written out only when the process dies. */
static volatile sig_atomic_t running; /* 0: nothing; otherwise the call + 1 */
static int running_domain;
static long running_fail_at;

static void write_text(const char *text)
{
    if (write(2, text, strlen(text)) < 0)
        return; /* nothing left to tell it to */
}

static void write_number(long n)
{
    char digits[24];
    size_t at = sizeof digits;
    unsigned long u = n < 0 ? 0 - (unsigned long)n : (unsigned long)n;
    do
        digits[--at] = (char)('0' + u % 10);
    while (u /= 10);
    if (n < 0)
        digits[--at] = '-';
    if (write(2, digits + at, sizeof digits - at) < 0)
        return;
}

/* "fault injection: died in <api> with allocation <n> of <domain> failing
 * (call <name>)", with write(2) only: async-signal-safe. */
static void write_running(void)
{
    int call = running - 1;
    write_text("\nfault injection: died in ");
    write_text(fault_call_apis[call]);
    write_text(" with allocation ");
    write_number(running_fail_at);
    write_text(" of ");
    write_text(fault_domain_name(running_domain));
    write_text(" failing (call ");
    write_text(fault_calls[call].name);
    write_text(")\n");
}

static const int crash_signals[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
static struct sigaction previous[sizeof crash_signals / sizeof *crash_signals];

/* Says which trial died, then hands the signal to the handler it replaced
 * (ASan's and libFuzzer's, which report and save the input), or to the
 * default action. */
static void report_crash(int sig)
{
    if (running)
        write_running();
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
    running_domain = domain;
    running_fail_at = fail_at;
    running = call + 1;
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
    int rc = c->call(arg);
    fault_alloc_remove(&f);
    /* Still the call's trial: a crash while undoing (making the caller's
     * thread state current again) comes of the state the call left. */
    if (c->undo)
        c->undo();
    running = 0;
    t->failed = rc < 0;
    t->contradicted = rc == FAULT_CALL_SELF_CONTRADICTORY;
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
    else if (t->contradicted)
        snprintf(buf, size, "%s with allocation %ld of %s failing %s", api, t->fail_at, domain_name,
                 fault_calls[call].contradiction);
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

/* Guards: GUARDS blocks per family, of assorted sizes. Their expected
 * bytes are stored once (expected[][]), so that a check is one memcmp per
 * guard and the byte loop runs only to name the byte that changed. */
#define GUARDS 8
#define GUARD_MAX 1031
static unsigned char *guards[3][GUARDS];
static unsigned char expected[3][GUARDS][GUARD_MAX];

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
            for (size_t k = 0; k < guard_size(i); k++)
                expected[f][i][k] = guard_byte(f, i, k);
            guards[f][i] = cts_families[f].malloc(guard_size(i));
            if (guards[f][i])
                memcpy(guards[f][i], expected[f][i], guard_size(i));
        }
}

static const char *guard_changed(int f, int i, char *buf, size_t size)
{
    size_t k = 0;
    while (guards[f][i][k] == expected[f][i][k])
        k++;
    snprintf(buf, size,
             "a %sMalloc(%zu) block of ours changed at byte %zu "
             "(0x%02x, expected 0x%02x): the heap was corrupted",
             cts_families[f].prefix, guard_size(i), k, guards[f][i][k], expected[f][i][k]);
    return buf;
}

CTS_NO_COVERAGE static const char *guard_verdict(char *buf, size_t size)
{
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < GUARDS; i++) {
            if (!guards[f][i]) {
                snprintf(buf, size, "%sMalloc(%zu) for a guard block returned NULL",
                         cts_families[f].prefix, guard_size(i));
                return buf;
            }
            if (memcmp(guards[f][i], expected[f][i], guard_size(i)) != 0)
                return guard_changed(f, i, buf, size);
        }
    return NULL;
}

/* The first call (in call order) that returned a non-NULL block an earlier
 * call returned too, and that earlier call: 0 when all are distinct. One
 * pass over an open-addressing table of the blocks seen, not a scan of
 * every pair. */
CTS_NO_COVERAGE static int find_twice(void *const *fresh, int n, int *first, int *second)
{
    enum { SLOTS = 256 };    /* a power of two, at least 2n */
    void *seen[SLOTS] = {0}; /* the blocks, and the call that returned each */
    unsigned char call[SLOTS];
    for (int i = 0; i < n && i < SLOTS / 2; i++) {
        if (!fresh[i])
            continue;
        uintptr_t h = ((uintptr_t)fresh[i] >> 4) * 0x9E3779B97F4A7C15u;
        size_t at = (size_t)(h >> 20) & (SLOTS - 1);
        while (seen[at] && seen[at] != fresh[i])
            at = (at + 1) & (SLOTS - 1);
        if (seen[at]) {
            *first = call[at];
            *second = i;
            return 1;
        }
        seen[at] = fresh[i];
        call[at] = (unsigned char)i;
    }
    return 0;
}

/* Fresh blocks from the domain's family must be distinct: a block freed
 * twice comes back twice. */
CTS_NO_COVERAGE static const char *fresh_blocks_verdict(int domain, char *buf, size_t size)
{
    enum { FRESH = 128 };
    const cts_family *fam = &cts_families[domain == PYMEM_DOMAIN_RAW   ? 0
                                          : domain == PYMEM_DOMAIN_MEM ? 1
                                                                       : 2];
    void *fresh[FRESH];
    for (int i = 0; i < FRESH; i++) {
        size_t n = (size_t)(16 + 8 * (i % 16));
        fresh[i] = fam->malloc(n);
        if (fresh[i])
            memset(fresh[i], 0xA5, n);
    }
    int k, i;
    if (find_twice(fresh, FRESH, &k, &i)) { /* a corrupt heap is left to the exit */
        snprintf(buf, size,
                 "%sMalloc returned the live block %p twice (calls %d and "
                 "%d): a block was freed twice",
                 fam->prefix, fresh[i], k, i);
        return buf;
    }
    for (i = 0; i < FRESH; i++)
        fam->free(fresh[i]);
    return NULL;
}

CTS_NO_COVERAGE const char *fault_guards_verdict(int domain, char *buf, size_t size)
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
