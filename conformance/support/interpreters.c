/* interpreters.c: see interpreters.h. */
#include "interpreters.h"

#if PY_VERSION_HEX >= 0x030C0000
PyThreadState *new_isolated_interpreter(const char **why)
{
    PyInterpreterConfig config = {
        .use_main_obmalloc = 0,
        .check_multi_interp_extensions = 1,
        .gil = PyInterpreterConfig_OWN_GIL,
    };
    PyThreadState *sub = NULL;
    PyStatus st = Py_NewInterpreterFromConfig(&sub, &config);
    if (PyStatus_Exception(st) || !sub) {
        *why = st.err_msg ? st.err_msg : "no thread state and no message";
        return NULL;
    }
    return sub;
}
#endif
