/* data_dir.h: where the suite's programs find their data (the default
 * expectations, the frozen must-pass lists), relative to the program itself
 * (so a moved install prefix still works). */
#ifndef CTS_DATA_DIR_H
#define CTS_DATA_DIR_H

/* The data directory's subdirectory what ("expectations", "mustpass") for
 * the program at self_exe: the source tree's conformance/<what> when
 * self_exe is in the build tree it was built in; else <its
 * directory>/../share/pymem-cts/<what> (CTS_DATA_FROM_BIN, relative to the
 * install's bindir). The path is returned whether or not it exists: the
 * caller names it when it is missing or empty. Points to static storage. */
const char *cts_data_dir(const char *self_exe, const char *what);

/* cts_data_dir(self_exe, "expectations"). */
const char *cts_default_expectations_dir(const char *self_exe);

#endif
