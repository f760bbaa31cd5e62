/* summary.h: the run's closing summary on stdout: the counts per allocator
 * mode, every failing case run by name, what a host run leaves out, and the
 * commands to run next. */
#ifndef CTS_SUMMARY_H
#define CTS_SUMMARY_H

#include "driver.h"
#include "report.h"

void cts_print_summary(const cts_report *r, const cts_options *opt);

#endif
