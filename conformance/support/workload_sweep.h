/* workload_sweep.h: fault injection over whole workloads (conformance/faults/workloads.c):
 * a small Python program, or a C routine, run with allocation N of RAW, MEM or
 * OBJ failing, each trial in a forked child of the case process. WORKLOAD_CASE
 * registers the case faults.workloads.<name> of one workload, whose body is
 * workload_sweep(). */
#ifndef CTS_WORKLOAD_SWEEP_H
#define CTS_WORKLOAD_SWEEP_H

#include "cts.h"

#include <stddef.h>

typedef struct workload {
    const char *name;
    /* Python source, compiled before any allocation fails and run in a
     * fresh namespace; or NULL for a C routine: */
    const char *source;
    /* 0 when it completed; -1 when it failed, with an exception set or,
     * where the API it calls documents no exception, with *reported naming
     * what it reported instead. */
    int (*run)(const char **reported);
    /* Set where the API the workload calls ends the process on a failure by
     * design (Py_ExitStatusException(): "Fatal Python error: ..." and exit
     * status 1 before the run returns): why that keeps its promise. */
    const char *exits_by_design;
    /* The workload file (faults/workloads/NAME.py) the source comes from,
     * or NULL: what docs/repro/fail_nth_in_workload.c is given to replay it
     * outside the suite (else the workload's name). */
    const char *file;
} workload;

/* The case body: the workload named by the case's parameter (a workload *)
 * with allocation 1, 2, 3 ... of RAW, MEM and OBJ failing in turn (every
 * point up to a bound, then a spread; PYMEM_CTS_WORKLOAD_EVERY=k: every
 * k-th point, to the end), each trial in a forked child that then runs the
 * workload again with nothing failing and finalizes. Distinct failure sites
 * are reported once each. */
void workload_sweep(cts_ctx *cts);

#define WORKLOAD_CASE(name_, what, needs_)                                                         \
    static const workload name_##_workload = {.name = #name_, WORKLOAD_##name_};                   \
    CTS_REGISTER_(workload_##name_, #name_, .id = "faults.workloads." #name_,                      \
                  .run = workload_sweep, .param = &name_##_workload, .needs = needs_,              \
                  .timeout_factor = 4,                                                             \
                  .doc = what " with each allocation of RAW, MEM and OBJ failing in turn: it "     \
                              "completes or fails with an exception set (of any type), never "     \
                              "crashes or hangs; the same workload then runs again in the same "   \
                              "process with nothing failing, and Py_FinalizeEx() returns 0",       \
                  .source = WORKLOAD_SOURCE)

#define WORKLOAD_SOURCE                                                                            \
    {                                                                                              \
        .impl = "Python/errors.c", /* PyErr_NoMemory: a failed allocation is an exception */       \
            .note = "a failed allocation surfaces as an exception (MemoryError, or another where " \
                    "a caller converts it) and leaves the interpreter usable: CPython's error "    \
                    "convention, read in Python/errors.c and Objects/obmalloc.c (the allocator "   \
                    "may return NULL: c-api/memory.html, Customize Memory Allocators)"             \
    }

#endif
