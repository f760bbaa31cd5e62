/* verdict.c: the certification verdict of one JSON report against a frozen
 * must-pass list. CONFORMANT when the run has no FAIL, XPASS, CRASH, TIMEOUT
 * or ERROR and every must-pass id was run and ended PASS, UNSUPPORTED or a
 * waived XFAIL (an expectations entry with its reason); otherwise NOT
 * CONFORMANT, with every deviation named, one per line. Either way every
 * waived XFAIL follows with its reason ("WAIVED ..."), then a count of the
 * results, so a CONFORMANT package still says what it did not show.
 *   pymem-cts-verdict REPORT.json MUSTPASS.txt
 * Prints the verdict (first line) and the deviations; exit 0 CONFORMANT,
 * 1 NOT CONFORMANT, 2 for a missing or malformed input. */
#include "report_file.h"

static void die(const char *what, const char *path)
{
    fprintf(stderr, "pymem-cts-verdict: %s: %s\n", path, what);
    exit(2);
}

static int ran_well(const char *result)
{
    return !strcmp(result, "PASS") || !strcmp(result, "UNSUPPORTED") || !strcmp(result, "XFAIL");
}

int main(int argc, char **argv)
{
    cJSON_InitHooks(&(cJSON_Hooks){malloc, free});
    if (argc != 3) {
        fprintf(stderr, "usage: pymem-cts-verdict REPORT.json MUSTPASS.txt\n");
        return 2;
    }
    cJSON *report = read_report(argv[1]);
    cJSON *cases = cJSON_GetObjectItem(report, "cases");
    int deviations = 0, passed = 0, waived = 0, unsupported = 0, runs = 0;
    char *out = NULL, *waivers = NULL;
    size_t out_len = 0, waivers_len = 0;
    FILE *msg = open_memstream(&out, &out_len);
    FILE *waiver_msg = open_memstream(&waivers, &waivers_len);
    cJSON *c;
    cJSON_ArrayForEach(c, cases)
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(c, "id"));
        const char *result = cJSON_GetStringValue(cJSON_GetObjectItem(c, "result"));
        const char *mode = cJSON_GetStringValue(cJSON_GetObjectItem(c, "allocator"));
        const char *why = cJSON_GetStringValue(cJSON_GetObjectItem(c, "message"));
        if (!id || !result)
            die("a case without id or result", argv[1]);
        runs++;
        passed += !strcmp(result, "PASS");
        unsupported += !strcmp(result, "UNSUPPORTED");
        if (!strcmp(result, "XFAIL")) {
            const char *reason = cJSON_GetStringValue(cJSON_GetObjectItem(c, "expectation_reason"));
            fprintf(waiver_msg, "WAIVED [%s] %s: %s\n", mode ? mode : "?", id,
                    reason ? reason : "(no reason)");
            waived++;
        }
        if (!ran_well(result)) {
            fprintf(msg, "%s [%s] %s: %s\n", result, mode ? mode : "?", id, why ? why : "");
            deviations++;
        }
    }
    char *list = read_whole_file(argv[2]);
    int listed = 0;
    for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !line[0])
            continue;
        listed++;
        int seen = 0;
        cJSON_ArrayForEach(c, cases) seen |=
            strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")), line) == 0;
        if (!seen) {
            fprintf(msg, "MISSING %s: on the must-pass list but not run\n", line);
            deviations++;
        }
    }
    free(list);
    if (listed == 0)
        die("the must-pass list is empty", argv[2]);
    fclose(msg);
    fclose(waiver_msg);
    if (deviations == 0)
        printf("CONFORMANT\n");
    else
        printf("NOT CONFORMANT: %d deviation%s\n%s", deviations, deviations == 1 ? "" : "s", out);
    printf("%sresults: %d case runs: %d PASS, %d waived XFAIL, %d UNSUPPORTED, %d other\n", waivers,
           runs, passed, waived, unsupported, runs - passed - waived - unsupported);
    free(out);
    free(waivers);
    cJSON_Delete(report);
    return deviations ? 1 : 0;
}
