/* report_file.h: what the report tools (matrix_report.c, verdict.c) share:
 * reading a whole file, and loading a pymem-cts-report/1 JSON report. Each
 * tool defines die(what, path), which prints its one-line error and exits 2. */
#ifndef CTS_REPORT_FILE_H
#define CTS_REPORT_FILE_H

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, const char *path);

static char *read_whole_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!text || fread(text, 1, (size_t)n, f) != (size_t)n)
        die("cannot read", path);
    fclose(f);
    text[n] = '\0';
    return text;
}

static const char *const report_results[] = {"PASS",  "FAIL",    "XFAIL", "XPASS", "UNSUPPORTED",
                                             "CRASH", "TIMEOUT", "ERROR", NULL};

static int is_result_name(const char *name)
{
    for (int i = 0; name && report_results[i]; i++) {
        if (strcmp(name, report_results[i]) == 0)
            return 1;
    }
    return 0;
}

/* Whether c is a case entry the tools can use: an object whose "id",
 * "area" and "allocator" are strings and whose "result" is a result name. */
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

/* The report, or die() unless it is a pymem-cts-report/1 whose cases list
 * holds only case entries (one that is not is named by its number). */
static cJSON *read_report(const char *path)
{
    char *text = read_whole_file(path);
    cJSON *r = cJSON_Parse(text);
    free(text);
    cJSON *schema = r ? cJSON_GetObjectItem(r, "schema") : NULL, *c;
    if (!cJSON_IsString(schema) || strcmp(schema->valuestring, "pymem-cts-report/1") != 0 ||
        !cJSON_IsArray(cJSON_GetObjectItem(r, "cases")))
        die("not a pymem-cts-report/1 JSON report", path);
    int number = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(r, "cases"))
    {
        static char why[160];
        number++;
        if (is_case_entry(c))
            continue;
        snprintf(why, sizeof why,
                 "cases[%d] is not a case entry (an object with string \"id\", \"area\", "
                 "\"allocator\" and a result name in \"result\")",
                 number - 1);
        die(why, path);
    }
    return r;
}

#endif
