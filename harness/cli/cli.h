/* cli.h: the pymem-cts command line, called by an entry point. */
#ifndef CTS_CLI_H
#define CTS_CLI_H

/* Parses argv and runs the driver, a worker or a fresh case. self_exe is
 * what the driver re-executes for workers and fresh cases (this program, or
 * the extension host's launcher); expectations_dir holds the default
 * expectations files, or is NULL. Returns the exit status. */
int cts_main(int argc, char **argv, const char *self_exe, const char *expectations_dir);

#endif
