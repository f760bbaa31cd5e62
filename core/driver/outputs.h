/* outputs.h: the files and streams a user's run writes, checked before
 * any case runs, so that a bad report path or a closed stdout is a one-line
 * error with exit status 2 and no run is lost to it. */
#ifndef CTS_OUTPUTS_H
#define CTS_OUTPUTS_H

#include <stddef.h>

/* Checks a report path given to `flag` (--json, --junit) and returns the
 * file it names: symlinks followed to their final target, the directory
 * made canonical. The target must be a regular file or absent, in a
 * directory where a file can be created. NULL with a one-line message. */
char *cts_report_target(const char *flag, const char *path, char *err, size_t size);

/* Whether two targets from cts_report_target are the same file. */
int cts_same_target(const char *a, const char *b);

/* Whether stdout was open. A closed stdout or stderr is replaced by
 * /dev/null, so that no file the run opens later takes its number. */
int cts_stdout_was_open(void);

/* fflush(stdout), remembering the first error. */
void cts_stdout_flush(void);

/* After the console output: 0, or -1 with a message in err when a write
 * to stdout failed at any point of the run. */
int cts_stdout_result(char *err, size_t size);

#endif
