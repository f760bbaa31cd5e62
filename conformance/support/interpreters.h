/* interpreters.h: the isolated sub-interpreter the cases make from 3.12:
 * its own GIL and its own obmalloc state, extensions checked, as
 * Py_NewInterpreterFromConfig() makes it. */
#ifndef CTS_INTERPRETERS_H
#define CTS_INTERPRETERS_H

#include "cts.h"

#if PY_VERSION_HEX >= 0x030C0000
/* Makes one; its thread state is then current. NULL when it could not be
 * made, with the status's message in *why. */
PyThreadState *new_isolated_interpreter(const char **why);
#endif

#endif
