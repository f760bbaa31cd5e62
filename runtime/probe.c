/* probe.c: the capability probe. Everything a case may be gated on is
 * decided here, once per worker, from the running interpreter and the
 * headers the suite was compiled against. */
#include "compat.h"

#include "boot.h"
#include "probe.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* "3.11.7 (main, ...)" -> "3.11.7" */
static void version_text(char *text, size_t size)
{
    const char *s = Py_GetVersion();
    snprintf(text, size, "%.*s", (int)strcspn(s, " "), s);
}

static void read_implementation(cts_caps *caps)
{
    copy(caps->implementation, sizeof caps->implementation, "unknown");
    PyObject *impl = PySys_GetObject("implementation"); /* borrowed */
    PyObject *name = impl ? PyObject_GetAttrString(impl, "name") : NULL;
    if (name && PyUnicode_Check(name))
        copy(caps->implementation, sizeof caps->implementation, PyUnicode_AsUTF8(name));
    Py_XDECREF(name);
    PyErr_Clear();
}

/* The allocator the build picks when PYTHONMALLOC is unset or "default". */
const char *cts_default_allocator_name(void)
{
    if (CTS_FREE_THREADED)
        return CTS_PY_DEBUG ? "mimalloc_debug" : "mimalloc";
    if (CTS_WITH_PYMALLOC)
        return CTS_PY_DEBUG ? "pymalloc_debug" : "pymalloc";
    return CTS_PY_DEBUG ? "malloc_debug" : "malloc";
}

void cts_allocator_of_mode(const char *name, char *out, size_t size)
{
    if (!name || !*name || strcmp(name, "default") == 0)
        copy(out, size, cts_default_allocator_name());
    else if (strcmp(name, "debug") == 0) {
        const char *base = cts_default_allocator_name();
        size_t len = strcspn(base, "_");
        snprintf(out, size, "%.*s_debug", (int)len, base);
    } else
        copy(out, size, name);
}

/* 3.8+ export _PyMem_GetCurrentAllocatorName() (internal in 3.13, still
 * exported), 3.7 _PyMem_GetAllocatorsName(); 3.6 has neither. Looked up at
 * run time so that a build without them still links. */
const char *cts_runtime_allocator_name(void)
{
    const char *(*fn)(void) =
        (const char *(*)(void))dlsym(RTLD_DEFAULT, "_PyMem_GetCurrentAllocatorName");
    if (!fn)
        fn = (const char *(*)(void))dlsym(RTLD_DEFAULT, "_PyMem_GetAllocatorsName");
    return fn ? fn() : NULL;
}

void cts_current_allocator(char *out, size_t size)
{
    const char *name = cts_runtime_allocator_name();
    cts_allocator_of_mode(name ? name : getenv("PYTHONMALLOC"), out, size);
}

static void read_allocator(cts_caps *caps)
{
    cts_current_allocator(caps->allocator, sizeof caps->allocator);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

void cts_probe(cts_caps *caps, const char *requested)
{
    memset(caps, 0, sizeof *caps);
    caps->version_hex = cts_runtime_version();
    version_text(caps->version, sizeof caps->version);
    copy(caps->requested, sizeof caps->requested, requested && *requested ? requested : "default");
    read_implementation(caps);
    read_allocator(caps);
    caps->debug_build = CTS_PY_DEBUG;
    caps->with_pymalloc = CTS_WITH_PYMALLOC;
    caps->with_mimalloc = CTS_WITH_MIMALLOC;
    caps->free_threaded = CTS_FREE_THREADED;
    caps->pymalloc = strncmp(caps->allocator, "pymalloc", 8) == 0;
    caps->mimalloc = strncmp(caps->allocator, "mimalloc", 8) == 0;
    caps->debug_hooks = ends_with(caps->allocator, "debug");
    caps->asan = CTS_ASAN;
    caps->extension_host = CTS_EXTENSION_HOST;
    PyObject *tm = PyImport_ImportModule("_tracemalloc");
    caps->tracemalloc = tm != NULL;
    Py_XDECREF(tm);
    PyErr_Clear();
}

const char *const *cts_allocator_modes(void)
{
    static const char *const modes[] = {
#if CTS_PYPY
        /* PyPy reads no PYTHONMALLOC: its one mode is its own allocator. */
        "default",
#else
#if PY_VERSION_HEX >= 0x03070000
        "default",
#endif
        "debug",
#if !CTS_FREE_THREADED
        "malloc",
        "malloc_debug",
#if CTS_WITH_PYMALLOC
        "pymalloc",
        "pymalloc_debug",
#endif
#endif
#if CTS_WITH_MIMALLOC
        "mimalloc",
        "mimalloc_debug",
#endif
#endif
        NULL,
    };
    return modes;
}

size_t cts_arena_size(unsigned long version)
{
    return version >= 0x030A0000 && sizeof(void *) == 8 ? (size_t)1 << 20 : (size_t)256 << 10;
}
