/* matrix_report.c: folds the JSON reports of several builds (one
 * `pymem-cts --json` file each; several nights of one build too) into one
 * matrix. Writes matrix.json and a self-contained matrix.html (the page is
 * tools/matrix.html, embedded at build time; the data embedded, no
 * network) that leads with what is red and why: every FAIL, XPASS, CRASH,
 * TIMEOUT or ERROR by case, the builds it is red on and its message's
 * first line (an all-green run in one line); then each build's case runs
 * by result, UNSUPPORTED apart; builds x areas, each cell passed/ran and
 * its UNSUPPORTED runs, a click (or #cell=I,AREA, or #<build>/<area>, e.g.
 * matrix.html#3.11.7%2Ftracemalloc) showing its red runs first, its XFAIL
 * and UNSUPPORTED runs folded beneath; the case runs whose result changed
 * between any two reports (chosen on the page, or #diff=I,J), those that
 * only came into or out of a version window, mode or build counted apart;
 * each build's history, a row per night; the cases x builds grid, each
 * cell the case's result in every allocator mode; each run's metadata.
 *   pymem-cts-matrix OUT_DIR REPORT.json...
 *   pymem-cts-matrix --diff OLD.json NEW.json OUT_DIR
 * --diff writes the same page for the two, the diff between them shown
 * first, and prints each case run whose result changed (both ran, or
 * either is red): "CHANGED [mode] id: OLD -> NEW", and how many changed
 * applicability only (not run or UNSUPPORTED on one side).
 * Exit status 0; 2 for a missing or malformed report (named in the error),
 * one with a malformed case entry among them (report_reader.h), or bad
 * arguments. */
#include "buffer.h"
#include "matrix_page.h"
#include "report.h"
#include "report_reader.h"
#include "result.h"
#include "strmap.h"
#include "tool_options.h"

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

/* A new cell of area in cells: its counts zero, no cases. */
static cJSON *new_cell(cJSON *cells, const char *area)
{
    cJSON *cell = cJSON_AddObjectToObject(cells, area);
    cJSON *counts = cJSON_AddObjectToObject(cell, "counts");
    for (int i = 0; i < CTS_RESULT_COUNT; i++)
        cJSON_AddNumberToObject(counts, cts_result_name((cts_result)i), 0);
    cJSON_AddArrayToObject(cell, "cases");
    return cell;
}

/* The case entry c counted in its area's cell; kept there unless a PASS. */
static void add_case(cJSON *cell, const cJSON *c)
{
    const char *result = cts_case_field(c, "result");
    cJSON *count =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(cell, "counts"), result);
    if (count)
        cJSON_SetNumberValue(count, count->valuedouble + 1);
    if (strcmp(result, "PASS") == 0)
        return;
    cJSON *entry = cJSON_CreateObject();
    const char *keys[] = {"id",      "allocator",          "result",
                          "message", "expectation_reason", "unsupported"};
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

/* A list of distinct strings in the order first seen, and its index. */
typedef struct string_set {
    cJSON *list;
    cts_strmap seen;
} string_set;

static void add_once(string_set *set, const char *s)
{
    if (cts_strmap_get(&set->seen, s))
        return;
    cJSON *item = cJSON_CreateString(s);
    cJSON_AddItemToArray(set->list, item);
    cts_strmap_put(&set->seen, item->valuestring, item);
}

/* One column of the matrix and its results by id (each an object of
 * results by mode). */
typedef struct column {
    cJSON *json;
    cts_strmap results;
} column;

/* One column of the matrix: a report's cells by area, its case runs'
 * results by id and mode, its modes in run order and its metadata. Every
 * lookup is exact and by hash: a report of many ids or areas is read in
 * linear time. */
static column build_of(const char *path, string_set *areas, string_set *ids)
{
    cJSON *report = cts_read_report_or_exit("pymem-cts-matrix", path);
    char name[64];
    build_name(report, name, sizeof name);
    column col = {cJSON_CreateObject(), {0}};
    cJSON *b = col.json, *cells = cJSON_CreateObject();
    cts_strmap cell_of = {0};
    cJSON_AddStringToObject(b, "name", name);
    cJSON_AddStringToObject(b, "report", path);
    cJSON_AddItemToObject(b, "meta", meta_of(report));
    string_set modes = {cJSON_AddArrayToObject(b, "modes"), {0}};
    cJSON *results = cJSON_AddObjectToObject(b, "results");
    cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(report, "runs"))
    {
        const char *mode = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "allocator"));
        if (mode)
            add_once(&modes, mode);
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(report, "cases"))
    {
        const char *id = cts_case_field(c, "id"), *mode = cts_case_field(c, "allocator");
        const char *area = cts_case_field(c, "area");
        cJSON *cell = cts_strmap_get(&cell_of, area);
        if (!cell) {
            cell = new_cell(cells, area);
            cts_strmap_put(&cell_of, cell->string, cell);
        }
        add_case(cell, c);
        cJSON *by_mode = cts_strmap_get(&col.results, id);
        if (!by_mode) {
            by_mode = cJSON_AddObjectToObject(results, id);
            cts_strmap_put(&col.results, by_mode->string, by_mode);
            add_once(ids, id);
        }
        /* one entry per (id, mode): the reader refuses a report with two */
        cJSON_AddStringToObject(by_mode, mode, cts_case_field(c, "result"));
        add_once(&modes, mode);
    }
    cJSON_ArrayForEach(c, cells)
    {
        cJSON_AddStringToObject(c, "verdict", verdict_of(c));
        add_once(areas, c->string);
    }
    cJSON_AddItemToObject(b, "cells", cells);
    printf("pymem-cts-matrix: %s from %s\n", name, path);
    cts_strmap_free(&modes.seen);
    cts_strmap_free(&cell_of);
    cJSON_Delete(report);
    return col;
}

static int by_string(const void *a, const void *b)
{
    return strcmp((*(cJSON *const *)a)->valuestring, (*(cJSON *const *)b)->valuestring);
}

/* The list of strings sorted in place (its items kept, relinked): the
 * grid's rows. */
static void sort_strings(cJSON *list)
{
    size_t n = 0, i = 0;
    cJSON *s;
    cJSON_ArrayForEach(s, list) n++;
    cJSON **v = cts_realloc_or_exit(NULL, n ? n : 1, sizeof *v);
    cJSON_ArrayForEach(s, list) v[i++] = s;
    qsort(v, n, sizeof *v, by_string);
    list->child = NULL;
    for (i = 0; i < n; i++) {
        v[i]->next = v[i]->prev = NULL;
        cJSON_AddItemToArray(list, v[i]);
    }
    free(v);
}

/* A result of one id in one mode, on side 0 (old) or 1 (new). */
typedef struct side_result {
    const char *mode, *result;
    int side;
} side_result;

static int by_mode_then_side(const void *a, const void *b)
{
    const side_result *x = a, *y = b;
    int d = strcmp(x->mode, y->mode);
    return d ? d : x->side - y->side;
}

/* Whether a result ran: neither not run nor UNSUPPORTED. */
static int ran(const char *result)
{
    return strcmp(result, "not run") != 0 && strcmp(result, "UNSUPPORTED") != 0;
}

static int is_red(const char *result)
{
    cts_result r;
    return cts_result_parse(result, &r) && cts_result_is_bad(r);
}

enum change { NO_CHANGE, RESULT_CHANGE, APPLICABILITY_CHANGE };

/* A change of result when both ran or either is red; of applicability when
 * one side was not run or UNSUPPORTED (its version window, mode or build). */
static enum change change_of(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return NO_CHANGE;
    return (ran(a) && ran(b)) || is_red(a) || is_red(b) ? RESULT_CHANGE : APPLICABILITY_CHANGE;
}

/* Prints each case run whose result changed between old and new (the
 * page's diff view lists the same) and counts in *applicability those that
 * changed applicability only. Returns how many it printed. */
static int print_changes(cJSON *ids, const column *old, const column *new, int *applicability)
{
    int changed = 0;
    size_t cap = 0;
    side_result *v = NULL;
    cJSON *id, *mode;
    cJSON_ArrayForEach(id, ids)
    {
        size_t n = 0;
        const column *sides[] = {old, new};
        for (int i = 0; i < 2; i++) {
            cJSON_ArrayForEach(mode, (cJSON *)cts_strmap_get(&sides[i]->results, id->valuestring))
            {
                if (n == cap)
                    v = cts_realloc_or_exit(v, cap = cap ? 2 * cap : 16, sizeof *v);
                v[n++] = (side_result){mode->string, mode->valuestring, i};
            }
        }
        qsort(v, n, sizeof *v, by_mode_then_side);
        for (size_t i = 0; i < n;) {
            int both = i + 1 < n && strcmp(v[i].mode, v[i + 1].mode) == 0;
            const char *a = v[i].side == 0 ? v[i].result : "not run";
            const char *b = both ? v[i + 1].result : v[i].side == 1 ? v[i].result : "not run";
            enum change change = change_of(a, b);
            if (change == RESULT_CHANGE) {
                printf("CHANGED [%s] %s: %s -> %s\n", v[i].mode, id->valuestring, a, b);
                changed++;
            }
            *applicability += change == APPLICABILITY_CHANGE;
            i += both ? 2 : 1;
        }
    }
    free(v);
    return changed;
}

static const char usage_line[] = "usage: pymem-cts-matrix OUT_DIR REPORT.json... | "
                                 "pymem-cts-matrix --diff OLD.json NEW.json OUT_DIR";
static const char about[] =
    "Folds the JSON reports of several builds (or nights) into OUT_DIR/matrix.json and a\n"
    "self-contained OUT_DIR/matrix.html: what is red on which build and why, first; the\n"
    "case runs per build by result (UNSUPPORTED apart); builds x areas, cases x builds\n"
    "with each allocator mode's result, each run's metadata, a diff of any two reports,\n"
    "a history per build.\n"
    "--diff also prints each case run whose result changed from OLD to NEW, and counts\n"
    "those that changed applicability only (not run or UNSUPPORTED on one side).\n"
    "Exit status: 0 written, 2 a missing or malformed report or an unwritable OUT_DIR.\n";

int main(int argc, char **argv)
{
    cJSON_InitHooks(&(cJSON_Hooks){malloc, free});
    cts_tool_answer_help_or_version(argc, argv, "pymem-cts-matrix", usage_line, about);
    int diff = argc > 1 && strcmp(argv[1], "--diff") == 0;
    if (diff ? argc != 5 : argc < 3 || argv[1][0] == '-') {
        fprintf(stderr, "%s\n", usage_line);
        return 2;
    }
    const char *out = diff ? argv[4] : argv[1];
    char **reports = argv + 2;
    int nreports = diff ? 2 : argc - 2;
    cJSON *matrix = cJSON_CreateObject();
    string_set areas = {cJSON_CreateArray(), {0}}, ids = {cJSON_CreateArray(), {0}};
    cJSON_AddStringToObject(matrix, "schema", "pymem-cts-matrix/1");
    cJSON *builds = cJSON_AddArrayToObject(matrix, "builds");
    column *columns = cts_realloc_or_exit(NULL, (size_t)nreports, sizeof *columns);
    for (int i = 0; i < nreports; i++) {
        columns[i] = build_of(reports[i], &areas, &ids);
        cJSON_AddItemToArray(builds, columns[i].json);
    }
    sort_strings(ids.list);
    cJSON_AddItemToObject(matrix, "areas", areas.list);
    cJSON_AddItemToObject(matrix, "cases", ids.list);
    int changed = 0, applicability = 0;
    if (diff) {
        cJSON *pick = cJSON_AddObjectToObject(matrix, "diff");
        cJSON_AddNumberToObject(pick, "old", 0);
        cJSON_AddNumberToObject(pick, "new", 1);
        changed = print_changes(ids.list, &columns[0], &columns[1], &applicability);
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
        printf("pymem-cts-matrix: %d case runs changed result from %s to %s (and %d changed "
               "applicability only: not run or UNSUPPORTED on one side): %s/matrix.html\n",
               changed, reports[0], reports[1], applicability, out);
    else
        printf("pymem-cts-matrix: %d builds x %d areas, %d cases: %s/matrix.html\n", nreports,
               (int)areas.seen.count, (int)ids.seen.count, out);
    for (int i = 0; i < nreports; i++)
        cts_strmap_free(&columns[i].results);
    free(columns);
    cts_strmap_free(&areas.seen);
    cts_strmap_free(&ids.seen);
    free(head);
    free(json);
    free(safe);
    cJSON_Delete(matrix);
    return 0;
}
