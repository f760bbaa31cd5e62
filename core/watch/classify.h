/* classify.h: from how a child ended to a result. */
#ifndef CTS_CLASSIFY_H
#define CTS_CLASSIFY_H

#include "case.h"
#include "result.h"

typedef struct cts_ending {
    int timed_out;      /* killed at the deadline */
    double timeout;     /* the deadline, seconds */
    double cpu_wait;    /* seconds it waited for a CPU, not charged to the deadline */
    int backstop;       /* killed at the wall-clock backstop, CTS_BACKSTOP deadlines */
    int status;         /* as from waitpid() */
    const char *events; /* the child's event lines (see child.h) */
    const char *output; /* its stdout+stderr */
    const char *stuck;  /* ended before the deadline: why no thread could go on */
    int stuck_ms;       /* for how long that held */
} cts_ending;

/* Sets rec->result and rec->message (malloc'd). */
void cts_classify(const cts_case *c, const cts_ending *e, cts_record *rec);

#endif
