/* waivers.c: re-applies the suite's frozen expectations to an XFAIL of a
 * report (see waivers.h): the entry must match the case, the run's
 * capabilities and a failing result, and give the same reason. */
#include "waivers.h"

#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void waivers_load(cts_expectations *set, const char *path)
{
    char err[512];
    if (cts_expectations_load(set, path, err, sizeof err) != 0) {
        fprintf(stderr, "pymem-cts-verdict: %s\n", err);
        exit(2);
    }
}

/* The capabilities of the report's run of mode; 0 if there is none. */
static int run_caps(const cJSON *report, const char *mode, cts_caps *caps)
{
    const cJSON *run;
    cJSON_ArrayForEach(run, cJSON_GetObjectItem(report, "runs"))
    {
        const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(run, "allocator"));
        if (m && strcmp(m, mode) == 0)
            return cts_caps_from_json(cJSON_GetObjectItem(run, "capabilities"), caps);
    }
    return 0;
}

int waiver_is_suites(const cts_expectations *set, const cJSON *report, const cJSON *c)
{
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(c, "id"));
    const char *mode = cJSON_GetStringValue(cJSON_GetObjectItem(c, "allocator"));
    const char *reason = cJSON_GetStringValue(cJSON_GetObjectItem(c, "expectation_reason"));
    cts_caps caps;
    if (!id || !mode || !reason || !run_caps(report, mode, &caps))
        return 0;
    static const cts_result failures[] = {CTS_FAIL, CTS_CRASH, CTS_TIMEOUT, CTS_PASS};
    for (size_t i = 0; i < sizeof failures / sizeof *failures; i++) {
        cts_record rec = {.id = strdup(id), .result = failures[i]};
        cts_expectations_apply(set, &caps, &rec);
        int same = rec.result == CTS_XFAIL && rec.reason && strcmp(rec.reason, reason) == 0;
        cts_record_free(&rec);
        if (same)
            return 1;
    }
    return 0;
}
