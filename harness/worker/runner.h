/* runner.h: runs cases in isolated child processes and classifies how
 * each one ended. Used by the worker, one worker per allocator mode. */
#ifndef CTS_RUNNER_H
#define CTS_RUNNER_H

#include "caps.h"
#include "result.h"

#include <signal.h>

/* The most children a worker runs at once (--jobs). */
#define CTS_MAX_JOBS 64

typedef struct cts_run_options {
    const char *filter;   /* comma-separated globs over case ids */
    int jobs;             /* children at once: 1 to CTS_MAX_JOBS */
    double timeout;       /* seconds per case */
    const char *self_exe; /* this binary, re-executed for CTS_FRESH cases */
    int private_fd;       /* an fd of the worker's that children must not hold, or -1 */
    int skip_once;        /* leave out the once-per-run cases: an earlier mode ran them */
} cts_run_options;

/* Called once per result. rec and its strings are borrowed for the call
 * only: a callee that keeps any of it copies it. */
typedef void (*cts_emit_fn)(const cts_record *rec, void *arg);

/* Runs every registered case that matches the filter; calls emit once per
 * case. Returns 0, or -1 when it was stopped by cts_runner_stop. */
int cts_run_cases(const cts_caps *caps, const cts_run_options *opt, cts_emit_fn emit, void *arg);

/* In a case's child, before it runs anything: its own process group, no
 * core file, no stdin, stdout and stderr into out_w; private_fd closed. */
void cts_runner_prepare_child(int out_w, int private_fd);

/* Set from a signal handler: kill the children and return early. */
extern volatile sig_atomic_t cts_runner_stop;

#endif
