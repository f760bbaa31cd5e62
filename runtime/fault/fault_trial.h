/* fault_trial.h: one trial of the malloc-failure loop: a call of
 * fault_calls.h run with allocation number n of one domain failing, what it
 * did, and whether that keeps the documented contract. Also the guards that
 * tell whether the heap is still consistent after a trial. */
#ifndef CTS_FAULT_TRIAL_H
#define CTS_FAULT_TRIAL_H

#include "fault_calls.h"

#include <stddef.h>

typedef struct fault_trial {
    long fail_at;             /* the allocation failed, 1-based; 0: none */
    long allocations;         /* allocations the call made on the domain */
    int fired;                /* allocation fail_at happened, and failed */
    int failed;               /* the call reported failure */
    int contradicted;         /* it reported failure and success at once */
    const char *exception;    /* the exception's type name after the call, or NULL */
    const char *setup_failed; /* the setup's exception type name (the call did not run) */
} fault_trial;

/* Setup, then the call with allocation fail_at of `domain` failing, then
 * the record; the exception is cleared and the setup's object released. A
 * crash during the call prints the trial on stderr before the process dies. */
void fault_trial_run(int call, int domain, long fail_at, fault_trial *t);

/* NULL when the trial kept the contract: a failure is reported only when an
 * allocation failed, with MemoryError set (no exception, for the calls
 * documented so); a success leaves no exception. Otherwise a message. */
const char *fault_trial_verdict(int call, int domain, const fault_trial *t, char *buf, size_t size);

/* Blocks of our own in every family, filled with a pattern before the
 * trials, so that a trial that frees, moves or overwrites one is caught. */
void fault_guards_fill(void);
/* NULL while every guard holds its pattern and the domain still hands out
 * distinct, writable blocks; otherwise a message. */
const char *fault_guards_verdict(int domain, char *buf, size_t size);
void fault_guards_release(void);

#endif
