/* check_report.c: verifies a pymem-cts JSON report.
 *
 *   check_report REPORT [--by-name] [--console FILE] [--expect ID=RESULT]...
 *
 * It checks that the report parses and has the documented shape; with
 * --by-name, that each case whose id holds ".expect_<result>." got that
 * result; with --console, that the console summary table shows the same
 * counts as the report; with --expect, that the named case got RESULT. */
#include "io.h"
#include "json_strict.h"
#include "result.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void fail(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "check_report: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    failures++;
}

static char *slurp(const char *path)
{
    char err[64];
    size_t len;
    return cts_read_whole_file(path, &len, err, sizeof err);
}

static const char *str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void check_shape(const cJSON *root)
{
    const char *schema = str(root, "schema");
    if (!schema || strcmp(schema, "pymem-cts-report/1") != 0)
        fail("schema is '%s'%s", schema ? schema : "(missing)", "");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "cases"))
    {
        const char *id = str(c, "id"), *result = str(c, "result");
        cts_result parsed;
        int known = result && cts_result_parse(result, &parsed);
        if (!id || !str(c, "allocator") || !known)
            fail("a case entry lacks id, allocator or a known result (%s)%s", id ? id : "?", "");
        else if (strcmp(result, "PASS") != 0 && !str(c, "message") && !str(c, "expectation_reason"))
            fail("case %s is %s without a message", id, result);
    }
}

static void check_by_name(const cJSON *root)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "cases"))
    {
        const char *id = str(c, "id"), *got = str(c, "result");
        const char *mark = id ? strstr(id, ".expect_") : NULL;
        if (!mark || !got)
            continue;
        char want[32];
        size_t n = 0;
        for (const char *p = mark + 8; *p && *p != '.' && n < sizeof want - 1; p++)
            want[n++] = (char)toupper((unsigned char)*p);
        want[n] = '\0';
        if (strcmp(want, got) != 0)
            fail("%s: got %s", id, got);
    }
}

static void check_expect(const cJSON *root, const char *pair)
{
    char id[256];
    const char *eq = strchr(pair, '=');
    if (!eq || (size_t)(eq - pair) >= sizeof id) {
        fail("bad --expect '%s'%s", pair, "");
        return;
    }
    snprintf(id, sizeof id, "%.*s", (int)(eq - pair), pair);
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "cases"))
    {
        const char *cid = str(c, "id"), *got = str(c, "result");
        if (cid && strcmp(cid, id) == 0) {
            if (!got || strcmp(got, eq + 1) != 0)
                fail("%s: got %s", id, got ? got : "?");
            return;
        }
    }
    fail("%s: not in the report%s", id, "");
}

/* The console row of a mode: "<mode> n n n n n n n n". */
static void check_console(const cJSON *root, const char *path)
{
    char *text = slurp(path);
    if (!text) {
        fail("cannot read %s%s", path, "");
        return;
    }
    const cJSON *run;
    cJSON_ArrayForEach(run, cJSON_GetObjectItemCaseSensitive(root, "runs"))
    {
        const char *mode = str(run, "allocator");
        const cJSON *summary = cJSON_GetObjectItemCaseSensitive(run, "summary");
        char row[512] = "", *line;
        int n = snprintf(row, sizeof row, "%-16s", mode ? mode : "?");
        for (int i = 0; i < CTS_RESULT_COUNT; i++) {
            const cJSON *v =
                cJSON_GetObjectItemCaseSensitive(summary, cts_result_name((cts_result)i));
            n += snprintf(row + n, sizeof row - (size_t)n, " %*d", i == 4 ? 11 : 7,
                          cJSON_IsNumber(v) ? v->valueint : -1);
        }
        line = strstr(text, row);
        if (!line || (line != text && line[-1] != '\n'))
            fail("console has no summary row '%s' in %s", row, path);
    }
    free(text);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: check_report REPORT [--by-name] [--console FILE] [--expect ID=RESULT]...\n",
              stderr);
        return 2;
    }
    char why[256];
    cJSON *root = cts_json_read_strict(argv[1], why, sizeof why); /* as the tools read it */
    if (!root) {
        fprintf(stderr, "check_report: %s: %s\n", argv[1], why);
        return 2;
    }
    check_shape(root);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--by-name") == 0)
            check_by_name(root);
        else if (strcmp(argv[i], "--console") == 0 && i + 1 < argc)
            check_console(root, argv[++i]);
        else if (strcmp(argv[i], "--expect") == 0 && i + 1 < argc)
            check_expect(root, argv[++i]);
        else
            fail("unknown argument '%s'%s", argv[i], "");
    }
    int total = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "cases"));
    cJSON_Delete(root);
    if (failures)
        return 1;
    printf("check_report: %s is consistent (%d case results)\n", argv[1], total);
    return 0;
}
