/* boot.c: version-portable interpreter start-up and the identity check that
 * catches a binary running against the wrong libpython or stdlib. */
#include "compat.h"

#include "boot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char message[512];

#ifdef CTS_BUILD_PREFIX
static const char *expected_prefix = CTS_BUILD_PREFIX;
#else
static const char *expected_prefix;
#endif

void cts_expect_prefix(const char *prefix)
{
    expected_prefix = prefix;
}

#if CTS_EXTENSION_HOST
/* No start-up of our own: see cts_boot. */
#elif CTS_HAVE_INIT_CONFIG
static const char *boot_with_config(void)
{
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.site_import = 0;
    config.install_signal_handlers = 0;
    config.parse_argv = 0;
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        snprintf(message, sizeof message, "Py_InitializeFromConfig failed: %s%s%s",
                 status.func ? status.func : "", status.func ? ": " : "",
                 status.err_msg ? status.err_msg : "(no message)");
        return message;
    }
    return NULL;
}
#else
static const char *boot_legacy(void)
{
    Py_NoSiteFlag = 1;
#if PY_VERSION_HEX < 0x03070000
    /* 3.6: only Py_Main reads PYTHONMALLOC; an embedder must apply it. */
    const char *mode = getenv("PYTHONMALLOC");
    if (mode && *mode && _PyMem_SetupAllocators(mode) < 0) {
        snprintf(message, sizeof message, "PYTHONMALLOC: unknown allocator \"%s\"", mode);
        return message;
    }
#endif
    Py_InitializeEx(0);
    return NULL;
}
#endif

const char *cts_boot(void)
{
#if CTS_EXTENSION_HOST
    /* The host interpreter imported the suite: it is running already. */
    if (!Py_IsInitialized())
        return "the extension-module host was loaded into an interpreter that is not running";
    const char *err = NULL;
#elif CTS_HAVE_INIT_CONFIG
    const char *err = boot_with_config();
#else
    const char *err = boot_legacy();
#endif
    return err ? err : cts_check_runtime_identity();
}

const char *cts_check_runtime_identity(void)
{
    const char *runtime = Py_GetVersion();
    size_t len = strlen(PY_VERSION);
    if (strncmp(runtime, PY_VERSION, len) != 0 || (runtime[len] != ' ' && runtime[len])) {
        snprintf(message, sizeof message,
                 "runtime is Python %.20s but the headers are %s: libpython was loaded from "
                 "the wrong place (check RUNPATH and LD_LIBRARY_PATH)",
                 runtime, PY_VERSION);
        return message;
    }
    if (!expected_prefix)
        return NULL;
    PyObject *prefix = PySys_GetObject("prefix"); /* borrowed */
    const char *text = prefix && PyUnicode_Check(prefix) ? PyUnicode_AsUTF8(prefix) : NULL;
    if (!text || strcmp(text, expected_prefix) != 0) {
        snprintf(message, sizeof message,
                 "sys.prefix is '%s' but the build under test lives in '%s': the stdlib "
                 "of another Python was picked up (check PYTHONHOME)",
                 text ? text : "?", expected_prefix);
        return message;
    }
    return NULL;
}

unsigned long cts_runtime_version(void)
{
    unsigned major = 0, minor = 0, micro = 0, serial = 0, level = 0xF;
    int n = 0;
    const char *s = Py_GetVersion();
    sscanf(s, "%u.%u.%u%n", &major, &minor, &micro, &n);
    const char *rest = s + n;
    if (rest[0] == 'a' || rest[0] == 'b') {
        level = rest[0] == 'a' ? 0xA : 0xB;
        serial = (unsigned)atoi(rest + 1);
    } else if (rest[0] == 'r' && rest[1] == 'c') {
        level = 0xC;
        serial = (unsigned)atoi(rest + 2);
    }
    return (unsigned long)major << 24 | minor << 16 | micro << 8 | level << 4 | serial;
}
