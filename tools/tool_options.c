/* tool_options.c: --help and --version for the report tools (see
 * tool_options.h). */
#include "tool_options.h"

#include "report.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cts_tool_answer_help_or_version(int argc, char **argv, const char *name, const char *usage,
                                     const char *about)
{
    if (argc < 2)
        return;
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        printf("%s\n%s", usage, about);
        exit(0);
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("%s %s\n", name, cts_report_suite_version());
        exit(0);
    }
}

const char *cts_tool_self(const char *argv0)
{
    static char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return argv0;
    path[n] = '\0';
    return path;
}
