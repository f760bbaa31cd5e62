/* size_request.h: one row of the size tables (families/sizes.c): a
 * size-taking allocation API called with a count at a boundary of its type,
 * under a guard that refuses a request for fewer bytes than the row needs
 * (so that an API whose size arithmetic wraps gets NULL, not a block too
 * small to hold what it was asked for), and what came back. */
#ifndef CTS_SIZE_REQUEST_H
#define CTS_SIZE_REQUEST_H

#include "cts.h"

typedef enum {
    SIZE_MALLOC,  /* the family's Malloc(count) */
    SIZE_CALLOC,  /* the family's Calloc(count, elsize) */
    SIZE_REALLOC, /* the family's Realloc(a block of SIZE_OLD_BYTES, count) */
    SIZE_MEM_NEW, /* PyMem_New(TYPE, count), sizeof(TYPE) == elsize */
    SIZE_MEM_RESIZE,
    SIZE_OBJECT_NEW,    /* PyObject_New of a type whose tp_basicsize is count */
    SIZE_OBJECT_NEWVAR, /* PyObject_NewVar(..., count) of a tp_itemsize of elsize */
    SIZE_GC_NEW,
    SIZE_GC_NEWVAR,
} size_api;

/* Where the count stands: 0, 1, PY_SSIZE_T_MAX / elsize and one either side
 * of it, PY_SSIZE_T_MAX, SIZE_MAX (-1 for a Py_ssize_t count), a calloc
 * count whose product with elsize wraps around size_t, and an object's
 * header alone (a tp_basicsize of sizeof(PyObject)). */
typedef enum {
    AT_ZERO,
    AT_ONE,
    BELOW_LIMIT,
    AT_LIMIT,
    ABOVE_LIMIT,
    AT_SSIZE_MAX,
    AT_SIZE_MAX,
    WRAPPING,
    AT_HEADER,
} size_point;

typedef struct size_row {
    size_api api;
    const cts_family *family; /* the three families' rows; else NULL */
    size_t elsize;
    size_point point;
} size_row;

enum { SIZE_OLD_BYTES = 16 }; /* the block Realloc and PyMem_Resize start from */

/* What a row asks for: count, and the bytes it needs (elsize * count, the
 * header's for objects); impossible when that overflows, is negative or
 * is over PY_SSIZE_T_MAX, which no block can be. */
typedef struct size_need {
    size_t count;
    size_t bytes;
    int impossible;
    const char *what; /* "PyMem_Calloc(PY_SSIZE_T_MAX / 8 + 1, 8)", for messages */
} size_need;

/* What the call gave. */
typedef struct size_result {
    void *block;   /* the pointer or object returned; NULL on failure */
    void *old;     /* Realloc/PyMem_Resize: the block it started from */
    int exception; /* 0: none set; 1: MemoryError; 2: another */
    int short_request;
    size_t short_size; /* the bytes the allocator was asked for, if fewer */
} size_result;

/* The count at point for elements of elsize bytes, and its C spelling
 * ("PY_SSIZE_T_MAX / 8 + 1"; static, overwritten by the next call). */
size_t size_count(size_point point, size_t elsize);
const char *size_count_text(size_point point, size_t elsize);

size_need size_row_need(const size_row *row);

/* What a row needs before its counters are read: an object row's type,
 * readied (which allocates); 0 on success. */
int size_request_prepare(const size_row *row);

/* Calls the row's API once (its setup before: the old block, the type). */
void size_request_make(const size_row *row, const size_need *need, size_result *out);

/* NULL when out->block is a block of need->bytes whose first and last
 * bytes can be written and read back, zeroed for calloc, with the old
 * block's bytes kept for realloc, the type and size set for an object (a
 * zero-size block: its pointer, mapped); else what is wrong. */
const char *size_block_error(const size_row *row, const size_need *need, const size_result *out);

/* NULL when the old block of Realloc/PyMem_Resize kept its bytes. */
const char *size_old_block_error(const size_row *row, const size_result *out);

/* Whether the allocator was asked for fewer bytes than the row needs by the
 * API itself: every short request of a family's or PyMem_New/Resize's call
 * is; an object API's only when it is the object's size wrapped around
 * size_t (plus the GC header), since a call that refuses its size raises an
 * exception whose own allocation comes first. */
int size_request_wrapped(const size_row *row, const size_need *need, const size_result *out);

/* Frees what the call and its setup left. */
void size_request_release(const size_row *row, size_result *out);

#endif
