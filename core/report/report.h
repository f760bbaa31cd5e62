/* report.h: the outcome of a whole run, and its JSON and JUnit forms. */
#ifndef CTS_REPORT_H
#define CTS_REPORT_H

#include "caps.h"
#include "environment.h"
#include "result.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <time.h>

typedef struct cts_mode_run {
    char *mode;    /* the --allocator value, "default" when unset */
    cts_caps caps; /* valid when have_caps */
    int have_caps;
    int finished; /* the worker ran its whole list */
    char *error;  /* why the mode's worker failed, or NULL */
} cts_mode_run;

typedef struct cts_report {
    cts_mode_run *modes;
    size_t nmodes;
    cts_record *records;
    size_t nrecords;
    time_t started;
    double seconds;
    const char *filter;
    const cts_environment *environment;
} cts_report;

void cts_report_count(const cts_report *r, const char *mode, size_t counts[CTS_RESULT_COUNT]);

/* Both write to a temporary file beside path and rename it into place, so
 * that a killed run never leaves half a report. -1 with a message on error. */
int cts_report_write_json(const cts_report *r, const char *path, char *err, size_t size);
int cts_report_write_junit(const cts_report *r, const char *path, char *err, size_t size);

/* The JSON report's "build" object (the build under test and the suite's
 * own build: docs/report-schema.md), and the suite's version. */
cJSON *cts_report_build_json(void);
const char *cts_report_suite_version(void);

int cts_write_atomically(const char *path, const char *data, size_t len, char *err, size_t size);

#endif
