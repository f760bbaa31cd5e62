/* wire.h: records and capabilities as JSON objects: one per line on the
 * worker-to-driver pipe, and the same objects inside the JSON report. */
#ifndef CTS_WIRE_H
#define CTS_WIRE_H

#include "caps.h"
#include "result.h"

#include <cjson/cJSON.h>

cJSON *cts_caps_to_json(const cts_caps *caps);
int cts_caps_from_json(const cJSON *obj, cts_caps *caps);

cJSON *cts_record_to_json(const cts_record *rec);
int cts_record_from_json(const cJSON *obj, cts_record *rec); /* strings malloc'd */

/* A string item, or null for NULL. The value is made valid UTF-8 (text.h)
 * first: every string of the wire and of the JSON report is. */
cJSON *cts_json_string(const char *value);
/* Adds cts_json_string(value) as member name. */
void cts_json_add_string(cJSON *obj, const char *name, const char *value);

#endif
