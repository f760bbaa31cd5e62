/* json_strict.h: the one way the suite's programs read a JSON file that
 * someone else may have written (an expectations file, a report, a
 * certification package's results): one JSON value and nothing after it but
 * white space, valid UTF-8 throughout, no NUL byte and no \u0000 escape (a C
 * string would end there), and no object holding a key twice or two keys
 * that differ only in case. Whatever this accepts, Python's json and jq read
 * the same way; the checks are linear (the keys n log n). Keys are then
 * looked up case-sensitively (cJSON_GetObjectItemCaseSensitive). */
#ifndef CTS_JSON_STRICT_H
#define CTS_JSON_STRICT_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* The len bytes of text (NUL-terminated at len) as one JSON value, or NULL with why in why: "is not
 * valid JSON (line 3, column 7)", "has data after its JSON value (...)",
 * "holds a NUL (\u0000) in a string (...)", "has an object with the key
 * 'x' twice"... (the key shown as printable ASCII). */
cJSON *cts_json_parse_strict(const char *text, size_t len, char *why, size_t size);

/* The file at path read whole and parsed so; NULL with why ("empty", the
 * system's words, or cts_json_parse_strict's). */
cJSON *cts_json_read_strict(const char *path, char *why, size_t size);

#endif
