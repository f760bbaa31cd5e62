/* wire.c: see wire.h. cJSON allocates with libc (cts_main in cli.c sets its
 * hooks), never through the allocators under test. */
#include "wire.h"

#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *cts_json_string(const char *value)
{
    char *text = cts_text_from_string(value);
    cJSON *item = text ? cJSON_CreateString(text) : cJSON_CreateNull();
    free(text);
    return item;
}

void cts_json_add_string(cJSON *obj, const char *name, const char *value)
{
    cJSON_AddItemToObject(obj, name, cts_json_string(value));
}

#define CAPS_FLAGS(X)                                                                              \
    X(debug_build)                                                                                 \
    X(with_pymalloc)                                                                               \
    X(with_mimalloc)                                                                               \
    X(free_threaded) X(pymalloc) X(mimalloc) X(debug_hooks) X(tracemalloc) X(asan) X(extension_host)

cJSON *cts_caps_to_json(const cts_caps *caps)
{
    cJSON *o = cJSON_CreateObject();
    char hex[16];
    snprintf(hex, sizeof hex, "0x%08lX", caps->version_hex);
    cts_json_add_string(o, "version", caps->version);
    cts_json_add_string(o, "version_hex", hex);
    cts_json_add_string(o, "implementation", caps->implementation);
    cts_json_add_string(o, "allocator", caps->allocator);
    cts_json_add_string(o, "requested_allocator", caps->requested);
#define ADD_FLAG(name) cJSON_AddBoolToObject(o, #name, caps->name);
    CAPS_FLAGS(ADD_FLAG)
#undef ADD_FLAG
    return o;
}

static int get_text(const cJSON *obj, const char *name, char *out, size_t size)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(item))
        return 0;
    snprintf(out, size, "%s", item->valuestring);
    return 1;
}

int cts_caps_from_json(const cJSON *obj, cts_caps *caps)
{
    char hex[16];
    memset(caps, 0, sizeof *caps);
    if (!get_text(obj, "version", caps->version, sizeof caps->version) ||
        !get_text(obj, "version_hex", hex, sizeof hex) ||
        !get_text(obj, "implementation", caps->implementation, sizeof caps->implementation) ||
        !get_text(obj, "allocator", caps->allocator, sizeof caps->allocator) ||
        !get_text(obj, "requested_allocator", caps->requested, sizeof caps->requested))
        return 0;
    caps->version_hex = strtoul(hex, NULL, 16);
#define GET_FLAG(name) caps->name = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, #name));
    CAPS_FLAGS(GET_FLAG)
#undef GET_FLAG
    return 1;
}

cJSON *cts_record_to_json(const cts_record *rec)
{
    cJSON *o = cJSON_CreateObject();
    cts_json_add_string(o, "id", rec->id);
    cts_json_add_string(o, "allocator", rec->allocator);
    cts_json_add_string(o, "result", cts_result_name(rec->result));
    cJSON_AddNumberToObject(o, "seconds", rec->seconds);
    if (rec->result == CTS_UNSUPPORTED)
        cts_json_add_string(o, "unsupported", cts_skip_kind_name(rec->skip));
    cts_json_add_string(o, "message", rec->message);
    cts_json_add_string(o, "output", rec->output);
    if (rec->reason)
        cts_json_add_string(o, "expectation_reason", rec->reason);
    if (rec->rerun)
        cts_json_add_string(o, "rerun", rec->rerun);
    if (rec->ran_in)
        cts_json_add_string(o, "ran_in", rec->ran_in);
    return o;
}

static char *dup_member(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(item) ? strdup(item->valuestring) : NULL;
}

int cts_record_from_json(const cJSON *obj, cts_record *rec)
{
    memset(rec, 0, sizeof *rec);
    const cJSON *result = cJSON_GetObjectItemCaseSensitive(obj, "result");
    const cJSON *seconds = cJSON_GetObjectItemCaseSensitive(obj, "seconds");
    if (!cJSON_IsString(result) || !cts_result_parse(result->valuestring, &rec->result))
        return 0;
    rec->id = dup_member(obj, "id");
    rec->allocator = dup_member(obj, "allocator");
    rec->message = dup_member(obj, "message");
    rec->output = dup_member(obj, "output");
    rec->reason = dup_member(obj, "expectation_reason");
    rec->rerun = dup_member(obj, "rerun");
    rec->ran_in = dup_member(obj, "ran_in");
    rec->seconds = cJSON_IsNumber(seconds) ? seconds->valuedouble : 0;
    const cJSON *skip = cJSON_GetObjectItemCaseSensitive(obj, "unsupported");
    if (rec->result == CTS_UNSUPPORTED &&
        !(cJSON_IsString(skip) && cts_skip_kind_parse(skip->valuestring, &rec->skip))) {
        cts_record_free(rec);
        return 0;
    }
    if (!rec->id || !rec->allocator) {
        cts_record_free(rec);
        return 0;
    }
    return 1;
}
