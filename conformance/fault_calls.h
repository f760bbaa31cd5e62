/* fault_calls.h: the C-API calls the fault-injection sweep (faults.c) and
 * fuzz target (fuzz/faults_fuzzer.c) run with one allocation failing: object
 * constructors, containers and their mutation, strings, bytes, numbers,
 * code execution, imports and sub-interpreter creation. Each must report
 * the failure as documented (NULL or -1 with MemoryError set) and leave the
 * heap consistent. */
#ifndef CTS_FAULT_CALLS_H
#define CTS_FAULT_CALLS_H

#include "compat.h"

/* X(name, group, api, doc): the call's case id is faults.<group>.<name>;
 * the API it exercises and the documentation's sentence on its failure. */
#define FAULT_CALLS(X)                                                                             \
    X(long_from_long, numbers, "PyLong_FromLong",                                                  \
      "Return a new PyLongObject object from v, or NULL on failure.")                              \
    X(long_from_string, numbers, "PyLong_FromString",                                              \
      "Return a new PyLongObject based on the string value in str")                                \
    X(float_from_double, numbers, "PyFloat_FromDouble",                                            \
      "Create a PyFloatObject object from v, or NULL on failure.")                                 \
    X(number_multiply, numbers, "PyNumber_Multiply",                                               \
      "Returns the result of multiplying o1 and o2, or NULL on failure.")                          \
    X(bytes_from_string, bytes, "PyBytes_FromStringAndSize",                                       \
      "Return a new bytes object with a copy of the string v as value and length len on "          \
      "success, and NULL on failure.")                                                             \
    X(bytearray_from_string, bytes, "PyByteArray_FromStringAndSize",                               \
      "Create a new bytearray object from string and its length, len. On failure, NULL is "        \
      "returned.")                                                                                 \
    X(unicode_from_string, strings, "PyUnicode_FromString",                                        \
      "Create a Unicode object from a UTF-8 encoded null-terminated char buffer str.")             \
    X(unicode_from_format, strings, "PyUnicode_FromFormat",                                        \
      "Take a C printf()-style format string and a variable number of arguments, calculate the "   \
      "size of the resulting Python Unicode string and return a string with the values "           \
      "formatted into it.")                                                                        \
    X(unicode_concat, strings, "PyUnicode_Concat",                                                 \
      "Concat two strings giving a new Unicode string.")                                           \
    X(unicode_as_utf8_string, strings, "PyUnicode_AsUTF8String",                                   \
      "Return NULL if an exception was raised by the codec.")                                      \
    X(tuple_new, containers, "PyTuple_New", "Return a new tuple object of size len")               \
    X(list_new, containers, "PyList_New",                                                          \
      "Return a new list of length len on success, or NULL on failure.")                           \
    X(list_append, containers, "PyList_Append",                                                    \
      "Return 0 if successful; return -1 and set an exception if unsuccessful.")                   \
    X(dict_new, containers, "PyDict_New", "Return a new empty dictionary, or NULL on failure.")    \
    X(dict_set_item, containers, "PyDict_SetItemString", "Return 0 on success or -1 on failure.")  \
    X(dict_copy, containers, "PyDict_Copy",                                                        \
      "Return a new dictionary that contains the same key-value pairs as p.")                      \
    X(set_add, containers, "PySet_Add", "Return 0 on success or -1 on failure.")                   \
    X(build_value, objects, "Py_BuildValue",                                                       \
      "Returns the value or NULL in the case of an error; an exception will be raised if NULL "    \
      "is returned.")                                                                              \
    X(object_repr, objects, "PyObject_Repr",                                                       \
      "Returns a string representation on success, NULL on failure.")                              \
    X(run_string, code, "PyRun_String",                                                            \
      "Returns the result of executing the code as a Python object, or NULL if an exception "      \
      "was raised.")                                                                               \
    X(import_module, imports, "PyImport_ImportModule",                                             \
      "Return a new reference to the imported module, or NULL with an exception set on "           \
      "failure.")                                                                                  \
    X(new_interpreter, interpreters, "Py_NewInterpreter",                                          \
      "If creation of the new interpreter is unsuccessful, NULL is returned; no exception is "     \
      "set")

enum {
#define FAULT_INDEX(name, group, api, doc) FAULT_CALL_##name,
    FAULT_CALLS(FAULT_INDEX)
#undef FAULT_INDEX
        FAULT_CALL_COUNT
};

typedef struct fault_call {
    const char *name; /* e.g. "list_new" */
    /* Outside the failing window: what the call works on (a new reference),
     * or NULL for none; sets no exception. */
    PyObject *(*setup)(void);
    /* The call under test: 0 on success, -1 where it reported failure. */
    int (*call)(PyObject *arg);
    int sets_no_exception; /* documented to fail without an exception */
} fault_call;

extern const fault_call fault_calls[FAULT_CALL_COUNT];
extern const char *const fault_call_apis[FAULT_CALL_COUNT]; /* e.g. "PyList_New" */

#endif
