/* worker.h: one allocator mode's run, in a process of its own. */
#ifndef CTS_WORKER_H
#define CTS_WORKER_H

#include "runner.h"

/* main() of pymem-cts --worker: boots Python under the PYTHONMALLOC in the
 * environment, probes it, runs the cases and writes one JSON object per line
 * to record_fd: {"type":"caps",...}, {"type":"result",...}, {"type":"done"}. */
int cts_worker_main(const cts_run_options *opt, int record_fd);

#endif
