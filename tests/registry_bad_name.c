/* registry_bad_name.c: a case whose id does not end in its name, which the
 * registry must refuse before anything runs (ctest registry.refuses_two_names
 * expects the one-line error naming both, and the file and line). */
#include "cts.h"

CTS_CASE(name_in_code, .id = "selftest.names.other_name", .doc = "never runs",
         .source = {.note = "a test of the registry"})
{
}
