/* faults.c: every call of fault_calls.h run with one allocation failing, on
 * each domain in turn: allocation 1, 2, 3 ... until the call makes fewer
 * allocations than the one to fail (SQLite's malloc-failure loop), every
 * point while the call makes few, a spread of points beyond. Each trial must
 * report the failure as documented (NULL or -1 with MemoryError set, or as
 * the call documents) and leave the heap consistent: blocks of our own keep
 * their bytes and the domain hands out distinct blocks; the debug hooks and
 * ASan watch the rest. A crash names the call and the failed allocation.
 * Source: Doc/c-api/memory.rst ("Customize Memory Allocators": the
 * allocator may return NULL) and the sentence of each call's own page. */
#include "cts.h"

#include "fault_alloc.h"
#include "fault_trial.h"

#include <stdio.h>

/* Every point up to EVERY, then about SPREAD more across the rest. */
#define EVERY 400
#define SPREAD 200

static const int domains[] = {PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ};

/* The loop on one domain: NULL when every trial kept the contract, else the
 * first broken promise. *points counts the allocations failed. */
static const char *sweep_domain(int call, int domain, long *points, char *message, size_t size)
{
    fault_trial t;
    fault_trial_run(call, domain, 0, &t);
    if (t.failed) {
        snprintf(message, size, "%s failed with no allocation failing (exception %s)",
                 fault_call_apis[call], t.exception ? t.exception : "none");
        return message;
    }
    long stride = t.allocations > EVERY ? (t.allocations - EVERY) / SPREAD + 1 : 1;
    for (long n = 1; t.allocations > 0; n += n < EVERY ? 1 : stride) {
        fault_trial_run(call, domain, n, &t);
        const char *verdict = fault_trial_verdict(call, domain, &t, message, size);
        if (!verdict)
            verdict = fault_guards_verdict(domain, message, size);
        if (verdict)
            return verdict;
        if (!t.fired)
            break; /* the call made fewer than n allocations: every point is done */
        ++*points;
    }
    return NULL;
}

static void sweep(cts_ctx *cts)
{
    const int call = *(const int *)cts_param(cts);
    char message[512];
    long points = 0;
    fault_guards_fill();
    for (size_t d = 0; d < sizeof domains / sizeof *domains; d++) {
        const char *verdict = sweep_domain(call, domains[d], &points, message, sizeof message);
        CTS_EXPECT(!verdict, "%s", verdict);
    }
    fault_guards_release();
    if (points == 0)
        CTS_UNSUPPORTED("%s makes no allocation on any domain on this build: nothing to fail",
                        fault_call_apis[call]);
}

#define FAULT_CASE(name, group, api, rule)                                                         \
    static const int name##_index = FAULT_CALL_##name;                                             \
    CTS_REGISTER_(fault_##name, .id = "faults." #group "." #name, .run = sweep,                    \
                  .param = &name##_index,                                                          \
                  .doc = api ": " rule " (with each allocation of each domain failing in turn: "   \
                             "MemoryError, the heap intact)")
FAULT_CALLS(FAULT_CASE)
