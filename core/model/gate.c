/* gate.c: turns a case's since/until window and its needed capabilities
 * into a run-or-skip decision whose reason names what is missing. */
#include "gate.h"

#include <stdio.h>
#include <string.h>

void cts_format_version(unsigned long hex, char *buf, size_t size)
{
    unsigned major = hex >> 24 & 0xff, minor = hex >> 16 & 0xff, micro = hex >> 8 & 0xff;
    if (micro)
        snprintf(buf, size, "%u.%u.%u", major, minor, micro);
    else
        snprintf(buf, size, "%u.%u", major, minor);
}

static const char *gate_version(const cts_case *c, const cts_caps *caps, char *buf, size_t size,
                                cts_skip_kind *kind)
{
    char bound[16];
    *kind = CTS_SKIP_VERSION;
    if (c->since && caps->version_hex < c->since) {
        cts_format_version(c->since, bound, sizeof bound);
        snprintf(buf, size, "applies from Python %s on; this is %s%s%s", bound, caps->version,
                 c->why_version ? ": " : "", c->why_version ? c->why_version : "");
        return buf;
    }
    if (c->until && caps->version_hex >= c->until) {
        cts_format_version(c->until, bound, sizeof bound);
        snprintf(buf, size, "applies before Python %s only; this is %s%s%s", bound, caps->version,
                 c->why_version ? ": " : "", c->why_version ? c->why_version : "");
        return buf;
    }
    return NULL;
}

/* One needed capability: whether this run has it, and what to say if not. */
typedef struct need_rule {
    unsigned need;
    int met;
    cts_skip_kind kind;
    const char *why;
} need_rule;

/* The free-threaded docs (c-api/memory.html#allocator-domains, 3.13+). */
#define OBJECTS_ONLY                                                                               \
    "allocates plain buffers from the object domain, which the docs forbid on this "               \
    "free-threaded build: \"The free-threaded build requires that only Python objects are "        \
    "allocated using the 'object' domain and that all Python objects are allocated using that "    \
    "domain.\""

/* What the case needs: its own needs, and a family case of the OBJ family
 * allocates plain buffers from the object domain. */
static unsigned case_needs(const cts_case *c)
{
    const int obj_family = c->family && strcmp(c->family->name, "obj") == 0;
    return c->needs | (obj_family ? CTS_NEED_OBJ_BUFFERS : 0u);
}

static const char *gate_needs(const cts_case *c, const cts_caps *caps, char *buf, size_t size,
                              cts_skip_kind *kind)
{
    const int cpython = strcmp(caps->implementation, "cpython") == 0;
    const unsigned needs = case_needs(c);
    const need_rule rules[] = {
        {CTS_NEED_OBJ_BUFFERS, !caps->free_threaded, CTS_SKIP_FORBIDDEN, OBJECTS_ONLY},
        {CTS_NEED_PYMALLOC, caps->pymalloc, CTS_SKIP_ALLOCATOR,
         "needs pymalloc as the MEM/OBJ allocator"},
        {CTS_NEED_MIMALLOC, caps->mimalloc, CTS_SKIP_ALLOCATOR,
         "needs mimalloc as the MEM/OBJ allocator"},
        {CTS_NEED_DEBUG_HOOKS, caps->debug_hooks, cpython ? CTS_SKIP_MODE : CTS_SKIP_IMPLEMENTATION,
         cpython ? "needs the debug hooks (run with --allocator debug)"
                 : "needs the debug hooks, which this implementation does not provide"},
        {CTS_NEED_NO_DEBUG_HOOKS, !caps->debug_hooks, CTS_SKIP_ALLOCATOR,
         "asserts a rule the debug hooks change"},
        {CTS_NEED_TRACEMALLOC, caps->tracemalloc, CTS_SKIP_IMPLEMENTATION,
         "needs the _tracemalloc module, which this build lacks"},
        {CTS_NEED_GIL, !caps->free_threaded, CTS_SKIP_BUILD,
         "asserts a rule of builds with a GIL; this one is free-threaded"},
        {CTS_NEED_PYMALLOC_BUILT, caps->with_pymalloc, CTS_SKIP_BUILD,
         "needs pymalloc, which this build does not have (--without-pymalloc, or an ASan build)"},
        {CTS_NEED_NO_PYMALLOC_BUILT, !caps->with_pymalloc, CTS_SKIP_BUILD,
         "asserts a rule of builds without pymalloc; this one has it"},
        {CTS_NEED_MIMALLOC_BUILT, caps->with_mimalloc, CTS_SKIP_BUILD,
         "needs mimalloc, which this build does not have (before 3.13, or --without-mimalloc)"},
        {CTS_NEED_NO_MIMALLOC_BUILT, !caps->with_mimalloc, CTS_SKIP_BUILD,
         "asserts a rule of builds without mimalloc; this one has it"},
        {CTS_NEED_FREE_THREADED, caps->free_threaded, CTS_SKIP_BUILD,
         "asserts a rule of free-threaded builds; this one has a GIL"},
        {CTS_NEED_NO_ASAN, !caps->asan, CTS_SKIP_BUILD,
         "cannot run under AddressSanitizer, which owns malloc"},
    };
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        if ((needs & rules[i].need) && !rules[i].met) {
            snprintf(buf, size, "%s; this run uses %s", rules[i].why, caps->allocator);
            *kind = rules[i].kind;
            return buf;
        }
    }
    return NULL;
}

/* A fresh case starts its own interpreter, or the run's allocator mode from
 * scratch; inside a host interpreter there is no such start. */
static const char *gate_isolation(const cts_case *c, const cts_caps *caps, char *buf, size_t size,
                                  cts_skip_kind *kind)
{
    if (c->isolation != CTS_FRESH || !caps->extension_host)
        return NULL;
    *kind = CTS_SKIP_HOST;
    snprintf(buf, size,
             "needs a fresh process that starts its own interpreter (Py_Initialize); the "
             "extension-module host runs inside %s, which is already running",
             caps->implementation);
    return buf;
}

const char *cts_gate(const cts_case *c, const cts_caps *caps, char *buf, size_t size,
                     cts_skip_kind *kind)
{
    const char *why = gate_version(c, caps, buf, size, kind);
    if (!why)
        why = gate_isolation(c, caps, buf, size, kind);
    if (!why)
        why = gate_needs(c, caps, buf, size, kind);
    if (!why)
        *kind = CTS_SKIP_NONE;
    return why;
}
