/* fault_calls.c: the calls of fault_calls.h. Each works on objects its setup
 * made outside the failing window, and does enough that its allocations
 * include a resize or a copy where the API has one. */
#include "fault_calls.h"

/* 0 for a new reference (released), -1 for NULL. */
static int released(PyObject *o)
{
    if (!o)
        return -1;
    Py_DECREF(o);
    return 0;
}

static int long_from_long(PyObject *arg)
{
    (void)arg;
    return released(PyLong_FromLongLong(1LL << 62));
}

static int long_from_string(PyObject *arg)
{
    (void)arg;
    return released(PyLong_FromString("123456789012345678901234567890123456789", NULL, 10));
}

static int float_from_double(PyObject *arg)
{
    (void)arg;
    return released(PyFloat_FromDouble(2.5));
}

static PyObject *big_number(void)
{
    return PyLong_FromString("98765432109876543210987654321", NULL, 10);
}

static int number_multiply(PyObject *big)
{
    return released(PyNumber_Multiply(big, big));
}

static int bytes_from_string(PyObject *arg)
{
    (void)arg;
    return released(PyBytes_FromStringAndSize("fault injection, bytes", 22));
}

static int bytearray_from_string(PyObject *arg)
{
    (void)arg;
    return released(PyByteArray_FromStringAndSize("fault injection, bytearray", 26));
}

static int unicode_from_string(PyObject *arg)
{
    (void)arg;
    return released(
        PyUnicode_FromString("fault injection: h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac"));
}

static int unicode_from_format(PyObject *arg)
{
    (void)arg;
    return released(PyUnicode_FromFormat("%s-%d-%zd-%p", "fault", 42, (Py_ssize_t)7, arg));
}

static PyObject *text(void)
{
    return PyUnicode_FromString("a string of some length, \xc3\xa9\xe2\x82\xac");
}

static int unicode_concat(PyObject *s)
{
    return released(PyUnicode_Concat(s, s));
}

static int unicode_as_utf8_string(PyObject *s)
{
    return released(PyUnicode_AsUTF8String(s));
}

static int tuple_new(PyObject *arg)
{
    (void)arg;
    PyObject *t = PyTuple_New(8);
    if (!t)
        return -1;
    for (Py_ssize_t i = 0; i < 8; i++) {
        PyObject *item = PyLong_FromSsize_t(1000 + i);
        if (!item) {
            Py_DECREF(t);
            return -1;
        }
        PyTuple_SET_ITEM(t, i, item);
    }
    Py_DECREF(t);
    return 0;
}

static int list_new(PyObject *arg)
{
    (void)arg;
    return released(PyList_New(16));
}

static PyObject *empty_list(void)
{
    return PyList_New(0);
}

/* Appends until the list has grown several times. */
static int list_append(PyObject *list)
{
    for (int i = 0; i < 40; i++)
        if (PyList_Append(list, Py_None) < 0)
            return -1;
    return 0;
}

static int dict_new(PyObject *arg)
{
    (void)arg;
    return released(PyDict_New());
}

static PyObject *empty_dict(void)
{
    return PyDict_New();
}

/* Inserts new keys (each a new string) until the table has grown. */
static int dict_set_item(PyObject *dict)
{
    char key[32];
    for (int i = 0; i < 24; i++) {
        PyOS_snprintf(key, sizeof key, "fault_key_%d", i);
        if (PyDict_SetItemString(dict, key, Py_None) < 0)
            return -1;
    }
    return 0;
}

static PyObject *full_dict(void)
{
    PyObject *dict = PyDict_New();
    if (dict && dict_set_item(dict) < 0)
        Py_CLEAR(dict);
    return dict;
}

static int dict_copy(PyObject *dict)
{
    return released(PyDict_Copy(dict));
}

static PyObject *empty_set(void)
{
    return PySet_New(NULL);
}

static int set_add(PyObject *set)
{
    for (long i = 0; i < 40; i++) {
        PyObject *item = PyLong_FromLong(100000 + i);
        int rc = item ? PySet_Add(set, item) : -1;
        Py_XDECREF(item);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int build_value(PyObject *arg)
{
    (void)arg;
    return released(
        Py_BuildValue("(isy#[id]{s:i})", 1, "two", "three", (Py_ssize_t)5, 4, 5.0, "six", 6));
}

static int object_repr(PyObject *dict)
{
    return released(PyObject_Repr(dict));
}

static PyObject *globals(void)
{
    PyObject *g = PyDict_New();
    if (g && PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins()) < 0)
        Py_CLEAR(g);
    return g;
}

static int run_string(PyObject *g)
{
    return released(PyRun_String("squares = [i * i for i in range(40)]\n"
                                 "text = ','.join(map(str, squares))\n",
                                 Py_file_input, g, g));
}

/* Forgets the module, so that each trial imports it anew. */
static PyObject *forget_colorsys(void)
{
    PyObject *modules = PyImport_GetModuleDict(); /* borrowed */
    if (PyDict_GetItemString(modules, "colorsys") && PyDict_DelItemString(modules, "colorsys") < 0)
        PyErr_Clear();
    return NULL;
}

static int import_module(PyObject *arg)
{
    (void)arg;
    return released(PyImport_ImportModule("colorsys"));
}

static int new_interpreter(PyObject *arg)
{
    (void)arg;
    PyThreadState *main_tstate = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    if (sub)
        Py_EndInterpreter(sub);
    PyThreadState_Swap(main_tstate);
    return sub ? 0 : -1;
}

/* Py_NewInterpreterFromConfig(), 3.12+: the interpreter a successful call
 * made, ended by end_created_interpreter() outside the failing window, and
 * the thread state to make current again afterwards. */
static PyThreadState *created, *caller;

#if PY_VERSION_HEX >= 0x030C0000
/* A failed status comes with tstate_p NULL, and a success with a thread
 * state; either with the other is a contradiction. */
static int from_config(const PyInterpreterConfig *config)
{
    caller = PyThreadState_Get();
    created = NULL;
    PyThreadState *sub = (PyThreadState *)&created; /* not NULL: the call must set it */
    PyStatus status = Py_NewInterpreterFromConfig(&sub, config);
    int failed = PyStatus_Exception(status);
    if (sub == (PyThreadState *)&created)
        return FAULT_CALL_SELF_CONTRADICTORY; /* tstate_p left as it was */
    created = sub;
    if (failed != (sub == NULL))
        return FAULT_CALL_SELF_CONTRADICTORY;
    return failed ? -1 : 0;
}

/* The fields of PyInterpreterConfig set as Py_NewInterpreter() has them:
 * the main interpreter's GIL and obmalloc state, fork, exec, threads,
 * daemon threads and single-phase init modules allowed (but on a
 * free-threaded build, which refuses single-phase init modules in
 * sub-interpreters with a failed status, gh-117649: checked there, as
 * Py_NewInterpreter() has it). */
static const PyInterpreterConfig shared_config = {
    .use_main_obmalloc = 1,
    .allow_fork = 1,
    .allow_exec = 1,
    .allow_threads = 1,
    .allow_daemon_threads = 1,
    .check_multi_interp_extensions = CTS_FREE_THREADED,
    .gil = PyInterpreterConfig_SHARED_GIL,
};

/* The isolated interpreter of the docs' example: its own GIL and obmalloc
 * state, no fork, exec or daemon threads, multi-phase init modules only. */
static const PyInterpreterConfig isolated_config = {.use_main_obmalloc = 0,
                                                    .allow_fork = 0,
                                                    .allow_exec = 0,
                                                    .allow_threads = 1,
                                                    .allow_daemon_threads = 0,
                                                    .check_multi_interp_extensions = 1,
                                                    .gil = PyInterpreterConfig_OWN_GIL};
#define FROM_CONFIG(config) from_config(&config)
#else
/* The API is new in 3.12: the case's window keeps it from running. */
#define FROM_CONFIG(config) -1
#endif

static int new_interpreter_from_config(PyObject *arg)
{
    (void)arg;
    return FROM_CONFIG(shared_config);
}

static int new_interpreter_from_config_isolated(PyObject *arg)
{
    (void)arg;
    return FROM_CONFIG(isolated_config);
}
#undef FROM_CONFIG

/* Whether the caller's thread state must be made current again. Up to
 * 3.13 the docs promise "the global interpreter lock ... is still held when
 * it returns", so the swap is always valid (and dies, in the trial that
 * broke the promise, if it is not held); from 3.14 "it might be detached
 * upon returning": swapped only when it is not the attached one. */
static int caller_to_reattach(void)
{
#if PY_VERSION_HEX >= 0x030E0000
    return PyThreadState_GetUnchecked() != caller;
#else
    return 1;
#endif
}

/* Ends what the call made and makes the caller's thread state current
 * again (which one a failed call leaves current, the docs do not say). */
static void end_created_interpreter(void)
{
    if (created)
        Py_EndInterpreter(created);
    created = NULL;
    if (caller && caller_to_reattach())
        PyThreadState_Swap(caller);
}

const fault_call fault_calls[FAULT_CALL_COUNT] = {
#define CALL(fn, make, ...)                                                                        \
    [FAULT_CALL_##fn] = {.name = #fn, .setup = make, .call = fn, __VA_ARGS__}
    CALL(long_from_long, NULL),
    CALL(long_from_string, NULL),
    CALL(float_from_double, NULL),
    CALL(number_multiply, big_number),
    CALL(bytes_from_string, NULL),
    CALL(bytearray_from_string, NULL),
    CALL(unicode_from_string, NULL),
    CALL(unicode_from_format, NULL),
    CALL(unicode_concat, text),
    CALL(unicode_as_utf8_string, text),
    CALL(tuple_new, NULL),
    CALL(list_new, NULL),
    CALL(list_append, empty_list),
    CALL(dict_new, NULL),
    CALL(dict_set_item, empty_dict),
    CALL(dict_copy, full_dict),
    CALL(set_add, empty_set),
    CALL(build_value, NULL),
    CALL(object_repr, full_dict),
    CALL(run_string, globals),
    CALL(import_module, forget_colorsys),
    CALL(new_interpreter, NULL, .sets_no_exception = 1),
#define FROM_CONFIG_CALL                                                                           \
    .undo = end_created_interpreter, .sets_no_exception = 1,                                       \
    .contradiction = "returned a status and a tstate_p that disagree: a failed status with a "     \
                     "thread state, or success with NULL"
    CALL(new_interpreter_from_config, NULL, FROM_CONFIG_CALL),
    CALL(new_interpreter_from_config_isolated, NULL, FROM_CONFIG_CALL),
#undef FROM_CONFIG_CALL
#undef CALL
};

const char *const fault_call_apis[FAULT_CALL_COUNT] = {
#define API(name, group, since, api, page, quote) [FAULT_CALL_##name] = api,
    FAULT_CALLS(API)
#undef API
};
