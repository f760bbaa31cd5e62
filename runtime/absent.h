/* absent.h: the parts of CPython's memory C API that an implementation
 * does not provide (PyPy's cpyext: no PyMem_Get/SetAllocator, no debug
 * hooks, no arena allocator, no embedding start-up). compat.h includes it
 * for such an implementation, so that every case file still compiles and
 * every case is still listed: the types are declared as CPython declares
 * them, and each absent function becomes a call that ends the running case
 * UNSUPPORTED, naming the function. Nothing here pretends to work. */
#ifndef CTS_ABSENT_H
#define CTS_ABSENT_H

#include <stddef.h>
#include <wchar.h>

/* Says "<api> is not provided by <impl>" to the handler installed, which
 * must not return (the case process's ends the running case UNSUPPORTED);
 * without one, on stderr, and aborts. */
__attribute__((noreturn)) void cts_absent_api(const char *api);
typedef void (*cts_absent_handler)(const char *text);
void cts_on_absent_api(cts_absent_handler handler);

/* The types, as Include/cpython/pymem.h declares them. */
typedef enum { PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ } PyMemAllocatorDomain;

typedef struct {
    void *ctx;
    void *(*malloc)(void *ctx, size_t size);
    void *(*calloc)(void *ctx, size_t nelem, size_t elsize);
    void *(*realloc)(void *ctx, void *ptr, size_t new_size);
    void (*free)(void *ctx, void *ptr);
} PyMemAllocatorEx;

typedef struct {
    void *ctx;
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr, size_t size);
} PyObjectArenaAllocator;

/* Each absent function: a call ends the case; its arguments are still
 * evaluated, so the call site reads and compiles as it does on CPython. */
#define CTS_ABSENT0_(api) cts_absent_api(api)
#define CTS_ABSENT1_(api, a) ((void)(a), cts_absent_api(api))
#define CTS_ABSENT2_(api, a, b) ((void)(a), (void)(b), cts_absent_api(api))
#define PyMem_GetAllocator(d, a) CTS_ABSENT2_("PyMem_GetAllocator", (d), (a))
#define PyMem_SetAllocator(d, a) CTS_ABSENT2_("PyMem_SetAllocator", (d), (a))
#define PyMem_SetupDebugHooks() CTS_ABSENT0_("PyMem_SetupDebugHooks")
#define PyObject_GetArenaAllocator(a) CTS_ABSENT1_("PyObject_GetArenaAllocator", (a))
#define PyObject_SetArenaAllocator(a) CTS_ABSENT1_("PyObject_SetArenaAllocator", (a))
#define Py_Initialize() CTS_ABSENT0_("Py_Initialize")
#define Py_InitializeEx(s) CTS_ABSENT1_("Py_InitializeEx", (s))
#define Py_FinalizeEx() (CTS_ABSENT0_("Py_FinalizeEx"), 0)
#define Py_NewInterpreter() (CTS_ABSENT0_("Py_NewInterpreter"), (PyThreadState *)NULL)
#define Py_EndInterpreter(t) CTS_ABSENT1_("Py_EndInterpreter", (t))
#define Py_DecodeLocale(s, n) (CTS_ABSENT2_("Py_DecodeLocale", (s), (n)), (wchar_t *)NULL)
#define PyOS_BeforeFork() CTS_ABSENT0_("PyOS_BeforeFork")
#define PyOS_AfterFork_Parent() CTS_ABSENT0_("PyOS_AfterFork_Parent")
#define PyOS_AfterFork_Child() CTS_ABSENT0_("PyOS_AfterFork_Child")

#endif
