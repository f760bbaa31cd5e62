/* families.c: the three allocator families as a table, so that one case
 * body can assert a rule of PyMem_Raw*, PyMem_* and PyObject_* alike. */
#include "compat.h"

#include "case.h"

const cts_family cts_families[3] = {
    {"raw", "PyMem_Raw", PYMEM_DOMAIN_RAW, PyMem_RawMalloc, PyMem_RawCalloc, PyMem_RawRealloc,
     PyMem_RawFree},
    {"mem", "PyMem_", PYMEM_DOMAIN_MEM, PyMem_Malloc, PyMem_Calloc, PyMem_Realloc, PyMem_Free},
    {"obj", "PyObject_", PYMEM_DOMAIN_OBJ, PyObject_Malloc, PyObject_Calloc, PyObject_Realloc,
     PyObject_Free},
};
