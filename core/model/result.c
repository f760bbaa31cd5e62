/* result.c: names of results, and which of them make a run fail. */
#include "result.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[CTS_RESULT_COUNT] = {
    "PASS", "FAIL", "XFAIL", "XPASS", "UNSUPPORTED", "CRASH", "TIMEOUT", "ERROR",
};

const char *cts_result_name(cts_result r)
{
    return (unsigned)r < CTS_RESULT_COUNT ? names[r] : "?";
}

int cts_result_parse(const char *name, cts_result *out)
{
    for (int i = 0; i < CTS_RESULT_COUNT; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (cts_result)i;
            return 1;
        }
    }
    return 0;
}

int cts_result_is_bad(cts_result r)
{
    return r == CTS_FAIL || r == CTS_XPASS || r == CTS_CRASH || r == CTS_TIMEOUT || r == CTS_ERROR;
}

void cts_record_free(cts_record *r)
{
    free(r->id);
    free(r->allocator);
    free(r->message);
    free(r->output);
    free(r->reason);
    free(r->rerun);
    free(r->ran_in);
    memset(r, 0, sizeof *r);
}
