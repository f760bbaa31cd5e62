/* protocol.h: everything that crosses a process boundary, in one place.
 *
 *   pymem-cts                       the driver; re-executes itself as
 *    +- pymem-cts --worker ...      one worker per allocator mode, which
 *        +- pymem-cts --child ...   starts a fresh child for a CTS_FRESH case
 *
 * The driver builds a worker's command line and the worker a child's with
 * the functions below, and each reads its own with them: neither is an
 * option of the user's command line. A child sends its worker one event line
 * per event (cts_event); a worker sends the driver one JSON record per
 * result (wire.h), and an UNSUPPORTED record carries the kind of its reason
 * (cts_skip_kind) as data, which the reports keep and the certification
 * verdict reads, never the reason's words. */
#ifndef CTS_PROTOCOL_H
#define CTS_PROTOCOL_H

#include <stddef.h>

/* The first argument that makes this program a worker or a fresh child. */
#define CTS_ARG_WORKER "--worker"
#define CTS_ARG_CHILD "--child"

/* The descriptors a started process reports on: a worker's records, a fresh
 * child's events. */
#define CTS_RECORD_FD 3
#define CTS_MSG_FD 3

/* A case's deadline (the worker's timeout, or the case's own .timeout when
 * shorter, or its .timeout_factor times the worker's timeout) charges the time its processes ran or
 * slept, not the time they were runnable but waited for a CPU (schedstat run-delay): on a busy
 * machine a case is not cut for the machine's load. Whatever it was not
 * charged, a case still running CTS_BACKSTOP times its deadline after it
 * started, in wall-clock time, is killed. A case that ends TIMEOUT is run
 * again, alone, before its result is sent; so the driver waits twice the
 * backstop of the longest deadline (and a minute) for a silent worker. */
#define CTS_BACKSTOP 10

/* The longest deadline a case may ask for, in multiples of --timeout
 * (case.h, .timeout_factor); the driver's patience counts it. */
#define CTS_MAX_TIMEOUT_FACTOR 4

/* A worker runs the cases of one allocator mode (PYTHONMALLOC, in its
 * environment). */
typedef struct cts_worker_args {
    int record_fd;      /* where its JSON records go */
    int jobs;           /* cases at a time */
    double timeout;     /* seconds, per case */
    const char *filter; /* the user's --filter, "" for every case */
    int once_ran;       /* the run's once-per-run cases (case.h) ran in an earlier
                           mode: this worker skips them */
} cts_worker_args;

/* A fresh child runs one case. */
typedef struct cts_child_args {
    const char *id; /* the case's id */
    int msg_fd;     /* where its event lines go */
} cts_child_args;

/* A command line for execv(): argv points into text. */
typedef struct cts_argv {
    char *argv[14];
    char text[4][64];
} cts_argv;

void cts_worker_argv(cts_argv *out, const char *exe, const cts_worker_args *a);
void cts_child_argv(cts_argv *out, const char *exe, const cts_child_args *a);

/* Which process argv starts. */
typedef enum cts_process { CTS_PROCESS_DRIVER, CTS_PROCESS_WORKER, CTS_PROCESS_CHILD } cts_process;
cts_process cts_process_of(int argc, char **argv);

/* Read a worker's or a child's command line; NULL when it is good, else a
 * one-line error. */
const char *cts_worker_args_parse(int argc, char **argv, cts_worker_args *a);
const char *cts_child_args_parse(int argc, char **argv, cts_child_args *a);

/* A child's event line is "<event> <text>\n" (or "D\n"), the text on one
 * line. The worker reads the first of E, F, U and A, in that order. */
typedef enum cts_event {
    CTS_EVENT_ERROR = 'E',       /* the harness could not run the case */
    CTS_EVENT_FAIL = 'F',        /* a failed check */
    CTS_EVENT_UNSUPPORTED = 'U', /* the case said why it cannot run here */
    CTS_EVENT_ABSENT = 'A',      /* it called an API the implementation lacks */
    CTS_EVENT_DONE = 'D',        /* the case returned */
} cts_event;

/* Why a case run is UNSUPPORTED, as data. The first three say the rule does
 * not apply to this build or mode ("not applicable" in a verdict); the rest
 * that it could not be checked here ("skipped"). */
typedef enum cts_skip_kind {
    CTS_SKIP_NONE,           /* the run is not UNSUPPORTED */
    CTS_SKIP_VERSION,        /* the rule's version window excludes this Python */
    CTS_SKIP_ALLOCATOR,      /* the rule is of another MEM/OBJ allocator, or of
                                one without the debug hooks this mode has */
    CTS_SKIP_BUILD,          /* the rule is of builds with another option: pymalloc,
                                mimalloc, the GIL; or cannot run under ASan */
    CTS_SKIP_FORBIDDEN,      /* what the case does is forbidden on this build by
                                the docs (a plain buffer from the object domain
                                of a free-threaded build) */
    CTS_SKIP_MODE,           /* needs a mode of the run this one is not
                                (--allocator debug) */
    CTS_SKIP_IMPLEMENTATION, /* the implementation or build lacks an API or a
                                module the case needs */
    CTS_SKIP_HOST,           /* needs a fresh process the extension-module host
                                cannot start */
    CTS_SKIP_CASE,           /* the case said why (CTS_UNSUPPORTED) */
    CTS_SKIP_KIND_COUNT
} cts_skip_kind;

/* "version", "allocator", ...; "" for CTS_SKIP_NONE. */
const char *cts_skip_kind_name(cts_skip_kind kind);
/* 1 and *out when name is a kind's name, else 0. */
int cts_skip_kind_parse(const char *name, cts_skip_kind *out);
/* Whether the kind says the rule does not apply (rather than that it could
 * not be checked). */
int cts_skip_kind_not_applicable(cts_skip_kind kind);

#endif
