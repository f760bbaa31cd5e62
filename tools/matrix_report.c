/* matrix_report.c: folds the JSON reports of several builds (one
 * `pymem-cts --json` file each) into one matrix: builds x areas, each cell
 * the results of that area's cases on that build over every allocator mode.
 * Writes matrix.json and a self-contained matrix.html (the data embedded,
 * no network) where each cell is coloured and a click lists the cell's
 * cases that did not PASS, with their messages (so does opening the page
 * with #<build>/<area>, e.g. matrix.html#3.11.7%2Ftracemalloc).
 *   pymem-cts-matrix OUT_DIR REPORT.json...
 * Exit status 0; 2 for a missing or malformed report (named in the error),
 * one with a malformed case entry among them (report_reader.h). */
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
    cJSON *build = cJSON_GetObjectItem(report, "build");
    cJSON *version = cJSON_GetObjectItem(build, "header_version");
    cJSON *runs = cJSON_GetObjectItem(report, "runs");
    cJSON *caps = cJSON_GetObjectItem(cJSON_GetArrayItem(runs, 0), "capabilities");
    const char *impl = cJSON_GetStringValue(cJSON_GetObjectItem(caps, "implementation"));
    int debug = cJSON_IsTrue(cJSON_GetObjectItem(caps, "debug_build"));
    int ft = cJSON_IsTrue(cJSON_GetObjectItem(caps, "free_threaded"));
    int other = impl && strcmp(impl, "cpython") != 0;
    snprintf(out, size, "%s%s%s%s%s", other ? impl : "", other ? " " : "",
             cJSON_IsString(version) ? version->valuestring : "?", ft ? "t" : "", debug ? "d" : "");
}

static cJSON *cell_for(cJSON *cells, const char *area)
{
    cJSON *cell = cJSON_GetObjectItem(cells, area);
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
    const char *area = cJSON_GetStringValue(cJSON_GetObjectItem(c, "area"));
    const char *result = cJSON_GetStringValue(cJSON_GetObjectItem(c, "result"));
    if (!area || !result)
        return;
    cJSON *cell = cell_for(cells, area);
    cJSON *count = cJSON_GetObjectItem(cJSON_GetObjectItem(cell, "counts"), result);
    if (count)
        cJSON_SetNumberValue(count, count->valuedouble + 1);
    if (strcmp(result, "PASS") == 0)
        return;
    cJSON *entry = cJSON_CreateObject();
    const char *keys[] = {"id", "allocator", "result", "message", "expectation_reason"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        cJSON *v = cJSON_GetObjectItem(c, keys[i]);
        if (cJSON_IsString(v))
            cJSON_AddStringToObject(entry, keys[i], v->valuestring);
    }
    cJSON_AddItemToArray(cJSON_GetObjectItem(cell, "cases"), entry);
}

static const char *verdict_of(cJSON *cell)
{
    cJSON *counts = cJSON_GetObjectItem(cell, "counts");
    const char *bad[] = {"FAIL", "XPASS", "CRASH", "TIMEOUT", "ERROR"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (cJSON_GetObjectItem(counts, bad[i])->valuedouble > 0)
            return "fail";
    if (cJSON_GetObjectItem(counts, "XFAIL")->valuedouble > 0)
        return "known";
    return cJSON_GetObjectItem(counts, "PASS")->valuedouble > 0 ? "pass" : "unsupported";
}

static const char page_head[] =
    "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>pymem-cts matrix</title>\n"
    "<style>body{font:14px sans-serif;margin:1.5em}table{border-collapse:collapse}"
    "td,th{border:1px solid #999;padding:.35em .6em;text-align:center}"
    "td.pass{background:#b7e4b0}td.known{background:#e8e4a0}td.fail{background:#f2a0a0}"
    "td.unsupported{background:#ddd}td.cell{cursor:pointer}"
    "#detail{margin-top:1em;white-space:pre-wrap;font-family:monospace}</style></head>\n"
    "<body><h1>pymem-cts: builds &times; areas</h1>\n"
    "<p>Green: every case passed (or is unsupported); yellow: known failures (XFAIL), "
    "with or without passes; red: a FAIL, XPASS, CRASH, TIMEOUT or ERROR; grey: nothing ran. "
    "Click a cell for its cases that did not pass.</p>\n<table id=\"matrix\"></table>"
    "<div id=\"detail\">"
    "</div>\n<script id=\"data\" type=\"application/json\">";

static const char page_tail[] =
    "</script>\n<script>\n"
    "const m = JSON.parse(document.getElementById('data').textContent);\n"
    "const t = document.getElementById('matrix');\n"
    "const head = t.insertRow(); head.insertCell().outerHTML = '<th>build</th>';\n"
    "m.areas.forEach(a => { const th = document.createElement('th'); th.textContent = a; "
    "head.appendChild(th); });\n"
    "m.builds.forEach(b => {\n"
    "  const row = t.insertRow(); const name = row.insertCell(); name.textContent = b.name;\n"
    "  m.areas.forEach(a => {\n"
    "    const c = b.cells[a], td = row.insertCell();\n"
    "    if (!c) { td.className = 'unsupported'; td.textContent = '-'; return; }\n"
    "    td.className = 'cell ' + c.verdict;\n"
    "    td.textContent = c.counts.PASS + '/' + Object.values(c.counts).reduce((x, y) => x + y);\n"
    "    td.onclick = () => { document.getElementById('detail').textContent = b.name + ' ' + a "
    "+ ':\\n' + (c.cases.length ? c.cases.map(k => k.result + ' [' + k.allocator + '] ' + "
    "k.id + ': ' + (k.message || '') + (k.expectation_reason ? ' (known: ' + "
    "k.expectation_reason + ')' : '')).join('\\n') : 'every case passed'); };\n"
    "    if (location.hash === '#' + encodeURIComponent(b.name + '/' + a)) td.onclick();\n"
    "  });\n});\n</script></body></html>\n";

static void write_file(const char *dir, const char *name, const char *a, const char *b,
                       const char *c)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fputs(a, f) < 0 || (b && fputs(b, f) < 0) || (c && fputs(c, f) < 0) || fclose(f))
        die("cannot write", tmp);
    if (rename(tmp, path) != 0)
        die("cannot rename into place", path);
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

int main(int argc, char **argv)
{
    cJSON_InitHooks(&(cJSON_Hooks){malloc, free});
    if (argc < 3) {
        fprintf(stderr, "usage: pymem-cts-matrix OUT_DIR REPORT.json...\n");
        return 2;
    }
    cJSON *matrix = cJSON_CreateObject(), *areas = cJSON_CreateArray();
    cJSON_AddStringToObject(matrix, "schema", "pymem-cts-matrix/1");
    cJSON *builds = cJSON_AddArrayToObject(matrix, "builds");
    for (int i = 2; i < argc; i++) {
        cJSON *report = cts_read_report_or_exit("pymem-cts-matrix", argv[i]);
        char name[64];
        build_name(report, name, sizeof name);
        cJSON *b = cJSON_CreateObject(), *cells = cJSON_CreateObject();
        cJSON_AddStringToObject(b, "name", name);
        cJSON_AddStringToObject(b, "report", argv[i]);
        cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(report, "cases")) add_case(cells, c);
        cJSON_ArrayForEach(c, cells)
        {
            cJSON_AddStringToObject(c, "verdict", verdict_of(c));
            int known = 0;
            cJSON *a;
            cJSON_ArrayForEach(a, areas) known |= strcmp(a->valuestring, c->string) == 0;
            if (!known)
                cJSON_AddItemToArray(areas, cJSON_CreateString(c->string));
        }
        cJSON_AddItemToObject(b, "cells", cells);
        cJSON_AddItemToArray(builds, b);
        fprintf(stderr, "pymem-cts-matrix: %s from %s\n", name, argv[i]);
        cJSON_Delete(report);
    }
    cJSON_AddItemToObject(matrix, "areas", areas);
    char *json = cJSON_Print(matrix), *safe = script_safe(json);
    write_file(argv[1], "matrix.json", json, "\n", NULL);
    write_file(argv[1], "matrix.html", page_head, safe, page_tail);
    printf("pymem-cts-matrix: %d builds x %d areas: %s/matrix.html\n", cJSON_GetArraySize(builds),
           cJSON_GetArraySize(areas), argv[1]);
    free(json);
    free(safe);
    cJSON_Delete(matrix);
    return 0;
}
