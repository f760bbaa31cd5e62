/* report_reader.h: the one reader of pymem-cts JSON reports, for the
 * programs that read them without a Python: the verdict, the matrix, the
 * re-run comparison (tools/) and the project's own report check (tests/).
 * The result names are core/model/result.c's, the file reader core/util/io.c's. */
#ifndef CTS_REPORT_READER_H
#define CTS_REPORT_READER_H

#include "result.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* The report, or NULL with why not in err, unless it is a
 * pymem-cts-report/1, read as strictly as every JSON file of the suite
 * (json_strict.h), whose cases list holds only case entries (an object with
 * string "id", "area", "allocator" and a result name in "result"; one that
 * is not is named by its number), at most one per (id, allocator): two are
 * named by their numbers. Keys are case-sensitive. */
cJSON *cts_read_report(const char *path, char *err, size_t size);

/* The string member name of a case entry (or any object), matched
 * case-sensitively; "" when it has none. */
const char *cts_case_field(const cJSON *c, const char *name);

/* The result of a case entry of a report cts_read_report accepted. */
cts_result cts_case_result(const cJSON *c);

/* The report, or exits 2 after "<program>: <path>: <why>" on stderr. */
cJSON *cts_read_report_or_exit(const char *program, const char *path);

#endif
