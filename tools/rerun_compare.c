/* rerun_compare.c: compares a package's report with a re-run of some of its
 * cases on the build it names: every (case, allocator mode) of the re-run
 * must have ended as the package says. Prints one line per difference.
 *   pymem-cts-compare PACKAGE_REPORT.json RERUN_REPORT.json
 * Exit 0 when they agree on every re-run case, 1 when one differs or the
 * re-run holds none, 2 for a missing or malformed report. */
#include "report_reader.h"

#include <stdio.h>
#include <string.h>

/* The package's result of id under mode, or NULL. */
static const char *result_of(const cJSON *cases, const char *id, const char *mode)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cases)
    {
        if (!strcmp(cts_case_field(c, "id"), id) && !strcmp(cts_case_field(c, "allocator"), mode))
            return cts_case_field(c, "result");
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: pymem-cts-compare PACKAGE_REPORT.json RERUN_REPORT.json\n");
        return 2;
    }
    cJSON *package = cts_read_report_or_exit("pymem-cts-compare", argv[1]),
          *rerun = cts_read_report_or_exit("pymem-cts-compare", argv[2]);
    const cJSON *c, *pcases = cJSON_GetObjectItemCaseSensitive(package, "cases");
    int compared = 0, differ = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(rerun, "cases"))
    {
        const char *id = cts_case_field(c, "id"), *mode = cts_case_field(c, "allocator");
        const char *was = result_of(pcases, id, mode), *now = cts_case_field(c, "result");
        compared++;
        if (!was || strcmp(was, now) != 0) {
            printf("RERUN MISMATCH [%s] %s: the package says %s, the build gives %s\n", mode, id,
                   was ? was : "nothing", now);
            differ++;
        }
    }
    if (!compared)
        printf("RERUN MISMATCH: the re-run ran no case\n");
    cJSON_Delete(package);
    cJSON_Delete(rerun);
    return differ || !compared ? 1 : 0;
}
