/* report_reader.c: see report_reader.h. */
#include "report_reader.h"

#include "io.h"
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_result_name(const char *name)
{
    cts_result r;
    return name && cts_result_parse(name, &r);
}

static int is_case_entry(const cJSON *c)
{
    const char *keys[] = {"id", "area", "allocator"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (!cJSON_IsString(cJSON_GetObjectItem(c, keys[i])))
            return 0;
    }
    return cJSON_IsObject(c) &&
           is_result_name(cJSON_GetStringValue(cJSON_GetObjectItem(c, "result")));
}

/* The number of the first entry of cases that is not a case, or -1. */
static int first_bad_case(const cJSON *cases)
{
    int number = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases)
    {
        if (!is_case_entry(c))
            return number;
        number++;
    }
    return -1;
}

cJSON *cts_read_report(const char *path, char *err, size_t size)
{
    size_t len;
    char *text = cts_read_whole_file(path, &len, err, size);
    if (!text)
        return NULL;
    cJSON *r = cJSON_Parse(text);
    free(text);
    cJSON *schema = r ? cJSON_GetObjectItem(r, "schema") : NULL;
    cJSON *cases = r ? cJSON_GetObjectItem(r, "cases") : NULL;
    if (!cJSON_IsString(schema) || strcmp(schema->valuestring, "pymem-cts-report/1") != 0 ||
        !cJSON_IsArray(cases)) {
        snprintf(err, size, "not a pymem-cts-report/1 JSON report");
        cJSON_Delete(r);
        return NULL;
    }
    int bad = first_bad_case(cases);
    if (bad >= 0) {
        snprintf(err, size,
                 "cases[%d] is not a case entry (an object with string \"id\", \"area\", "
                 "\"allocator\" and a result name in \"result\")",
                 bad);
        cJSON_Delete(r);
        return NULL;
    }
    return r;
}

cts_result cts_case_result(const cJSON *c)
{
    cts_result r = CTS_ERROR;
    cts_result_parse(cJSON_GetStringValue(cJSON_GetObjectItem(c, "result")), &r);
    return r;
}

cJSON *cts_read_report_or_exit(const char *program, const char *path)
{
    char err[256];
    cJSON *r = cts_read_report(path, err, sizeof err);
    if (!r) {
        fprintf(stderr, "%s: %s: %s\n", program, path, err);
        exit(2);
    }
    return r;
}
