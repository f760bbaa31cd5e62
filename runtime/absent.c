/* absent.c: what a call of an API the implementation lacks does (see
 * absent.h): the running case ends UNSUPPORTED, naming the API. Built only
 * for an implementation other than CPython (PyPy). */
#include "compat.h"

#include "child.h"

#include <stdio.h>

void cts_absent_api(const char *api)
{
    char text[256];
    snprintf(text, sizeof text,
             "%s is not provided by PyPy %s (cpyext has neither its declaration nor its symbol)",
             api, PYPY_VERSION);
    cts_child_leave_unsupported(text);
}
