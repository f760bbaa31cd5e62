/* registry_bad_path.c: a case whose id names another file than the one that
 * defines it, which the registry must refuse before anything runs (ctest
 * registry.refuses_a_misplaced_case expects the one-line error naming the
 * file it is in and the file its id names). The #line makes the case one of
 * conformance/'s, as the registry sees it. */
#include "cts.h"

#line 1 "conformance/arena/cycles.c"
CTS_CASE(misplaced, .id = "arena.hooks.misplaced", .doc = "never runs",
         .source = {.note = "a test of the registry"})
{
}
