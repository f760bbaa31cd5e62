/* boot.c: version-portable interpreter start-up and the identity check that
 * catches a binary running against the wrong libpython or stdlib. */
#include "compat.h"

#include "boot.h"

#include <dlfcn.h>
#include <limits.h>
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

#if CTS_HAVE_INIT_CONFIG
PyStatus cts_config_locate(PyConfig *config)
{
#ifdef CTS_BUILD_TREE
    return PyConfig_SetBytesString(config, &config->program_name, CTS_BUILD_TREE "/python");
#else
    (void)config;
    return PyStatus_Ok();
#endif
}

PyStatus cts_config_init(PyConfig *config)
{
    PyConfig_InitPythonConfig(config);
    config->site_import = 0;
    config->install_signal_handlers = 0;
    config->parse_argv = 0;
    return cts_config_locate(config);
}
#endif

#if CTS_EXTENSION_HOST
/* No start-up of our own: see cts_boot. */
#elif CTS_HAVE_INIT_CONFIG
static const char *boot_with_config(void)
{
    PyConfig config;
    /* Setting a string pre-initialises Python (PYTHONMALLOC is read there):
     * its failure is a start-up failure like Py_InitializeFromConfig's. */
    const char *call = "cts_config_locate (PyConfig.program_name)";
    PyStatus status = cts_config_init(&config);
    if (!PyStatus_Exception(status)) {
        call = "Py_InitializeFromConfig";
        status = Py_InitializeFromConfig(&config);
    }
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        snprintf(message, sizeof message, "%s failed: %s%s%s", call, status.func ? status.func : "",
                 status.func ? ": " : "", status.err_msg ? status.err_msg : "(no message)");
        return message;
    }
    return NULL;
}
#else
#if PY_VERSION_HEX < 0x03070000
/* 3.6: Py_Initialize() never reads PYTHONMALLOC (only Py_Main(), the python
 * program's, does), so a 3.6 embedder's allocators never change at start-up,
 * and a block it allocated before Py_Initialize() is freed after
 * Py_FinalizeEx() by the allocator that made it. To run a mode at all the
 * suite must apply it itself, through the private _PyMem_SetupAllocators();
 * it does so when the program is loaded, before anything allocates, so the
 * mode is in force for the whole process and start-up makes no allocator
 * change a 3.6 embedder would not see (applied at start-up instead, it made
 * families.raw.decode_locale_across_lifecycle fail on 3.6 only inside the
 * suite). A process that changes PYTHONMALLOC after it was loaded (a child
 * of conformance/support/boot_child.c, which sets it and then boots) gets
 * the new mode at start-up, as before; an unknown mode is reported there. */
static char loaded_mode[64]; /* the mode applied at load, "" for none */

static int same_mode(const char *mode)
{
    return strcmp(mode ? mode : "", loaded_mode) == 0;
}

__attribute__((constructor)) static void apply_pythonmalloc_at_load(void)
{
    const char *mode = getenv("PYTHONMALLOC");
    if (mode && *mode && strlen(mode) < sizeof loaded_mode && _PyMem_SetupAllocators(mode) == 0)
        strcpy(loaded_mode, mode);
}
#endif

static const char *boot_legacy(void)
{
    Py_NoSiteFlag = 1;
#ifdef CTS_BUILD_TREE
    Py_SetProgramName(L"" CTS_BUILD_TREE "/python");
#endif
#if PY_VERSION_HEX < 0x03070000
    const char *mode = getenv("PYTHONMALLOC");
    if (!same_mode(mode) &&
        (mode && *mode ? _PyMem_SetupAllocators(mode) < 0 : _PyMem_SetupAllocators(NULL) < 0)) {
        snprintf(message, sizeof message, "PYTHONMALLOC: unknown allocator \"%s\"",
                 mode ? mode : "");
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

#ifdef CTS_BUILD_TREE
/* An uninstalled build tree reports its configured prefix as sys.prefix
 * whether or not anything is installed there (getpath.py: "QUIRK: Non-Windows
 * replaces prefix/exec_prefix with defaults when running in build
 * directory"), so the prefix says nothing about where libpython and the
 * stdlib came from: check both. */
static const char *check_build_tree(void)
{
    Dl_info info;
    char lib[PATH_MAX], tree[PATH_MAX];
    if (!dladdr((void *)Py_GetVersion, &info) || !info.dli_fname ||
        !realpath(info.dli_fname, lib) || !realpath(CTS_BUILD_TREE, tree)) {
        snprintf(message, sizeof message, "cannot tell where libpython was loaded from");
        return message;
    }
    char *slash = strrchr(lib, '/');
    if (!slash || (size_t)(slash - lib) != strlen(tree) || strncmp(lib, tree, strlen(tree)) != 0) {
        snprintf(message, sizeof message,
                 "libpython was loaded from %.200s, not from the build tree %.200s (check RUNPATH "
                 "and LD_LIBRARY_PATH)",
                 info.dli_fname, CTS_BUILD_TREE);
        return message;
    }
    /* encodings is imported at every start-up and never frozen. */
    PyObject *modules = PySys_GetObject("modules"); /* borrowed */
    PyObject *encodings = modules ? PyDict_GetItemString(modules, "encodings") : NULL;
    PyObject *file = encodings ? PyObject_GetAttrString(encodings, "__file__") : NULL;
    const char *text = file && PyUnicode_Check(file) ? PyUnicode_AsUTF8(file) : NULL;
    static const char want[] = CTS_BUILD_STDLIB "/encodings/";
    int ok = text && strncmp(text, want, sizeof want - 1) == 0;
    snprintf(message, sizeof message,
             "the encodings module was loaded from '%.200s', not from the build tree's stdlib "
             "%.200s: the stdlib of another Python was picked up",
             text ? text : "?", CTS_BUILD_STDLIB);
    Py_XDECREF(file);
    PyErr_Clear();
    return ok ? NULL : message;
}
#endif

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
#ifdef CTS_BUILD_TREE
    return check_build_tree();
#else
    return NULL;
#endif
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

void cts_use_build_home(void)
{
#if defined(CTS_BUILD_PREFIX) && !CTS_EXTENSION_HOST && !defined(CTS_BUILD_TREE)
    setenv("PYTHONHOME", CTS_BUILD_PREFIX, 1);
#endif
}
