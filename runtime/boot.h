/* boot.h: starting the interpreter the same way on every Python version. */
#ifndef CTS_BOOT_H
#define CTS_BOOT_H

#include "compat.h"

/* Initialises Python with `site` off, honouring PYTHONMALLOC (also on 3.6,
 * whose embedded Py_Initialize ignores it), then checks that the runtime is
 * the build the suite was compiled against. Returns NULL on success, or a
 * one-line message. */
const char *cts_boot(void);

#if CTS_HAVE_INIT_CONFIG
/* Points a PyConfig at the build under test before Py_InitializeFromConfig:
 * for an uninstalled build tree (CTS_BUILD_TREE) its program_name is the
 * tree's python, so getpath finds the tree's stdlib and extension modules
 * without PYTHONHOME; otherwise nothing (PYTHONHOME does it). Every start-up
 * of the suite's own goes through it. */
PyStatus cts_config_locate(PyConfig *config);

/* PyConfig_InitPythonConfig() with what cts_boot() sets in it: no site
 * import, no signal handlers, argv not parsed, and the build under test
 * located (cts_config_locate, whose status it returns). For a start-up that
 * is cts_boot()'s but for a member of its own. */
PyStatus cts_config_init(PyConfig *config);
#endif

/* Sets PYTHONHOME to the build under test's prefix, for every process that
 * starts it afterwards: an installed build the suite was compiled for. Not
 * for an uninstalled build tree (cts_config_locate finds it) nor in the
 * extension-module host (the interpreter is already running). */
void cts_use_build_home(void);

/* Makes `prefix` the sys.prefix the identity check expects, in place of the
 * build's own (a fuzz target that carries its Python with it). */
void cts_expect_prefix(const char *prefix);

/* Fails unless the runtime's version and sys.prefix are the expected ones. */
const char *cts_check_runtime_identity(void);

/* The running interpreter's version as a PY_VERSION_HEX value; safe before
 * initialisation. */
unsigned long cts_runtime_version(void);

#endif
