/* protocol.c: the command lines of a worker and a fresh child, both ends,
 * and the names of the kinds of UNSUPPORTED (protocol.h). */
#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARG_RECORD_FD "--record-fd"
#define ARG_JOBS "--jobs"
#define ARG_TIMEOUT "--timeout"
#define ARG_FILTER "--filter"
#define ARG_MSG_FD "--msg-fd"
#define ARG_ONCE_RAN "--once-ran"

void cts_worker_argv(cts_argv *out, const char *exe, const cts_worker_args *a)
{
    snprintf(out->text[0], sizeof out->text[0], "%d", a->record_fd);
    snprintf(out->text[1], sizeof out->text[1], "%d", a->jobs);
    snprintf(out->text[2], sizeof out->text[2], "%g", a->timeout);
    snprintf(out->text[3], sizeof out->text[3], "%d", a->once_ran ? 1 : 0);
    char *argv[] = {(char *)exe,   CTS_ARG_WORKER,
                    ARG_RECORD_FD, out->text[0],
                    ARG_JOBS,      out->text[1],
                    ARG_TIMEOUT,   out->text[2],
                    ARG_FILTER,    (char *)(a->filter ? a->filter : ""),
                    ARG_ONCE_RAN,  out->text[3],
                    NULL};
    memcpy(out->argv, argv, sizeof argv);
}

void cts_child_argv(cts_argv *out, const char *exe, const cts_child_args *a)
{
    snprintf(out->text[0], sizeof out->text[0], "%d", a->msg_fd);
    char *argv[] = {(char *)exe, CTS_ARG_CHILD, (char *)a->id, ARG_MSG_FD, out->text[0], NULL};
    memcpy(out->argv, argv, sizeof argv);
}

cts_process cts_process_of(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], CTS_ARG_WORKER) == 0)
        return CTS_PROCESS_WORKER;
    if (argc > 1 && strcmp(argv[1], CTS_ARG_CHILD) == 0)
        return CTS_PROCESS_CHILD;
    return CTS_PROCESS_DRIVER;
}

static int read_int(const char *text, int min, int max, int *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v < min || v > max)
        return 0;
    *out = (int)v;
    return 1;
}

static int read_seconds(const char *text, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (*text == '\0' || *end != '\0' || !(v > 0) || v > 86400)
        return 0;
    *out = v;
    return 1;
}

/* Whether argv[i] is the option name, followed by a value. */
static int option_at(int argc, char **argv, int i, const char *name)
{
    return i + 1 < argc && strcmp(argv[i], name) == 0;
}

const char *cts_worker_args_parse(int argc, char **argv, cts_worker_args *a)
{
    if (argc != 12 || !option_at(argc, argv, 2, ARG_RECORD_FD) ||
        !option_at(argc, argv, 4, ARG_JOBS) || !option_at(argc, argv, 6, ARG_TIMEOUT) ||
        !option_at(argc, argv, 8, ARG_FILTER) || !option_at(argc, argv, 10, ARG_ONCE_RAN))
        return "a worker's command line is " CTS_ARG_WORKER " " ARG_RECORD_FD " FD " ARG_JOBS
               " N " ARG_TIMEOUT " SECONDS " ARG_FILTER " GLOBS " ARG_ONCE_RAN
               " 0|1 (the driver starts workers)";
    if (!read_int(argv[3], 0, 1023, &a->record_fd))
        return "a worker's " ARG_RECORD_FD " is a descriptor from 0 to 1023";
    if (!read_int(argv[5], 1, 1 << 20, &a->jobs))
        return "a worker's " ARG_JOBS " is a whole number greater than 0";
    if (!read_seconds(argv[7], &a->timeout))
        return "a worker's " ARG_TIMEOUT " is seconds greater than 0";
    a->filter = argv[9];
    if (!read_int(argv[11], 0, 1, &a->once_ran))
        return "a worker's " ARG_ONCE_RAN " is 0 or 1";
    return NULL;
}

const char *cts_child_args_parse(int argc, char **argv, cts_child_args *a)
{
    if (argc != 5 || !option_at(argc, argv, 3, ARG_MSG_FD))
        return "a fresh child's command line is " CTS_ARG_CHILD " ID " ARG_MSG_FD
               " FD (a worker starts them)";
    if (!read_int(argv[4], 0, 1023, &a->msg_fd))
        return "a fresh child's " ARG_MSG_FD " is a descriptor from 0 to 1023";
    a->id = argv[2];
    return NULL;
}

static const char *const skip_kind_names[CTS_SKIP_KIND_COUNT] = {
    [CTS_SKIP_NONE] = "",
    [CTS_SKIP_VERSION] = "version",
    [CTS_SKIP_ALLOCATOR] = "allocator",
    [CTS_SKIP_BUILD] = "build",
    [CTS_SKIP_FORBIDDEN] = "forbidden",
    [CTS_SKIP_MODE] = "mode",
    [CTS_SKIP_IMPLEMENTATION] = "implementation",
    [CTS_SKIP_HOST] = "host",
    [CTS_SKIP_CASE] = "case",
};

const char *cts_skip_kind_name(cts_skip_kind kind)
{
    return (unsigned)kind < CTS_SKIP_KIND_COUNT ? skip_kind_names[kind] : "";
}

int cts_skip_kind_parse(const char *name, cts_skip_kind *out)
{
    for (int k = CTS_SKIP_NONE + 1; k < CTS_SKIP_KIND_COUNT; k++) {
        if (name && strcmp(name, skip_kind_names[k]) == 0) {
            *out = (cts_skip_kind)k;
            return 1;
        }
    }
    return 0;
}

int cts_skip_kind_not_applicable(cts_skip_kind kind)
{
    return kind == CTS_SKIP_VERSION || kind == CTS_SKIP_ALLOCATOR || kind == CTS_SKIP_BUILD ||
           kind == CTS_SKIP_FORBIDDEN;
}
