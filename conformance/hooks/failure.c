/* failure.c: what the runtime does with a custom allocator's NULL.
 * A failed allocation must surface as NULL (the exception set with it is
 * not asserted: the sentence promises NULL) and leave the heap as it was:
 * no block freed twice, none lost.
 * Source: Doc/c-api/memory.rst ("Customize Memory Allocators"; PyMem_Malloc:
 * "Returns ... NULL if the request fails"); Doc/c-api/list.rst (PyList_New:
 * "Return a new list of length len on success, or NULL on failure").
 * Found by fuzz/hooks_fuzzer.c. */
#include "hook_spy.h"

#define BLOCKS 256

/* PyList_New(4) whose item array cannot be had, on a list object that the
 * freelist hands back: NULL, and afterwards the MEM heap
 * still hands out distinct blocks of the array's size. */
CTS_CASE(list_new_failure_keeps_heap, .id = "hooks.mem.list_new_failure_keeps_heap",
         .doc = "PyList_New: Return a new list of length len on success, or NULL on failure. "
                "(with a custom PYMEM_DOMAIN_MEM allocator returning NULL: NULL, and the heap "
                "intact afterwards)",
         .source = {.quote = "Return a new list of length len on success, or NULL on failure.",
                    .page = "c-api/list.html#c.PyList_New",
                    .python = "3.15"})
{
    PyObject *warm = PyList_New(4); /* its object goes to the freelist on release */
    CTS_REQUIRE(warm != NULL, "PyList_New(4) failed before any allocator was installed");
    Py_DECREF(warm);
    hook_spy spy;
    hook_spy_install(&spy, PYMEM_DOMAIN_MEM);
    spy.failing = 1;
    PyObject *list = PyList_New(4);
    PyObject *raised = PyErr_Occurred(); /* borrowed: its type, for the message only */
    const char *what = raised ? ((PyTypeObject *)raised)->tp_name : "no exception";
    hook_spy_remove(&spy);
    /* The sentence promises NULL; which exception comes with it is not
     * asserted (MemoryError is CPython's choice). */
    CTS_EXPECT(list == NULL, "PyList_New(4) with PyMem_Malloc failing returned %p (%s)",
               (void *)list, what);
    PyErr_Clear();
    Py_XDECREF(list);
    static void *blocks[BLOCKS];
    size_t size = sizeof(Py_ssize_t) + 4 * sizeof(PyObject *); /* the item array's size */
    int duplicates = 0, first = -1, again = -1;
    for (int i = 0; i < BLOCKS; i++) {
        blocks[i] = PyMem_Malloc(size);
        for (int k = 0; k < i && blocks[i]; k++)
            if (blocks[k] == blocks[i] && duplicates++ == 0)
                first = k, again = i;
    }
    for (int i = 0; i < BLOCKS && !duplicates; i++) /* a corrupt heap is left to the child's exit */
        PyMem_Free(blocks[i]);
    CTS_EXPECT(duplicates == 0,
               "after the failed PyList_New, PyMem_Malloc(%zu) returned the live block %p again "
               "(allocations %d and %d; %d duplicate pairs among %d): a block was freed twice",
               size, first >= 0 ? blocks[first] : NULL, first, again, duplicates, BLOCKS);
}
