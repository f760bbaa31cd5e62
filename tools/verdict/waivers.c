/* waivers.c: re-applies the suite's frozen expectations to an XFAIL of a
 * report (see waivers.h): the entry must match the case, the run's
 * capabilities and a failing result, and give the same reason. */
#include "waivers.h"

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

/* Copies the string member name of o into out; 0 if it is not a string. */
static int copy_text(const cJSON *o, const char *name, char *out, size_t size)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
    return s && snprintf(out, size, "%s", s) >= 0;
}

/* What an expectations entry matches on, from the report's run of mode:
 * version, implementation, allocator (used and requested), debug and
 * free-threaded build. 0 if there is no such run. */
static int run_caps(const cJSON *report, const char *mode, cts_caps *caps)
{
    const cJSON *run;
    memset(caps, 0, sizeof *caps);
    cJSON_ArrayForEach(run, cJSON_GetObjectItemCaseSensitive(report, "runs"))
    {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(run, "capabilities");
        const char *m = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(run, "allocator"));
        if (!m || strcmp(m, mode) != 0)
            continue;
        caps->debug_build = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "debug_build"));
        caps->free_threaded = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "free_threaded"));
        return copy_text(c, "version", caps->version, sizeof caps->version) &&
               copy_text(c, "implementation", caps->implementation, sizeof caps->implementation) &&
               copy_text(c, "allocator", caps->allocator, sizeof caps->allocator) &&
               copy_text(c, "requested_allocator", caps->requested, sizeof caps->requested);
    }
    return 0;
}

int waiver_is_suites(const cts_expectations *set, const cJSON *report, const cJSON *c)
{
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "id"));
    const char *mode = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "allocator"));
    const char *reason =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "expectation_reason"));
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
