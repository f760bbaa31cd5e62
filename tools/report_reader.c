/* report_reader.c: see report_reader.h. */
#include "report_reader.h"

#include "buffer.h"
#include "json_strict.h"
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cts_case_field(const cJSON *c, const char *name)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, name));
    return s ? s : "";
}

static int is_result_name(const char *name)
{
    cts_result r;
    return name && cts_result_parse(name, &r);
}

static int is_case_entry(const cJSON *c)
{
    const char *keys[] = {"id", "area", "allocator"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, keys[i])))
            return 0;
    }
    return cJSON_IsObject(c) &&
           is_result_name(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "result")));
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

typedef struct numbered {
    const cJSON *c;
    int number;
} numbered;

static int by_id_and_mode(const void *a, const void *b)
{
    const cJSON *x = ((const numbered *)a)->c, *y = ((const numbered *)b)->c;
    int d = strcmp(cts_case_field(x, "id"), cts_case_field(y, "id"));
    return d ? d : strcmp(cts_case_field(x, "allocator"), cts_case_field(y, "allocator"));
}

/* Whether two entries of cases are one (id, mode); names them in err. The
 * entries sorted: n log n. */
static int repeated_case(const cJSON *cases, char *err, size_t size)
{
    size_t n = (size_t)cJSON_GetArraySize(cases), i = 0;
    numbered *v = cts_realloc_or_exit(NULL, n ? n : 1, sizeof *v);
    const cJSON *c;
    cJSON_ArrayForEach(c, cases)
    {
        v[i].c = c;
        v[i].number = (int)i;
        i++;
    }
    qsort(v, n, sizeof *v, by_id_and_mode);
    for (i = 1; i < n && by_id_and_mode(&v[i - 1], &v[i]) != 0; i++)
        ;
    if (i < n) {
        int a = v[i - 1].number < v[i].number ? v[i - 1].number : v[i].number;
        int b = v[i - 1].number < v[i].number ? v[i].number : v[i - 1].number;
        snprintf(err, size, "cases[%d] and cases[%d] are both the run of one case in one mode", a,
                 b);
    }
    free(v);
    return i < n;
}

cJSON *cts_read_report(const char *path, char *err, size_t size)
{
    cJSON *r = cts_json_read_strict(path, err, size);
    if (!r)
        return NULL;
    cJSON *schema = cJSON_GetObjectItemCaseSensitive(r, "schema");
    cJSON *cases = cJSON_GetObjectItemCaseSensitive(r, "cases");
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
    if (repeated_case(cases, err, size)) {
        cJSON_Delete(r);
        return NULL;
    }
    return r;
}

cts_result cts_case_result(const cJSON *c)
{
    cts_result r = CTS_ERROR;
    cts_result_parse(cts_case_field(c, "result"), &r);
    return r;
}

cJSON *cts_read_report_or_exit(const char *program, const char *path)
{
    char err[512];
    cJSON *r = cts_read_report(path, err, sizeof err);
    if (!r) {
        fprintf(stderr, "%s: %s: %s\n", program, path, err);
        exit(2);
    }
    return r;
}
