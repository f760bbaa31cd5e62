/* source.h: where a case's rule comes from (cts_source in cts.h): its tier,
 * its texts with a family case's "%s" filled in, and how --list and the
 * JSON report show it. */
#ifndef CTS_SOURCE_H
#define CTS_SOURCE_H

#include "case.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* "documented" (the documentation alone) or "reference" (an implementation
 * file or a measured note). */
const char *cts_source_tier(const cts_case *c);
/* text with "%s" replaced by the family's prefix in a family case; NULL for NULL. */
const char *cts_source_text(const cts_case *c, const char *text, char *buf, size_t size);
/* NULL when the case names a source: a quote with its page and version, an
 * implementation file, or a note; else why not. */
const char *cts_source_error(const cts_case *c);
/* One line for --list: 'docs page (version): "quote"; implementation: file; note'. */
const char *cts_source_describe(const cts_case *c, char *buf, size_t size);
/* {"tier", "quote", "page", "python", "implementation", "note"} for the report. */
cJSON *cts_source_json(const cts_case *c);

#endif
