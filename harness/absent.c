/* absent.c: what a call of an API the implementation lacks does (see
 * absent.h): the running case ends UNSUPPORTED, naming the API. Built only
 * for such an implementation. */
#include "compat.h"

#include "child.h"

#include <stdio.h>

void cts_absent_api(const char *api)
{
    char text[256];
#ifdef PYPY_VERSION
    snprintf(text, sizeof text,
             "%s is not provided by PyPy %s (cpyext has neither its declaration nor its symbol)",
             api, PYPY_VERSION);
#else
    snprintf(text, sizeof text, "%s is not provided by this implementation", api);
#endif
    cts_child_leave_unsupported(text);
}
