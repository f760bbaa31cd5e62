/* compat.h: the one place that papers over differences between Python
 * versions' headers, so that case files read the same on 3.6 and 3.15.
 * Python.h comes first: its pyconfig.h defines _GNU_SOURCE itself. */
#ifndef CTS_COMPAT_H
#define CTS_COMPAT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if PY_VERSION_HEX < 0x03070000
/* 3.6 exports the tracemalloc C API only under its private names. */
#define PyTraceMalloc_Track(domain, ptr, size) _PyTraceMalloc_Track((domain), (ptr), (size))
#define PyTraceMalloc_Untrack(domain, ptr) _PyTraceMalloc_Untrack((domain), (ptr))
#endif

/* PyPy's cpyext lacks the allocator hooks, the arena allocator, the debug
 * hooks and the embedding start-up: absent.h declares them as absent. */
#ifdef PYPY_VERSION
#define CTS_PYPY 1
#include "absent.h"
#else
#define CTS_PYPY 0
#endif

/* The suite built as an extension module (host.c) rather than a program
 * that embeds the interpreter. */
#ifdef CTS_HOST
#define CTS_EXTENSION_HOST 1
#else
#define CTS_EXTENSION_HOST 0
#endif

/* PyConfig/PyPreConfig (3.8+) and the fork protocol PyOS_BeforeFork (3.7+). */
#define CTS_HAVE_INIT_CONFIG (PY_VERSION_HEX >= 0x03080000 && !CTS_PYPY)
#define CTS_HAVE_FORK_PROTOCOL (PY_VERSION_HEX >= 0x03070000 && !CTS_PYPY)

#ifdef Py_GIL_DISABLED
#define CTS_FREE_THREADED 1
#else
#define CTS_FREE_THREADED 0
#endif

#ifdef Py_DEBUG
#define CTS_PY_DEBUG 1
#else
#define CTS_PY_DEBUG 0
#endif

#ifdef WITH_PYMALLOC
#define CTS_WITH_PYMALLOC 1
#else
#define CTS_WITH_PYMALLOC 0
#endif

#ifdef WITH_MIMALLOC
#define CTS_WITH_MIMALLOC 1
#else
#define CTS_WITH_MIMALLOC 0
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CTS_ASAN 1
#endif
#endif
#if !defined(CTS_ASAN) && defined(__SANITIZE_ADDRESS__)
#define CTS_ASAN 1
#endif
#ifndef CTS_ASAN
#define CTS_ASAN 0
#endif

#endif
