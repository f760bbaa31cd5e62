/* fault_sweep.c: a call of fault_calls.h run with one allocation failing, on
 * each domain in turn: allocation 1, 2, 3 ... until the call makes fewer
 * allocations than the one to fail (SQLite's malloc-failure loop), every
 * point while the call makes few, a spread of points beyond. Each trial must
 * report the failure as documented (NULL or -1 with an exception set, of
 * any type, or as the call documents) and leave the heap consistent: blocks of our own keep
 * their bytes and the domain hands out distinct blocks; the debug hooks and
 * ASan watch the rest. A crash names the call and the failed allocation.
 * Source: Doc/c-api/memory.rst ("Customize Memory Allocators": the
 * allocator may return NULL) and the sentence of each call's own page. */
#include "fault_sweep.h"

#include "fault_alloc.h"
#include "fault_trial.h"

#include <stdio.h>

/* Every point up to EVERY, then about SPREAD more across the rest. */
#define EVERY 400
#define SPREAD 200

/* The loop on one domain. A trial that breaks the call's promise is
 * counted and the loop goes on, so that a crash further along is still
 * found; a corrupted heap ends it. *points counts the allocations failed. */
static void sweep_domain(cts_ctx *cts, int call, int domain, long *points)
{
    const char *api = fault_call_apis[call], *domain_name = fault_domain_name(domain);
    char message[512], first[512] = "";
    fault_trial t;
    fault_trial_run(call, domain, 0, &t);
    CTS_REQUIRE(!fault_trial_verdict(call, domain, &t, message, sizeof message), "%s", message);
    long stride = t.allocations > EVERY ? (t.allocations - EVERY) / SPREAD + 1 : 1;
    long trials = 0, broken = 0;
    for (long n = 1; t.allocations > 0; n += n < EVERY ? 1 : stride) {
        fault_trial_run(call, domain, n, &t);
        trials++;
        const char *verdict = fault_trial_verdict(call, domain, &t, message, sizeof message);
        if (verdict && broken++ == 0)
            snprintf(first, sizeof first, "%s", verdict);
        const char *heap = fault_guards_verdict(domain, message, sizeof message);
        CTS_REQUIRE(!heap, "%s, after %s with allocation %ld of %s failing", heap, api, n,
                    domain_name);
        if (!t.fired)
            break; /* the call made fewer than n allocations: every point is done */
        ++*points;
    }
    CTS_EXPECT(broken == 0, "%s (%ld of %ld trials on %s broke the promise)", first, broken, trials,
               domain_name);
}

void fault_sweep(cts_ctx *cts)
{
    const int call = *(const int *)cts_param(cts);
    long points = 0;
    fault_guards_fill();
    for (int f = 0; f < 3; f++) /* RAW, MEM, OBJ */
        sweep_domain(cts, call, cts_families[f].domain, &points);
    fault_guards_release();
    if (points == 0)
        CTS_UNSUPPORTED("%s makes no allocation on any domain on this build: nothing to fail",
                        fault_call_apis[call]);
}
