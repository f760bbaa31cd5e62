/* explore.h: the lifecycle explorer over world.h's operations: every
 * sequence of enabled operations up to a length, from a start state, each
 * step checked (a walk); a sequence replayed alone from a fresh process;
 * shortened while it still fails; and written out as a standalone C
 * program that reproduces it without the suite. The conformance cases
 * (conformance/lifecycle/explore.c) walk it bounded; the fuzz target
 * (fuzz/lifecycle_fuzzer.c) decodes its sequences from the input. */
#ifndef CTS_EXPLORE_H
#define CTS_EXPLORE_H

#include <stddef.h>
#include <stdio.h>

#define EXPLORE_MAX_OPS 64

/* The operations, by name, and their count; -1 for an unknown name. */
const char *explore_op_name(int op);
int explore_op_count(void);
int explore_op_by_name(const char *name);

typedef struct explore_sequence {
    int ops[EXPLORE_MAX_OPS];
    int n;
} explore_sequence;

/* "initialize, tm_start, fork" into buf. */
const char *explore_describe(const explore_sequence *s, char *buf, size_t size);

/* What a sequence run alone gives. */
typedef struct explore_outcome {
    int failed;        /* a promise broke, or the process died or hung */
    char message[700]; /* which, and where */
} explore_outcome;

/* Walks and replays leave out the steps of a known fault (world.h's
 * w_known_fault), which cases of their own report; after this call they
 * keep them (a sequence given by hand). */
void explore_keep_known_faults(void);

/* Runs s from a fresh process state (a fork of this process, which must not
 * have initialized Python), each op only where enabled, then the teardown;
 * a hang past hang_seconds is a failure. */
void explore_replay(const explore_sequence *s, double hang_seconds, explore_outcome *out);

/* Drops operations from a failing s while it still fails (each result
 * replayed): a shorter reproducer. */
void explore_minimize(explore_sequence *s, double hang_seconds);

/* Writes s as a standalone C program (world.h, then main()) with the
 * comment that says how to build and run it against the build under test,
 * whose python3-config is python_config, under PYTHONMALLOC=mode ("" for
 * none). */
void explore_write_program(FILE *out, const explore_sequence *s, const char *python_config,
                           const char *mode, const char *failure);

/* A walk: from the start state (initialized or not), every sequence of
 * enabled operations up to depth, whose first operation first_op_filter
 * accepts (NULL: any), each step and each teardown checked, in a tree of
 * forked processes. Each failure found is replayed alone and, when it
 * reproduces, minimized and reported once per message through found. */
typedef struct explore_walk {
    int initialized; /* start after Py_Initialize() */
    int depth;
    int (*first_op_filter)(int op);
    double hang_seconds;
    void (*found)(void *arg, const explore_sequence *s, const char *message);
    /* NULL, or whether a failure is a known fault (found() is then called at once, without
     * the replays that confirm and shorten it). */
    int (*known)(void *arg, const char *message);
    void *arg;
    long nodes;       /* out: the sequences walked */
    long unconfirmed; /* out: failures in the tree that did not recur alone */
} explore_walk;

void explore_walk_run(explore_walk *walk);

#endif
