/* tool_options.h: --help and --version, answered the same way by every
 * program of tools/, and the path of the running program (to find the
 * installed data relative to it). */
#ifndef CTS_TOOL_OPTIONS_H
#define CTS_TOOL_OPTIONS_H

/* When argv[1] is --help or -h: prints usage and about on stdout, exit 0;
 * when it is --version: "NAME VERSION" (the suite's version), exit 0. Else
 * returns. */
void cts_tool_answer_help_or_version(int argc, char **argv, const char *name, const char *usage,
                                     const char *about);

/* The absolute path of the running program (/proc/self/exe), else argv0. */
const char *cts_tool_self(const char *argv0);

#endif
