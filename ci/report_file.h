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

/* The report, or die() unless it is a pymem-cts-report/1 with a cases list. */
static cJSON *read_report(const char *path)
{
    char *text = read_whole_file(path);
    cJSON *r = cJSON_Parse(text);
    free(text);
    cJSON *schema = r ? cJSON_GetObjectItem(r, "schema") : NULL;
    if (!cJSON_IsString(schema) || strcmp(schema->valuestring, "pymem-cts-report/1") != 0 ||
        !cJSON_IsArray(cJSON_GetObjectItem(r, "cases")))
        die("not a pymem-cts-report/1 JSON report", path);
    return r;
}

#endif
