/* registry.h: the table of registered cases, sorted by id. */
#ifndef CTS_REGISTRY_H
#define CTS_REGISTRY_H

#include "case.h"

#include <stddef.h>

/* Sorts the table and checks every entry: an id and a function, one name
 * (cts_case_name_error), a path its id names (cts_case_path_error), a unique id, a rule (.doc) and
 * a source, a version window with a reason that names no fault, CTS_NO_BOOT only with CTS_FRESH, a
 * death test with a signal. Returns NULL, or a message naming the fault. */
const char *cts_registry_check(void);
size_t cts_registry_count(void);
/* NULL when the case's id ends in ".<name>" of its macro; else why not. */
const char *cts_case_name_error(const cts_case *c);
/* NULL when a case of conformance/ is defined in the file its id names,
 * conformance/<area>/<group>.c (a family's group: any file of the area; a
 * declared variant: its .variant_of group's file); else why not. */
const char *cts_case_path_error(const cts_case *c);
/* NULL when a version window's reason cites an API addition or documented
 * change and names no fault; else why not. */
const char *cts_window_reason_error(const char *why);
const cts_case *cts_registry_at(size_t i);
const cts_case *cts_registry_find(const char *id);

/* Where the case is defined, "conformance/debug/detect.c:112", in buf. */
const char *cts_case_location(const cts_case *c, char *buf, size_t size);

/* The area of a case: its id up to the first dot, written into buf. */
const char *cts_case_area(const cts_case *c, char *buf, size_t size);

/* Whether id matches the filter: comma-separated shell globs; a glob
 * that starts with '-' excludes the ids it matches ("tracemalloc.*,-*.threads.*";
 * "-debug.*" alone: everything else). NULL or "" matches everything. */
int cts_filter_matches(const char *filter, const char *id);

#endif
