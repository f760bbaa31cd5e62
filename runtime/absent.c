/* absent.c: what a call of an API the implementation lacks does (see
 * absent.h): it says so, naming the API, to the handler the case process
 * installed, which ends the running case. Built only for an implementation
 * other than CPython (PyPy). */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

static cts_absent_handler absent_handler;

void cts_on_absent_api(cts_absent_handler handler)
{
    absent_handler = handler;
}

void cts_absent_api(const char *api)
{
    char text[256];
    snprintf(text, sizeof text,
             "%s is not provided by PyPy %s (cpyext has neither its declaration nor its symbol)",
             api, PYPY_VERSION);
    if (absent_handler)
        absent_handler(text);
    fprintf(stderr, "pymem-cts: %s (outside a case)\n", text);
    abort();
}
