/* strings.c: PyConfig's strings and lists of strings (3.8+), which
 * CPython allocates with the RAW allocator and PyConfig_Clear() frees:
 * PyWideStringList_Insert() at, past and before the list's ends,
 * PyConfig_SetWideStringList() and PyConfig_SetBytesString() setting what
 * they are given. Each runs in a booted child (Python is preinitialized).
 * Source: Doc/c-api/init_config.rst (PyWideStringList, PyConfig methods). */
#include "cts.h"

#include <stdio.h>
#include <wchar.h>

#define INIT_CONFIG_PAGE(anchor) "c-api/init_config.html#" anchor
#define STRINGS_WINDOW .since = 0x03080000, .why_version = "PyConfig is new in 3.8 (PEP 587)"

#if CTS_HAVE_INIT_CONFIG
/* Whether list holds exactly the n strings want, in order; else describes
 * what it holds in got. */
static int list_is(const PyWideStringList *list, const wchar_t *const *want, Py_ssize_t n,
                   char *got, size_t size)
{
    int same = list->length == n;
    size_t used = (size_t)snprintf(got, size, "%zd items:", list->length);
    for (Py_ssize_t i = 0; i < list->length; i++) {
        if (i >= n || wcscmp(list->items[i], want[i]) != 0)
            same = 0;
        if (used < size)
            used += (size_t)snprintf(got + used, size - used, " '%ls'", list->items[i]);
    }
    return same;
}

/* Appends each of the n strings to list; 0 when every call succeeded. */
static int append_all(PyWideStringList *list, const wchar_t *const *items, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyStatus_Exception(PyWideStringList_Append(list, items[i])))
            return -1;
    return 0;
}

/* Frees a list built here as PyConfig_Clear() frees a configuration's own
 * lists (the documented way to release one). */
static void free_through_config(PyWideStringList list)
{
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.xoptions = list;
    PyConfig_Clear(&config);
}
#endif

CTS_CASE(insert_at_index, .id = "config.strings.insert_at_index", STRINGS_WINDOW,
         .doc = "PyWideStringList_Insert(list, i, item) with 0 <= i < length puts item at i and "
                "moves the items from i on one place up",
         .source = {.quote = "Insert item into list at index.",
                    .page = INIT_CONFIG_PAGE("c.PyWideStringList_Insert"),
                    .python = "3.15"})
{
#if CTS_HAVE_INIT_CONFIG
    static const wchar_t *const start[] = {L"a", L"b"};
    static const wchar_t *const want[] = {L"x", L"a", L"y", L"b"};
    PyWideStringList list = {0, NULL};
    CTS_REQUIRE(append_all(&list, start, 2) == 0, "PyWideStringList_Append failed");
    PyStatus first = PyWideStringList_Insert(&list, 0, L"x");
    PyStatus second = PyWideStringList_Insert(&list, 2, L"y");
    char got[256];
    int same = list_is(&list, want, 4, got, sizeof got);
    CTS_EXPECT(!PyStatus_Exception(first) && !PyStatus_Exception(second) && same,
               "inserting 'x' at 0 and 'y' at 2 into ['a', 'b'] gave %s, expected 'x' 'a' 'y' 'b'",
               got);
    free_through_config(list);
#else
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}

CTS_CASE(insert_past_end_appends, .id = "config.strings.insert_past_end_appends", STRINGS_WINDOW,
         .doc = "PyWideStringList_Insert() with an index equal to or past the list's length "
                "appends the item",
         .source = {.quote = "If index is greater than or equal to list length, append item to "
                             "list.",
                    .page = INIT_CONFIG_PAGE("c.PyWideStringList_Insert"),
                    .python = "3.15"})
{
#if CTS_HAVE_INIT_CONFIG
    static const wchar_t *const start[] = {L"a", L"b"};
    static const wchar_t *const want[] = {L"a", L"b", L"c", L"d"};
    PyWideStringList list = {0, NULL};
    CTS_REQUIRE(append_all(&list, start, 2) == 0, "PyWideStringList_Append failed");
    PyStatus at_length = PyWideStringList_Insert(&list, 2, L"c");
    PyStatus past = PyWideStringList_Insert(&list, 1000, L"d");
    char got[256];
    int same = list_is(&list, want, 4, got, sizeof got);
    CTS_EXPECT(!PyStatus_Exception(at_length) && !PyStatus_Exception(past) && same,
               "inserting 'c' at 2 and 'd' at 1000 into ['a', 'b'] gave %s, expected 'a' 'b' "
               "'c' 'd'",
               got);
    free_through_config(list);
#else
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}

CTS_CASE(insert_negative_index_is_error, .id = "config.strings.insert_negative_index_is_error",
         STRINGS_WINDOW,
         .doc = "PyWideStringList_Insert() with a negative index returns an error status and "
                "leaves the list as it was",
         .source = {.quote = "index must be greater than or equal to 0.",
                    .page = INIT_CONFIG_PAGE("c.PyWideStringList_Insert"),
                    .python = "3.15",
                    .impl = "Python/initconfig.c"})
{
#if CTS_HAVE_INIT_CONFIG
    static const wchar_t *const start[] = {L"a"};
    PyWideStringList list = {0, NULL};
    CTS_REQUIRE(append_all(&list, start, 1) == 0, "PyWideStringList_Append failed");
    PyStatus st = PyWideStringList_Insert(&list, -1, L"x");
    char got[256];
    int same = list_is(&list, start, 1, got, sizeof got);
    CTS_EXPECT(PyStatus_Exception(st) && !PyStatus_IsExit(st),
               "PyWideStringList_Insert(list, -1, ...) returned %s, expected an error status",
               PyStatus_IsExit(st) ? "an exit status" : "success");
    CTS_EXPECT(same, "after the refused insertion the list holds %s, expected 'a'", got);
    free_through_config(list);
#else
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}

CTS_CASE(set_wide_string_list_copies, .id = "config.strings.set_wide_string_list_copies",
         STRINGS_WINDOW,
         .doc = "PyConfig_SetWideStringList(config, list, n, items) makes list the n items, "
                "replacing what it held; changing the caller's strings afterwards changes "
                "nothing in it",
         .source = {.quote = "Set the list of wide strings list to length and items.",
                    .page = INIT_CONFIG_PAGE("c.PyConfig_SetWideStringList"),
                    .python = "3.15",
                    .note = "that the list holds copies (PyConfig_Clear() frees them) is "
                            "CPython's behaviour (Python/initconfig.c: _PyWideStringList_Copy)"})
{
#if CTS_HAVE_INIT_CONFIG
    static const wchar_t *const before[] = {L"old"};
    static const wchar_t *const want[] = {L"one", L"two", L"three"};
    wchar_t one[] = L"one", two[] = L"two", three[] = L"three";
    wchar_t *items[] = {one, two, three};
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    CTS_REQUIRE(append_all(&config.warnoptions, before, 1) == 0, "PyWideStringList_Append failed");
    PyStatus st = PyConfig_SetWideStringList(&config, &config.warnoptions, 3, items);
    one[0] = L'X'; /* the caller's string changes afterwards */
    char got[256];
    int same = list_is(&config.warnoptions, want, 3, got, sizeof got);
    PyConfig_Clear(&config);
    CTS_EXPECT(!PyStatus_Exception(st) && same,
               "PyConfig_SetWideStringList(3 items) over ['old'] gave %s (status %s), expected "
               "'one' 'two' 'three'",
               got, PyStatus_Exception(st) ? "an error" : "ok");
#else
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}

CTS_CASE(set_bytes_string_decodes, .id = "config.strings.set_bytes_string_decodes", STRINGS_WINDOW,
         .doc = "PyConfig_SetBytesString() decodes an ASCII byte string into the member, which "
                "then holds the same characters",
         .source = {.quote = "Decode str using Py_DecodeLocale() and set the result into "
                             "*config_str.",
                    .page = INIT_CONFIG_PAGE("c.PyConfig_SetBytesString"),
                    .python = "3.15"})
{
#if CTS_HAVE_INIT_CONFIG
    char text[] = "pymem-cts";
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    PyStatus st = PyConfig_SetBytesString(&config, &config.run_command, text);
    text[0] = 'X'; /* the member holds the decoded result, not the caller's bytes */
    int same = config.run_command && wcscmp(config.run_command, L"pymem-cts") == 0;
    char got[64];
    snprintf(got, sizeof got, "%ls", config.run_command ? config.run_command : L"(NULL)");
    PyConfig_Clear(&config);
    CTS_EXPECT(!PyStatus_Exception(st) && same,
               "PyConfig_SetBytesString(\"pymem-cts\") set '%s' (status %s)", got,
               PyStatus_Exception(st) ? "an error" : "ok");
#else
    CTS_UNSUPPORTED("PyConfig is not provided by this implementation");
#endif
}
