/* data_dir.h: where pymem-cts finds its data, the default expectations,
 * relative to the program itself (so a moved install prefix still works). */
#ifndef CTS_DATA_DIR_H
#define CTS_DATA_DIR_H

/* The default expectations directory for the program at self_exe: the
 * source tree's conformance/expectations when self_exe is in the build tree
 * it was built in; else <its directory>/../share/pymem-cts/expectations
 * (CTS_DATA_FROM_BIN, relative to the install's bindir). The path is
 * returned whether or not it exists: the driver names it when it is
 * missing or empty. Points to static storage. */
const char *cts_default_expectations_dir(const char *self_exe);

#endif
