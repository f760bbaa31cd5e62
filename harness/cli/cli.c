/* cli.c: the pymem-cts command line. The same program is the driver a user
 * runs, the per-allocator-mode worker and a fresh case process, whose
 * command lines are protocol.h's, not options of the user's. Its entry point is main.c in the
 * embedding build and host.c in the extension-module build. */
#include "compat.h"

#include "boot.h"
#include "probe.h"
#include "child.h"
#include "cli.h"
#include "driver.h"
#include "explore_command.h"
#include "gate.h"
#include "outputs.h"
#include "protocol.h"
#include "registry.h"
#include "source.h"
#include "worker.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CTS_SUITE_VERSION
#define CTS_SUITE_VERSION "0.0.0"
#endif

/* A macro's value as a string literal: TEXT_OF(CTS_MAX_JOBS) is "64". */
#define TEXT_OF_(x) #x
#define TEXT_OF(x) TEXT_OF_(x)

static const char usage[] =
    "usage: pymem-cts [options]\n"
    "Runs the memory C API conformance cases against the Python build this binary\n"
    "was compiled for. Every case runs isolated in a child process.\n"
    "\n"
    "  --list                 list the cases' ids, one a line, and exit; with -v each\n"
    "                         one's file:line, versions, rule and its source\n"
    "  --filter GLOB[,GLOB]   run only the cases whose id matches a glob; -GLOB excludes\n"
    "  --allocator MODE|all   PYTHONMALLOC mode(s), comma-separated, or every mode the\n"
    "                         build accepts (default: the build's default allocator)\n"
    "  --json FILE            write the JSON report (docs/report-schema.md, installed in\n"
    "                         share/doc/pymem-cts with its JSON Schema)\n"
    "  --junit FILE           write a JUnit XML report\n"
    "  --jobs N               cases run at once (default: the number of CPUs)\n"
    "  --timeout S            seconds a case may run before it is killed (default 30),\n"
    "                         not counting the time it waits for a CPU (killed at 10x\n"
    "                         in wall-clock time whatever it waited); a TIMEOUT is run\n"
    "                         again, alone, before it is reported; the bounded sweeps of\n"
    "                         faults.workloads.* get 4 times S\n"
    "  --expectations FILE    known failures (repeatable); the default directory's *.json\n"
    "                         (installed: ../share/pymem-cts/expectations from this\n"
    "                         program; in its build tree: the source tree's\n"
    "                         conformance/expectations) is always read unless\n"
    "                         --no-default-expectations\n"
    "  --no-default-expectations\n"
    "  --check-expectations   list the expectations entries that match no case (stale);\n"
    "                         exit 1 if there is one\n"
    "  -v, --verbose          a line per case, and the output of failing cases\n"
    "  --explore SEQUENCE     replay a lifecycle explorer sequence (\"initialize,tm_start,\n"
    "                         fork\") alone; when it fails, shorten it and print it as a\n"
    "                         standalone C program\n"
    "  --version, -h/--help\n"
    "Exit status: 0 when no case FAILed, XPASSed, CRASHed, TIMEd OUT or ERRORed;\n"
    "1 when one did; 2 for bad input or an output that cannot be written;\n"
    "128+N when ended by signal N.\n";

enum {
    OPT_LIST = 256,
    OPT_FILTER,
    OPT_ALLOCATOR,
    OPT_JSON,
    OPT_JUNIT,
    OPT_JOBS,
    OPT_TIMEOUT,
    OPT_EXPECT,
    OPT_NO_DEFAULT_EXPECT,
    OPT_CHECK_EXPECT,
    OPT_VERSION,
    OPT_EXPLORE
};

static const struct option long_options[] = {
    {"list", no_argument, NULL, OPT_LIST},
    {"filter", required_argument, NULL, OPT_FILTER},
    {"allocator", required_argument, NULL, OPT_ALLOCATOR},
    {"json", required_argument, NULL, OPT_JSON},
    {"junit", required_argument, NULL, OPT_JUNIT},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"expectations", required_argument, NULL, OPT_EXPECT},
    {"no-default-expectations", no_argument, NULL, OPT_NO_DEFAULT_EXPECT},
    {"check-expectations", no_argument, NULL, OPT_CHECK_EXPECT},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"explore", required_argument, NULL, OPT_EXPLORE},
    {NULL, 0, NULL, 0},
};

static int bad_usage(const char *fmt, const char *arg)
{
    fputs("pymem-cts: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see --help)\n", stderr);
    return 2;
}

static int parse_int(const char *text, int min, int max, int *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v < min || v > max)
        return 0;
    *out = (int)v;
    return 1;
}

static int parse_seconds(const char *text, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (*text == '\0' || *end != '\0' || !(v > 0) || v > 86400)
        return 0;
    *out = v;
    return 1;
}

static int is_supported_mode(const char *mode)
{
    for (const char *const *m = cts_allocator_modes(); *m; m++) {
        if (strcmp(*m, mode) == 0)
            return 1;
    }
    return 0;
}

static void accepted_modes(char *list, size_t size)
{
    *list = '\0';
    for (const char *const *m = cts_allocator_modes(); *m; m++)
        snprintf(list + strlen(list), size - strlen(list), "%s%s", *list ? ", " : "", *m);
}

/* Whether mode cannot follow the n modes before it: empty, not accepted
 * by this build, or named already; the reason in err. */
static int bad_mode(const char *mode, const char **modes, int n, char *err, size_t size)
{
    char list[256];
    if (!*mode) {
        snprintf(err, size, "--allocator has an empty mode (two commas, or one at an end)");
        return 1;
    }
    if (!is_supported_mode(mode)) {
        accepted_modes(list, sizeof list);
        snprintf(err, size,
                 "allocator mode '%.60s' is not accepted by Python %s (it accepts: %s, all)", mode,
                 PY_VERSION, list);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        if (strcmp(modes[i], mode) == 0) {
            snprintf(err, size, "--allocator names mode '%s' twice", mode);
            return 1;
        }
    }
    return 0;
}

/* --allocator: "all", or a comma-separated list of modes this build
 * accepts, each named once. */
static const char **parse_modes(const char *arg, char *err, size_t size)
{
    static const char *const unset[] = {"default", NULL};
    if (!arg)
        return (const char **)unset;
    if (strcmp(arg, "all") == 0)
        return (const char **)cts_allocator_modes();
    char *copy = strdup(arg);
    const char **modes = calloc(strlen(arg) + 2, sizeof *modes);
    int n = 0;
    for (char *tok = copy, *comma = copy; comma; tok = comma + 1) {
        if ((comma = strchr(tok, ',')))
            *comma = '\0';
        if (bad_mode(tok, modes, n, err, size)) {
            free(modes);
            free(copy);
            return NULL;
        }
        modes[n++] = tok;
    }
    return modes;
}

static size_t count_modes(const char *const *modes)
{
    size_t n = 0;
    while (modes[n])
        n++;
    return n;
}

/* Whether some case matches filter; a message when none does. */
static int filter_matches_a_case(const char *filter)
{
    for (size_t i = 0; i < cts_registry_count(); i++) {
        if (cts_filter_matches(filter, cts_registry_at(i)->id))
            return 1;
    }
    fprintf(stderr, "pymem-cts: no case matches --filter '%s' (see --list)\n", filter);
    return 0;
}

/* A case's details for --list -v: id, the file and line that define it,
 * version window, rule and source. */
static void print_case_details(const cts_case *c)
{
    char since[16] = "any", until[16] = "";
    if (c->since)
        cts_format_version(c->since, since, sizeof since);
    if (c->until)
        cts_format_version(c->until, until, sizeof until);
    char source[2048], where[512];
    printf("%-48s %-40s ", c->id, cts_case_location(c, where, sizeof where));
    printf("%s%s%s%s  %s  %s\n", c->since ? ">=" : "", since, c->until ? " <" : "", until, c->doc,
           cts_source_describe(c, source, sizeof source));
}

/* One line a case: its id alone, or with verbose its details. */
static void list_cases(const char *filter, int verbose)
{
    for (size_t i = 0; i < cts_registry_count(); i++) {
        const cts_case *c = cts_registry_at(i);
        if (!cts_filter_matches(filter, c->id))
            continue;
        if (verbose)
            print_case_details(c);
        else
            printf("%s\n", c->id);
    }
}

/* The driver's sanity check that the build under test is still there. */
static int check_build_present(void)
{
#ifdef CTS_BUILD_TREE
    struct stat st;
    if (stat(CTS_BUILD_TREE "/pybuilddir.txt", &st) != 0) {
        fprintf(stderr,
                "pymem-cts: the Python build tree this suite was compiled for is missing: %s "
                "(no pybuilddir.txt; reconfigure with -DPython3_EXECUTABLE=...)\n",
                CTS_BUILD_TREE);
        return 0;
    }
#elif defined(CTS_BUILD_PREFIX)
    struct stat st;
    if (stat(CTS_BUILD_PREFIX, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "pymem-cts: the Python build this suite was compiled for is missing: %s "
                "(reconfigure with -DPython3_EXECUTABLE=...)\n",
                CTS_BUILD_PREFIX);
        return 0;
    }
#endif
    cts_use_build_home();
    return 1;
}

/* What a user asked for, beside the run's options. */
typedef struct user_command {
    int help, version, list, check_expectations;
    const char *allocator;
    const char *explore; /* --explore SEQUENCE */
    int streams_ok;      /* stdout was open */
} user_command;

static int error_line(const char *err)
{
    fprintf(stderr, "pymem-cts: %s\n", err);
    return 2;
}

/* Every report path checked and resolved (outputs.h), before any case runs. */
static int check_reports(cts_options *opt, char *err, size_t size)
{
    if (opt->json && !(opt->json = cts_report_target("--json", opt->json, err, size)))
        return -1;
    if (opt->junit && !(opt->junit = cts_report_target("--junit", opt->junit, err, size)))
        return -1;
    if (opt->json && opt->junit && cts_same_target(opt->json, opt->junit)) {
        snprintf(err, size, "--json and --junit name the same file, %s: each report needs its own",
                 opt->json);
        return -1;
    }
    return 0;
}

static int run_user_command(cts_options *opt, const user_command *cmd)
{
    char err[8192];
    if (!cmd->streams_ok)
        return error_line("stdout is closed: the results would be lost (redirect it to a "
                          "file, or to /dev/null)");
    if (cmd->help) {
        fputs(usage, stdout);
        return 0;
    }
    if (cmd->version) {
        printf("pymem-cts %s (Python %s headers)\n", CTS_SUITE_VERSION, PY_VERSION);
        return 0;
    }
    if (cmd->explore)
        return cts_explore_command(cmd->explore);
    if (!filter_matches_a_case(opt->filter))
        return 2;
    if (cmd->list) {
        list_cases(opt->filter, opt->verbose);
        return 0;
    }
    if (cmd->check_expectations)
        return cts_check_expectations(opt);
    const char **modes = parse_modes(cmd->allocator, err, sizeof err);
    if (!modes)
        return error_line(err);
    opt->explicit_default = cmd->allocator != NULL;
    opt->all_modes = count_modes(modes) == count_modes((const char **)cts_allocator_modes());
    cts_environment_restrict(&opt->environment);
    if (!check_build_present())
        return 2;
    if (check_reports(opt, err, sizeof err) != 0)
        return error_line(err);
    return cts_driver_main(opt, modes);
}

/* rc, or 2 when the console output could not be written. */
static int console_result(int rc)
{
    char err[256];
    return cts_stdout_result(err, sizeof err) == 0 ? rc : error_line(err);
}

/* The long name of option code c. */
static const char *option_name(int c)
{
    const struct option *o = long_options;
    while (o->name && o->val != c)
        o++;
    return o->name ? o->name : "?";
}

/* Reads the user's command line into opt and cmd; -1 when it is good,
 * else the exit status of its one-line error. An option that sets one
 * value (--filter, --json...) given twice is an error: the first would be
 * lost. */
static int parse_options(int argc, char **argv, cts_options *opt, user_command *cmd)
{
    int c;
    unsigned char given[OPT_TIMEOUT - OPT_FILTER + 1] = {0};
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":vh", long_options, NULL)) != -1) {
        if (c >= OPT_FILTER && c <= OPT_TIMEOUT && given[c - OPT_FILTER]++)
            return bad_usage("--%s is given twice: give it once (--filter and --allocator take "
                             "a comma-separated list)",
                             option_name(c));
        switch (c) {
        case OPT_LIST: cmd->list = 1; break;
        case OPT_FILTER: opt->filter = optarg; break;
        case OPT_ALLOCATOR: cmd->allocator = optarg; break;
        case OPT_JSON: opt->json = optarg; break;
        case OPT_JUNIT: opt->junit = optarg; break;
        case OPT_JOBS:
            if (!parse_int(optarg, 1, CTS_MAX_JOBS, &opt->jobs))
                return bad_usage(
                    "--jobs takes a whole number from 1 to " TEXT_OF(CTS_MAX_JOBS) ", not '%s'",
                    optarg);
            break;
        case OPT_TIMEOUT:
            if (!parse_seconds(optarg, &opt->timeout))
                return bad_usage("--timeout takes seconds greater than 0, not '%s'", optarg);
            break;
        case OPT_EXPECT: opt->expectations[opt->nexpectations++] = optarg; break;
        case OPT_NO_DEFAULT_EXPECT: opt->no_default_expectations = 1; break;
        case OPT_CHECK_EXPECT: cmd->check_expectations = 1; break;
        case 'v': opt->verbose = 1; break;
        case 'h': cmd->help = 1; break;
        case OPT_VERSION: cmd->version = 1; break;
        case OPT_EXPLORE: cmd->explore = optarg; break;
        case ':': return bad_usage("option '%s' needs a value", argv[optind - 1]);
        default: return bad_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return bad_usage("unexpected argument '%s'", argv[optind]);
    return -1;
}

/* A worker or a fresh child, started by the driver or a worker with the
 * command line protocol.h defines. */
static int run_internal(cts_process process, int argc, char **argv, const char *self_exe)
{
    if (process == CTS_PROCESS_CHILD) {
        cts_child_args child;
        const char *error = cts_child_args_parse(argc, argv, &child);
        if (error)
            return bad_usage("%s", error);
        return cts_child_main(child.id, child.msg_fd);
    }
    cts_worker_args worker;
    const char *error = cts_worker_args_parse(argc, argv, &worker);
    if (error)
        return bad_usage("%s", error);
    cts_run_options run = {.filter = worker.filter,
                           .jobs = worker.jobs,
                           .timeout = worker.timeout,
                           .self_exe = self_exe,
                           .private_fd = worker.record_fd,
                           .skip_once = worker.once_ran};
    return cts_worker_main(&run, worker.record_fd);
}

int cts_main(int argc, char **argv, const char *self_exe, const char *expectations_dir)
{
    cJSON_InitHooks(&(cJSON_Hooks){malloc, free}); /* never the allocators under test */
    const char *problem = cts_registry_check();
    if (problem) {
        fprintf(stderr, "pymem-cts: internal error: %s\n", problem);
        return 2;
    }
    cts_process process = cts_process_of(argc, argv);
    if (process != CTS_PROCESS_DRIVER)
        return run_internal(process, argc, argv, self_exe);
    cts_options opt = {.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN),
                       .timeout = 30,
                       .self_exe = self_exe,
                       .default_expectations_dir = expectations_dir,
                       .expectations = calloc((size_t)argc, sizeof *opt.expectations)};
    user_command cmd = {.streams_ok = cts_stdout_was_open()};
    if (!opt.expectations) {
        fputs("pymem-cts: out of memory\n", stderr);
        return 2;
    }
    int rc = parse_options(argc, argv, &opt, &cmd);
    if (rc >= 0)
        return rc;
    return console_result(run_user_command(&opt, &cmd));
}
