/* limits.c: where the size limits are checked. A request larger than
 * PY_SSIZE_T_MAX fails in the API without reaching the domain's allocator;
 * one of exactly PY_SSIZE_T_MAX reaches it. Source: Objects/obmalloc.c
 * wrappers. */
#include "hook_spy.h"

#define OVER_LIMIT_NOT_FORWARDED_SOURCE                                                            \
    {                                                                                              \
        .impl = "Objects/obmalloc.c"                                                               \
    }

CTS_FAMILY_CASE(over_limit_not_forwarded,
                .doc = "a size larger than PY_SSIZE_T_MAX "
                       "returns NULL before the domain's allocator is called",
                .source = OVER_LIMIT_NOT_FORWARDED_SOURCE)
{
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    spy.failing = 1; /* nothing is really allocated if a call does get through */
    void *a = fam->malloc((size_t)PY_SSIZE_T_MAX + 1);
    void *b = fam->calloc((size_t)PY_SSIZE_T_MAX / 8 + 1, 8);
    void *c = fam->realloc(NULL, (size_t)PY_SSIZE_T_MAX + 1);
    hook_spy_remove(&spy);
    CTS_EXPECT(!a && !b && !c, "%s requests over PY_SSIZE_T_MAX returned %p %p %p", fam->prefix, a,
               b, c);
    CTS_EXPECT(spy.mallocs == 0 && spy.callocs == 0 && spy.reallocs == 0,
               "requests over PY_SSIZE_T_MAX reached the %s allocator: malloc %ld calloc %ld "
               "realloc %ld",
               fam->name, spy.mallocs, spy.callocs, spy.reallocs);
}

CTS_FAMILY_CASE(at_limit_forwarded,
                .doc = "the limit check is '> "
                       "PY_SSIZE_T_MAX': a request of exactly PY_SSIZE_T_MAX reaches the "
                       "allocator",
                .source = OVER_LIMIT_NOT_FORWARDED_SOURCE)
{
    hook_spy spy;
    hook_spy_install(&spy, fam->domain);
    spy.failing = 1;
    void *a = fam->malloc((size_t)PY_SSIZE_T_MAX);
    size_t seen = spy.last_size;
    hook_spy_remove(&spy);
    CTS_EXPECT(a == NULL, "a failing allocator's NULL did not come back: %p", a);
    CTS_EXPECT(spy.mallocs == 1, "%sMalloc(PY_SSIZE_T_MAX) reached the allocator %ld times",
               fam->prefix, spy.mallocs);
    CTS_EXPECT(seen == (size_t)PY_SSIZE_T_MAX, "%sMalloc(PY_SSIZE_T_MAX) reached it as %zu",
               fam->prefix, seen);
}
