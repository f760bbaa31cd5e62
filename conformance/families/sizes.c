/* sizes.c: every size-taking allocation API at the boundaries of its
 * types: the three families' Malloc, Calloc and Realloc, PyMem_New and
 * PyMem_Resize of element types of 1, 3, 8 and 24 bytes, PyObject_New,
 * PyObject_NewVar and their GC forms, at 0, 1, PY_SSIZE_T_MAX / elsize and
 * one either side of it, PY_SSIZE_T_MAX, SIZE_MAX and a calloc product that
 * wraps around size_t. One SIZE_CASES line is one API at one size, and
 * makes two cases: families.sizes.<row> (what the call returned: NULL, or a
 * block of the size asked for) and families.sizes_state.<row>, a variant
 * (the exception state, and the counters back at their baseline). The calls and checks:
 * support/size_request.c, support/size_block.c. */
#include "call_cached.h"
#include "size_request.h"
#include "tracemalloc_support.h"

#define FAMILY_RAW (&cts_families[0])
#define FAMILY_MEM (&cts_families[1])
#define FAMILY_OBJ (&cts_families[2])
#define FAMILY_NONE NULL

/* What each source column names: the rule a row's call is held to and the
 * sentences it rests on, with the versions whose docs hold them
 * (docs/trace/sentences/). A family's %s is its prefix. */
/* A source of the 3.15 docs' page (and older wordings, "[@3.13] ..."). */
#define QUOTED(page_, quote_)                                                                      \
    {                                                                                              \
        .quote = quote_, .page = page_, .python = "3.15"                                           \
    }
#define MET_OR_NULL                                                                                \
    " (a request that cannot be met is NULL; one that is met is a block of the size asked for, "   \
    "its first and last bytes writable)"
#define DOC_MALLOC                                                                                 \
    "Malloc: Allocates n bytes and returns a pointer of type void* to the allocated memory, or "   \
    "NULL if the request fails. (3.11 to 3.15)" MET_OR_NULL
#define SOURCE_MALLOC                                                                              \
    QUOTED("c-api/memory.html#c.%sMalloc",                                                         \
           "Allocates n bytes and returns a pointer of type void* "                                \
           "to the allocated memory, or NULL if the request fails.")
#define DOC_CALLOC                                                                                 \
    "Calloc: Allocates nelem elements each of size elsize bytes and returns a pointer of type "    \
    "void* to the allocated memory, or NULL if the request fails. The memory is initialized to "   \
    "zeros. (3.13 to 3.15; 3.11: 'each whose size in bytes is elsize')" MET_OR_NULL
#define SOURCE_CALLOC                                                                              \
    QUOTED(                                                                                        \
        "c-api/memory.html#c.%sCalloc",                                                            \
        "Allocates nelem elements each of size elsize bytes and returns a pointer of type void* "  \
        "to the allocated memory, or NULL if the request fails. ... The memory is initialized to " \
        "zeros. ... [@3.11] Allocates nelem elements each whose size in bytes is elsize and "      \
        "returns a pointer of type void* to the allocated memory, or NULL if the request fails.")
#define DOC_REALLOC                                                                                \
    "Realloc: Resizes the memory block pointed to by p to n bytes. The contents will be "          \
    "unchanged to the minimum of the old and the new sizes. If the request fails, Realloc() "      \
    "returns NULL and p remains a valid pointer to the previous memory area. (3.11 to "            \
    "3.15)" MET_OR_NULL
#define SOURCE_REALLOC                                                                             \
    QUOTED("c-api/memory.html#c.%sRealloc",                                                        \
           "Resizes the memory block pointed to by p to n bytes. ... The contents will be "        \
           "unchanged to the minimum of the old and the new sizes. ... If the request fails, "     \
           "%sRealloc() returns NULL and p remains a valid pointer to the previous memory area.")
#define DOC_MEM_NEW                                                                                \
    "PyMem_New: Same as PyMem_Malloc(), but allocates (n * sizeof(TYPE)) bytes of memory. "        \
    "(3.11 to 3.15: a product past PY_SSIZE_T_MAX or SIZE_MAX cannot be met)" MET_OR_NULL
#define SOURCE_MEM_NEW                                                                             \
    QUOTED("c-api/memory.html#c.PyMem_New",                                                        \
           "Same as PyMem_Malloc(), but allocates (n * sizeof(TYPE)) bytes of memory. ... "        \
           "[c-api/memory.html#c.PyMem_Malloc] Allocates n bytes and returns a pointer of type "   \
           "void* to the allocated memory, or NULL if the request fails.")
#define DOC_MEM_RESIZE                                                                             \
    "PyMem_Resize: Same as PyMem_Realloc(), but the memory block is resized to (n * "              \
    "sizeof(TYPE)) bytes. On return, p will be a pointer to the new memory area, or NULL in the "  \
    "event of failure. (3.11 to 3.15; the old block stays valid, as PyMem_Realloc's)" MET_OR_NULL
#define SOURCE_MEM_RESIZE                                                                          \
    QUOTED(                                                                                        \
        "c-api/memory.html#c.PyMem_Resize",                                                        \
        "Same as PyMem_Realloc(), but the memory block is resized to (n * sizeof(TYPE)) bytes. "   \
        "... On return, p will be a pointer to the new memory area, or NULL in the event of "      \
        "failure. ... [c-api/memory.html#c.PyMem_Realloc] If the request fails, PyMem_Realloc() "  \
        "returns NULL and p remains a valid pointer to the previous memory area.")
#define DOC_OBJECT_NEW                                                                             \
    "PyObject_New: The size of the memory allocation is determined from the tp_basicsize field "   \
    "of the type object. (3.11, 3.13; 3.14 and 3.15: 'by calling PyObject_Malloc() to allocate "   \
    "memory')" MET_OR_NULL
#define OBJECT_NEW_QUOTE                                                                           \
    "[c-api/allocation.html#c.PyObject_New@3.13] The size of the memory allocation is "            \
    "determined from the tp_basicsize field of the type object. ... "                              \
    "[c-api/allocation.html#c.PyObject_New] Allocates a new Python object using the C structure "  \
    "type TYPE and the Python type object typeobj (PyTypeObject*) by calling PyObject_Malloc() "   \
    "to allocate memory and initializing it like PyObject_Init()."
#define SOURCE_OBJECT_NEW QUOTED("c-api/allocation.html#c.PyObject_New", OBJECT_NEW_QUOTE)
#define DOC_GC_NEW                                                                                 \
    "PyObject_GC_New: Analogous to PyObject_New but for container objects. " DOC_OBJECT_NEW
#define SOURCE_GC_NEW                                                                              \
    QUOTED("c-api/gcsupport.html#c.PyObject_GC_New",                                               \
           "Analogous to PyObject_New but for container objects with the Py_TPFLAGS_HAVE_GC flag " \
           "set. ... " OBJECT_NEW_QUOTE)
#define DOC_NEWVAR                                                                                 \
    "PyObject_NewVar: It allocates enough memory for the TYPE structure plus size (Py_ssize_t) "   \
    "fields of the size given by the tp_itemsize field of typeobj. (3.14, 3.15; 3.11 and 3.13: "   \
    "'The allocated memory allows for ...')" MET_OR_NULL
#define NEWVAR_QUOTE                                                                               \
    "[c-api/allocation.html#c.PyObject_NewVar] It allocates enough memory for the TYPE structure " \
    "plus size (Py_ssize_t) fields of the size given by the tp_itemsize field of typeobj. ... "    \
    "[c-api/allocation.html#c.PyObject_NewVar@3.13] The allocated memory allows for the TYPE "     \
    "structure plus size (Py_ssize_t) fields of the size given by the tp_itemsize field of "       \
    "typeobj."
#define SOURCE_NEWVAR QUOTED("c-api/allocation.html#c.PyObject_NewVar", NEWVAR_QUOTE)
#define DOC_GC_NEWVAR                                                                              \
    "PyObject_GC_NewVar: Analogous to PyObject_NewVar but for container objects. " DOC_NEWVAR
#define SOURCE_GC_NEWVAR                                                                           \
    QUOTED("c-api/gcsupport.html#c.PyObject_GC_NewVar",                                            \
           "Analogous to PyObject_NewVar but for container objects with the Py_TPFLAGS_HAVE_GC "   \
           "flag set. ... " NEWVAR_QUOTE)
#define DOC_NEGATIVE                                                                               \
    "a negative size (SIZE_MAX as a Py_ssize_t: -1) cannot be met: NULL, never a block"
#define SOURCE_NEGATIVE                                                                            \
    {                                                                                              \
        .impl = "Objects/object.c (_PyObject_New, _PyObject_NewVar), Modules/gcmodule.c and "      \
                "Python/gc.c (_PyObject_GC_New, _PyObject_GC_NewVar)",                             \
        .note = "no version's docs say what a negative tp_basicsize or size does; that no block "  \
                "comes back for one is the reference rule"                                         \
    }

#define STATE_DOC                                                                                  \
    "after the call and the free of what it returned, sys.getallocatedblocks() and tracemalloc's " \
    "traced memory are where they were, and while the block lived the traced memory held its "     \
    "size; a failed call sets no exception (the three families, PyMem_New, PyMem_Resize) or "      \
    "MemoryError (PyObject_New, PyObject_NewVar and their GC forms; any exception for a "          \
    "negative size)"
#define STATE_SOURCE                                                                               \
    {                                                                                              \
        .impl = "Objects/obmalloc.c, Objects/object.c, Modules/gcmodule.c and Python/gc.c, "       \
                "Python/tracemalloc.c",                                                            \
        .note = "no version's docs say which exception a failed allocation sets, or that the "     \
                "counters are unchanged by one: CPython's behaviour, the reference rule"           \
    }

static void size_outcome(cts_ctx *cts);
static void size_state(cts_ctx *cts);

#define SIZE_CASES(name, api, fam, elsize, point, src)                                             \
    static const size_row name##_row = {api, FAMILY_##fam, elsize, point};                         \
    CTS_REGISTER_(name, #name, .id = "families.sizes." #name, .run = size_outcome,                 \
                  .param = &name##_row, .family = FAMILY_##fam, .doc = DOC_##src,                  \
                  .source = SOURCE_##src)                                                          \
    CTS_REGISTER_(name##_state, #name, .id = "families.sizes_state." #name, .variant_of = "sizes", \
                  .run = size_state, .param = &name##_row, .family = FAMILY_##fam,                 \
                  .doc = STATE_DOC, .source = STATE_SOURCE, .needs = CTS_NEED_TRACEMALLOC)

/* One row a line: name, API, family (or NONE), elsize, point, source. */
SIZE_CASES(raw_malloc_0, SIZE_MALLOC, RAW, 1, AT_ZERO, MALLOC)
SIZE_CASES(raw_malloc_1, SIZE_MALLOC, RAW, 1, AT_ONE, MALLOC)
SIZE_CASES(raw_malloc_below_limit, SIZE_MALLOC, RAW, 1, BELOW_LIMIT, MALLOC)
SIZE_CASES(raw_malloc_ssize_max, SIZE_MALLOC, RAW, 1, AT_LIMIT, MALLOC)
SIZE_CASES(raw_malloc_above_limit, SIZE_MALLOC, RAW, 1, ABOVE_LIMIT, MALLOC)
SIZE_CASES(raw_malloc_size_max, SIZE_MALLOC, RAW, 1, AT_SIZE_MAX, MALLOC)
SIZE_CASES(mem_malloc_0, SIZE_MALLOC, MEM, 1, AT_ZERO, MALLOC)
SIZE_CASES(mem_malloc_1, SIZE_MALLOC, MEM, 1, AT_ONE, MALLOC)
SIZE_CASES(mem_malloc_below_limit, SIZE_MALLOC, MEM, 1, BELOW_LIMIT, MALLOC)
SIZE_CASES(mem_malloc_ssize_max, SIZE_MALLOC, MEM, 1, AT_LIMIT, MALLOC)
SIZE_CASES(mem_malloc_above_limit, SIZE_MALLOC, MEM, 1, ABOVE_LIMIT, MALLOC)
SIZE_CASES(mem_malloc_size_max, SIZE_MALLOC, MEM, 1, AT_SIZE_MAX, MALLOC)
SIZE_CASES(obj_malloc_0, SIZE_MALLOC, OBJ, 1, AT_ZERO, MALLOC)
SIZE_CASES(obj_malloc_1, SIZE_MALLOC, OBJ, 1, AT_ONE, MALLOC)
SIZE_CASES(obj_malloc_below_limit, SIZE_MALLOC, OBJ, 1, BELOW_LIMIT, MALLOC)
SIZE_CASES(obj_malloc_ssize_max, SIZE_MALLOC, OBJ, 1, AT_LIMIT, MALLOC)
SIZE_CASES(obj_malloc_above_limit, SIZE_MALLOC, OBJ, 1, ABOVE_LIMIT, MALLOC)
SIZE_CASES(obj_malloc_size_max, SIZE_MALLOC, OBJ, 1, AT_SIZE_MAX, MALLOC)
SIZE_CASES(raw_calloc_0x8, SIZE_CALLOC, RAW, 8, AT_ZERO, CALLOC)
SIZE_CASES(raw_calloc_1x8, SIZE_CALLOC, RAW, 8, AT_ONE, CALLOC)
SIZE_CASES(raw_calloc_below_limit_x8, SIZE_CALLOC, RAW, 8, BELOW_LIMIT, CALLOC)
SIZE_CASES(raw_calloc_at_limit_x8, SIZE_CALLOC, RAW, 8, AT_LIMIT, CALLOC)
SIZE_CASES(raw_calloc_above_limit_x8, SIZE_CALLOC, RAW, 8, ABOVE_LIMIT, CALLOC)
SIZE_CASES(raw_calloc_ssize_max_x8, SIZE_CALLOC, RAW, 8, AT_SSIZE_MAX, CALLOC)
SIZE_CASES(raw_calloc_size_max_x8, SIZE_CALLOC, RAW, 8, AT_SIZE_MAX, CALLOC)
SIZE_CASES(raw_calloc_wrapping_x8, SIZE_CALLOC, RAW, 8, WRAPPING, CALLOC)
SIZE_CASES(raw_calloc_ssize_max_x1, SIZE_CALLOC, RAW, 1, AT_SSIZE_MAX, CALLOC)
SIZE_CASES(raw_calloc_size_max_x1, SIZE_CALLOC, RAW, 1, AT_SIZE_MAX, CALLOC)
SIZE_CASES(mem_calloc_0x8, SIZE_CALLOC, MEM, 8, AT_ZERO, CALLOC)
SIZE_CASES(mem_calloc_1x8, SIZE_CALLOC, MEM, 8, AT_ONE, CALLOC)
SIZE_CASES(mem_calloc_below_limit_x8, SIZE_CALLOC, MEM, 8, BELOW_LIMIT, CALLOC)
SIZE_CASES(mem_calloc_at_limit_x8, SIZE_CALLOC, MEM, 8, AT_LIMIT, CALLOC)
SIZE_CASES(mem_calloc_above_limit_x8, SIZE_CALLOC, MEM, 8, ABOVE_LIMIT, CALLOC)
SIZE_CASES(mem_calloc_ssize_max_x8, SIZE_CALLOC, MEM, 8, AT_SSIZE_MAX, CALLOC)
SIZE_CASES(mem_calloc_size_max_x8, SIZE_CALLOC, MEM, 8, AT_SIZE_MAX, CALLOC)
SIZE_CASES(mem_calloc_wrapping_x8, SIZE_CALLOC, MEM, 8, WRAPPING, CALLOC)
SIZE_CASES(mem_calloc_ssize_max_x1, SIZE_CALLOC, MEM, 1, AT_SSIZE_MAX, CALLOC)
SIZE_CASES(mem_calloc_size_max_x1, SIZE_CALLOC, MEM, 1, AT_SIZE_MAX, CALLOC)
SIZE_CASES(obj_calloc_0x8, SIZE_CALLOC, OBJ, 8, AT_ZERO, CALLOC)
SIZE_CASES(obj_calloc_1x8, SIZE_CALLOC, OBJ, 8, AT_ONE, CALLOC)
SIZE_CASES(obj_calloc_below_limit_x8, SIZE_CALLOC, OBJ, 8, BELOW_LIMIT, CALLOC)
SIZE_CASES(obj_calloc_at_limit_x8, SIZE_CALLOC, OBJ, 8, AT_LIMIT, CALLOC)
SIZE_CASES(obj_calloc_above_limit_x8, SIZE_CALLOC, OBJ, 8, ABOVE_LIMIT, CALLOC)
SIZE_CASES(obj_calloc_ssize_max_x8, SIZE_CALLOC, OBJ, 8, AT_SSIZE_MAX, CALLOC)
SIZE_CASES(obj_calloc_size_max_x8, SIZE_CALLOC, OBJ, 8, AT_SIZE_MAX, CALLOC)
SIZE_CASES(obj_calloc_wrapping_x8, SIZE_CALLOC, OBJ, 8, WRAPPING, CALLOC)
SIZE_CASES(obj_calloc_ssize_max_x1, SIZE_CALLOC, OBJ, 1, AT_SSIZE_MAX, CALLOC)
SIZE_CASES(obj_calloc_size_max_x1, SIZE_CALLOC, OBJ, 1, AT_SIZE_MAX, CALLOC)
SIZE_CASES(raw_realloc_0, SIZE_REALLOC, RAW, 1, AT_ZERO, REALLOC)
SIZE_CASES(raw_realloc_1, SIZE_REALLOC, RAW, 1, AT_ONE, REALLOC)
SIZE_CASES(raw_realloc_below_limit, SIZE_REALLOC, RAW, 1, BELOW_LIMIT, REALLOC)
SIZE_CASES(raw_realloc_ssize_max, SIZE_REALLOC, RAW, 1, AT_LIMIT, REALLOC)
SIZE_CASES(raw_realloc_above_limit, SIZE_REALLOC, RAW, 1, ABOVE_LIMIT, REALLOC)
SIZE_CASES(raw_realloc_size_max, SIZE_REALLOC, RAW, 1, AT_SIZE_MAX, REALLOC)
SIZE_CASES(mem_realloc_0, SIZE_REALLOC, MEM, 1, AT_ZERO, REALLOC)
SIZE_CASES(mem_realloc_1, SIZE_REALLOC, MEM, 1, AT_ONE, REALLOC)
SIZE_CASES(mem_realloc_below_limit, SIZE_REALLOC, MEM, 1, BELOW_LIMIT, REALLOC)
SIZE_CASES(mem_realloc_ssize_max, SIZE_REALLOC, MEM, 1, AT_LIMIT, REALLOC)
SIZE_CASES(mem_realloc_above_limit, SIZE_REALLOC, MEM, 1, ABOVE_LIMIT, REALLOC)
SIZE_CASES(mem_realloc_size_max, SIZE_REALLOC, MEM, 1, AT_SIZE_MAX, REALLOC)
SIZE_CASES(obj_realloc_0, SIZE_REALLOC, OBJ, 1, AT_ZERO, REALLOC)
SIZE_CASES(obj_realloc_1, SIZE_REALLOC, OBJ, 1, AT_ONE, REALLOC)
SIZE_CASES(obj_realloc_below_limit, SIZE_REALLOC, OBJ, 1, BELOW_LIMIT, REALLOC)
SIZE_CASES(obj_realloc_ssize_max, SIZE_REALLOC, OBJ, 1, AT_LIMIT, REALLOC)
SIZE_CASES(obj_realloc_above_limit, SIZE_REALLOC, OBJ, 1, ABOVE_LIMIT, REALLOC)
SIZE_CASES(obj_realloc_size_max, SIZE_REALLOC, OBJ, 1, AT_SIZE_MAX, REALLOC)
SIZE_CASES(pymem_new_char_0, SIZE_MEM_NEW, NONE, 1, AT_ZERO, MEM_NEW)
SIZE_CASES(pymem_new_char_1, SIZE_MEM_NEW, NONE, 1, AT_ONE, MEM_NEW)
SIZE_CASES(pymem_new_char_ssize_max, SIZE_MEM_NEW, NONE, 1, AT_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_char_above_limit, SIZE_MEM_NEW, NONE, 1, ABOVE_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_char_size_max, SIZE_MEM_NEW, NONE, 1, AT_SIZE_MAX, MEM_NEW)
SIZE_CASES(pymem_new_x3_1, SIZE_MEM_NEW, NONE, 3, AT_ONE, MEM_NEW)
SIZE_CASES(pymem_new_x3_below_limit, SIZE_MEM_NEW, NONE, 3, BELOW_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_x3_at_limit, SIZE_MEM_NEW, NONE, 3, AT_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_x3_above_limit, SIZE_MEM_NEW, NONE, 3, ABOVE_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_x3_ssize_max, SIZE_MEM_NEW, NONE, 3, AT_SSIZE_MAX, MEM_NEW)
SIZE_CASES(pymem_new_double_0, SIZE_MEM_NEW, NONE, 8, AT_ZERO, MEM_NEW)
SIZE_CASES(pymem_new_double_1, SIZE_MEM_NEW, NONE, 8, AT_ONE, MEM_NEW)
SIZE_CASES(pymem_new_double_below_limit, SIZE_MEM_NEW, NONE, 8, BELOW_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_double_at_limit, SIZE_MEM_NEW, NONE, 8, AT_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_double_above_limit, SIZE_MEM_NEW, NONE, 8, ABOVE_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_double_ssize_max, SIZE_MEM_NEW, NONE, 8, AT_SSIZE_MAX, MEM_NEW)
SIZE_CASES(pymem_new_double_size_max, SIZE_MEM_NEW, NONE, 8, AT_SIZE_MAX, MEM_NEW)
SIZE_CASES(pymem_new_double_wrapping, SIZE_MEM_NEW, NONE, 8, WRAPPING, MEM_NEW)
SIZE_CASES(pymem_new_x24_1, SIZE_MEM_NEW, NONE, 24, AT_ONE, MEM_NEW)
SIZE_CASES(pymem_new_x24_at_limit, SIZE_MEM_NEW, NONE, 24, AT_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_x24_above_limit, SIZE_MEM_NEW, NONE, 24, ABOVE_LIMIT, MEM_NEW)
SIZE_CASES(pymem_new_x24_ssize_max, SIZE_MEM_NEW, NONE, 24, AT_SSIZE_MAX, MEM_NEW)
SIZE_CASES(pymem_new_x24_wrapping, SIZE_MEM_NEW, NONE, 24, WRAPPING, MEM_NEW)
SIZE_CASES(pymem_resize_char_0, SIZE_MEM_RESIZE, NONE, 1, AT_ZERO, MEM_RESIZE)
SIZE_CASES(pymem_resize_char_1, SIZE_MEM_RESIZE, NONE, 1, AT_ONE, MEM_RESIZE)
SIZE_CASES(pymem_resize_char_ssize_max, SIZE_MEM_RESIZE, NONE, 1, AT_LIMIT, MEM_RESIZE)
SIZE_CASES(pymem_resize_char_above_limit, SIZE_MEM_RESIZE, NONE, 1, ABOVE_LIMIT, MEM_RESIZE)
SIZE_CASES(pymem_resize_char_size_max, SIZE_MEM_RESIZE, NONE, 1, AT_SIZE_MAX, MEM_RESIZE)
SIZE_CASES(pymem_resize_x3_1, SIZE_MEM_RESIZE, NONE, 3, AT_ONE, MEM_RESIZE)
SIZE_CASES(pymem_resize_x3_at_limit, SIZE_MEM_RESIZE, NONE, 3, AT_LIMIT, MEM_RESIZE)
SIZE_CASES(pymem_resize_x3_above_limit, SIZE_MEM_RESIZE, NONE, 3, ABOVE_LIMIT, MEM_RESIZE)
SIZE_CASES(pymem_resize_double_0, SIZE_MEM_RESIZE, NONE, 8, AT_ZERO, MEM_RESIZE)
SIZE_CASES(pymem_resize_double_1, SIZE_MEM_RESIZE, NONE, 8, AT_ONE, MEM_RESIZE)
SIZE_CASES(pymem_resize_double_below_limit, SIZE_MEM_RESIZE, NONE, 8, BELOW_LIMIT, MEM_RESIZE)
SIZE_CASES(pymem_resize_double_at_limit, SIZE_MEM_RESIZE, NONE, 8, AT_LIMIT, MEM_RESIZE)
SIZE_CASES(pymem_resize_double_above_limit, SIZE_MEM_RESIZE, NONE, 8, ABOVE_LIMIT, MEM_RESIZE)
SIZE_CASES(pymem_resize_double_ssize_max, SIZE_MEM_RESIZE, NONE, 8, AT_SSIZE_MAX, MEM_RESIZE)
SIZE_CASES(pymem_resize_double_size_max, SIZE_MEM_RESIZE, NONE, 8, AT_SIZE_MAX, MEM_RESIZE)
SIZE_CASES(pymem_resize_double_wrapping, SIZE_MEM_RESIZE, NONE, 8, WRAPPING, MEM_RESIZE)
SIZE_CASES(pymem_resize_x24_1, SIZE_MEM_RESIZE, NONE, 24, AT_ONE, MEM_RESIZE)
SIZE_CASES(pymem_resize_x24_at_limit, SIZE_MEM_RESIZE, NONE, 24, AT_LIMIT, MEM_RESIZE)
SIZE_CASES(pymem_resize_x24_above_limit, SIZE_MEM_RESIZE, NONE, 24, ABOVE_LIMIT, MEM_RESIZE)
SIZE_CASES(pymem_resize_x24_wrapping, SIZE_MEM_RESIZE, NONE, 24, WRAPPING, MEM_RESIZE)
SIZE_CASES(object_new_header, SIZE_OBJECT_NEW, NONE, 1, AT_HEADER, OBJECT_NEW)
SIZE_CASES(object_new_below_limit, SIZE_OBJECT_NEW, NONE, 1, BELOW_LIMIT, OBJECT_NEW)
SIZE_CASES(object_new_ssize_max, SIZE_OBJECT_NEW, NONE, 1, AT_LIMIT, OBJECT_NEW)
SIZE_CASES(object_new_size_max, SIZE_OBJECT_NEW, NONE, 1, AT_SIZE_MAX, NEGATIVE)
SIZE_CASES(gc_new_header, SIZE_GC_NEW, NONE, 1, AT_HEADER, GC_NEW)
SIZE_CASES(gc_new_below_limit, SIZE_GC_NEW, NONE, 1, BELOW_LIMIT, GC_NEW)
SIZE_CASES(gc_new_ssize_max, SIZE_GC_NEW, NONE, 1, AT_LIMIT, GC_NEW)
SIZE_CASES(gc_new_size_max, SIZE_GC_NEW, NONE, 1, AT_SIZE_MAX, NEGATIVE)
SIZE_CASES(object_newvar_0x8, SIZE_OBJECT_NEWVAR, NONE, 8, AT_ZERO, NEWVAR)
SIZE_CASES(object_newvar_1x8, SIZE_OBJECT_NEWVAR, NONE, 8, AT_ONE, NEWVAR)
SIZE_CASES(object_newvar_below_limit_x8, SIZE_OBJECT_NEWVAR, NONE, 8, BELOW_LIMIT, NEWVAR)
SIZE_CASES(object_newvar_at_limit_x8, SIZE_OBJECT_NEWVAR, NONE, 8, AT_LIMIT, NEWVAR)
SIZE_CASES(object_newvar_above_limit_x8, SIZE_OBJECT_NEWVAR, NONE, 8, ABOVE_LIMIT, NEWVAR)
SIZE_CASES(object_newvar_ssize_max_x8, SIZE_OBJECT_NEWVAR, NONE, 8, AT_SSIZE_MAX, NEWVAR)
SIZE_CASES(object_newvar_ssize_max_x24, SIZE_OBJECT_NEWVAR, NONE, 24, AT_SSIZE_MAX, NEWVAR)
SIZE_CASES(object_newvar_size_max_x8, SIZE_OBJECT_NEWVAR, NONE, 8, AT_SIZE_MAX, NEGATIVE)
SIZE_CASES(gc_newvar_0x8, SIZE_GC_NEWVAR, NONE, 8, AT_ZERO, GC_NEWVAR)
SIZE_CASES(gc_newvar_1x8, SIZE_GC_NEWVAR, NONE, 8, AT_ONE, GC_NEWVAR)
SIZE_CASES(gc_newvar_below_limit_x8, SIZE_GC_NEWVAR, NONE, 8, BELOW_LIMIT, GC_NEWVAR)
SIZE_CASES(gc_newvar_at_limit_x8, SIZE_GC_NEWVAR, NONE, 8, AT_LIMIT, GC_NEWVAR)
SIZE_CASES(gc_newvar_above_limit_x8, SIZE_GC_NEWVAR, NONE, 8, ABOVE_LIMIT, GC_NEWVAR)
SIZE_CASES(gc_newvar_ssize_max_x8, SIZE_GC_NEWVAR, NONE, 8, AT_SSIZE_MAX, GC_NEWVAR)
SIZE_CASES(gc_newvar_ssize_max_x24, SIZE_GC_NEWVAR, NONE, 24, AT_SSIZE_MAX, GC_NEWVAR)
SIZE_CASES(gc_newvar_size_max_x8, SIZE_GC_NEWVAR, NONE, 8, AT_SIZE_MAX, NEGATIVE)

enum { SURELY_MET = 1 << 16 }; /* a request of this many bytes or fewer must be met */

static void size_outcome(cts_ctx *cts)
{
    const size_row *row = cts_param(cts);
    size_need need = size_row_need(row);
    size_result out;
    size_request_make(row, &need, &out);
    CTS_EXPECT(!size_request_wrapped(row, &need, &out),
               "%s asked the allocator for %zu bytes, fewer than the request needs (%s): a block "
               "too small for what it was asked, refused here",
               need.what, out.short_size, need.impossible ? "more than any block holds" : "more");
    if (out.block) {
        const char *error = size_block_error(row, &need, &out);
        CTS_EXPECT(!error, "%s: %s", need.what, error);
    } else {
        const char *error = size_old_block_error(row, &out);
        CTS_EXPECT(need.impossible || need.bytes > SURELY_MET, "%s returned NULL for %zu bytes",
                   need.what, need.bytes);
        CTS_EXPECT(!error, "%s failed: %s", need.what, error);
    }
    size_request_release(row, &out);
}

/* The counters a failed or undone request must leave where they were. */
typedef struct counters {
    Py_ssize_t blocks;
    long long traced;
} counters;

static int read_counters(counters *c)
{
    c->blocks = allocated_blocks();
    c->traced = tm_traced();
    return c->blocks >= 0 && c->traced >= 0;
}

/* Bytes the traced memory grew by from before the row's setup to after its
 * call: the block asked for if it lives, and the old block a resize
 * started from (replaced by the new one if it lives). */
static long long traced_growth(const size_row *row, const size_need *need, int alive)
{
    int resize = row->api == SIZE_REALLOC || row->api == SIZE_MEM_RESIZE;
    if (alive)
        return (long long)need->bytes;
    return resize ? SIZE_OLD_BYTES : 0;
}

static void expect_exception(cts_ctx *cts, const size_row *row, const size_need *need,
                             const size_result *out)
{
    int objects = row->api >= SIZE_OBJECT_NEW;
    int negative = objects && (Py_ssize_t)need->count < 0;
    if (out->block)
        CTS_EXPECT(out->exception == 0, "%s succeeded with an exception set", need->what);
    else if (!objects)
        CTS_EXPECT(out->exception == 0, "%s failed with an exception set", need->what);
    else
        CTS_EXPECT(out->exception == 1 || (negative && out->exception), "%s failed with %s set",
                   need->what,
                   out->exception ? "another exception than MemoryError" : "no exception");
}

static void size_state(cts_ctx *cts)
{
    const size_row *row = cts_param(cts);
    size_need need = size_row_need(row);
    counters warm = {0}, a = {0}, b = {0}, during = {0}, after = {0};
    CTS_REQUIRE(size_request_prepare(row) == 0, "PyType_Ready() of the row's type failed");
    CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    CTS_REQUIRE(read_counters(&warm) && read_counters(&a) && read_counters(&b),
                "sys.getallocatedblocks() or tracemalloc.get_traced_memory() failed");
    (void)warm; /* the first read fills caches the others then find */
    size_result out;
    size_request_make(row, &need, &out);
    int alive = out.block != NULL && !need.impossible;
    expect_exception(cts, row, &need, &out);
    int read = read_counters(&during);
    size_request_release(row, &out);
    CTS_REQUIRE(read && read_counters(&after), "reading the counters failed after %s", need.what);
    long long noise = b.traced - a.traced;
    long long grown = during.traced - b.traced - noise;
    if (row->api < SIZE_OBJECT_NEW)
        CTS_EXPECT(grown == traced_growth(row, &need, alive),
                   "%s moved the traced memory by %lld bytes while its block lived, expected %lld",
                   need.what, grown, traced_growth(row, &need, alive));
    CTS_EXPECT(after.traced - b.traced == b.traced - a.traced,
               "%s and its free moved the traced memory from %lld to %lld", need.what, b.traced,
               after.traced);
    CTS_EXPECT(after.blocks - b.blocks == b.blocks - a.blocks,
               "%s and its free moved sys.getallocatedblocks() from %zd to %zd", need.what,
               b.blocks, after.blocks);
}
