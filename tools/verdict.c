/* verdict.c: the certification verdict of one JSON report against the frozen
 * must-pass lists of its suite version, one per profile (mustpass.h), each id
 * of tier "documented" or "reference".
 *
 * Every must-pass id ends one way over the report's allocator modes: it
 * deviates (a run FAILed, XPASSed, CRASHed, TIMEd OUT, ERRORed, or is an XFAIL
 * that no suite waiver gives: a vendor's waiver), is missing (never run), was
 * waived (an XFAIL of a suite waiver), passed (a PASS in some mode), is not
 * applicable (UNSUPPORTED in every mode by its version window or a build
 * option), or was skipped (UNSUPPORTED in every mode for another reason: an
 * API or a start-up the implementation lacks). A profile at a tier (its
 * documented ids; or all its ids) is CONFORMANT when none of them deviates,
 * is missing or was skipped, nor any case on no list deviates, and none was
 * waived; CONFORMANT WITH N WAIVED DEVIATIONS when some were waived. The
 * first line names the strongest profile and tier that holds, or says NOT
 * CONFORMANT; then every profile and tier, each profile's coverage, every
 * deviation, skip and waiver, and a count of the results: the record
 * (ci/certify.sh keeps it as a package's verdict.txt). Then, unless --record,
 * a closing summary for the person who ran it: the first line again, past
 * the details, and what to run next for the must-pass ids that kept a
 * profile from holding. The suite version named is the report's.
 *   pymem-cts-verdict [--record] [--waivers FILE]... REPORT.json [MUSTPASS_DIR]
 * --waivers names the suite's own expectations files; an XFAIL none of them
 * gives is the vendor's. Given neither, the lists and waivers are this
 * suite's own, found relative to the program (data_dir.h), for a report of
 * its version. Exit 0 CONFORMANT (with or without waivers), 1 NOT
 * CONFORMANT, 2 for a missing or malformed input. */
#include "data_dir.h"
#include "protocol.h"
#include "report.h"
#include "report_reader.h"
#include "tool_options.h"
#include "verdict/mustpass.h"
#include "verdict/waivers.h"

#include <getopt.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, const char *path)
{
    fprintf(stderr, "pymem-cts-verdict: %s: %s\n", path, what);
    exit(2);
}

/* How one id ended over every mode, worst first. */
enum { DEVIATES, MISSING, SKIPPED, WAIVED, NOT_APPLICABLE, PASSED, STATE_COUNT };
static const char *const state_names[STATE_COUNT] = {
    "deviating", "missing", "skipped", "waived", "not applicable", "passed",
};

/* Whether an UNSUPPORTED run says the rule does not apply to this build:
 * by the kind of its reason, which the report carries as data (protocol.h),
 * never by the reason's words. A run without a kind is a skip. */
static int applies_not(const cJSON *c)
{
    cts_skip_kind kind;
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "unsupported"));
    return cts_skip_kind_parse(name, &kind) && cts_skip_kind_not_applicable(kind);
}

typedef struct verdict {
    const cJSON *report, *cases;
    const cts_expectations *waivers;
    FILE *lines;       /* the deviations, skips and waivers, in report order */
    int outside;       /* deviating runs of cases on no must-pass list */
    const char **seen; /* the ids whose state is known, and their states */
    int *seen_state;
    const char **seen_why; /* for an id UNSUPPORTED in every mode: the reason */
    size_t nseen;
    int ids[STATE_COUNT]; /* must-pass ids by how they ended, each counted once */
    int need_mode;        /* skipped ids needing an allocator mode the run did not use */
} verdict;

/* Whether this run counts against the verdict; says why on v->lines. */
static int run_deviates(verdict *v, const cJSON *c)
{
    cts_result result = cts_case_result(c);
    if (result == CTS_PASS || result == CTS_UNSUPPORTED)
        return 0;
    if (result == CTS_XFAIL) {
        if (waiver_is_suites(v->waivers, v->report, c))
            return 0;
        fprintf(v->lines, "VENDOR WAIVER [%s] %s: %s (no waiver of the suite gives it)\n",
                cts_case_field(c, "allocator"), cts_case_field(c, "id"),
                cts_case_field(c, "expectation_reason"));
        return 1;
    }
    fprintf(v->lines, "%s [%s] %s: %s\n", cts_result_name(result), cts_case_field(c, "allocator"),
            cts_case_field(c, "id"), cts_case_field(c, "message"));
    return 1;
}

/* How the must-pass id m ended; its skip or waivers go to v->lines. */
static int id_state_now(verdict *v, const mustpass_id *m, const char **why_out)
{
    int runs = 0, bad = 0, passed = 0, waived = 0, na = 1, mode = 0;
    const char *why = "", *waiver = "";
    char modes[256] = "";
    const cJSON *c;
    cJSON_ArrayForEach(c, v->cases)
    {
        if (strcmp(cts_case_field(c, "id"), m->id) != 0)
            continue;
        runs++;
        cts_result result = cts_case_result(c);
        if (run_deviates(v, c))
            bad++;
        else if (result == CTS_XFAIL) {
            size_t n = strlen(modes);
            snprintf(modes + n, sizeof modes - n, "%s%s", n ? "," : "",
                     cts_case_field(c, "allocator"));
            waiver = cts_case_field(c, "expectation_reason");
            waived++;
        } else if (result == CTS_PASS)
            passed++;
        else {
            why = cts_case_field(c, "message");
            na &= applies_not(c);
            cts_skip_kind kind;
            mode |= cts_skip_kind_parse(
                        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "unsupported")),
                        &kind) &&
                    kind == CTS_SKIP_MODE;
        }
    }
    if (bad)
        return DEVIATES;
    if (!runs) {
        fprintf(v->lines, "MISSING %s: on a must-pass list but not run\n", m->id);
        return MISSING;
    }
    if (waived) {
        fprintf(v->lines, "WAIVED [%s] %s (%s): %s\n", modes, m->id, tier_names[m->tier], waiver);
        return WAIVED;
    }
    if (passed)
        return PASSED;
    if (!na) {
        fprintf(v->lines, "SKIPPED %s: UNSUPPORTED in every mode: %s\n", m->id, why);
        v->need_mode += mode;
    }
    *why_out = why;
    return na ? NOT_APPLICABLE : SKIPPED;
}

/* id_state_now, once per id (profiles share ids). */
static int id_state(verdict *v, const mustpass_id *m, const char **why)
{
    for (size_t i = 0; i < v->nseen; i++)
        if (strcmp(v->seen[i], m->id) == 0)
            return *why = v->seen_why[i], v->seen_state[i];
    v->seen = realloc(v->seen, (v->nseen + 1) * sizeof *v->seen);
    v->seen_state = realloc(v->seen_state, (v->nseen + 1) * sizeof *v->seen_state);
    v->seen_why = realloc(v->seen_why, (v->nseen + 1) * sizeof *v->seen_why);
    v->seen[v->nseen] = m->id;
    v->seen_why[v->nseen] = NULL;
    v->seen_state[v->nseen] = id_state_now(v, m, &v->seen_why[v->nseen]);
    v->ids[v->seen_state[v->nseen]]++;
    *why = v->seen_why[v->nseen];
    return v->seen_state[v->nseen++];
}

/* Deviating runs of cases that are on no must-pass list. */
static void count_outside(verdict *v, const profiles *set)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, v->cases)
    {
        if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "id")) ||
            !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "result")))
            die("a case without id or result", "the report");
        if (!profiles_know(set, cts_case_field(c, "id")))
            v->outside += run_deviates(v, c);
    }
}

typedef struct holds {
    int ok;                    /* 0: NOT CONFORMANT */
    int waived;                /* ids waived */
    int faults;                /* ids deviating, missing or skipped, and runs outside */
    int state[NOT_APPLICABLE]; /* ids deviating, missing, skipped, waived */
} holds;

/* Whether profile p holds at tier t, from its ids' states. */
static holds profile_holds(const verdict *v, const profile *p, const int *state, int t)
{
    holds h = {0, 0, v->outside, {0}};
    for (size_t i = 0; i < p->count; i++) {
        if (p->ids[i].tier > t)
            continue;
        h.waived += state[i] == WAIVED;
        h.faults += state[i] <= SKIPPED;
        if (state[i] < NOT_APPLICABLE)
            h.state[state[i]]++;
    }
    h.ok = h.faults == 0;
    return h;
}

static void print_holds(FILE *out, holds h)
{
    if (!h.ok)
        fprintf(out, "NOT CONFORMANT: %d deviating, %d missing, %d skipped, %d outside the lists",
                h.state[DEVIATES], h.state[MISSING], h.state[SKIPPED],
                h.faults - h.state[DEVIATES] - h.state[MISSING] - h.state[SKIPPED]);
    else if (h.waived)
        fprintf(out, "CONFORMANT WITH %d WAIVED DEVIATION%s", h.waived, h.waived == 1 ? "" : "S");
    else
        fprintf(out, "CONFORMANT");
}

/* One line per reason the ids of state s were UNSUPPORTED, with their count:
 * "  skipped 37: needs a fresh process ...", the reason up to its details. */
static void print_reasons(FILE *out, const profile *p, const int *state, const char **why, int s)
{
    int *done = calloc(p->count, sizeof *done);
    for (size_t i = 0; i < p->count; i++) {
        if (state[i] != s || done[i] || !why[i])
            continue;
        size_t len = strcspn(why[i], ";("), n = 0;
        for (size_t j = i; j < p->count; j++) {
            if (state[j] == s && !done[j] && why[j] && strncmp(why[i], why[j], len) == 0 &&
                strcspn(why[j], ";(") == len)
                done[j] = 1, n++;
        }
        fprintf(out, "  %s %zu: %.*s\n", state_names[s], n,
                (int)(len && why[i][len - 1] == ' ' ? len - 1 : len), why[i]);
    }
    free(done);
}

/* "coverage P: N must-pass ids (D documented, R reference): ...", then why
 * the skipped and not applicable ones were UNSUPPORTED. */
static void print_coverage(FILE *out, const profile *p, const int *state, const char **why)
{
    int count[STATE_COUNT] = {0}, documented = 0;
    for (size_t i = 0; i < p->count; i++) {
        count[state[i]]++;
        documented += p->ids[i].tier == TIER_DOCUMENTED;
    }
    fprintf(out, "coverage %s: %zu must-pass ids (%d documented, %zu reference)", p->name, p->count,
            documented, p->count - (size_t)documented);
    for (int s = STATE_COUNT - 1; s >= 0; s--)
        fprintf(out, "%s %d %s", s == STATE_COUNT - 1 ? ":" : ",", count[s], state_names[s]);
    fprintf(out, "\n");
    print_reasons(out, p, state, why, SKIPPED);
    print_reasons(out, p, state, why, NOT_APPLICABLE);
}

static void print_counts(const cJSON *cases)
{
    int runs = 0, passed = 0, waived = 0, unsupported = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases)
    {
        cts_result result = cts_case_result(c);
        runs++;
        passed += result == CTS_PASS;
        waived += result == CTS_XFAIL;
        unsupported += result == CTS_UNSUPPORTED;
    }
    printf("results: %d case runs: %d PASS, %d XFAIL, %d UNSUPPORTED, %d other\n", runs, passed,
           waived, unsupported, runs - passed - waived - unsupported);
}

/* The closing summary: the verdict again, what held a profile or tier back
 * (each id named above), and what to run next for it. */
static void print_next(const verdict *v, int holds, const char *headline, const char *path)
{
    printf("\nverdict: %s", headline);
    int other = v->ids[SKIPPED] - v->need_mode;
    if (!v->ids[DEVIATES] && !v->outside && !v->ids[MISSING] && !v->ids[SKIPPED])
        return;
    printf("what keeps %s from holding (each named above):\n",
           holds ? "the other profiles or tiers" : "every profile");
    if (v->ids[DEVIATES] || v->outside)
        printf("  %d must-pass ids deviating, and %d runs of cases on no list\n", v->ids[DEVIATES],
               v->outside);
    if (v->ids[MISSING])
        printf("  %d must-pass ids missing (not run)\n", v->ids[MISSING]);
    if (v->need_mode)
        printf("  %d must-pass ids skipped: they need an allocator mode this run did not use\n",
               v->need_mode);
    if (other)
        printf("  %d must-pass ids skipped for what this build lacks or the case said\n", other);
    if (!v->ids[DEVIATES] && !v->outside && !v->ids[MISSING] && !v->need_mode)
        return;
    printf("next:\n");
    if (v->need_mode)
        printf("  pymem-cts --allocator all --json %s\n    every allocator mode; then "
               "pymem-cts-verdict on that report again\n",
               path);
    if (v->ids[DEVIATES] || v->outside)
        printf("  pymem-cts --filter ID -v\n    a deviating case alone, each run's output whole\n");
    if (v->ids[MISSING])
        printf("  pymem-cts --json %s\n    every case (no --filter); then the verdict again\n",
               path);
}

static const char usage_line[] =
    "usage: pymem-cts-verdict [--record] [--waivers FILE]... REPORT.json [MUSTPASS_DIR]";
static const char about[] =
    "The certification verdict of one pymem-cts JSON report against a suite version's frozen\n"
    "must-pass lists (MUSTPASS_DIR, a <profile>.txt each) and the suite's own waivers (--waivers,\n"
    "its expectations files: an XFAIL none of them gives is the vendor's waiver).\n"
    "Given neither, this suite's own, found relative to this program (installed:\n"
    "../share/pymem-cts/mustpass/<version>/ and ../share/pymem-cts/expectations/*.json), for a\n"
    "report of this suite's version.\n"
    "It ends with the verdict again and what to run next; --record leaves that out (the\n"
    "record ci/certify.sh keeps as a package's verdict.txt).\n"
    "Exit status: 0 CONFORMANT (with or without waived deviations), 1 NOT CONFORMANT,\n"
    "2 a missing or malformed input.\n";

static void usage(void)
{
    fprintf(stderr, "%s\n", usage_line);
    exit(2);
}

/* This suite's own waivers: every *.json of its expectations directory. */
static void load_default_waivers(cts_expectations *waivers, const char *self)
{
    const char *dir = cts_data_dir(self, "expectations");
    char pattern[4200];
    snprintf(pattern, sizeof pattern, "%s/*.json", dir);
    glob_t found;
    if (glob(pattern, 0, NULL, &found) != 0)
        die("holds no *.json file: give --waivers and MUSTPASS_DIR", dir);
    for (size_t i = 0; i < found.gl_pathc; i++)
        waivers_load(waivers, found.gl_pathv[i]);
    globfree(&found);
}

/* This suite's frozen lists of the report's version, which must be its own
 * (its waivers are the current ones). */
static const char *default_mustpass(const cJSON *report, const char *path, const char *self)
{
    const char *version = cts_case_field(report, "suite_version");
    if (strcmp(version, cts_report_suite_version()) != 0) {
        fprintf(stderr,
                "pymem-cts-verdict: %s: a report of suite %s, this is suite %s: give --waivers "
                "and MUSTPASS_DIR of suite %s\n",
                path, version, cts_report_suite_version(), version);
        exit(2);
    }
    static char dir[4200];
    snprintf(dir, sizeof dir, "%s/%s", cts_data_dir(self, "mustpass"), version);
    return dir;
}

int main(int argc, char **argv)
{
    cJSON_InitHooks(&(cJSON_Hooks){malloc, free});
    cts_tool_answer_help_or_version(argc, argv, "pymem-cts-verdict", usage_line, about);
    const char *self = cts_tool_self(argv[0]);
    static const struct option options[] = {
        {"waivers", required_argument, NULL, 'w'}, {"record", no_argument, NULL, 'r'}, {0}};
    cts_expectations waivers = {0};
    int nwaivers = 0, record = 0;
    for (int o; (o = getopt_long(argc, argv, "", options, NULL)) != -1;) {
        if (o == 'r') {
            record = 1;
            continue;
        }
        if (o != 'w')
            usage();
        waivers_load(&waivers, optarg);
        nwaivers++;
    }
    int defaults = argc - optind == 1 && nwaivers == 0;
    if (argc - optind != 2 && !defaults)
        usage();
    cJSON *report = cts_read_report_or_exit("pymem-cts-verdict", argv[optind]);
    if (defaults)
        load_default_waivers(&waivers, self);
    profiles set = {0};
    profiles_load(&set, defaults ? default_mustpass(report, argv[optind], self) : argv[optind + 1]);
    char *lines = NULL, *table = NULL;
    size_t lines_len = 0, table_len = 0;
    verdict v = {.report = report,
                 .cases = cJSON_GetObjectItemCaseSensitive(report, "cases"),
                 .waivers = &waivers,
                 .lines = open_memstream(&lines, &lines_len)};
    count_outside(&v, &set);
    FILE *t = open_memstream(&table, &table_len);
    const profile *best = NULL;
    int best_tier = 0;
    holds best_holds = {0, 0, 0, {0}};
    for (size_t i = 0; i < set.count; i++) {
        const profile *p = &set.items[i];
        int *state = calloc(p->count, sizeof *state);
        const char **why = calloc(p->count, sizeof *why);
        for (size_t j = 0; j < p->count; j++)
            state[j] = id_state(&v, &p->ids[j], &why[j]);
        for (int tier = TIER_COUNT - 1; tier >= 0; tier--) {
            holds h = profile_holds(&v, p, state, tier);
            fprintf(t, "profile %s, tier %s: ", p->name, tier_names[tier]);
            print_holds(t, h);
            fprintf(t, "\n");
            if (h.ok && !best) {
                best = p, best_tier = tier, best_holds = h;
            }
        }
        print_coverage(t, p, state, why);
        free(state);
        free(why);
    }
    fclose(v.lines);
    fclose(t);
    char *headline = NULL;
    size_t headline_len = 0;
    FILE *h = open_memstream(&headline, &headline_len);
    if (best) {
        print_holds(h, best_holds);
        fprintf(h, ": profile %s (%s) of suite %s, tier %s (%s)\n", best->name, best->about,
                cts_case_field(report, "suite_version"), tier_names[best_tier],
                tier_about[best_tier]);
    } else
        fprintf(h, "NOT CONFORMANT: no profile holds, not even at tier documented\n");
    fclose(h);
    fputs(headline, stdout);
    fputs(table, stdout);
    fputs(lines, stdout);
    print_counts(v.cases);
    if (!record)
        print_next(&v, best != NULL, headline, argv[optind]);
    free(headline);
    free(lines);
    free(table);
    free(v.seen);
    free(v.seen_state);
    free(v.seen_why);
    cts_expectations_free(&waivers);
    cJSON_Delete(report);
    return best ? 0 : 1;
}
