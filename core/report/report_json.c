/* report_json.c: the JSON report. Its schema is documented in
 * docs/report-schema.md; bump "schema" on any incompatible change. */
#include "report.h"

#include "registry.h"
#include "source.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CTS_SUITE_VERSION
#define CTS_SUITE_VERSION "0.0.0"
#endif

void cts_report_count(const cts_report *r, const char *mode, size_t counts[CTS_RESULT_COUNT])
{
    memset(counts, 0, CTS_RESULT_COUNT * sizeof counts[0]);
    for (size_t i = 0; i < r->nrecords; i++) {
        if (!mode || strcmp(r->records[i].allocator, mode) == 0)
            counts[r->records[i].result]++;
    }
}

static cJSON *counts_json(const cts_report *r, const char *mode)
{
    size_t counts[CTS_RESULT_COUNT], total = 0, bad = 0;
    cts_report_count(r, mode, counts);
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < CTS_RESULT_COUNT; i++) {
        cJSON_AddNumberToObject(o, cts_result_name((cts_result)i), (double)counts[i]);
        total += counts[i];
        if (cts_result_is_bad((cts_result)i))
            bad += counts[i];
    }
    cJSON_AddNumberToObject(o, "total", (double)total);
    cJSON_AddBoolToObject(o, "ok", bad == 0);
    return o;
}

const char *cts_report_suite_version(void)
{
    return CTS_SUITE_VERSION;
}

cJSON *cts_report_build_json(void)
{
    cJSON *o = cJSON_CreateObject();
#ifdef CTS_BUILD_PYTHON
    cts_json_add_string(o, "python_executable", CTS_BUILD_PYTHON);
#endif
#ifdef CTS_BUILD_PREFIX
    cts_json_add_string(o, "prefix", CTS_BUILD_PREFIX);
#endif
#ifdef CTS_BUILD_TREE
    cts_json_add_string(o, "build_tree", CTS_BUILD_TREE);
#endif
#ifdef CTS_HEADER_VERSION
    cts_json_add_string(o, "header_version", CTS_HEADER_VERSION);
#endif
#ifdef CTS_BUILD_CONFIGURE_ARGS
    cts_json_add_string(o, "configure_args", CTS_BUILD_CONFIGURE_ARGS);
#endif
#ifdef CTS_COMPILER
    cts_json_add_string(o, "compiler", CTS_COMPILER);
#endif
#ifdef CTS_SUITE_COMMIT
    cts_json_add_string(o, "suite_commit", CTS_SUITE_COMMIT);
#endif
    return o;
}

static cJSON *names_json(const char *const *names)
{
    cJSON *list = cJSON_CreateArray();
    for (const char *const *n = names; n && *n; n++)
        cJSON_AddItemToArray(list, cts_json_string(*n));
    return list;
}

/* The environment whitelist and what it let through: names only. */
static cJSON *environment_json(const cts_environment *env)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "whitelist", names_json(cts_environment_whitelist()));
    cJSON_AddItemToObject(o, "passed", names_json(env ? (const char *const *)env->passed : NULL));
    cJSON_AddItemToObject(o, "removed", names_json(env ? (const char *const *)env->removed : NULL));
    return o;
}

static cJSON *modes_json(const cts_report *r)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < r->nmodes; i++) {
        const cts_mode_run *m = &r->modes[i];
        cJSON *o = cJSON_CreateObject();
        cts_json_add_string(o, "allocator", m->mode);
        cJSON_AddItemToObject(o, "capabilities",
                              m->have_caps ? cts_caps_to_json(&m->caps) : cJSON_CreateNull());
        cts_json_add_string(o, "error", m->error);
        cJSON_AddItemToObject(o, "summary", counts_json(r, m->mode));
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

/* A record with its case's area, rule and the rule's source. */
static cJSON *case_json(const cts_record *rec)
{
    cJSON *o = cts_record_to_json(rec);
    const cts_case *c = cts_registry_find(rec->id);
    char area[64];
    cts_json_add_string(o, "area", c ? cts_case_area(c, area, sizeof area) : "harness");
    cts_json_add_string(o, "doc", c ? c->doc : NULL);
    cJSON_AddItemToObject(o, "source", c ? cts_source_json(c) : cJSON_CreateNull());
    char where[512];
    cts_json_add_string(o, "file", c ? cts_case_location(c, where, sizeof where) : NULL);
    return o;
}

int cts_report_write_json(const cts_report *r, const char *path, char *err, size_t size)
{
    cJSON *root = cJSON_CreateObject();
    char started[32];
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&r->started));
    cts_json_add_string(root, "schema", "pymem-cts-report/1");
    cts_json_add_string(root, "suite_version", CTS_SUITE_VERSION);
    cts_json_add_string(root, "started", started);
    cJSON_AddNumberToObject(root, "seconds", r->seconds);
    cts_json_add_string(root, "filter", r->filter);
    cJSON_AddItemToObject(root, "build", cts_report_build_json());
    cJSON_AddItemToObject(root, "environment", environment_json(r->environment));
    cJSON_AddItemToObject(root, "runs", modes_json(r));
    cJSON *cases = cJSON_AddArrayToObject(root, "cases");
    for (size_t i = 0; i < r->nrecords; i++)
        cJSON_AddItemToArray(cases, case_json(&r->records[i]));
    cJSON_AddItemToObject(root, "summary", counts_json(r, NULL));
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) {
        snprintf(err, size, "out of memory formatting %s", path);
        return -1;
    }
    size_t len = strlen(text);
    text[len] = '\n';
    int rc = cts_write_atomically(path, text, len + 1, err, size);
    free(text);
    return rc;
}
