/* summary.c: the run's closing summary. After the table of counts it names
 * each failing case run (the results that make the exit status 1) with its
 * allocator mode, says when the run was a subset because the suite ran as an
 * extension module inside the interpreter (host mode), and then what to run
 * next: -v for the reasons behind XFAIL and UNSUPPORTED, the modes not run,
 * the reports not asked for, the project's own tests. */
#include "summary.h"

#include <stdio.h>
#include <string.h>

/* The user's PYTHON* variables the Python under test did not see, if any
 * (the JSON report lists every variable removed). */
static void print_removed_environment(const cts_environment *env)
{
    int shown = 0;
    for (char **name = env && env->removed ? env->removed : NULL; name && *name; name++) {
        if (strncmp(*name, "PYTHON", 6) != 0)
            continue;
        printf("%s %s", shown++ ? "" : "not passed to the Python under test:", *name);
    }
    if (shown)
        printf("\n");
}

static void print_counts(const cts_report *r)
{
    printf("%-16s", "allocator");
    for (int i = 0; i < CTS_RESULT_COUNT; i++)
        printf(" %*s", i == CTS_UNSUPPORTED ? 11 : 7, cts_result_name((cts_result)i));
    printf("\n");
    for (size_t k = 0; k <= r->nmodes; k++) {
        size_t counts[CTS_RESULT_COUNT];
        const char *mode = k < r->nmodes ? r->modes[k].mode : NULL;
        if (!mode && r->nmodes == 1)
            break;
        cts_report_count(r, mode, counts);
        printf("%-16s", mode ? mode : "total");
        for (int i = 0; i < CTS_RESULT_COUNT; i++)
            printf(" %*zu", i == CTS_UNSUPPORTED ? 11 : 7, counts[i]);
        printf("\n");
    }
}

/* Every case run whose result fails the run, one a line: result, mode, id. */
static void print_failing(const cts_report *r)
{
    size_t failing = 0;
    for (size_t i = 0; i < r->nrecords; i++)
        failing += cts_result_is_bad(r->records[i].result) != 0;
    if (!failing)
        return;
    printf("failing: %zu case run%s\n", failing, failing == 1 ? "" : "s");
    for (size_t i = 0; i < r->nrecords; i++) {
        const cts_record *rec = &r->records[i];
        if (cts_result_is_bad(rec->result))
            printf("  %-8s [%s] %s\n", cts_result_name(rec->result), rec->allocator, rec->id);
    }
}

static size_t count_skips(const cts_report *r, cts_skip_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nrecords; i++)
        n += r->records[i].result == CTS_UNSUPPORTED && r->records[i].skip == kind;
    return n;
}

/* In host mode (an extension module inside a running interpreter: PyPy, or
 * a pip-installed package) the cases that need a fresh interpreter start
 * cannot run: the run is a subset, and says so. */
static void print_host_subset(const cts_report *r)
{
    if (!r->nmodes || !r->modes[0].have_caps || !r->modes[0].caps.extension_host)
        return;
    printf("host mode: this run is a subset: the suite runs as an extension module inside the "
           "interpreter, which cannot start a fresh one; %zu of %zu case runs are UNSUPPORTED "
           "for that",
           count_skips(r, CTS_SKIP_HOST), r->nrecords);
    size_t lacking = count_skips(r, CTS_SKIP_IMPLEMENTATION);
    if (lacking)
        printf(", %zu for an API or module %s lacks", lacking, r->modes[0].caps.implementation);
    printf("\n");
}

static void print_next_steps(const cts_report *r, const cts_options *opt)
{
    size_t counts[CTS_RESULT_COUNT];
    cts_report_count(r, NULL, counts);
    printf("next:\n");
    if (!opt->verbose)
        printf("  %-26s a line per case run, with the reasons of the %zu XFAIL and %zu "
               "UNSUPPORTED\n",
               "-v", counts[CTS_XFAIL], counts[CTS_UNSUPPORTED]);
    if (!opt->all_modes)
        printf("  %-26s every PYTHONMALLOC mode this build accepts, not only %s\n",
               "--allocator all", r->nmodes == 1 ? r->modes[0].mode : "these");
    if (!opt->json && !opt->junit)
        printf("  %-26s the reports for tools and CI (docs/report-schema.md; JUnit XML)\n",
               "--json FILE, --junit FILE");
    else if (!opt->json || !opt->junit)
        printf("  %-26s the %s report too\n", opt->json ? "--junit FILE" : "--json FILE",
               opt->json ? "JUnit XML" : "JSON (docs/report-schema.md)");
    printf("  %-26s in a checkout: the project's own tests (ctest)\n", "ci/test.sh");
}

void cts_print_summary(const cts_report *r, const cts_options *opt)
{
    const cts_mode_run *first = r->nmodes ? &r->modes[0] : NULL;
    printf("\npymem-cts: %s %s, %zu allocator mode%s\n",
           first && first->have_caps ? first->caps.implementation : "python",
           first && first->have_caps ? first->caps.version : "?", r->nmodes,
           r->nmodes == 1 ? "" : "s");
    print_removed_environment(r->environment);
    print_counts(r);
    printf("%zu case runs in %.2f s (%.1f cases/s)\n", r->nrecords, r->seconds,
           r->seconds > 0 ? (double)r->nrecords / r->seconds : 0.0);
    print_failing(r);
    print_host_subset(r);
    print_next_steps(r, opt);
}
