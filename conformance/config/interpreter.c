/* interpreter.c: PyInterpreterConfig's rules on the sub-interpreter's
 * memory (3.12+): one with its own obmalloc state (use_main_obmalloc = 0)
 * must check multi-phase init extensions, and Py_NewInterpreterFromConfig()
 * refuses a configuration that breaks it, as it refuses an unknown gil
 * value: an error status, *tstate_p NULL, and the caller's interpreter
 * usable afterwards. Source: Doc/c-api/subinterpreters.rst (3.15; init.rst
 * before), PyInterpreterConfig and Py_NewInterpreterFromConfig. */
#include "cts.h"

#include <string.h>

#define SUBINTERPRETERS_PAGE(anchor) "c-api/subinterpreters.html#" anchor
#define INTERPRETER_CONFIG_WINDOW                                                                  \
    .since = 0x030C0000, .why_version = "PyInterpreterConfig and Py_NewInterpreterFromConfig() "   \
                                        "are new in 3.12"

#if PY_VERSION_HEX >= 0x030C0000
/* The attached thread state, or NULL; never a fatal error. */
static PyThreadState *current_thread_state(void)
{
#if PY_VERSION_HEX >= 0x030D0000
    return PyThreadState_GetUnchecked();
#else
    return _PyThreadState_UncheckedGet();
#endif
}

/* Asks Py_NewInterpreterFromConfig() for config, which it must refuse with
 * a message holding want; then makes main_ts current again and checks that
 * it still runs code. */
static void expect_refused(cts_ctx *cts, const PyInterpreterConfig *config, const char *want)
{
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = main_ts; /* must become NULL */
    PyStatus st = Py_NewInterpreterFromConfig(&sub, config);
    /* "an attached thread state must be present before calling this
     * function, but it might be detached upon returning" */
    if (current_thread_state() != main_ts)
        PyThreadState_Swap(main_ts);
    const char *msg = st.err_msg ? st.err_msg : "";
    CTS_EXPECT(PyStatus_Exception(st) && !PyStatus_IsExit(st) && strstr(msg, want),
               "Py_NewInterpreterFromConfig() returned %s '%s', expected an error status '%s'",
               PyStatus_IsExit(st)      ? "an exit status"
               : PyStatus_Exception(st) ? "error"
                                        : "success",
               msg, want);
    CTS_EXPECT(sub == NULL, "the refused interpreter's *tstate_p is %p, expected NULL",
               (void *)sub);
    CTS_EXPECT(PyRun_SimpleString("x = [bytearray(100) for _ in range(100)]") == 0,
               "the main interpreter cannot run code after the refusal");
    if (sub && sub != main_ts) { /* made after all: end it */
        PyThreadState_Swap(sub);
        Py_EndInterpreter(sub);
        PyThreadState_Swap(main_ts);
    }
}
#endif

CTS_CASE(own_obmalloc_needs_extension_check,
         .id = "config.interpreter.own_obmalloc_needs_extension_check", INTERPRETER_CONFIG_WINDOW,
         .doc = "Py_NewInterpreterFromConfig() with use_main_obmalloc = 0 and "
                "check_multi_interp_extensions = 0 returns an error status ('per-interpreter "
                "obmalloc does not support single-phase init extension modules'), sets *tstate_p "
                "to NULL, and the main interpreter runs on",
         .source = {
             .quote = "If this is 0 then check_multi_interp_extensions must be 1 "
                      "(non-zero). ... [c-api/subinterpreters.html#c.Py_NewInterpreterFromConfig] "
                      "If creation of the new interpreter is unsuccessful, tstate_p is set "
                      "to NULL;",
             .page = SUBINTERPRETERS_PAGE("c.PyInterpreterConfig.use_main_obmalloc"),
             .python = "3.15",
             .impl = "Python/pylifecycle.c"})
{
#if PY_VERSION_HEX >= 0x030C0000
    PyInterpreterConfig config = {
        .use_main_obmalloc = 0,
        .check_multi_interp_extensions = 0,
        .gil = PyInterpreterConfig_SHARED_GIL,
    };
    expect_refused(cts, &config, "per-interpreter obmalloc");
#endif
}

CTS_CASE(unknown_gil_value_is_refused, .id = "config.interpreter.unknown_gil_value_is_refused",
         INTERPRETER_CONFIG_WINDOW,
         .doc = "Py_NewInterpreterFromConfig() with a gil value that is none of "
                "PyInterpreterConfig_DEFAULT_GIL, _SHARED_GIL and _OWN_GIL returns an error status "
                "('invalid interpreter config 'gil' value') and sets *tstate_p to NULL",
         .source = {.quote = "This determines the operation of the GIL for the sub-interpreter. "
                             "It may be one of the following: ... "
                             "[c-api/subinterpreters.html#c.Py_NewInterpreterFromConfig] If "
                             "creation of the new interpreter is unsuccessful, tstate_p is set to "
                             "NULL;",
                    .page = SUBINTERPRETERS_PAGE("c.PyInterpreterConfig.gil"),
                    .python = "3.15",
                    .impl = "Python/pylifecycle.c"})
{
#if PY_VERSION_HEX >= 0x030C0000
    PyInterpreterConfig config = {
        .use_main_obmalloc = 1,
        .check_multi_interp_extensions = 1,
        .gil = 7,
    };
    expect_refused(cts, &config, "gil");
#endif
}
