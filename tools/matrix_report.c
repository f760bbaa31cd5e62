/* matrix_report.c: folds the JSON reports of several builds (one
 * `pymem-cts --json` file each; several nights of one build too) into one
 * matrix. Writes matrix.json and a self-contained matrix.html (the page is
 * tools/matrix.html, embedded at build time; the data embedded, no
 * network) with: builds x areas, each cell coloured, a click listing its
 * cases that did not PASS with their messages (so does opening the page
 * with #<build>/<area>, e.g. matrix.html#3.11.7%2Ftracemalloc); each run's
 * metadata (date, suite version and commit, interpreter, configure flags);
 * the case runs whose result changed between any two reports (chosen on
 * the page, or #diff=I,J); each build's history, a row per night; and the
 * cases x builds grid, each cell the case's result in every allocator mode.
 *   pymem-cts-matrix OUT_DIR REPORT.json...
 *   pymem-cts-matrix --diff OLD.json NEW.json OUT_DIR
 * --diff writes the same page for the two, the diff between them shown
 * first, and prints each changed case run: "CHANGED [mode] id: OLD -> NEW".
 * Exit status 0; 2 for a missing or malformed report (named in the error),
 * one with a malformed case entry among them (report_reader.h), or bad
 * arguments. */
#include "buffer.h"
#include "matrix_page.h"
#include "report.h"
#include "report_reader.h"
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, const char *path)
{
    fprintf(stderr, "pymem-cts-matrix: %s: %s\n", path, what);
    exit(2);
}

/* "3.11.2d", "3.13.15t": the version with the debug and free-threaded marks;
 * another implementation's name comes first: "pypy 3.9.16". */
static void build_name(cJSON *report, char *out, size_t size)
{
    cJSON *build = cJSON_GetObjectItemCaseSensitive(report, "build");
    cJSON *version = cJSON_GetObjectItemCaseSensitive(build, "header_version");
    cJSON *runs = cJSON_GetObjectItemCaseSensitive(report, "runs");
    cJSON *caps = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(runs, 0), "capabilities");
    const char *impl =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(caps, "implementation"));
    int debug = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(caps, "debug_build"));
    int ft = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(caps, "free_threaded"));
    int other = impl && strcmp(impl, "cpython") != 0;
    snprintf(out, size, "%s%s%s%s%s", other ? impl : "", other ? " " : "",
             cJSON_IsString(version) ? version->valuestring : "?", ft ? "t" : "", debug ? "d" : "");
}

static cJSON *cell_for(cJSON *cells, const char *area)
{
    cJSON *cell = cJSON_GetObjectItemCaseSensitive(cells, area);
    if (!cell) {
        cell = cJSON_AddObjectToObject(cells, area);
        cJSON *counts = cJSON_AddObjectToObject(cell, "counts");
        for (int i = 0; i < CTS_RESULT_COUNT; i++)
            cJSON_AddNumberToObject(counts, cts_result_name((cts_result)i), 0);
        cJSON_AddArrayToObject(cell, "cases");
    }
    return cell;
}

static void add_case(cJSON *cells, cJSON *c)
{
    const char *area = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "area"));
    const char *result = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "result"));
    if (!area || !result)
        return;
    cJSON *cell = cell_for(cells, area);
    cJSON *count =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(cell, "counts"), result);
    if (count)
        cJSON_SetNumberValue(count, count->valuedouble + 1);
    if (strcmp(result, "PASS") == 0)
        return;
    cJSON *entry = cJSON_CreateObject();
    const char *keys[] = {"id", "allocator", "result", "message", "expectation_reason"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        cJSON *v = cJSON_GetObjectItemCaseSensitive(c, keys[i]);
        if (cJSON_IsString(v))
            cJSON_AddStringToObject(entry, keys[i], v->valuestring);
    }
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(cell, "cases"), entry);
}

static const char *verdict_of(cJSON *cell)
{
    cJSON *counts = cJSON_GetObjectItemCaseSensitive(cell, "counts");
    for (int r = 0; r < CTS_RESULT_COUNT; r++)
        if (cts_result_is_bad((cts_result)r) &&
            cJSON_GetObjectItemCaseSensitive(counts, cts_result_name((cts_result)r))->valuedouble >
                0)
            return "fail";
    if (cJSON_GetObjectItemCaseSensitive(counts, "XFAIL")->valuedouble > 0)
        return "known";
    return cJSON_GetObjectItemCaseSensitive(counts, "PASS")->valuedouble > 0 ? "pass"
                                                                             : "unsupported";
}

/* dir/name made of the parts, whole or not at all (cts_write_atomically). */
static void write_file(const char *dir, const char *name, const char *const *parts, size_t n)
{
    char path[4096], err[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cts_buffer text = {0};
    for (size_t i = 0; i < n; i++)
        cts_buffer_append(&text, parts[i], strlen(parts[i]));
    if (cts_write_atomically(path, cts_buffer_text(&text), text.len, err, sizeof err) != 0) {
        fprintf(stderr, "pymem-cts-matrix: %s\n", err); /* err names the path */
        exit(2);
    }
    cts_buffer_free(&text);
}

/* The JSON text with every '<', '>' and '&' as a \u escape (they occur
 * only inside its strings), so that it can sit inside a <script>: no text
 * of a case message, "</script>" or "<!--<script>" alike, can end the data
 * block or put the HTML parser into another state. */
static char *script_safe(const char *json)
{
    char *out = malloc(strlen(json) * 6 + 1), *o = out;
    for (const char *s = json; *s; s++) {
        if (*s == '<' || *s == '>' || *s == '&')
            o += sprintf(o, "\\u%04x", (unsigned char)*s);
        else
            *o++ = *s;
    }
    *o = '\0';
    return out;
}

/* The run's metadata: its date, length and filter, the suite's version and
 * the "build" object's strings (interpreter, configure flags, commit...). */
static cJSON *meta_of(cJSON *report)
{
    cJSON *meta = cJSON_CreateObject(), *item;
    const char *top[] = {"started", "suite_version", "filter"};
    for (size_t i = 0; i < sizeof top / sizeof *top; i++) {
        item = cJSON_GetObjectItemCaseSensitive(report, top[i]);
        if (cJSON_IsString(item))
            cJSON_AddStringToObject(meta, top[i], item->valuestring);
    }
    item = cJSON_GetObjectItemCaseSensitive(report, "seconds");
    if (cJSON_IsNumber(item))
        cJSON_AddNumberToObject(meta, "seconds", item->valuedouble);
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(report, "build"))
    {
        if (cJSON_IsString(item))
            cJSON_AddStringToObject(meta, item->string, item->valuestring);
    }
    return meta;
}

static int has_string(cJSON *list, const char *s)
{
    cJSON *a;
    cJSON_ArrayForEach(a, list) if (strcmp(a->valuestring, s) == 0) return 1;
    return 0;
}

/* One column of the matrix: a report's cells by area, its case runs'
 * results by id and mode, its modes in run order and its metadata. */
static cJSON *build_of(const char *path, cJSON *areas, cJSON *ids)
{
    cJSON *report = cts_read_report_or_exit("pymem-cts-matrix", path);
    char name[64];
    build_name(report, name, sizeof name);
    cJSON *b = cJSON_CreateObject(), *cells = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "name", name);
    cJSON_AddStringToObject(b, "report", path);
    cJSON_AddItemToObject(b, "meta", meta_of(report));
    cJSON *modes = cJSON_AddArrayToObject(b, "modes");
    cJSON *results = cJSON_AddObjectToObject(b, "results");
    cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(report, "runs"))
    {
        const char *mode = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "allocator"));
        if (mode && !has_string(modes, mode))
            cJSON_AddItemToArray(modes, cJSON_CreateString(mode));
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(report, "cases"))
    {
        add_case(cells, c);
        const char *id = cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring;
        const char *mode = cJSON_GetObjectItemCaseSensitive(c, "allocator")->valuestring;
        cJSON *by_mode = cJSON_GetObjectItemCaseSensitive(results, id);
        if (!by_mode) {
            by_mode = cJSON_AddObjectToObject(results, id);
            if (!has_string(ids, id))
                cJSON_AddItemToArray(ids, cJSON_CreateString(id));
        }
        if (!cJSON_GetObjectItemCaseSensitive(by_mode, mode))
            cJSON_AddStringToObject(by_mode, mode,
                                    cJSON_GetObjectItemCaseSensitive(c, "result")->valuestring);
        if (!has_string(modes, mode))
            cJSON_AddItemToArray(modes, cJSON_CreateString(mode));
    }
    cJSON_ArrayForEach(c, cells)
    {
        cJSON_AddStringToObject(c, "verdict", verdict_of(c));
        if (!has_string(areas, c->string))
            cJSON_AddItemToArray(areas, cJSON_CreateString(c->string));
    }
    cJSON_AddItemToObject(b, "cells", cells);
    printf("pymem-cts-matrix: %s from %s\n", name, path);
    cJSON_Delete(report);
    return b;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The ids, sorted: the grid's rows. */
static void sort_strings(cJSON *list)
{
    int n = cJSON_GetArraySize(list);
    const char **v = malloc(sizeof *v * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        v[i] = cJSON_GetArrayItem(list, i)->valuestring;
    qsort(v, (size_t)n, sizeof *v, by_string);
    cJSON *sorted = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(sorted, cJSON_CreateString(v[i]));
    free(v);
    while (cJSON_GetArraySize(list) > 0)
        cJSON_DeleteItemFromArray(list, 0);
    cJSON *s;
    while ((s = cJSON_DetachItemFromArray(sorted, 0)) != NULL)
        cJSON_AddItemToArray(list, s);
    cJSON_Delete(sorted);
}

static const char *result_in(cJSON *build, const char *id, const char *mode)
{
    cJSON *r = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(build, "results"), id),
        mode);
    return cJSON_IsString(r) ? r->valuestring : "not run";
}

/* Prints each case run whose result differs between old and new (the
 * page's diff view lists the same); returns how many. */
static int print_changes(cJSON *ids, cJSON *old, cJSON *new)
{
    int changed = 0;
    cJSON *id, *mode;
    cJSON_ArrayForEach(id, ids)
    {
        cJSON *modes = cJSON_CreateArray();
        cJSON *sides[] = {old, new};
        for (int i = 0; i < 2; i++) {
            cJSON_ArrayForEach(
                mode, cJSON_GetObjectItemCaseSensitive(
                          cJSON_GetObjectItemCaseSensitive(sides[i], "results"), id->valuestring))
            {
                if (!has_string(modes, mode->string))
                    cJSON_AddItemToArray(modes, cJSON_CreateString(mode->string));
            }
        }
        sort_strings(modes);
        cJSON_ArrayForEach(mode, modes)
        {
            const char *a = result_in(old, id->valuestring, mode->valuestring);
            const char *b = result_in(new, id->valuestring, mode->valuestring);
            if (strcmp(a, b) != 0) {
                printf("CHANGED [%s] %s: %s -> %s\n", mode->valuestring, id->valuestring, a, b);
                changed++;
            }
        }
        cJSON_Delete(modes);
    }
    return changed;
}

int main(int argc, char **argv)
{
    cJSON_InitHooks(&(cJSON_Hooks){malloc, free});
    int diff = argc > 1 && strcmp(argv[1], "--diff") == 0;
    if (diff ? argc != 5 : argc < 3 || argv[1][0] == '-') {
        fprintf(stderr, "usage: pymem-cts-matrix OUT_DIR REPORT.json... | "
                        "pymem-cts-matrix --diff OLD.json NEW.json OUT_DIR\n");
        return 2;
    }
    const char *out = diff ? argv[4] : argv[1];
    char **reports = argv + 2;
    int nreports = diff ? 2 : argc - 2;
    cJSON *matrix = cJSON_CreateObject(), *areas = cJSON_CreateArray(), *ids = cJSON_CreateArray();
    cJSON_AddStringToObject(matrix, "schema", "pymem-cts-matrix/1");
    cJSON *builds = cJSON_AddArrayToObject(matrix, "builds");
    for (int i = 0; i < nreports; i++)
        cJSON_AddItemToArray(builds, build_of(reports[i], areas, ids));
    sort_strings(ids);
    cJSON_AddItemToObject(matrix, "areas", areas);
    cJSON_AddItemToObject(matrix, "cases", ids);
    int changed = 0;
    if (diff) {
        cJSON *pick = cJSON_AddObjectToObject(matrix, "diff");
        cJSON_AddNumberToObject(pick, "old", 0);
        cJSON_AddNumberToObject(pick, "new", 1);
        changed = print_changes(ids, cJSON_GetArrayItem(builds, 0), cJSON_GetArrayItem(builds, 1));
    } else {
        cJSON_AddNullToObject(matrix, "diff");
    }
    char *json = cJSON_Print(matrix), *safe = script_safe(json);
    const char *marker = "@MATRIX_DATA@", *at = strstr(matrix_page, marker);
    if (!at)
        die("has no @MATRIX_DATA@ block", "tools/matrix.html");
    char *head = strndup(matrix_page, (size_t)(at - matrix_page));
    write_file(out, "matrix.json", (const char *const[]){json, "\n"}, 2);
    write_file(out, "matrix.html", (const char *const[]){head, safe, at + strlen(marker)}, 3);
    if (diff)
        printf("pymem-cts-matrix: %d case runs changed from %s to %s: %s/matrix.html\n", changed,
               reports[0], reports[1], out);
    else
        printf("pymem-cts-matrix: %d builds x %d areas, %d cases: %s/matrix.html\n",
               cJSON_GetArraySize(builds), cJSON_GetArraySize(areas), cJSON_GetArraySize(ids), out);
    free(head);
    free(json);
    free(safe);
    cJSON_Delete(matrix);
    return 0;
}
