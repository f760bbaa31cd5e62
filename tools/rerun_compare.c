/* rerun_compare.c: compares a package's report with a re-run of some of its
 * cases on a build the verifier names: every (case, allocator mode) of the
 * re-run must have ended as the package says, and, with SAMPLE (a file of
 * the ids the re-run was asked for, one a line), every run the package
 * holds of those ids must be in the re-run. Prints one line per difference.
 *   pymem-cts-compare PACKAGE_REPORT.json RERUN_REPORT.json [SAMPLE]
 *   pymem-cts-compare --ids REPORT.json
 *   pymem-cts-compare --suite-version REPORT.json
 * --ids prints the report's distinct case ids, sorted, one a line, from its
 * parsed content (never its text layout; exit 1 for an id no case can
 * have, of other bytes than letters, digits, '_' and '.'); --suite-version its
 * "suite_version". Both exit 1 when the report is not in the suite's own
 * layout (as cJSON_Print writes it, report_json.c): a package's results are
 * the suite's file as it wrote it. Exit 0 when they agree on every re-run
 * case, 1 when one differs or the re-run holds none, 2 for a missing or
 * malformed report or bad arguments. */
#include "buffer.h"
#include "io.h"
#include "report_reader.h"
#include "strmap.h"
#include "tool_options.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *program = "pymem-cts-compare";

/* What a case id is made of: C identifiers joined by dots. */
#define CASE_ID_BYTES "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_."

/* "id\nmode": the key of a case run. */
static char *run_key(const cJSON *c)
{
    char *key;
    if (asprintf(&key, "%s\n%s", cts_case_field(c, "id"), cts_case_field(c, "allocator")) < 0)
        cts_realloc_or_exit(NULL, SIZE_MAX, 2); /* says out of memory, exits */
    return key;
}

/* The case runs of cases by run_key; the keys in *keys, to free. */
static void index_runs(const cJSON *cases, cts_strmap *map, char ***keys, size_t *n)
{
    const cJSON *c;
    *n = 0;
    *keys = cts_realloc_or_exit(NULL, (size_t)cJSON_GetArraySize(cases) + 1, sizeof **keys);
    cJSON_ArrayForEach(c, cases)
    {
        (*keys)[*n] = run_key(c);
        cts_strmap_put(map, (*keys)[(*n)++], (void *)c);
    }
}

/* The lines of path as a set (the map borrows the text, returned). */
static char *read_lines(const char *path, cts_strmap *set)
{
    char err[256];
    size_t len;
    char *text = cts_read_whole_file(path, &len, err, sizeof err);
    if (!text) {
        fprintf(stderr, "%s: %s: %s\n", program, path, err);
        exit(2);
    }
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
        cts_strmap_put(set, line, line);
    return text;
}

static int compare(const char *package_path, const char *rerun_path, const char *sample_path)
{
    cJSON *package = cts_read_report_or_exit(program, package_path),
          *rerun = cts_read_report_or_exit(program, rerun_path);
    const cJSON *c, *pcases = cJSON_GetObjectItemCaseSensitive(package, "cases");
    cts_strmap was = {0}, now = {0}, sample = {0};
    char **pkeys, **rkeys;
    size_t np, nr;
    index_runs(pcases, &was, &pkeys, &np);
    index_runs(cJSON_GetObjectItemCaseSensitive(rerun, "cases"), &now, &rkeys, &nr);
    int differ = 0;
    for (size_t i = 0; i < nr; i++) {
        const cJSON *r = cts_strmap_get(&now, rkeys[i]), *p = cts_strmap_get(&was, rkeys[i]);
        const char *then = p ? cts_case_field(p, "result") : NULL;
        if (!then || strcmp(then, cts_case_field(r, "result")) != 0) {
            printf("RERUN MISMATCH [%s] %s: the package says %s, the build gives %s\n",
                   cts_case_field(r, "allocator"), cts_case_field(r, "id"), then ? then : "nothing",
                   cts_case_field(r, "result"));
            differ++;
        }
    }
    char *lines = sample_path ? read_lines(sample_path, &sample) : NULL;
    const cJSON *sampled = sample_path ? pcases : NULL;
    cJSON_ArrayForEach(c, sampled)
    {
        char *key = run_key(c);
        if (cts_strmap_get(&sample, cts_case_field(c, "id")) && !cts_strmap_get(&now, key)) {
            printf("RERUN MISMATCH [%s] %s: the package says %s, the re-run did not run it\n",
                   cts_case_field(c, "allocator"), cts_case_field(c, "id"),
                   cts_case_field(c, "result"));
            differ++;
        }
        free(key);
    }
    if (!nr)
        printf("RERUN MISMATCH: the re-run ran no case\n");
    for (size_t i = 0; i < np; i++)
        free(pkeys[i]);
    for (size_t i = 0; i < nr; i++)
        free(rkeys[i]);
    free(pkeys);
    free(rkeys);
    free(lines);
    cts_strmap_free(&was);
    cts_strmap_free(&now);
    cts_strmap_free(&sample);
    cJSON_Delete(package);
    cJSON_Delete(rerun);
    return differ || !nr ? 1 : 0;
}

/* Whether the file at path is the report exactly as the suite writes it. */
static int in_suite_layout(const char *path, const cJSON *report)
{
    char err[256];
    size_t len;
    char *text = cts_read_whole_file(path, &len, err, sizeof err);
    char *printed = cJSON_Print(report);
    size_t n = printed ? strlen(printed) : 0;
    int same = text && printed && len == n + 1 && memcmp(text, printed, n) == 0 && text[n] == '\n';
    free(text);
    free(printed);
    return same;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* --ids or --suite-version. */
static int describe(const char *what, const char *path)
{
    cJSON *report = cts_read_report_or_exit(program, path);
    if (!in_suite_layout(path, report)) {
        printf("%s is not in the layout the suite writes its reports in\n", path);
        cJSON_Delete(report);
        return 1;
    }
    const cJSON *c, *cases = cJSON_GetObjectItemCaseSensitive(report, "cases");
    if (strcmp(what, "--suite-version") == 0)
        printf("%s\n", cts_case_field(report, "suite_version"));
    else {
        size_t n = 0;
        const char **ids =
            cts_realloc_or_exit(NULL, (size_t)cJSON_GetArraySize(cases) + 1, sizeof *ids);
        cJSON_ArrayForEach(c, cases)
        {
            const char *id = cts_case_field(c, "id");
            if (!*id || id[strspn(id, CASE_ID_BYTES)]) { /* no filter could name it */
                printf("%s holds a case id of other characters than %s\n", path, CASE_ID_BYTES);
                free(ids);
                cJSON_Delete(report);
                return 1;
            }
            ids[n++] = id;
        }
        qsort(ids, n, sizeof *ids, by_string);
        for (size_t i = 0; i < n; i++)
            if (i == 0 || strcmp(ids[i - 1], ids[i]) != 0)
                printf("%s\n", ids[i]);
        free(ids);
    }
    cJSON_Delete(report);
    return 0;
}

static const char usage_line[] =
    "usage: pymem-cts-compare PACKAGE_REPORT.json RERUN_REPORT.json [SAMPLE] | "
    "--ids REPORT.json | --suite-version REPORT.json";
static const char about[] =
    "Compares a certification package's report with a re-run of some of its cases (SAMPLE: a\n"
    "file of their ids, else all): every run of a re-run id must have the package's result\n"
    "(ci/certify.sh verify --rerun). --ids and --suite-version print a report's case ids or\n"
    "suite version from its parsed content, refusing one not in the suite's own layout.\n"
    "Exit status: 0 the same, 1 a difference or a report not in the suite's layout, 2 a\n"
    "missing or malformed report.\n";

int main(int argc, char **argv)
{
    cJSON_InitHooks(&(cJSON_Hooks){malloc, free});
    cts_tool_answer_help_or_version(argc, argv, "pymem-cts-compare", usage_line, about);
    if (argc == 3 && (strcmp(argv[1], "--ids") == 0 || strcmp(argv[1], "--suite-version") == 0))
        return describe(argv[1], argv[2]);
    if ((argc != 3 && argc != 4) || argv[1][0] == '-') {
        fprintf(stderr, "%s\n", usage_line);
        return 2;
    }
    return compare(argv[1], argv[2], argc == 4 ? argv[3] : NULL);
}
