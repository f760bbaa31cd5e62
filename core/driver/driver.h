/* driver.h: the options of a user's run, and the driver that executes it. */
#ifndef CTS_DRIVER_H
#define CTS_DRIVER_H

#include "environment.h"

typedef struct cts_options {
    const char *filter;
    const char *json, *junit;
    const char **expectations;
    int nexpectations;
    int no_default_expectations;
    const char *default_expectations_dir;
    int jobs;
    double timeout;
    int verbose;
    int explicit_default; /* --allocator default: set PYTHONMALLOC=default */
    int all_modes;        /* the run takes every mode the build accepts */
    const char *self_exe;
    cts_environment environment; /* what the Python under test was given */
} cts_options;

/* Runs the selected cases under each mode in turn; returns the exit status:
 * 0 when nothing FAILed, XPASSed, CRASHed, TIMEd OUT or ERRORed, 1 when
 * something did, 2 for bad input or a report that cannot be written,
 * 128 + N when ended by signal N (SIGINT, SIGTERM, SIGHUP). */
int cts_driver_main(const cts_options *opt, const char *const *modes);

/* --check-expectations: lists every expectations entry whose case glob
 * matches no case of the suite (stale); 0 when there is none, 1 when there
 * is, 2 for a malformed file. */
int cts_check_expectations(const cts_options *opt);

#endif
