/* result.h: the result of one case in one allocator mode, as the worker
 * sends it to the driver and the reports write it. */
#ifndef CTS_RESULT_H
#define CTS_RESULT_H

#include "protocol.h"

typedef enum cts_result {
    CTS_PASS,
    CTS_FAIL,
    CTS_XFAIL,       /* failed as an expectations entry says it does */
    CTS_XPASS,       /* an expectations entry says it fails, but it passed */
    CTS_UNSUPPORTED, /* not applicable to this build or mode; always with a reason */
    CTS_CRASH,       /* killed by a signal it was not expected to die of */
    CTS_TIMEOUT,     /* still running at the deadline; killed */
    CTS_ERROR,       /* the harness could not run the case */
    CTS_RESULT_COUNT
} cts_result;

typedef struct cts_record {
    char *id;
    char *allocator; /* the run's allocator mode, "default" when unset */
    cts_result result;
    cts_skip_kind skip; /* an UNSUPPORTED result's kind of reason, else CTS_SKIP_NONE */
    char *message;      /* why, for everything but PASS; may be NULL */
    char *output;       /* the child's stdout+stderr tail; may be NULL */
    char *reason;       /* the expectations entry's reason for XFAIL/XPASS */
    char *rerun;        /* the first run's TIMEOUT message when this is the result of the
                         * case's re-run, alone; else NULL */
    char *ran_in;       /* a once-per-run case's record standing for this mode: the mode it
                         * ran in (case.h, once_per_run); else NULL */
    double seconds;
} cts_record;

const char *cts_result_name(cts_result r);
int cts_result_parse(const char *name, cts_result *out); /* 1 when name is a result's */
int cts_result_is_bad(cts_result r);                     /* counts against the exit status */
void cts_record_free(cts_record *r);

#endif
