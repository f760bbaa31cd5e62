/* size_block.c: see size_request.h: whether what a row's call returned is
 * a block of the size asked for, told without touching memory that is not
 * there (a page is asked of mincore() before a byte of it is read), and
 * whether a failed Realloc/PyMem_Resize kept the old block. */
#include "size_request.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { ZERO_CHECKED = 4096 }; /* calloc: the bytes read at each end */

static int mapped(uintptr_t address)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    unsigned char vec;
    return mincore((void *)(address & ~(page - 1)), 1, &vec) == 0;
}

/* The header an object row must leave alone. */
static size_t header_bytes(const size_row *row)
{
    if (row->api == SIZE_OBJECT_NEWVAR || row->api == SIZE_GC_NEWVAR)
        return sizeof(PyVarObject);
    return row->api >= SIZE_OBJECT_NEW ? sizeof(PyObject) : 0;
}

static const char *zeros_error(const unsigned char *p, size_t usable)
{
    size_t ends = usable < ZERO_CHECKED ? usable : ZERO_CHECKED;
    for (size_t i = 0; i < ends; i++)
        if (p[i] != 0 || p[usable - 1 - i] != 0)
            return "calloc's block is not zeroed";
    return NULL;
}

static const char *prefix_error(const unsigned char *p, size_t usable)
{
    for (size_t i = 0; i < SIZE_OLD_BYTES && i < usable; i++)
        if (p[i] != (unsigned char)(i * 7 + 1))
            return "the block lost the old block's bytes";
    return NULL;
}

static const char *object_error(const size_row *row, const size_need *need, PyObject *o)
{
    if (Py_REFCNT(o) < 1)
        return "the object's reference count is not 1";
    if (strcmp(Py_TYPE(o)->tp_name, "pymem_cts.sized") != 0 &&
        strcmp(Py_TYPE(o)->tp_name, "pymem_cts.sized_gc") != 0)
        return "the object's type is not the one asked for";
    if (header_bytes(row) == sizeof(PyVarObject) && Py_SIZE(o) != (Py_ssize_t)need->count)
        return "the object's ob_size is not the count asked for";
    return NULL;
}

/* Writes the first and last byte past the header and reads them back. */
static const char *write_error(unsigned char *p, size_t header, size_t usable)
{
    if (usable <= header)
        return NULL; /* nothing past the header (or a zero-size block) */
    size_t last = usable - 1;
    p[header] = 0x5A;
    p[last] = 0xA5;
    if ((last != header && p[header] != 0x5A) || p[last] != 0xA5)
        return "the block's first and last bytes do not keep what was written";
    return NULL;
}

const char *size_block_error(const size_row *row, const size_need *need, const size_result *out)
{
    static char message[256];
    unsigned char *p = out->block;
    size_t usable = need->bytes; /* a zero-size block: its pointer, no byte to touch */
    uintptr_t last;
    if (need->impossible) {
        snprintf(message, sizeof message, "a block came back for %s, which no block can hold",
                 need->what);
        return message;
    }
    if (__builtin_add_overflow((uintptr_t)p, usable ? usable - 1 : 0, &last) ||
        !mapped((uintptr_t)p) || !mapped(last)) {
        snprintf(message, sizeof message, "%s returned %p, whose %zu bytes are not all mapped",
                 need->what, (void *)p, usable);
        return message;
    }
    const char *error = NULL;
    if (row->api == SIZE_CALLOC)
        error = zeros_error(p, usable);
    if (!error && (row->api == SIZE_REALLOC || row->api == SIZE_MEM_RESIZE))
        error = prefix_error(p, need->bytes); /* the old bytes a new size of 0 keeps: none */
    if (!error && row->api >= SIZE_OBJECT_NEW)
        error = object_error(row, need, (PyObject *)p);
    if (!error)
        error = write_error(p, header_bytes(row), usable);
    return error;
}

const char *size_old_block_error(const size_row *row, const size_result *out)
{
    if (row->api != SIZE_REALLOC && row->api != SIZE_MEM_RESIZE)
        return NULL;
    if (!out->old)
        return "the old block is gone";
    return prefix_error(out->old, SIZE_OLD_BYTES);
}
