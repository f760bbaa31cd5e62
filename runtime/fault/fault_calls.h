/* fault_calls.h: the C-API calls the fault-injection cases
 * (conformance/faults/) and fuzz target (fuzz/faults_fuzzer.c) run with one
 * allocation failing: object constructors, containers and their mutation, strings, bytes, numbers,
 * code execution, imports and sub-interpreter creation. Each must report
 * the failure as documented (NULL or -1 with an exception set, of any type,
 * or none where the call documents none) and leave the heap consistent. */
#ifndef CTS_FAULT_CALLS_H
#define CTS_FAULT_CALLS_H

#include "compat.h"

/* X(name, group, since, api, page, quote): the case faults.<group>.<name>
 * runs the API; page ("c-api/<page>#<anchor>") and quote, verbatim from the
 * 3.15 documentation, say what it returns on failure. since says from which
 * version the API exists: ANY, or PY_3_12 and the like (FAULT_SINCE_* below),
 * the case's version window. One list per group (conformance/faults/<group>.c
 * registers its cases), and FAULT_CALLS, all of them in this order. */
#define FAULT_SINCE_ANY 0
#define FAULT_NEW_IN_ANY ""
#define FAULT_SINCE_PY_3_12 0x030C0000
#define FAULT_NEW_IN_PY_3_12 "3.12"
#define FAULT_CALLS_numbers(X)                                                                     \
    X(long_from_long, numbers, ANY, "PyLong_FromLong", "c-api/long.html#c.PyLong_FromLong",        \
      "Return a new PyLongObject object from v, or NULL on failure.")                              \
    X(long_from_string, numbers, ANY, "PyLong_FromString", "c-api/long.html#c.PyLong_FromString",  \
      "Return a new PyLongObject based on the string value in str, which is interpreted "          \
      "according to the radix in base, or NULL on failure.")                                       \
    X(float_from_double, numbers, ANY, "PyFloat_FromDouble",                                       \
      "c-api/float.html#c.PyFloat_FromDouble",                                                     \
      "Create a PyFloatObject object from v, or NULL on failure.")                                 \
    X(number_multiply, numbers, ANY, "PyNumber_Multiply", "c-api/number.html#c.PyNumber_Multiply", \
      "Returns the result of multiplying o1 and o2, or NULL on failure.")
#define FAULT_CALLS_bytes(X)                                                                       \
    X(bytes_from_string, bytes, ANY, "PyBytes_FromStringAndSize",                                  \
      "c-api/bytes.html#c.PyBytes_FromStringAndSize",                                              \
      "Return a new bytes object with a copy of the string v as value and length len on "          \
      "success, and NULL on failure.")                                                             \
    X(bytearray_from_string, bytes, ANY, "PyByteArray_FromStringAndSize",                          \
      "c-api/bytearray.html#c.PyByteArray_FromStringAndSize",                                      \
      "Create a new bytearray object from string and its length, len. On failure, return "         \
      "NULL with an exception set.")
#define FAULT_CALLS_strings(X)                                                                     \
    X(unicode_from_string, strings, ANY, "PyUnicode_FromString",                                   \
      "c-api/unicode.html#c.PyUnicode_FromString",                                                 \
      "Create a Unicode object from a UTF-8 encoded null-terminated char buffer str.")             \
    X(unicode_from_format, strings, ANY, "PyUnicode_FromFormat",                                   \
      "c-api/unicode.html#c.PyUnicode_FromFormat",                                                 \
      "Take a C printf()-style format string and a variable number of arguments, calculate "       \
      "the size of the resulting Python Unicode string and return a string with the values "       \
      "formatted into it.")                                                                        \
    X(unicode_concat, strings, ANY, "PyUnicode_Concat", "c-api/unicode.html#c.PyUnicode_Concat",   \
      "Concat two strings giving a new Unicode string.")                                           \
    X(unicode_as_utf8_string, strings, ANY, "PyUnicode_AsUTF8String",                              \
      "c-api/unicode.html#c.PyUnicode_AsUTF8String",                                               \
      "Return NULL if an exception was raised by the codec.")
#define FAULT_CALLS_containers(X)                                                                  \
    X(tuple_new, containers, ANY, "PyTuple_New", "c-api/tuple.html#c.PyTuple_New",                 \
      "Return a new tuple object of size len, or NULL with an exception set on failure.")          \
    X(list_new, containers, ANY, "PyList_New", "c-api/list.html#c.PyList_New",                     \
      "Return a new list of length len on success, or NULL on failure.")                           \
    X(list_append, containers, ANY, "PyList_Append", "c-api/list.html#c.PyList_Append",            \
      "Return 0 if successful; return -1 and set an exception if unsuccessful.")                   \
    X(dict_new, containers, ANY, "PyDict_New", "c-api/dict.html#c.PyDict_New",                     \
      "Return a new empty dictionary, or NULL on failure.")                                        \
    X(dict_set_item, containers, ANY, "PyDict_SetItemString",                                      \
      "c-api/dict.html#c.PyDict_SetItemString",                                                    \
      "This is the same as PyDict_SetItem(), but key is specified as a const char* UTF-8 "         \
      "encoded bytes string, rather than a PyObject*. ... "                                        \
      "[c-api/dict.html#c.PyDict_SetItem] Return 0 on success or -1 on failure.")                  \
    X(dict_copy, containers, ANY, "PyDict_Copy", "c-api/dict.html#c.PyDict_Copy",                  \
      "Return a new dictionary that contains the same key-value pairs as p.")                      \
    X(set_add, containers, ANY, "PySet_Add", "c-api/set.html#c.PySet_Add",                         \
      "Return 0 on success or -1 on failure.")
#define FAULT_CALLS_objects(X)                                                                     \
    X(build_value, objects, ANY, "Py_BuildValue", "c-api/arg.html#c.Py_BuildValue",                \
      "Returns the value or NULL in the case of an error; an exception will be raised if "         \
      "NULL is returned.")                                                                         \
    X(object_repr, objects, ANY, "PyObject_Repr", "c-api/object.html#c.PyObject_Repr",             \
      "Returns the string representation on success, NULL on failure.")
#define FAULT_CALLS_code(X)                                                                        \
    X(run_string, code, ANY, "PyRun_String", "c-api/veryhigh.html#c.PyRun_String",                 \
      "This is a simplified interface to PyRun_StringFlags() below, leaving flags set to "         \
      "NULL. ... [c-api/veryhigh.html#c.PyRun_StringFlags] Returns the result of executing "       \
      "the code as a Python object, or NULL if an exception was raised.")
#define FAULT_CALLS_imports(X)                                                                     \
    X(import_module, imports, ANY, "PyImport_ImportModule",                                        \
      "c-api/import.html#c.PyImport_ImportModule",                                                 \
      "This is a wrapper around PyImport_Import() which takes a const char* as an argument "       \
      "instead of a PyObject*. ... [c-api/import.html#c.PyImport_ImportModuleLevelObject] "        \
      "The return value is a new reference to the imported module or top-level package, or "       \
      "NULL with an exception set on failure.")
#define FAULT_NEW_INTERPRETER_FROM_CONFIG_RULE                                                     \
    "If creation of the new interpreter is unsuccessful, tstate_p is set to NULL; no exception "   \
    "is set since the exception state is stored in the attached thread state, which might not "    \
    "exist."
#define FAULT_CALLS_interpreters(X)                                                                \
    X(new_interpreter, interpreters, ANY, "Py_NewInterpreter",                                     \
      "c-api/subinterpreters.html#c.Py_NewInterpreter",                                            \
      "This is essentially just a wrapper around Py_NewInterpreterFromConfig() with a "            \
      "config that preserves the existing behavior. ... "                                          \
      "[c-api/"                                                                                    \
      "subinterpreters.html#c.Py_NewInterpreterFromConfig]"                                        \
      " " FAULT_NEW_INTERPRETER_FROM_CONFIG_RULE)                                                  \
    X(new_interpreter_from_config, interpreters, PY_3_12, "Py_NewInterpreterFromConfig",           \
      "c-api/subinterpreters.html#c.Py_NewInterpreterFromConfig",                                  \
      FAULT_NEW_INTERPRETER_FROM_CONFIG_RULE)                                                      \
    X(new_interpreter_from_config_isolated, interpreters, PY_3_12, "Py_NewInterpreterFromConfig",  \
      "c-api/subinterpreters.html#c.Py_NewInterpreterFromConfig",                                  \
      "Sub-interpreters are most effective when isolated from each other, with certain "           \
      "functionality restricted: ... " FAULT_NEW_INTERPRETER_FROM_CONFIG_RULE)
#define FAULT_CALLS(X)                                                                             \
    FAULT_CALLS_numbers(X) FAULT_CALLS_bytes(X) FAULT_CALLS_strings(X) FAULT_CALLS_containers(X)   \
        FAULT_CALLS_objects(X) FAULT_CALLS_code(X) FAULT_CALLS_imports(X)                          \
            FAULT_CALLS_interpreters(X)

enum {
#define FAULT_INDEX(name, group, since, api, page, quote) FAULT_CALL_##name,
    FAULT_CALLS(FAULT_INDEX)
#undef FAULT_INDEX
        FAULT_CALL_COUNT
};

typedef struct fault_call {
    const char *name; /* e.g. "list_new" */
    /* Outside the failing window: what the call works on (a new reference),
     * or NULL for none; sets no exception. */
    PyObject *(*setup)(void);
    /* The call under test: 0 on success, -1 where it reported failure,
     * FAULT_CALL_SELF_CONTRADICTORY where it reported both at once. */
    int (*call)(PyObject *arg);
    /* Outside the failing window, after the call: undoes what a successful
     * call made (ends the interpreter it created), or NULL. */
    void (*undo)(void);
    int sets_no_exception; /* documented to fail without an exception */
    /* For FAULT_CALL_SELF_CONTRADICTORY: how the two reports disagree. */
    const char *contradiction;
} fault_call;

enum { FAULT_CALL_SELF_CONTRADICTORY = -2 };

extern const fault_call fault_calls[FAULT_CALL_COUNT];
extern const char *const fault_call_apis[FAULT_CALL_COUNT]; /* e.g. "PyList_New" */

#endif
