/* waivers.h: whether an XFAIL in a report was waived by the suite's own
 * expectations files (the frozen ones of the suite version the package
 * names) or by waivers the suite maintainers did not ship. */
#ifndef CTS_WAIVERS_H
#define CTS_WAIVERS_H

#include "expect.h"

#include <cjson/cJSON.h>

/* Loads one suite expectations file into set; prints one line and exits 2
 * when it is malformed. */
void waivers_load(cts_expectations *set, const char *path);
/* Whether an entry of set turns this failure of id, in the report's run of
 * the case's allocator mode, into XFAIL with the reason the report gives. */
int waiver_is_suites(const cts_expectations *set, const cJSON *report, const cJSON *c);

#endif
