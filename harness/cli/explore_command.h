/* explore_command.h: `pymem-cts --explore SEQUENCE`, the lifecycle
 * explorer's sequence (runtime/explore/explore.h) replayed alone and, when
 * it fails, shortened and written out as a standalone C program. */
#ifndef CTS_EXPLORE_COMMAND_H
#define CTS_EXPLORE_COMMAND_H

/* SEQUENCE: operation names separated by commas or spaces ("initialize,
 * tm_start, fork"). Prints the outcome; on a failure the program on stdout.
 * Returns the exit status: 0 every promise held, 1 one broke, 2 bad input. */
int cts_explore_command(const char *sequence);

#endif
