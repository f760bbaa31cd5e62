/* devmode.c: the Python Development Mode's effect on the allocators
 * (3.8+, through PyPreConfig): it installs the debug hooks, as
 * PYTHONMALLOC=debug would, whether PyPreConfig.dev_mode asks for it or
 * "-X dev" in the arguments Py_PreInitializeFromArgs() and
 * Py_PreInitializeFromBytesArgs() parse; PYTHONMALLOC=default keeps the
 * default allocators in dev mode. Each in a child of a fresh process.
 * Source: Doc/library/devmode.rst; Doc/c-api/init_config.rst. */
#include "boot.h"
#include "boot_child.h"
#include "probe.h"
#include "cts.h"

#include <stdio.h>
#include <string.h>

#define DEVMODE_PAGE(anchor) "library/devmode.html#" anchor
#define DEVMODE_WINDOW                                                                             \
    .since = 0x03080000, .why_version = "PyPreConfig is new in 3.8 (PEP 587)",                     \
    .isolation = CTS_FRESH, .boot = CTS_NO_BOOT
#define HOOKS_RULE                                                                                 \
    "Install debug hooks on memory allocators to check for: ... It behaves as if the "             \
    "PYTHONMALLOC environment variable is set to debug."

#if CTS_HAVE_INIT_CONFIG
/* How the child pre-initialises in dev mode. */
static enum { DEV_MODE_MEMBER, WIDE_ARGS, BYTES_ARGS } how;
static char status_text[256];

/* Pre-initialises in dev mode the way `how` says, then boots as usual. */
static const char *preinitialize_dev_mode(void)
{
    static wchar_t *wide[] = {L"python", L"-X", L"dev"};
    static char *bytes[] = {"python", "-X", "dev"};
    PyPreConfig pc;
    PyPreConfig_InitPythonConfig(&pc);
    PyStatus st;
    if (how == DEV_MODE_MEMBER) {
        pc.dev_mode = 1;
        st = Py_PreInitialize(&pc);
    } else {
        pc.parse_argv = 1;
        st = how == WIDE_ARGS ? Py_PreInitializeFromArgs(&pc, 3, wide)
                              : Py_PreInitializeFromBytesArgs(&pc, 3, bytes);
    }
    if (PyStatus_Exception(st)) {
        snprintf(status_text, sizeof status_text, "pre-initialisation: %s",
                 st.err_msg ? st.err_msg : "(no message)");
        return status_text;
    }
    return cts_boot();
}

/* Starts a child in dev mode (pre-initialised as `mode` says, `what` in
 * messages) with PYTHONMALLOC=pythonmalloc (NULL: unset); whether it ended
 * with the allocators of PYTHONMALLOC=want_mode. */
static void expect_dev_mode_allocator(cts_ctx *cts, int mode, const char *what,
                                      const char *pythonmalloc, const char *want_mode)
{
    char want[64];
    cts_allocator_of_mode(want_mode, want, sizeof want);
    boot_child r;
    how = mode;
    boot_child_run(&r, "PYTHONMALLOC", pythonmalloc, preinitialize_dev_mode, NULL);
    CTS_EXPECT(r.booted && strcmp(r.name, want) == 0,
               "%s, PYTHONMALLOC=%s: allocator '%s', expected '%s' (%.200s)", what,
               pythonmalloc ? pythonmalloc : "(unset)", r.name, want, r.report);
}
#endif

/* The passages of the -X dev case: the option, the hooks, the parsing. */
#define X_DEV_ENABLES                                                                              \
    "It can be enabled using the -X dev command line option or by setting the PYTHONDEVMODE "      \
    "environment variable to 1."
#define WIDE_ARGS_PARSED                                                                           \
    "[c-api/init_config.html#c.Py_PreInitializeFromArgs] Parse argv command line arguments "       \
    "(wide strings) if parse_argv of preconfig is non-zero."
#define BYTES_ARGS_PARSED                                                                          \
    "[c-api/init_config.html#c.Py_PreInitializeFromBytesArgs] Parse argv command line "            \
    "arguments (bytes strings) if parse_argv of preconfig is non-zero."

CTS_CASE(installs_debug_hooks, .id = "config.devmode.installs_debug_hooks", DEVMODE_WINDOW,
         .doc = "Py_PreInitialize() with PyPreConfig.dev_mode = 1 and PYTHONMALLOC unset installs "
                "the debug hooks: the allocators are those of PYTHONMALLOC=debug",
         .source = {.quote = HOOKS_RULE,
                    .page = DEVMODE_PAGE("effects-of-the-python-development-mode"),
                    .python = "3.15"})
{
#if CTS_HAVE_INIT_CONFIG
    expect_dev_mode_allocator(cts, DEV_MODE_MEMBER, "PyPreConfig.dev_mode = 1", NULL, "debug");
#else
    CTS_UNSUPPORTED("PyPreConfig is not provided by this implementation");
#endif
}

CTS_CASE(x_dev_argument_installs_debug_hooks,
         .id = "config.devmode.x_dev_argument_installs_debug_hooks", DEVMODE_WINDOW,
         .doc = "Py_PreInitializeFromArgs() and Py_PreInitializeFromBytesArgs() with parse_argv = "
                "1 and the arguments '-X dev' enable the development mode, which installs the "
                "debug hooks",
         .source = {.quote = X_DEV_ENABLES " ... [" DEVMODE_PAGE(
                        "effects-of-the-python-development-mode") "] " HOOKS_RULE
                                                                  " ... " WIDE_ARGS_PARSED
                                                                  " ... " BYTES_ARGS_PARSED,
                    .page = DEVMODE_PAGE("python-development-mode"),
                    .python = "3.15"})
{
#if CTS_HAVE_INIT_CONFIG
    expect_dev_mode_allocator(cts, WIDE_ARGS, "Py_PreInitializeFromArgs(\"-X dev\")", NULL,
                              "debug");
    expect_dev_mode_allocator(cts, BYTES_ARGS, "Py_PreInitializeFromBytesArgs(\"-X dev\")", NULL,
                              "debug");
#else
    CTS_UNSUPPORTED("PyPreConfig is not provided by this implementation");
#endif
}

CTS_CASE(pythonmalloc_default_keeps_default_allocators,
         .id = "config.devmode.pythonmalloc_default_keeps_default_allocators", DEVMODE_WINDOW,
         .doc = "PyPreConfig.dev_mode = 1 with PYTHONMALLOC=default: the default allocators, "
                "without the debug hooks",
         .source = {.quote = "To enable the Python Development Mode without installing debug "
                             "hooks on memory allocators, set the PYTHONMALLOC environment "
                             "variable to default.",
                    .page = DEVMODE_PAGE("effects-of-the-python-development-mode"),
                    .python = "3.15"})
{
#if CTS_HAVE_INIT_CONFIG
    char def[64], debug[64];
    cts_allocator_of_mode("default", def, sizeof def);
    cts_allocator_of_mode("debug", debug, sizeof debug);
    if (strcmp(def, debug) == 0)
        CTS_UNSUPPORTED("this build's default allocators have the debug hooks ('%s'): nothing "
                        "to tell apart",
                        def);
    expect_dev_mode_allocator(cts, DEV_MODE_MEMBER, "PyPreConfig.dev_mode = 1", "default",
                              "default");
#else
    CTS_UNSUPPORTED("PyPreConfig is not provided by this implementation");
#endif
}
