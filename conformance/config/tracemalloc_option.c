/* tracemalloc_option.c: PYTHONTRACEMALLOC and -X tracemalloc[=NFRAME]
 * (3.8+, as PyConfig.xoptions): a valid value starts tracing at start-up
 * with that traceback limit (tracemalloc.get_traceback_limit()), the option
 * alone with one frame; a value that is not a number of frames makes
 * start-up fail with an error status. Each value in a child of a fresh
 * process. Source: Doc/using/cmdline.rst, -X and PYTHONTRACEMALLOC. */
#include "boot.h"
#include "boot_child.h"
#include "cts.h"

#include <stdio.h>
#include <string.h>

#define CMDLINE_PAGE(anchor) "using/cmdline.html#" anchor
#define OPTION_WINDOW                                                                              \
    .since = 0x03080000, .why_version = "PyConfig.xoptions is new in 3.8 (PEP 587)",               \
    .needs = CTS_NEED_TRACEMALLOC, .isolation = CTS_FRESH, .boot = CTS_NO_BOOT

#if CTS_HAVE_INIT_CONFIG
static const wchar_t *xoption; /* the -X option the child's start-up is given, or NULL */
static char status_text[256];

/* Starts Python as cts_boot() does, with xoption in PyConfig.xoptions. */
static const char *boot_with_xoption(void)
{
    PyConfig c;
    PyStatus st = cts_config_init(&c);
    wchar_t *items[] = {(wchar_t *)xoption};
    /* Setting the list pre-initialises Python first ("Python must be
     * preinitialized" to allocate a list item: the allocators may change). */
    if (!PyStatus_Exception(st) && xoption)
        st = PyConfig_SetWideStringList(&c, &c.xoptions, 1, items);
    if (!PyStatus_Exception(st))
        st = Py_InitializeFromConfig(&c);
    PyConfig_Clear(&c);
    if (!PyStatus_Exception(st))
        return NULL;
    snprintf(status_text, sizeof status_text, "%s", st.err_msg ? st.err_msg : "(no message)");
    return status_text;
}

/* Reports tracemalloc.is_tracing() and get_traceback_limit(). */
static void report_tracing(void)
{
    long tracing = -1, limit = -1;
    PyObject *module = PyImport_ImportModule("tracemalloc");
    PyObject *is = module ? PyObject_CallMethod(module, "is_tracing", NULL) : NULL;
    PyObject *lim = module ? PyObject_CallMethod(module, "get_traceback_limit", NULL) : NULL;
    if (is)
        tracing = PyObject_IsTrue(is);
    if (lim)
        limit = PyLong_AsLong(lim);
    Py_XDECREF(is);
    Py_XDECREF(lim);
    Py_XDECREF(module);
    PyErr_Clear();
    boot_child_report("tracing=%ld limit=%ld", tracing, limit);
}
#endif

/* Starts a child with PYTHONTRACEMALLOC=env (NULL: unset) and the -X
 * option x (NULL: none); whether it traces with the limit want. */
static void expect_limit(cts_ctx *cts, const char *env, const wchar_t *x, long want)
{
#if CTS_HAVE_INIT_CONFIG
    boot_child r;
    xoption = x;
    boot_child_run(&r, "PYTHONTRACEMALLOC", env, boot_with_xoption, report_tracing);
    long tracing = -1, limit = -1;
    const char *at = strstr(r.report, "tracing=");
    if (at)
        sscanf(at, "tracing=%ld limit=%ld", &tracing, &limit);
    CTS_EXPECT(r.booted && tracing == 1 && limit == want,
               "PYTHONTRACEMALLOC=%s -X %ls: tracing %ld with traceback limit %ld, expected "
               "tracing with %ld (%.200s)",
               env ? env : "(unset)", x ? x : L"(none)", tracing, limit, want, r.report);
#else
    (void)env, (void)x, (void)want;
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}

CTS_CASE(x_option_sets_traceback_limit,
         .id = "config.tracemalloc_option.x_option_sets_traceback_limit", OPTION_WINDOW,
         .doc = "-X tracemalloc=5 (PyConfig.xoptions) starts tracing at start-up with a traceback "
                "limit of 5 frames",
         .source = {.quote = "Use -X tracemalloc=NFRAME to start tracing with a traceback limit "
                             "of NFRAME frames.",
                    .page = CMDLINE_PAGE("cmdoption-X"),
                    .python = "3.15"})
{
    expect_limit(cts, NULL, L"tracemalloc=5", 5);
}

CTS_CASE(x_option_alone_stores_one_frame,
         .id = "config.tracemalloc_option.x_option_alone_stores_one_frame", OPTION_WINDOW,
         .doc = "-X tracemalloc without a value starts tracing with a traceback limit of 1",
         .source = {.quote = "-X tracemalloc to start tracing Python memory allocations using the "
                             "tracemalloc module. By default, only the most recent frame is "
                             "stored in a traceback of a trace.",
                    .page = CMDLINE_PAGE("cmdoption-X"),
                    .python = "3.15"})
{
    expect_limit(cts, NULL, L"tracemalloc", 1);
}

CTS_CASE(env_value_is_traceback_limit,
         .id = "config.tracemalloc_option.env_value_is_traceback_limit", OPTION_WINDOW,
         .doc = "PYTHONTRACEMALLOC=5 starts tracing at start-up with a traceback limit of 5 frames",
         .source = {.quote = "If this environment variable is set to a non-empty string, start "
                             "tracing Python memory allocations using the tracemalloc module. "
                             "The value of the variable is the maximum number of frames stored "
                             "in a traceback of a trace.",
                    .page = CMDLINE_PAGE("envvar-PYTHONTRACEMALLOC"),
                    .python = "3.15"})
{
    expect_limit(cts, "5", NULL, 5);
}

CTS_CASE(invalid_frame_counts_are_refused,
         .id = "config.tracemalloc_option.invalid_frame_counts_are_refused", OPTION_WINDOW,
         .doc = "PYTHONTRACEMALLOC or -X tracemalloc=N with a value that is not a number of frames "
                "(not a number, negative) makes Py_InitializeFromConfig() return an error status "
                "'invalid number of frames', without exiting",
         .source = {.impl = "Python/initconfig.c",
                    .note = "config_init_tracemalloc(), 3.8 to 3.15; the docs give no outcome for "
                            "such a value"})
{
#if CTS_HAVE_INIT_CONFIG
    static const struct {
        const char *env;
        const wchar_t *x;
    } values[] = {
        {"abc", NULL}, {"-1", NULL}, {NULL, L"tracemalloc=abc"}, {NULL, L"tracemalloc=-1"}};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        boot_child r;
        xoption = values[i].x;
        boot_child_run(&r, "PYTHONTRACEMALLOC", values[i].env, boot_with_xoption, NULL);
        CTS_EXPECT(!r.booted && r.exited && r.code == 3 &&
                       strstr(r.report, "invalid number of frames"),
                   "PYTHONTRACEMALLOC=%s -X %ls: status %d, signal %d, report %.200s, expected "
                   "an error status 'invalid number of frames'",
                   values[i].env ? values[i].env : "(unset)", values[i].x ? values[i].x : L"(none)",
                   r.code, r.signal, r.report);
    }
#else
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}
